"""Attachments over real HTTP: multipart/mixed requests and responses, fileUrl-only attachments, hash matching
(Communication 1.5, Data 2.4.11, XAPI-00127…00138, XAPI-00161, XAPI-00167; docs/xapi-conformance.md)."""

from __future__ import annotations

import hashlib
import uuid

import orjson
import pytest

from tests.xapi.conftest import make_statement
from xapi.models import Statement
from xapi.multipart import build_multipart_mixed, parse_multipart_mixed

pytestmark = pytest.mark.django_db

TEXT = b"here is a simple attachment"
TEXT_SHA2 = hashlib.sha256(TEXT).hexdigest()
PNG = bytes(range(256)) * 4
PNG_SHA2 = hashlib.sha256(PNG).hexdigest()
BOUNDARY = "abcABC0123'()+_,-./:=?"


def attachment(content: bytes = TEXT, content_type: str = "text/plain", **extra) -> dict:
    return {
        "usageType": "http://example.com/attachment-usage/test",
        "display": {"en-US": "A test attachment"},
        "contentType": content_type,
        "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest(),
        **extra,
    }


def with_attachments(*attachments: dict, n: int = 0, **overrides) -> dict:
    return make_statement(n, attachments=list(attachments), **overrides)


def send(lrs, body: bytes, content_type: str, *, method: str = "POST", statement_id: str | None = None):
    path = "/xapi/statements" + (f"?statementId={statement_id}" if statement_id else "")
    return lrs.client.generic(method, path, body, content_type=content_type, **lrs.headers())


def multipart(statements, *parts: tuple[str, str, bytes]) -> tuple[bytes, str]:
    return build_multipart_mixed(orjson.dumps(statements), list(parts))


def raw_body(*parts: bytes, boundary: str = BOUNDARY) -> bytes:
    delimiter = f"--{boundary}".encode()
    return delimiter + b"\r\n" + (b"\r\n" + delimiter + b"\r\n").join(parts) + b"\r\n" + delimiter + b"--\r\n"


def raw_part(headers: list[str], content: bytes) -> bytes:
    return "\r\n".join([*headers, "", ""]).encode() + content


def json_part(statements, content_type: str = "application/json") -> bytes:
    return raw_part([f"Content-Type: {content_type}"], orjson.dumps(statements))


def text_part(content: bytes = TEXT, sha2: str | None = TEXT_SHA2, encoding: str | None = "binary") -> bytes:
    headers = ["Content-Type: text/plain"]
    headers += [f"Content-Transfer-Encoding: {encoding}"] if encoding else []
    headers += [f"X-Experience-API-Hash: {sha2}"] if sha2 else []
    return raw_part(headers, content)


CONTENT_TYPE = f'multipart/mixed; boundary="{BOUNDARY}"'


# --- accepted -----------------------------------------------------------------------------------------------------


def test_xapi_00167_multipart_post_then_get_attachments_true_round_trip(lrs):
    statement = with_attachments(attachment(), attachment(PNG, "image/png"))
    body, content_type = multipart(statement, (TEXT_SHA2, "text/plain", TEXT), (PNG_SHA2, "image/png", PNG))
    response = send(lrs, body, content_type)
    assert response.status_code == 200, response.content
    [statement_id] = response.json()
    single = lrs.get({"statementId": statement_id, "attachments": "true"})
    assert single.status_code == 200
    assert single["Content-Type"].startswith("multipart/mixed")
    first, parts = parse_multipart_mixed(single.content, single["Content-Type"])
    assert orjson.loads(first)["id"] == statement_id
    assert parts == {TEXT_SHA2: ("text/plain", TEXT), PNG_SHA2: ("image/png", PNG)}
    listed = lrs.get({"attachments": "true"})
    first, parts = parse_multipart_mixed(listed.content, listed["Content-Type"])
    assert [s["id"] for s in orjson.loads(first)["statements"]] == [statement_id]
    assert set(parts) == {TEXT_SHA2, PNG_SHA2}
    assert listed["X-Experience-API-Consistent-Through"]


def test_xapi_00161_attachments_false_returns_json_only(lrs):
    statement = with_attachments(attachment())
    body, content_type = multipart(statement, (TEXT_SHA2, "text/plain", TEXT))
    [statement_id] = send(lrs, body, content_type).json()
    for params in ({"statementId": statement_id}, {"statementId": statement_id, "attachments": "false"}, {}):
        response = lrs.get(params)
        assert response["Content-Type"] == "application/json"
        assert TEXT not in response.content


def test_xapi_00129_file_url_only_attachments_need_no_part(lrs):
    statement = with_attachments(attachment(fileUrl="http://over.there.com/file.txt"))
    assert lrs.post(statement).status_code == 200  # application/json
    body, content_type = multipart(with_attachments(attachment(fileUrl="http://over.there.com/file.txt"), n=1))
    assert send(lrs, body, content_type).status_code == 200  # multipart/mixed without attachment parts
    [statement_id] = lrs.post(with_attachments(attachment(fileUrl="http://over.there.com/file.txt"), n=2)).json()
    response = lrs.get({"statementId": statement_id, "attachments": "true"})
    _first, parts = parse_multipart_mixed(response.content, response["Content-Type"])
    assert parts == {}


def test_xapi_00127_multipart_without_attachments_and_put_are_accepted(lrs):
    body, content_type = multipart(make_statement())
    assert send(lrs, body, content_type).status_code == 200
    statement_id = str(uuid.uuid4())
    body, content_type = multipart(with_attachments(attachment()), (TEXT_SHA2, "text/plain", TEXT))
    assert send(lrs, body, content_type, method="PUT", statement_id=statement_id).status_code == 204
    assert Statement.objects.filter(statement_id=statement_id).exists()


def test_one_part_may_serve_several_statements_of_a_batch(lrs):
    batch = [with_attachments(attachment(), n=0), with_attachments(attachment(), n=1)]
    body, content_type = multipart(batch, (TEXT_SHA2, "text/plain", TEXT))
    assert send(lrs, body, content_type).status_code == 200
    assert Statement.objects.count() == 2


# --- rejected -----------------------------------------------------------------------------------------------------


def _rejected(lrs, response) -> None:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]
    assert Statement.objects.count() == 0


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", "application/xml"])
def test_xapi_00127_00138_other_content_types_are_400(lrs, content_type):
    _rejected(lrs, send(lrs, orjson.dumps(make_statement()), content_type))


def test_xapi_00128_an_extra_part_that_is_no_attachment_is_400(lrs):
    other = b"not declared by any statement"
    body, content_type = multipart(
        with_attachments(attachment()),
        (TEXT_SHA2, "text/plain", TEXT),
        (hashlib.sha256(other).hexdigest(), "text/plain", other),
    )
    _rejected(lrs, send(lrs, body, content_type))


def test_xapi_00129_a_missing_part_is_400(lrs):
    body, content_type = multipart(
        with_attachments(attachment(), attachment(PNG, "image/png")), (TEXT_SHA2, "text/plain", TEXT)
    )
    _rejected(lrs, send(lrs, body, content_type))
    _rejected(lrs, lrs.post(with_attachments(attachment())))  # application/json, no fileUrl


def test_xapi_00132_wrong_hash_is_400(lrs):
    statement = with_attachments(attachment())
    wrong = hashlib.sha256(b"something else").hexdigest()
    _rejected(lrs, send(lrs, raw_body(json_part(statement), text_part(sha2=wrong)), CONTENT_TYPE))
    _rejected(lrs, send(lrs, raw_body(json_part(statement), text_part(sha2=None)), CONTENT_TYPE))
    declared_other = with_attachments(attachment(PNG, "text/plain"))  # the part's hash matches no declared sha2
    _rejected(lrs, send(lrs, raw_body(json_part(declared_other), text_part()), CONTENT_TYPE))


def test_xapi_00130_a_part_without_its_boundary_is_400(lrs):
    statement = with_attachments(attachment())
    good = raw_body(json_part(statement), text_part())
    broken = good.replace(f"--{BOUNDARY}\r\nContent-Type: text/plain".encode(), b"Content-Type: text/plain")
    _rejected(lrs, send(lrs, broken, CONTENT_TYPE))
    _rejected(lrs, send(lrs, good, 'multipart/mixed; boundary="other-boundary"'))


def test_xapi_00131_multipart_without_a_boundary_parameter_is_400(lrs):
    body = raw_body(json_part(with_attachments(attachment())), text_part())
    _rejected(lrs, send(lrs, body, "multipart/mixed"))


def test_xapi_00133_statements_outside_the_first_part_are_400(lrs):
    statement = with_attachments(attachment())
    body = raw_body(json_part(make_statement(1)), json_part(statement), text_part())
    _rejected(lrs, send(lrs, body, CONTENT_TYPE))


def test_xapi_00134_a_first_part_that_is_not_json_is_400(lrs):
    statement = with_attachments(attachment())
    _rejected(lrs, send(lrs, raw_body(json_part(statement, "text/plain"), text_part()), CONTENT_TYPE))
    _rejected(lrs, send(lrs, raw_body(raw_part([], orjson.dumps(statement)), text_part()), CONTENT_TYPE))


@pytest.mark.parametrize("encoding", [None, "base64", "8bit"])
def test_xapi_00135_parts_must_be_content_transfer_encoding_binary(lrs, encoding):
    body = raw_body(json_part(with_attachments(attachment())), text_part(encoding=encoding))
    _rejected(lrs, send(lrs, body, CONTENT_TYPE))


def test_a_part_whose_type_contradicts_the_declared_content_type_is_400(lrs):
    body, content_type = multipart(with_attachments(attachment()), (TEXT_SHA2, "image/png", TEXT))
    _rejected(lrs, send(lrs, body, content_type))
