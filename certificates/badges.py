"""Open Badges 3.0: each attestation as an ``OpenBadgeCredential`` (a W3C Verifiable Credential) signed as a VC-JWT
(RS256), revocable through the platform's Bitstring Status List.

The JOSE part is done with ``cryptography`` (already a dependency): a compact JWS is three base64url segments and
one RSA PKCS#1 v1.5 signature, which is small enough to keep here rather than add a JOSE library; the tests verify
the result with an independent implementation (Node ``jose``). The key comes from ``BADGE_SIGNING_KEY_FILE``; when
unset, one is generated once into the private media storage (dev, tests, a first deployment) and reused.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
import secrets
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from certificates.models import Attestation, BadgeCredential

STATUS_LIST_SIZE = 131_072  # bits: the spec's minimum, so that one credential's index hides among many (16 KiB)
STATUS_LIST_ID = "revocation"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _key_path() -> Path:
    if settings.BADGE_SIGNING_KEY_FILE:
        return Path(settings.BADGE_SIGNING_KEY_FILE)
    from training.storage import private_storage

    return Path(private_storage.path("certificates/keys/badge-signing-key.pem"))


@functools.cache
def _load_key(path: str) -> rsa.RSAPrivateKey:
    file = Path(path)
    if not file.exists():
        if settings.BADGE_SIGNING_KEY_FILE:
            raise FileNotFoundError(f"BADGE_SIGNING_KEY_FILE does not exist: {file}")
        file.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        file.write_bytes(pem)
        file.chmod(0o600)
    return serialization.load_pem_private_key(file.read_bytes(), password=None)


def signing_key() -> rsa.RSAPrivateKey:
    return _load_key(str(_key_path()))


def public_jwk() -> dict:
    numbers = signing_key().public_key().public_numbers()

    def as_b64(value: int) -> str:
        return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))

    jwk = {"e": as_b64(numbers.e), "kty": "RSA", "n": as_b64(numbers.n)}
    thumbprint = _b64url(hashlib.sha256(json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()).digest())
    return jwk | {"kid": thumbprint, "alg": "RS256", "use": "sig"}


def jws_sign(payload: dict, *, typ: str = "vc+jwt") -> str:
    jwk = public_jwk()
    header = {"alg": "RS256", "typ": typ, "kid": jwk["kid"]}
    signing_input = f"{_b64url(_dumps(header))}.{_b64url(_dumps(payload))}"
    signature = signing_key().sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64url(signature)}"


def _dumps(value: dict) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def jws_payload(token: str) -> dict:
    """The payload of a compact JWS, unverified (for display and downloads)."""
    segment = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


# --- URLs ---------------------------------------------------------------------------------------------------------


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(f"certificates:{name}", kwargs=kwargs)


def issuer_profile(provider=None) -> dict:
    from certificates.selectors import provider_get

    provider = provider if provider is not None else provider_get()
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": _url("badge_issuer"),
        "type": ["Profile"],
        "name": provider.name,
        "url": settings.SITE_URL,
        "description": "Organisme de formation — Café IA",
        **({"address": {"type": ["Address"], "streetAddress": provider.address}} if provider.address else {}),
    }


def achievement(attestation: Attestation) -> dict:
    return {
        "id": _url("badge_achievement", programme_id=attestation.programme_id),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": attestation.programme_title,
        "description": "Formation Café IA : comprendre l'intelligence artificielle et accompagner ses usages.",
        "criteria": {
            "narrative": (
                "Avoir suivi les modules requis, assisté et émargé à chaque demi-journée en présentiel, "
                "participé aux sessions à distance, réussi l'évaluation de sortie et répondu au questionnaire "
                "de satisfaction."
            )
        },
        "creator": {"id": _url("badge_issuer"), "type": ["Profile"]},
    }


def _identity(attestation: Attestation, salt: str) -> dict:
    digest = hashlib.sha256((attestation.learner.email.lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def credential_document(*, attestation: Attestation, credential: BadgeCredential, provider=None) -> dict:
    status_url = _url("badge_status_list", list_id=STATUS_LIST_ID)
    valid_from = credential.issued_at.astimezone(UTC).replace(microsecond=0)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{credential.credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {k: v for k, v in issuer_profile(provider).items() if k != "@context"},
        "validFrom": valid_from.isoformat().replace("+00:00", "Z"),
        "name": attestation.programme_title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [_identity(attestation, secrets.token_hex(8))],
            "achievement": achievement(attestation),
        },
        "evidence": [
            {
                "id": settings.SITE_URL + reverse("certificates:verify", kwargs={"code": attestation.code}),
                "type": ["Evidence"],
                "name": "Attestation de fin de formation",
            }
        ],
        "credentialStatus": {
            "id": f"{status_url}#{credential.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(credential.status_index),
            "statusListCredential": status_url,
        },
    }


def _jwt_claims(document: dict, issued_at: datetime) -> dict:
    """VC-JWT: the credential is the payload; the registered claims repeat its issuer, id and validity."""
    return document | {"iss": document["issuer"]["id"], "jti": document["id"], "nbf": int(issued_at.timestamp())}


# --- services (called inside attestation services' transactions) -------------------------------------------------


def badge_credential_issue(*, attestation: Attestation, now: datetime | None = None, provider=None) -> BadgeCredential:
    """Sign a new credential (`provider`: the issuer, when the caller has it already). Its status-list index is
    its primary key: the database sequence hands out unique indices to concurrent issuers without a lock (gaps are
    harmless: a bit nobody owns stays 0)."""
    now = (now or timezone.now()).replace(microsecond=0)
    credential = BadgeCredential.objects.create(
        attestation=attestation, version=attestation.version, issued_at=now, jwt=""
    )
    if credential.pk >= STATUS_LIST_SIZE:
        raise RuntimeError("The revocation status list is full: start a second list.")
    credential.status_index = credential.pk
    document = credential_document(attestation=attestation, credential=credential, provider=provider)
    credential.jwt = jws_sign(_jwt_claims(document, now))
    credential.save(update_fields=["status_index", "jwt"])
    return credential


def badge_credentials_revoke(*, attestation: Attestation, now: datetime | None = None) -> int:
    return attestation.credentials.filter(revoked_at__isnull=True).update(revoked_at=now or timezone.now())


# --- the status list --------------------------------------------------------------------------------------------


def status_list_bits() -> bytes:
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for index in BadgeCredential.objects.filter(revoked_at__isnull=False).values_list("status_index", flat=True):
        bits[index // 8] |= 0x80 >> (index % 8)  # index 0 is the first (left-most) bit
    return bytes(bits)


def status_list_credential_jwt() -> str:
    url = _url("badge_status_list", list_id=STATUS_LIST_ID)
    now = timezone.now().replace(microsecond=0)
    document = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": _url("badge_issuer"),
        "validFrom": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": "u" + _b64url(gzip.compress(status_list_bits(), mtime=0)),
        },
    }
    return jws_sign(document | {"iss": document["issuer"], "jti": url, "nbf": int(now.timestamp())})


def baked_svg(credential: BadgeCredential, *, title: str) -> str:
    """An SVG badge carrying the credential (Open Badges 3.0 baking: the JWT inside ``openbadges:credential``)."""
    from django.utils.html import escape

    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" '
        'width="240" height="240" viewBox="0 0 240 240" role="img" aria-label="Badge Café IA">'
        f"<openbadges:credential><![CDATA[{credential.jwt}]]></openbadges:credential>"
        '<circle cx="120" cy="120" r="112" fill="#000091"/>'
        '<circle cx="120" cy="120" r="98" fill="none" stroke="#fff" stroke-width="4"/>'
        '<text x="120" y="112" text-anchor="middle" fill="#fff" font-family="sans-serif" font-size="30" '
        'font-weight="700">Café IA</text>'
        f'<text x="120" y="146" text-anchor="middle" fill="#fff" font-family="sans-serif" font-size="13">'
        f"{escape(title[:34])}</text></svg>"
    )
