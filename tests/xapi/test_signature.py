import base64
import copy
import datetime
import json
import re

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from xapi.signature import (
    SIGNATURE_USAGE_TYPE,
    SignatureError,
    find_signature_attachment,
    sign_statement,
    signature_attachment,
    verify_signed_statement,
)

STATEMENT = {
    "id": "33cff416-e331-4c9d-969e-5373a1756120",
    "actor": {"objectType": "Agent", "account": {"homePage": "https://cafeia.example", "name": "a1b2c3"}},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/attended", "display": {"fr-FR": "a participé"}},
    "object": {"objectType": "Activity", "id": "https://cafeia.example/sessions/42"},
    "timestamp": "2025-03-01T09:15:00.123Z",
}


def _certificate(key, common_name="Café IA test signer"):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )


@pytest.fixture(scope="module")
def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def certificate(key):
    return _certificate(key)


@pytest.fixture(scope="module")
def other_certificate():
    return _certificate(rsa.generate_private_key(public_exponent=65537, key_size=2048), "someone else")


def attach(statement, jws):
    """The statement as received by the LRS: the signed one plus its signature Attachment object."""
    return {**copy.deepcopy(statement), "attachments": [*statement.get("attachments", []), signature_attachment(jws)]}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_json(value) -> str:
    return b64url(json.dumps(value).encode())


NOT_JSON = b"{'actor': 1}"  # the conformance suite's "breakJson": single quotes


def segments(jws):
    return jws.split(".")


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_valid_signature_with_x5c(key, certificate, alg):
    jws = sign_statement(STATEMENT, key, certificate, alg=alg)
    assert verify_signed_statement(attach(STATEMENT, jws), jws) is None
    assert verify_signed_statement(attach(STATEMENT, jws), jws.encode()) is None


def test_valid_signature_with_a_certificate_chain(key, certificate, other_certificate):
    jws = sign_statement(STATEMENT, key, [certificate, other_certificate])
    assert len(json.loads(base64.urlsafe_b64decode(segments(jws)[0] + "=="))["x5c"]) == 2
    verify_signed_statement(attach(STATEMENT, jws), jws)


def test_without_x5c_the_payload_is_compared_but_the_key_cannot_be_checked(key):
    # 2.6.s5.b3: only "If the JWS header includes an X.509 certificate" is the signature validated;
    # the ADL conformance suite sends {"alg": "RS256"} alone and expects 200.
    jws = sign_statement(STATEMENT, key)
    verify_signed_statement(attach(STATEMENT, jws), jws)
    header, payload, signature = segments(jws)
    forged = f"{header}.{payload}.{b64url(b'not the signature')}"
    verify_signed_statement(attach(STATEMENT, forged), forged)


def test_the_example_of_the_specification_appendix_d_verifies():
    header = (
        '{\r\n    "alg": "RS256",\r\n    "x5c": [\r\n        "'
        + APPENDIX_D_CERT
        + '",\r\n        "'
        + APPENDIX_D_CA
        + '"\r\n    ]\r\n}'
    )
    jws = f"{b64url(header.encode())}.{APPENDIX_D_PAYLOAD}.{APPENDIX_D_SIGNATURE}"
    signed = json.loads(base64.urlsafe_b64decode(APPENDIX_D_PAYLOAD + "=="))
    received = {**signed, "attachments": [{**signature_attachment(jws), "description": {"en-US": "A test signature"}}]}
    # the Attachment object of Appendix D declares this sha2: the JWS above is the spec's, byte for byte
    assert received["attachments"][0]["sha2"] == "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634"
    verify_signed_statement(received, jws)  # an expired (2014) 1024-bit certificate: dates are not checked


def test_lrs_assigned_properties_do_not_break_the_comparison(key, certificate):
    jws = sign_statement({k: v for k, v in STATEMENT.items() if k != "id"}, key, certificate)
    received = attach(STATEMENT, jws) | {
        "stored": "2025-03-01T09:16:00Z",
        "authority": {"mbox": "mailto:lrs@cafeia.example"},
        "version": "1.0.3",
        "timestamp": "2025-03-01T10:15:00.123+01:00",
    }
    verify_signed_statement(received, jws)


def test_other_attachments_are_part_of_the_signed_statement(key, certificate):
    certificate_pdf = {
        "usageType": "https://cafeia.example/attachments/attestation",
        "display": {"fr-FR": "Attestation"},
        "contentType": "application/pdf",
        "length": 3,
        "sha2": "a" * 64,
    }
    signed = {**STATEMENT, "attachments": [certificate_pdf]}
    jws = sign_statement(signed, key, certificate)
    verify_signed_statement(attach(signed, jws), jws)
    with pytest.raises(SignatureError, match="not equivalent"):
        verify_signed_statement(attach(STATEMENT, jws), jws)


def test_tampered_payload_does_not_verify(key, certificate):
    jws = sign_statement(STATEMENT, key, certificate)
    header, _payload, signature = segments(jws)
    tampered_statement = {**STATEMENT, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}}
    tampered = f"{header}.{b64url_json(tampered_statement)}.{signature}"
    with pytest.raises(SignatureError, match="does not verify with the x5c certificate"):
        verify_signed_statement(attach(tampered_statement, tampered), tampered)


def test_tampered_signature_does_not_verify(key, certificate):
    jws = sign_statement(STATEMENT, key, certificate)
    header, payload, signature = segments(jws)
    raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
    raw[10] ^= 0x01
    tampered = f"{header}.{payload}.{b64url(bytes(raw))}"
    with pytest.raises(SignatureError, match="does not verify"):
        verify_signed_statement(attach(STATEMENT, tampered), tampered)


def test_x5c_of_another_key_does_not_verify(key, other_certificate):
    jws = sign_statement(STATEMENT, key, other_certificate)
    with pytest.raises(SignatureError, match="does not verify"):
        verify_signed_statement(attach(STATEMENT, jws), jws)


@pytest.mark.parametrize(
    ("reason", "received"),
    [
        ("another verb", {**STATEMENT, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}}),
        ("another actor", {**STATEMENT, "actor": {"mbox": "mailto:someone@example.org"}}),
        ("a result added after signing", {**STATEMENT, "result": {"success": True}}),
        ("another instant", {**STATEMENT, "timestamp": "2025-03-01T09:15:01.123Z"}),
    ],
)
def test_payload_differing_from_the_statement(key, certificate, reason, received):
    jws = sign_statement(STATEMENT, key, certificate)
    with pytest.raises(SignatureError, match="not equivalent"):
        verify_signed_statement(attach(received, jws), jws)


@pytest.mark.parametrize("alg", ["HS256", "none", "ES256", "PS256", None])
def test_algorithms_other_than_rsa_sha_are_refused(key, alg):
    jws = sign_statement(STATEMENT, key)
    _header, payload, signature = segments(jws)
    header = {"alg": alg} if alg else {}
    forged = f"{b64url_json(header)}.{payload}.{signature if alg != 'none' else ''}"
    with pytest.raises(SignatureError, match="algorithm .* is not allowed"):
        verify_signed_statement(attach(STATEMENT, forged), forged)


def test_crit_header_is_refused(key):
    _header, payload, signature = segments(sign_statement(STATEMENT, key))
    forged = f"{b64url_json({'alg': 'RS256', 'crit': ['exp'], 'exp': 1})}.{payload}.{signature}"
    with pytest.raises(SignatureError, match="crit"):
        verify_signed_statement(attach(STATEMENT, forged), forged)


@pytest.mark.parametrize(
    ("jws", "message"),
    [
        ("", "Compact Serialization"),
        ("abc.def", "Compact Serialization"),
        ("a.b.c.d", "Compact Serialization"),
        ('{"alg":"RS256"}.e30.c2ln', "Compact Serialization"),  # JWS JSON-ish, not base64url
        ("abc+/.def.ghi", "Compact Serialization"),  # standard base64 alphabet, not base64url
        (b"\xff\xfe.a.b", "non-ASCII"),
        ("a.e30.c2ln", "not valid base64url"),  # a 1-character segment cannot be base64
        (f"{b64url(b'not json')}.e30.c2ln", "header is not valid JSON"),
        (f"{b64url_json(['RS256'])}.e30.c2ln", "header is not a JSON object"),
        (f"{b64url_json({'alg': 'RS256'})}.e30.", "signature is empty"),
        (
            f"{b64url_json({'alg': 'RS256'})}.{b64url(NOT_JSON)}.c2ln",
            "payload (a JSON statement) is not valid JSON",
        ),
        (
            f"{b64url_json({'alg': 'RS256'})}.{b64url_json([STATEMENT])}.c2ln",
            "payload (a JSON statement) is not a JSON object",
        ),
    ],
)
def test_malformed_jws(jws, message):
    with pytest.raises(SignatureError, match=re.escape(message)):
        verify_signed_statement(attach(STATEMENT, "x.y.z"), jws)


@pytest.mark.parametrize(
    ("x5c", "message"),
    [
        ("MIIB", "non-empty array"),
        ([], "non-empty array"),
        (["%%%"], "not a base64 DER X.509 certificate"),
        ([base64.b64encode(b"not a certificate").decode()], "not a base64 DER X.509 certificate"),
    ],
)
def test_malformed_x5c(key, x5c, message):
    _header, payload, signature = segments(sign_statement(STATEMENT, key))
    forged = f"{b64url_json({'alg': 'RS256', 'x5c': x5c})}.{payload}.{signature}"
    with pytest.raises(SignatureError, match=message):
        verify_signed_statement(attach(STATEMENT, forged), forged)


def test_x5c_with_a_non_rsa_key_is_refused(key):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    forged = sign_statement(STATEMENT, key, _certificate(ec_key))
    with pytest.raises(SignatureError, match="RSA public key"):
        verify_signed_statement(attach(STATEMENT, forged), forged)


def test_signature_attachment_must_be_application_octet_stream(key, certificate):
    # ADL conformance suite: "malformed signature - bad contentType" -> 400
    jws = sign_statement(STATEMENT, key, certificate)
    received = attach(STATEMENT, jws)
    received["attachments"][0]["contentType"] = "text/plain; charset=ascii"
    with pytest.raises(SignatureError, match="contentType must be application/octet-stream"):
        verify_signed_statement(received, jws)


def test_a_statement_without_signature_attachment(key):
    jws = sign_statement(STATEMENT, key)
    with pytest.raises(SignatureError, match="no attachment with usageType"):
        verify_signed_statement(STATEMENT, jws)


def test_find_signature_attachment():
    other = {"usageType": "https://cafeia.example/attachments/attestation", "contentType": "application/pdf"}
    signature = signature_attachment("a.b.c")
    assert find_signature_attachment({**STATEMENT, "attachments": [other, signature]}) is signature
    assert find_signature_attachment({**STATEMENT, "attachments": [other]}) is None
    assert find_signature_attachment(STATEMENT) is None
    assert signature["usageType"] == SIGNATURE_USAGE_TYPE
    assert signature["contentType"] == "application/octet-stream"
    assert signature["length"] == 5


def test_sign_statement_refuses_other_algorithms(key):
    with pytest.raises(ValueError, match="alg must be one of"):
        sign_statement(STATEMENT, key, alg="HS256")


def test_sign_statement_payload_is_the_statement(key):
    jws = sign_statement(STATEMENT, key)
    assert json.loads(base64.urlsafe_b64decode(segments(jws)[1] + "==")) == STATEMENT
    assert json.loads(base64.urlsafe_b64decode(segments(jws)[0] + "==")) == {"alg": "RS256"}


# xAPI 1.0.3 Data, Appendix D "Example Signed Statement": the example certificate and its issuer (x5c), the
# payload and the signature, copied from the specification.
APPENDIX_D_CERT = (
    "MIIDATCCAmqgAwIBAgIJAMB1csNuA6+kMA0GCSqGSIb3DQEBBQUAMHExCzAJBgNVBAYTAlVTMRIwEAYDVQQIEwlUZW5uZXNzZWUx"
    "GDAWBgNVBAoTD0V4YW1wbGUgQ29tcGFueTEQMA4GA1UEAxMHRXhhbXBsZTEiMCAGCSqGSIb3DQEJARYTZXhhbXBsZUBleGFtcGxl"
    "LmNvbTAeFw0xMzA0MDQxNTI4MzBaFw0xNDA0MDQxNTI4MzBaMIGWMQswCQYDVQQGEwJVUzESMBAGA1UECBMJVGVubmVzc2VlMREw"
    "DwYDVQQHEwhGcmFua2xpbjEYMBYGA1UEChMPRXhhbXBsZSBDb21wYW55MRAwDgYDVQQLEwdFeGFtcGxlMRAwDgYDVQQDEwdFeGFt"
    "cGxlMSIwIAYJKoZIhvcNAQkBFhNleGFtcGxlQGV4YW1wbGUuY29tMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDjxvZXF30W"
    "L4oKjZYXgR0ZyaX+u3y6+JqTqiNkFa/VTnet6Ly2OT6ZmmcJEPnq3UnewpHoOQ+GfhhTkW13j06j5iNn4obcCVWTL9yXNvJH+Ko+"
    "xu4Yl/ySPRrIPyTjtHdG0M2XzIlmmLqm+CAS+KCbJeH4tf543kIWC5pC5p3cVQIDAQABo3sweTAJBgNVHRMEAjAAMCwGCWCGSAGG"
    "+EIBDQQfFh1PcGVuU1NMIEdlbmVyYXRlZCBDZXJ0aWZpY2F0ZTAdBgNVHQ4EFgQUVs3v5afEdOeoYeVajAQE4v0WS1QwHwYDVR0j"
    "BBgwFoAUyVIc3yvra4EBz20I4BF39IAixBkwDQYJKoZIhvcNAQEFBQADgYEAgS/FF5D0Hnj44rvT6kgn3kJAvv2lj/fyjztKIrYS"
    "33ljXGn6gGyA4qtbXA23PrO4uc/wYCSDICDpPobh62xTCd9qObKhgwWOi05PSBLqUu3mwfAe15LJBJBqPVZ4K0kppePBU8m6aIZo"
    "H57L/9t4OoaL8yKs/qjKFeI1OFWZxvA="
)
APPENDIX_D_CA = (
    "MIIDNzCCAqCgAwIBAgIJAMB1csNuA6+jMA0GCSqGSIb3DQEBBQUAMHExCzAJBgNVBAYTAlVTMRIwEAYDVQQIEwlUZW5uZXNzZWUx"
    "GDAWBgNVBAoTD0V4YW1wbGUgQ29tcGFueTEQMA4GA1UEAxMHRXhhbXBsZTEiMCAGCSqGSIb3DQEJARYTZXhhbXBsZUBleGFtcGxl"
    "LmNvbTAeFw0xMzA0MDQxNTI1NTNaFw0yMzA0MDIxNTI1NTNaMHExCzAJBgNVBAYTAlVTMRIwEAYDVQQIEwlUZW5uZXNzZWUxGDAW"
    "BgNVBAoTD0V4YW1wbGUgQ29tcGFueTEQMA4GA1UEAxMHRXhhbXBsZTEiMCAGCSqGSIb3DQEJARYTZXhhbXBsZUBleGFtcGxlLmNv"
    "bTCBnzANBgkqhkiG9w0BAQEFAAOBjQAwgYkCgYEA1sBnBWPZ0f7WJUFTJy5+01SlS5Z6DDD6Uye9vK9AycgV5B3+WC8HC5u5h91M"
    "ujAC1ARPVUOtsvPRs45qKNFIgIGRXKPAwZjawEI2sCJRSKV47i6B8bDv4WkuGvQaveZGI0qlmN5R1Eim2gUItRj1hgcC9rQavjln"
    "FKDY2rlXGukCAwEAAaOB1jCB0zAdBgNVHQ4EFgQUyVIc3yvra4EBz20I4BF39IAixBkwgaMGA1UdIwSBmzCBmIAUyVIc3yvra4EB"
    "z20I4BF39IAixBmhdaRzMHExCzAJBgNVBAYTAlVTMRIwEAYDVQQIEwlUZW5uZXNzZWUxGDAWBgNVBAoTD0V4YW1wbGUgQ29tcGFu"
    "eTEQMA4GA1UEAxMHRXhhbXBsZTEiMCAGCSqGSIb3DQEJARYTZXhhbXBsZUBleGFtcGxlLmNvbYIJAMB1csNuA6+jMAwGA1UdEwQF"
    "MAMBAf8wDQYJKoZIhvcNAQEFBQADgYEADhwTebGk735yKhm8DqCxvNnEZ0NxsYEYOjgRG1yXTlW5pE691fSH5AZ+T6fpwpZcWY5Q"
    "YkoN6DnwjOxGkSfQC3/yGmcUDKBPwiZ5O2s9C+fE1kUEnrX2Xea4agVngMzR8DQ6oOauLWqehDB+g2ENWRLoVgS+ma5/Ycs0GTyr"
    "ECY="
)
APPENDIX_D_PAYLOAD = (
    "ew0KICAgICJ2ZXJzaW9uIjogIjEuMC4wIiwNCiAgICAiaWQiOiAiMzNjZmY0MTYtZTMzMS00YzlkLTk2OWUtNTM3M2ExNzU2MTIw"
    "IiwNCiAgICAiYWN0b3IiOiB7DQogICAgICAgICJtYm94IjogIm1haWx0bzpleGFtcGxlQGV4YW1wbGUuY29tIiwNCiAgICAgICAg"
    "Im5hbWUiOiAiRXhhbXBsZSBMZWFybmVyIiwNCiAgICAgICAgIm9iamVjdFR5cGUiOiAiQWdlbnQiDQogICAgfSwNCiAgICAidmVy"
    "YiI6IHsNCiAgICAgICAgImlkIjogImh0dHA6Ly9hZGxuZXQuZ292L2V4cGFwaS92ZXJicy9leHBlcmllbmNlZCIsDQogICAgICAg"
    "ICJkaXNwbGF5Ijogew0KICAgICAgICAgICAgImVuLVVTIjogImV4cGVyaWVuY2VkIg0KICAgICAgICB9DQogICAgfSwNCiAgICAi"
    "b2JqZWN0Ijogew0KICAgICAgICAiaWQiOiAiaHR0cHM6Ly93d3cueW91dHViZS5jb20vd2F0Y2g_dj14aDRrSWlIM1NtOCIsDQog"
    "ICAgICAgICJvYmplY3RUeXBlIjogIkFjdGl2aXR5IiwNCiAgICAgICAgImRlZmluaXRpb24iOiB7DQogICAgICAgICAgICAibmFt"
    "ZSI6IHsNCiAgICAgICAgICAgICAgICAiZW4tVVMiOiAiVGF4IFRpcHMgJiBJbmZvcm1hdGlvbiA6IEhvdyB0byBGaWxlIGEgVGF4"
    "IFJldHVybiAiDQogICAgICAgICAgICB9LA0KICAgICAgICAgICAgImRlc2NyaXB0aW9uIjogew0KICAgICAgICAgICAgICAgICJl"
    "bi1VUyI6ICJGaWxpbmcgYSB0YXggcmV0dXJuIHdpbGwgcmVxdWlyZSBmaWxsaW5nIG91dCBlaXRoZXIgYSAxMDQwLCAxMDQwQSBv"
    "ciAxMDQwRVogZm9ybSINCiAgICAgICAgICAgIH0NCiAgICAgICAgfQ0KICAgIH0sDQogICAgInRpbWVzdGFtcCI6ICIyMDEzLTA0"
    "LTAxVDEyOjAwOjAwWiINCn0"
)
APPENDIX_D_SIGNATURE = (
    "FWuwaPhwUbkk7h9sKW5zSvjsYNugvxJ-TrVaEgt_DCUT0bmKhQScRrjMB6P9O50uznPwT66oF1NnU_G0HVhRzS5voiXE-y7tT3z0"
    "M3-8A6YK009Bk_digVUul-HA4Fpd5IjoBBGe3yzaQ2ZvzarvRuipvNEQCI0onpfuZZJQ0d8"
)
