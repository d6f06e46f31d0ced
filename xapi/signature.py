"""Signed statements (xAPI 1.0.3 Data 2.6): check a JWS signature attachment, and make one.

What the LRS MUST do (2.6.s5), and nothing more:

    * The LRS MUST reject requests to store Statements that contain malformed signatures, with 400 Bad Request.
    * In order to verify signatures are well formed, the LRS MUST do the following:
        * Decode the JWS signature, and load the signed serialization of the Statement from the JWS signature payload.
        * Validate that the original Statement is logically equivalent to the received Statement.
        * If the JWS header includes an X.509 certificate, validate the signature against that certificate as
          defined in JWS.
        * Validate that the signature requirements outlined above have been met.

    Note: The step of validating against the included X.509 certificate is intended as a way to catch mistakes in
    the signature, not as a security measure.

So a JWS without ``x5c`` is decoded and compared but its signature cannot be checked, and is accepted (the ADL
conformance suite posts exactly that, header ``{"alg": "RS256"}``, and expects 200). With ``x5c`` the signature
must verify with the first certificate's public key; the chain, validity dates and trust are not checked (the
spec's own Appendix D certificate expired in 2014). Trust is the consumer's business: "Clients MUST NOT assume a
signature is valid simply because an LRS has accepted it" (2.6.s6.b2).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import Certificate, load_der_x509_certificate

from xapi.equivalence import statements_equivalent

__all__ = [
    "SIGNATURE_CONTENT_TYPE",
    "SIGNATURE_USAGE_TYPE",
    "SignatureError",
    "find_signature_attachment",
    "sign_statement",
    "signature_attachment",
    "verify_signed_statement",
]

SIGNATURE_USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature"
SIGNATURE_CONTENT_TYPE = "application/octet-stream"
# "The JWS signature MUST use an algorithm of "RS256","RS384", or "RS512"." (2.6.s4.b4)
_ALGORITHMS: dict[str, type[hashes.HashAlgorithm]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


class SignatureError(Exception):
    """A malformed or mismatched signature: the view answers 400 with `message`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def find_signature_attachment(statement: dict) -> dict | None:
    """The statement's first Attachment whose usageType is the signature one, or None."""
    attachments = statement.get("attachments")
    if not isinstance(attachments, list):
        return None
    for attachment in attachments:
        if isinstance(attachment, dict) and attachment.get("usageType") == SIGNATURE_USAGE_TYPE:
            return attachment
    return None


def verify_signed_statement(statement: dict, jws: bytes | str) -> None:
    """Raise SignatureError unless `jws` (the signature attachment's raw data) is a well-formed signature of
    `statement` as required by xAPI 2.6. Returns None when it is."""
    _check_attachment_object(statement)
    header_b64, payload_b64, signature_b64 = _split_compact(jws)
    header = _json_object(_b64decode(header_b64, "header"), "the JWS header")
    algorithm = header.get("alg")
    if algorithm not in _ALGORITHMS:
        raise SignatureError(f"JWS algorithm {algorithm!r} is not allowed; xAPI requires RS256, RS384 or RS512.")
    if "crit" in header:
        raise SignatureError("JWS header parameter 'crit' is not supported.")
    signature = _b64decode(signature_b64, "signature")
    if not signature:
        raise SignatureError("The JWS signature is empty.")
    payload = _json_object(_b64decode(payload_b64, "payload"), "the JWS payload (a JSON statement)")
    if not statements_equivalent(payload, _without_signature_attachment(statement)):
        raise SignatureError("The signed payload is not equivalent to the statement it is attached to.")
    if "x5c" in header:
        public_key = _certificate_key(header["x5c"])
        signing_input = f"{header_b64}.{payload_b64}".encode("ascii")
        try:
            public_key.verify(signature, signing_input, padding.PKCS1v15(), _ALGORITHMS[algorithm]())
        except InvalidSignature:
            raise SignatureError("The JWS signature does not verify with the x5c certificate.") from None


def sign_statement(
    statement: dict,
    private_key: rsa.RSAPrivateKey,
    certificate: Certificate | Sequence[Certificate] | None = None,
    alg: str = "RS256",
) -> str:
    """A JWS Compact Serialization signing `statement` (as it is before the signature is attached).

    `certificate`: the signer's certificate, or its chain (signer first), put in the ``x5c`` header as 2.6.s4.b6
    recommends. Attach the result with :func:`signature_attachment` and send it as a multipart part.
    """
    if alg not in _ALGORITHMS:
        raise ValueError(f"alg must be one of {sorted(_ALGORITHMS)}, not {alg!r}.")
    header: dict[str, Any] = {"alg": alg}
    if certificate is not None:
        chain = [certificate] if isinstance(certificate, Certificate) else list(certificate)
        header["x5c"] = [base64.b64encode(_der(cert)).decode("ascii") for cert in chain]
    signing_input = f"{_b64encode(_json_bytes(header))}.{_b64encode(_json_bytes(statement))}"
    signature = private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), _ALGORITHMS[alg]())
    return f"{signing_input}.{_b64encode(signature)}"


def signature_attachment(jws: bytes | str, *, display: str = "Signature") -> dict:
    """The Attachment object declaring `jws` (its part in the multipart body carries the same sha2)."""
    data = jws.encode("ascii") if isinstance(jws, str) else jws
    return {
        "usageType": SIGNATURE_USAGE_TYPE,
        "display": {"en-US": display},
        "contentType": SIGNATURE_CONTENT_TYPE,
        "length": len(data),
        "sha2": hashlib.sha256(data).hexdigest(),
    }


def _check_attachment_object(statement: dict) -> None:
    attachment = find_signature_attachment(statement)
    if attachment is None:
        raise SignatureError(f"The statement has no attachment with usageType {SIGNATURE_USAGE_TYPE}.")
    content_type = attachment.get("contentType")
    if not isinstance(content_type, str) or content_type.split(";")[0].strip().lower() != SIGNATURE_CONTENT_TYPE:
        raise SignatureError(f"The signature attachment's contentType must be {SIGNATURE_CONTENT_TYPE}.")


def _split_compact(jws: bytes | str) -> tuple[str, str, str]:
    try:
        text = (jws.decode("ascii") if isinstance(jws, bytes) else jws).strip()
    except UnicodeDecodeError:
        raise SignatureError("The signature is not a JWS Compact Serialization (non-ASCII bytes).") from None
    parts = text.split(".")
    if len(parts) != 3 or not all(_BASE64URL.fullmatch(part) for part in parts):
        raise SignatureError("The signature is not a JWS Compact Serialization (three base64url parts).")
    return parts[0], parts[1], parts[2]


def _b64decode(part: str, name: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        raise SignatureError(f"The JWS {name} is not valid base64url.") from None


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _json_object(data: bytes, what: str) -> dict:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SignatureError(f"{what[0].upper()}{what[1:]} is not valid JSON.") from None
    if not isinstance(value, dict):
        raise SignatureError(f"{what[0].upper()}{what[1:]} is not a JSON object.")
    return value


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _without_signature_attachment(statement: dict) -> dict:
    """The statement as it was signed: "the complete Statement before the signature was added" (2.6.s4.b3)."""
    received = dict(statement)
    others = [a for a in received.get("attachments") or [] if not (isinstance(a, dict) and _is_signature(a))]
    if others:
        received["attachments"] = others
    else:
        received.pop("attachments", None)
    return received


def _is_signature(attachment: dict) -> bool:
    return attachment.get("usageType") == SIGNATURE_USAGE_TYPE


def _certificate_key(x5c: Any) -> rsa.RSAPublicKey:
    if not isinstance(x5c, list) or not x5c or not all(isinstance(item, str) for item in x5c):
        raise SignatureError("The JWS header x5c must be a non-empty array of base64 certificates.")
    try:
        certificate = load_der_x509_certificate(base64.b64decode(x5c[0], validate=True))
    except (binascii.Error, ValueError):
        raise SignatureError("The first x5c certificate is not a base64 DER X.509 certificate.") from None
    public_key = certificate.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise SignatureError("The x5c certificate does not hold an RSA public key.")
    return public_key


def _der(certificate: Certificate) -> bytes:
    return certificate.public_bytes(Encoding.DER)
