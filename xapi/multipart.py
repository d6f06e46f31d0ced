"""multipart/mixed bodies carrying statements and their attachments (xAPI 1.0.3 Communication 1.5.2).

Requirements enforced, from "Requirements for Attachment Statement Batches" (1.5.2.s2) and the LRS requirements
(1.5.2.s3), with the ADL conformance suite's expectations (test/v1_0_3 E.Data2.4.11, XAPI-00128/00135):

* "It MUST conform to the definition of "multipart/mixed" in RFC 2046": boundary parameter present and valid,
  delimiters ``CRLF--boundary``, the preamble and epilogue ignored, a close delimiter ``--boundary--`` required.
* "The first part of the multipart document MUST contain the Statements themselves, with type application/json."
* "MUST include an X-Experience-API-Hash parameter in each part's header after the first (Statements) part."
* "MUST include a Content-Transfer-Encoding parameter with a value of binary in each part's header after the
  first": required, as the conformance suite rejects a part without it (XAPI-00135).
* Each part's hash must be the SHA-2 of its content: "match the raw data of an Attachment(s) with the Attachment
  header by comparing the SHA-2 of the raw data to the SHA-2 declared in the header. It MUST not do so any other
  way." (1.5.2.s1.b4). The hex length picks SHA-224/256/384/512 (56/64/96/128).
* "an LRS MUST reject batches of Statements having Attachments that neither contain a fileUrl nor match a received
  Attachment part based on their hash" (1.5.2.s3.b5), and a part no statement declares is rejected too
  (conformance XAPI-00128: "excess multi-part sections that are not attachments").
* "Where parameters have a corresponding property within the attachment Object [...] the value of these parameters
  and properties MUST match" (1.5.2.s2.b2.b7): a part's Content-Type must have the media type of the attachment's
  contentType (parameters such as charset are not compared: the spec's own example pairs ``text/plain`` with
  ``text/plain; charset=ascii``).
* "An LRS MAY reject (batches of) Statements that are larger than the LRS is configured to allow" (1.5.2.s3.b7):
  `max_bytes`, `max_parts`.

Line ends are CRLF as RFC 2046 requires; a body whose first delimiter line ends with a bare LF is read with LF
throughout, since some clients write files that way. Boundaries are found with ``bytes.find``: linear time.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from email.message import Message
from email.utils import collapse_rfc2231_value

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PARTS",
    "MultipartError",
    "build_multipart_mixed",
    "check_attachments",
    "parse_multipart_mixed",
]

DEFAULT_MAX_PARTS = 101  # the statements + 100 attachments
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_HASHES = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}
_HASH_NAMES = {56: "SHA-224", 64: "SHA-256", 96: "SHA-384", 128: "SHA-512"}
_HEX = re.compile(r"[0-9a-fA-F]+")
# RFC 2046 5.1.1: boundary := 0*69<bchars> bcharsnospace
_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")
_LWSP = b" \t"


class MultipartError(Exception):
    """A request body that is not an acceptable xAPI multipart/mixed: the view answers 400 with `message`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_multipart_mixed(
    body: bytes,
    content_type_header: str,
    *,
    max_parts: int = DEFAULT_MAX_PARTS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[bytes, dict[str, tuple[str, bytes]]]:
    """The first part's JSON bytes, and the other parts as ``{sha2 (lower case): (Content-Type, content)}``.

    Content-Type is ``""`` when a part has none. Two parts with the same hash have the same content (both hashes
    are checked): the data is kept once. Raises MultipartError naming the part (1 = the statements part).
    """
    if len(body) > max_bytes:
        raise MultipartError(f"The request body exceeds the limit of {max_bytes} bytes.")
    boundary = _boundary(content_type_header).encode("ascii")
    raw_parts = _split(body, boundary, max_parts)
    if not raw_parts:
        raise MultipartError("The multipart body has no parts: the first part must hold the statements.")
    statements = _first_part(*raw_parts[0])
    attachments: dict[str, tuple[str, bytes]] = {}
    for number, (headers, content) in enumerate(raw_parts[1:], start=2):
        sha2, content_type = _attachment_part(number, headers, content)
        attachments[sha2] = (content_type, content)
    return statements, attachments


def check_attachments(statements: list[dict], parts: dict[str, tuple[str, bytes]]) -> None:
    """Match attachment parts with the statements' Attachment objects, both ways.

    Every Attachment without ``fileUrl`` needs a part with its sha2; every part must be declared by an Attachment
    (with or without fileUrl); a part's media type must be the Attachment's contentType's. SubStatement
    attachments count as declarations too.
    """
    declared: set[str] = set()
    for index, attachment in _attachments(statements):
        sha2 = attachment.get("sha2")
        if not isinstance(sha2, str):
            continue
        key = sha2.lower()
        declared.add(key)
        part = parts.get(key)
        if part is None:
            if not attachment.get("fileUrl"):
                raise MultipartError(
                    f"Statement {index}: the attachment with sha2 {sha2} has no fileUrl and no multipart part "
                    "with this X-Experience-API-Hash."
                )
            continue
        declared_type, part_type = _media_type(attachment.get("contentType")), _media_type(part[0])
        if declared_type and part_type and declared_type != part_type:
            raise MultipartError(
                f"Statement {index}: the attachment with sha2 {sha2} declares contentType {declared_type} but its "
                f"part has Content-Type {part_type}."
            )
    for sha2 in parts:
        if sha2 not in declared:
            raise MultipartError(f"The part with X-Experience-API-Hash {sha2} is not an attachment of any statement.")


def build_multipart_mixed(json_bytes: bytes, attachments: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/mixed body and its Content-Type header, for GET statements with ``attachments=true``.

    `attachments`: ``(sha2, content_type, content)``; a sha2 given twice is sent once (1.5.2.s2.b2.b5 "SHOULD
    only include one copy of an Attachment's data"). The sha2 is the stored one, not recomputed.
    """
    unique = list(
        {sha2.lower(): (sha2, content_type, content) for sha2, content_type, content in attachments}.values()
    )
    boundary = _fresh_boundary([json_bytes, *(content for _sha2, _type, content in unique)])
    crlf, delimiter = b"\r\n", b"--" + boundary
    chunks = [delimiter, crlf, b"Content-Type: application/json; charset=utf-8", crlf, crlf, json_bytes]
    for sha2, content_type, content in unique:
        chunks += [crlf, delimiter, crlf]
        chunks += [f"Content-Type: {content_type}".encode("latin-1"), crlf] if content_type else []
        chunks += [b"Content-Transfer-Encoding: binary", crlf, f"X-Experience-API-Hash: {sha2}".encode("ascii")]
        chunks += [crlf, crlf, content]
    chunks += [crlf, delimiter, b"--", crlf]
    return b"".join(chunks), f'multipart/mixed; boundary="{boundary.decode("ascii")}"'


# --- parsing ------------------------------------------------------------------------------------------------------


def _boundary(content_type_header: str) -> str:
    message = Message()
    message["Content-Type"] = content_type_header or ""
    if message.get_content_type() != "multipart/mixed":
        raise MultipartError("The Content-Type must be multipart/mixed.")
    boundary = message.get_param("boundary")
    if not boundary:
        raise MultipartError("The multipart/mixed Content-Type has no boundary parameter.")
    boundary = collapse_rfc2231_value(boundary)
    if not _BOUNDARY.fullmatch(boundary):
        raise MultipartError("The multipart boundary is not valid (RFC 2046: 1 to 70 characters from bchars).")
    return boundary


def _split(body: bytes, boundary: bytes, max_parts: int) -> list[tuple[bytes, bytes]]:
    """``[(raw headers, content)]`` of each body part; the preamble and the epilogue are dropped."""
    dash_boundary = b"--" + boundary
    if body.startswith(dash_boundary):
        position = 0
    else:
        found = body.find(b"\n" + dash_boundary)
        if found == -1:
            raise MultipartError("The multipart body does not contain the boundary given in the Content-Type.")
        position = found + 1
    position += len(dash_boundary)
    if body.startswith(b"--", position):
        return []
    position = _skip_padding(body, position)
    if body.startswith(b"\r\n", position):
        eol = b"\r\n"
    elif body.startswith(b"\n", position):
        eol = b"\n"
    else:
        raise MultipartError("The first multipart boundary line is malformed.")
    delimiter = eol + dash_boundary
    parts = []
    position += len(eol)
    while True:
        end = body.find(delimiter, position)
        if end == -1:
            raise MultipartError(f"Part {len(parts) + 1} is not followed by a boundary (missing close delimiter).")
        if len(parts) == max_parts:
            raise MultipartError(f"The multipart body has more than {max_parts} parts.")
        parts.append(_headers_and_content(body[position:end], eol, len(parts) + 1))
        position = end + len(delimiter)
        if body.startswith(b"--", position):
            return parts  # close delimiter: what follows is the epilogue
        position = _skip_padding(body, position)
        if not body.startswith(eol, position):
            raise MultipartError(f"The boundary after part {len(parts)} is followed by other characters.")
        position += len(eol)


def _skip_padding(body: bytes, position: int) -> int:
    # RFC 2046: "the boundary delimiter line [...] may be followed by linear whitespace" (transport padding)
    while position < len(body) and body[position] in _LWSP:
        position += 1
    return position


def _headers_and_content(part: bytes, eol: bytes, number: int) -> tuple[bytes, bytes]:
    if part.startswith(eol):
        return b"", part[len(eol) :]
    end = part.find(eol + eol)
    if end == -1:
        raise MultipartError(f"Part {number} has no empty line between its headers and its content.")
    return part[:end], part[end + 2 * len(eol) :]


def _headers(raw: bytes, number: int) -> dict[str, str]:
    headers: dict[str, str] = {}
    if not raw:
        return headers
    last = None
    for line in raw.decode("latin-1").replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and last:  # folded continuation line
            headers[last] += " " + line.strip()
            continue
        name, colon, value = line.partition(":")
        name = name.strip().lower()
        if not colon or not name or " " in name:
            raise MultipartError(f"Part {number} has a malformed header line: {line[:80]!r}.")
        if name in headers:
            raise MultipartError(f"Part {number} has the header {name} twice.")
        headers[name], last = value.strip(), name
    return headers


def _first_part(raw_headers: bytes, content: bytes) -> bytes:
    headers = _headers(raw_headers, 1)
    if _media_type(headers.get("content-type")) != "application/json":
        raise MultipartError("The first part must hold the statements with Content-Type application/json.")
    return content


def _attachment_part(number: int, raw_headers: bytes, content: bytes) -> tuple[str, str]:
    headers = _headers(raw_headers, number)
    sha2 = headers.get("x-experience-api-hash")
    if not sha2:
        raise MultipartError(f"Part {number} has no X-Experience-API-Hash header.")
    if not _HEX.fullmatch(sha2) or len(sha2) not in _HASHES:
        raise MultipartError(f"Part {number}: X-Experience-API-Hash is not a hexadecimal SHA-224/256/384/512 digest.")
    encoding = headers.get("content-transfer-encoding")
    if encoding is None or encoding.lower() != "binary":
        raise MultipartError(f"Part {number} must have the header Content-Transfer-Encoding: binary.")
    if _HASHES[len(sha2)](content).hexdigest() != sha2.lower():
        raise MultipartError(
            f"Part {number}: X-Experience-API-Hash does not match the {_HASH_NAMES[len(sha2)]} of its content."
        )
    return sha2.lower(), headers.get("content-type", "")


def _media_type(value: object) -> str:
    """``type/subtype`` in lower case, without parameters; "" when absent."""
    return value.split(";", 1)[0].strip().lower() if isinstance(value, str) else ""


def _attachments(statements: list[dict]) -> Iterable[tuple[int, dict]]:
    for index, statement in enumerate(statements):
        if not isinstance(statement, dict):
            continue
        sources = [statement]
        if isinstance(statement.get("object"), dict) and statement["object"].get("objectType") == "SubStatement":
            sources.append(statement["object"])
        for source in sources:
            attachments = source.get("attachments")
            for attachment in attachments if isinstance(attachments, list) else ():
                if isinstance(attachment, dict):
                    yield index, attachment


# --- building -----------------------------------------------------------------------------------------------------


def _fresh_boundary(contents: list[bytes]) -> bytes:
    while True:
        boundary = f"xapi-{secrets.token_hex(16)}".encode("ascii")
        if not any(boundary in content for content in contents):
            return boundary
