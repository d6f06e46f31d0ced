"""Signed statements over real HTTP (Data 2.6, XAPI-00115…00117; docs/xapi-conformance.md): the JWS travels as a
multipart part declared by a signature Attachment; anything that does not verify is a 400 and nothing is stored."""

from __future__ import annotations

import base64
import copy
import datetime
import hashlib
import uuid

import orjson
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.xapi.conftest import make_statement
from xapi.models import Statement
from xapi.multipart import build_multipart_mixed, parse_multipart_mixed
from xapi.signature import sign_statement, signature_attachment

pytestmark = pytest.mark.django_db


def _certificate(key, common_name: str):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    builder = builder.serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
    return builder.not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256())


@pytest.fixture(scope="module")
def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def certificate(key):
    return _certificate(key, "Café IA signer")


@pytest.fixture(scope="module")
def other_certificate():
    return _certificate(rsa.generate_private_key(public_exponent=65537, key_size=2048), "someone else")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed_request(statement: dict, jws: str | bytes, *, send_part: bool = True) -> tuple[bytes, str]:
    data = jws.encode() if isinstance(jws, str) else jws
    received = {**copy.deepcopy(statement), "attachments": [signature_attachment(data)]}
    parts = [(hashlib.sha256(data).hexdigest(), "application/octet-stream", data)] if send_part else []
    return build_multipart_mixed(orjson.dumps(received), parts)


def post(lrs, body_and_type: tuple[bytes, str], *, statement_id: str | None = None):
    body, content_type = body_and_type
    if statement_id:
        path = f"/xapi/statements?statementId={statement_id}"
        return lrs.client.put(path, body, content_type=content_type, **lrs.headers())
    return lrs.client.post("/xapi/statements", body, content_type=content_type, **lrs.headers())


def statement() -> dict:
    return make_statement(id=str(uuid.uuid4()), timestamp="2025-03-01T09:15:00.123Z")


def _rejected(response) -> None:
    assert response.status_code == 400, response.content
    assert response.json()["error"] in ("signature", "attachments")
    assert Statement.objects.count() == 0


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_xapi_00117_a_valid_signed_statement_is_stored_with_its_signature(lrs, key, certificate, alg):
    signed = statement()
    jws = sign_statement(signed, key, certificate, alg=alg)
    response = post(lrs, signed_request(signed, jws))
    assert response.status_code == 200, response.content
    got = lrs.get({"statementId": signed["id"], "attachments": "true"})
    first, parts = parse_multipart_mixed(got.content, got["Content-Type"])
    assert orjson.loads(first)["attachments"][0]["usageType"] == "http://adlnet.gov/expapi/attachments/signature"
    assert list(parts.values()) == [("application/octet-stream", jws.encode())]


def test_a_signed_statement_may_be_put(lrs, key, certificate):
    signed = statement()
    jws = sign_statement(signed, key, certificate)
    assert post(lrs, signed_request(signed, jws), statement_id=signed["id"]).status_code == 204


def test_xapi_00115_a_signature_attachment_without_its_part_is_400(lrs, key, certificate):
    signed = statement()
    _rejected(post(lrs, signed_request(signed, sign_statement(signed, key, certificate), send_part=False)))


def test_xapi_00116_a_payload_that_is_not_json_is_400(lrs, key, certificate):
    signed = statement()
    header, _payload, signature = sign_statement(signed, key, certificate).split(".")
    _rejected(post(lrs, signed_request(signed, f"{header}.{b64url(b'{not json')}.{signature}")))


def test_xapi_00116_a_tampered_payload_is_400(lrs, key, certificate):
    signed = statement()
    header, _payload, signature = sign_statement(signed, key, certificate).split(".")
    tampered = {**signed, "result": {"success": True}}
    _rejected(post(lrs, signed_request(tampered, f"{header}.{b64url(orjson.dumps(tampered))}.{signature}")))


def test_xapi_00116_a_payload_differing_from_the_statement_is_400(lrs, key, certificate):
    signed = statement()
    jws = sign_statement(signed, key, certificate)
    sent = {**signed, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}}  # the statement, not the payload
    _rejected(post(lrs, signed_request(sent, jws)))


def test_xapi_00117_a_signature_from_another_key_is_400(lrs, key, other_certificate):
    signed = statement()
    _rejected(post(lrs, signed_request(signed, sign_statement(signed, key, other_certificate))))


@pytest.mark.parametrize("alg", ["HS256", "none", "ES256", "PS256"])
def test_xapi_00117_other_algorithms_are_400(lrs, alg):
    signed = statement()
    header = b64url(orjson.dumps({"alg": alg}))
    payload = b64url(orjson.dumps(signed))
    _rejected(post(lrs, signed_request(signed, f"{header}.{payload}.{b64url(b'signature')}")))


def test_xapi_00117_a_tampered_signature_is_400(lrs, key, certificate):
    signed = statement()
    header, payload, signature = sign_statement(signed, key, certificate).split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[10] ^= 0xFF
    _rejected(post(lrs, signed_request(signed, f"{header}.{payload}.{b64url(bytes(raw))}")))
