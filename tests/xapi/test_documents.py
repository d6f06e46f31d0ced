"""The document resources over real HTTP: activities/state, activities/profile, agents/profile."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import uuid
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone
from django.utils.http import parse_http_date

from core.roles import Role
from tests.factories import UserFactory
from xapi.actors import actor_for
from xapi.clients import lrs_client_create
from xapi.documents import DocumentError, DocumentScope, Preconditions, document_put
from xapi.models import Document, DocumentKind

pytestmark = pytest.mark.django_db

STATE, ACTIVITY_PROFILE, AGENT_PROFILE = "/xapi/activities/state", "/xapi/activities/profile", "/xapi/agents/profile"
ACTIVITY = "http://example.org/activities/lesson-1"
AGENT = {"objectType": "Agent", "mbox": "mailto:learner@example.org"}
OTHER_AGENT = {"objectType": "Agent", "account": {"homePage": "http://example.org", "name": "someone-else"}}
JSON_TYPE = "application/json"
VERSIONS = ["1.0.3", "2.0.0"]


def query(params: dict) -> str:
    return urlencode({k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in params.items()})


class DocClient:
    """Sends xAPI requests with HTTP Basic credentials and the version header; `if_match=` → If-Match, etc."""

    def __init__(self, client: Client, auth: str | None, version: str = "1.0.3") -> None:
        self.client, self.auth, self.version = client, auth, version

    def call(self, method, path, params, body=b"", *, content_type=JSON_TYPE, version=None, **headers):
        extra = {"HTTP_X_EXPERIENCE_API_VERSION": version or self.version}
        if self.auth:
            extra["HTTP_AUTHORIZATION"] = self.auth
        extra.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
        if isinstance(body, dict | list):
            body = json.dumps(body).encode()
        return self.client.generic(method, f"{path}?{query(params)}", body, content_type=content_type, **extra)

    def get(self, path, params, **kw):
        return self.call("GET", path, params, **kw)

    def head(self, path, params, **kw):
        return self.call("HEAD", path, params, **kw)

    def put(self, path, params, body, **kw):
        return self.call("PUT", path, params, body, **kw)

    def post(self, path, params, body, **kw):
        return self.call("POST", path, params, body, **kw)

    def delete(self, path, params, **kw):
        return self.call("DELETE", path, params, **kw)


def basic_auth(*scopes: str) -> str:
    key = f"docs-{uuid.uuid4().hex[:8]}"
    _client, secret = lrs_client_create(name=key, key=key, scopes=list(scopes))
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


@pytest.fixture
def docs(client) -> DocClient:
    return DocClient(client, basic_auth("all"))


@pytest.fixture(params=VERSIONS)
def versioned(request, client) -> DocClient:
    return DocClient(client, basic_auth("all"), request.param)


def state(state_id: str = "resume", **extra) -> dict:
    return {"activityId": ACTIVITY, "agent": AGENT, "stateId": state_id, **extra}


def sha1(content: bytes) -> str:
    return hashlib.sha1(content).hexdigest()


# --- single documents: GET, PUT, POST, DELETE ---------------------------------------------------------------------


def test_put_then_get_returns_the_document_with_etag_and_last_modified(versioned):
    body = b'{"page": 3, "answers": [1, 2]}'
    put = versioned.put(STATE, state(), body)
    assert put.status_code == 204
    assert put["X-Experience-API-Version"] == versioned.version
    response = versioned.get(STATE, state())
    assert response.status_code == 200
    assert response.content == body
    assert response["Content-Type"] == JSON_TYPE
    assert response["ETag"] == f'"{sha1(body)}"' == put["ETag"]
    assert abs(parse_http_date(response["Last-Modified"]) - timezone.now().timestamp()) < 5
    assert response["X-Experience-API-Version"] == versioned.version


def test_a_missing_document_is_a_404_with_a_json_message(versioned):
    response = versioned.get(STATE, state("nothing-here"))
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert "nothing-here" in response.json()["message"]
    assert response["X-Experience-API-Version"] == versioned.version


def test_non_json_documents_are_stored_as_sent_with_their_content_type(docs):
    png = bytes(range(256))
    assert docs.put(STATE, state("picture"), png, content_type="image/png").status_code == 204
    response = docs.get(STATE, state("picture"))
    assert response.content == png
    assert response["Content-Type"] == "image/png"
    assert response["ETag"] == f'"{sha1(png)}"'


def test_a_document_sent_as_json_must_be_json(docs):
    response = docs.put(STATE, state(), b"{not json")
    assert response.status_code == 400
    assert response.json()["error"] == "not_json"
    assert not Document.objects.exists()


@pytest.mark.parametrize("version", VERSIONS)
def test_state_put_without_concurrency_headers_replaces_the_state(docs, version):
    """1.0.3 Communication 3.1: "The State Resource will permit PUT, POST and DELETE requests without concurrency
    headers"; kept for 2.0 (see xapi.documents.put_requires_precondition)."""
    docs.put(STATE, state(), {"page": 1}, version=version)
    assert docs.put(STATE, state(), {"page": 2}, version=version).status_code == 204
    assert docs.get(STATE, state()).json() == {"page": 2}


def test_post_stores_a_new_document_as_sent(docs):
    assert docs.post(STATE, state(), b"1", content_type="application/x-www-form-urlencoded").status_code == 204
    response = docs.get(STATE, state())
    assert response.content == b"1"
    assert response["Content-Type"] == "application/x-www-form-urlencoded"


@pytest.mark.parametrize("version", VERSIONS)
def test_post_merges_top_level_properties_new_ones_overwriting(docs, version):
    docs.post(STATE, state(), {"x": "foo", "y": "bar", "car": {"make": "Ford", "model": "Escape"}}, version=version)
    response = docs.post(STATE, state(), {"x": "bash", "z": "faz", "car": {"make": "Dodge"}}, version=version)
    assert response.status_code == 204
    merged = docs.get(STATE, state())
    assert merged.json() == {"x": "bash", "y": "bar", "z": "faz", "car": {"make": "Dodge"}}
    assert merged["ETag"] == response["ETag"] == f'"{sha1(merged.content)}"'


def test_merge_keeps_integers_beyond_64_bits(docs):
    docs.post(STATE, state(), b'{"big": 123456789012345678901234567890}')
    docs.post(STATE, state(), {"small": 1})
    assert docs.get(STATE, state()).content == b'{"big":123456789012345678901234567890,"small":1}'


@pytest.mark.parametrize(
    ("stored", "stored_type", "posted", "posted_type"),
    [
        (b'{"a": 1}', JSON_TYPE, b"abc", "text/plain"),  # posted document is not JSON
        (b"/ asdf /", "application/octet-stream", b'{"a": 2}', JSON_TYPE),  # stored document is not JSON
        (b'{"a": 1}', JSON_TYPE, b"[1, 2]", JSON_TYPE),  # posted JSON is not an object
        (b"[1]", JSON_TYPE, b'{"a": 2}', JSON_TYPE),  # stored JSON is not an object
        (b'{"a": 1}', JSON_TYPE, b'{"a": 2', JSON_TYPE),  # posted JSON is malformed
    ],
)
def test_merge_needs_two_json_objects_else_400_and_nothing_changes(docs, stored, stored_type, posted, posted_type):
    docs.put(STATE, state(), stored, content_type=stored_type)
    response = docs.post(STATE, state(), posted, content_type=posted_type)
    assert response.status_code == 400
    assert response.json()["error"] in ("merge_not_json", "not_json")
    assert docs.get(STATE, state()).content == stored


def test_merge_accepts_json_with_a_charset_parameter(docs):
    docs.put(STATE, state(), {"a": 1}, content_type="application/json; charset=utf-8")
    assert docs.post(STATE, state(), {"b": 2}, content_type="application/json; charset=utf-8").status_code == 204
    assert docs.get(STATE, state()).json() == {"a": 1, "b": 2}


def test_delete_one_document(versioned):
    versioned.put(STATE, state("a"), {"a": 1})
    versioned.put(STATE, state("b"), {"b": 1})
    assert versioned.delete(STATE, state("a")).status_code == 204
    assert versioned.get(STATE, state("a")).status_code == 404
    assert versioned.get(STATE, state("b")).status_code == 200
    assert versioned.delete(STATE, state("a")).status_code == 204  # idempotent


def test_the_same_agent_written_differently_reaches_the_same_document(docs):
    docs.put(STATE, state(), {"a": 1})
    named = {"name": "Learner", "mbox": "mailto:learner@EXAMPLE.org"}
    assert docs.get(STATE, {**state(), "agent": named}).json() == {"a": 1}


def test_head_returns_the_headers_of_get_without_a_body(docs):
    docs.put(STATE, state(), {"a": 1})
    response = docs.head(STATE, state())
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == docs.get(STATE, state())["ETag"]
    assert "Last-Modified" in response
    assert docs.head(STATE, state("missing")).status_code == 404
    listing = docs.head(STATE, {"activityId": ACTIVITY, "agent": AGENT})
    assert listing.status_code == 200 and listing.content == b""


# --- lists, since, registration, delete-all -----------------------------------------------------------------------


def _age(document_id: str, minutes: int) -> None:
    Document.objects.filter(document_id=document_id).update(updated=timezone.now() - timedelta(minutes=minutes))


def test_list_returns_ids_and_since_is_exclusive(versioned):
    context = {"activityId": ACTIVITY, "agent": AGENT}
    for state_id in ("old", "new", "newer"):
        versioned.put(STATE, state(state_id), {"id": state_id})
    _age("old", 60)
    versioned.put(STATE, {**state("elsewhere"), "agent": OTHER_AGENT}, {"x": 1})
    everything = versioned.get(STATE, context)
    assert everything.status_code == 200
    assert everything.json() == ["new", "newer", "old"]
    assert everything["ETag"].startswith('"')
    recent = versioned.get(STATE, {**context, "since": (timezone.now() - timedelta(minutes=5)).isoformat()})
    assert recent.json() == ["new", "newer"]
    newest = Document.objects.get(document_id="newer").updated
    assert parse_http_date(recent["Last-Modified"]) == int(newest.timestamp())
    assert versioned.get(STATE, {**context, "since": newest.isoformat()}).json() == []


def test_since_with_an_unencoded_plus_offset_is_understood(docs):
    docs.put(STATE, state(), {"a": 1})
    since = (timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    path = f"{STATE}?activityId={ACTIVITY}&agent={json.dumps(AGENT)}&since={since}"  # '+' left raw: a space
    response = docs.client.get(path, HTTP_AUTHORIZATION=docs.auth, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert response.status_code == 200
    assert response.json() == ["resume"]


def test_registration_is_part_of_the_key_and_filters_lists_and_deletes(docs):
    registration = str(uuid.uuid4())
    docs.put(STATE, state("s"), {"where": "none"})
    docs.put(STATE, state("s", registration=registration), {"where": "reg"})
    docs.put(STATE, state("t", registration=registration.upper()), {"where": "reg, other id"})
    assert docs.get(STATE, state("s")).json() == {"where": "none"}
    assert docs.get(STATE, state("s", registration=registration)).json() == {"where": "reg"}
    context = {"activityId": ACTIVITY, "agent": AGENT}
    assert docs.get(STATE, context).json() == ["s", "t"]  # without registration: every registration
    assert docs.get(STATE, {**context, "registration": registration}).json() == ["s", "t"]
    assert docs.delete(STATE, {**context, "registration": registration}).status_code == 204
    assert docs.get(STATE, context).json() == ["s"]
    assert docs.get(STATE, state("s")).json() == {"where": "none"}


def test_delete_without_state_id_clears_the_agents_state_for_the_activity_only(docs):
    docs.put(STATE, state("a"), {"a": 1})
    docs.put(STATE, state("b", registration=str(uuid.uuid4())), {"b": 1})
    docs.put(STATE, {**state("c"), "agent": OTHER_AGENT}, {"c": 1})
    docs.put(STATE, {**state("d"), "activityId": "http://example.org/activities/other"}, {"d": 1})
    assert docs.delete(STATE, {"activityId": ACTIVITY, "agent": AGENT}).status_code == 204
    assert sorted(Document.objects.values_list("document_id", flat=True)) == ["c", "d"]


def test_delete_all_refuses_concurrency_headers(docs):
    docs.put(STATE, state(), {"a": 1})
    response = docs.delete(STATE, {"activityId": ACTIVITY, "agent": AGENT}, if_match="*")
    assert response.status_code == 400
    assert Document.objects.count() == 1


# --- bad input ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "params", "fragment"),
    [
        ("GET", {"agent": AGENT, "stateId": "s"}, "activityId parameter is required"),
        ("PUT", {"activityId": "not an iri", "agent": AGENT, "stateId": "s"}, "Invalid activityId"),
        ("POST", {"activityId": ACTIVITY, "stateId": "s"}, "agent parameter is required"),
        ("DELETE", {"activityId": ACTIVITY, "agent": "not json", "stateId": "s"}, "not valid JSON"),
        ("GET", {"activityId": ACTIVITY, "agent": "true", "stateId": "s"}, "Invalid agent"),
        (
            "PUT",
            {**state(), "agent": {"mbox": "mailto:a@example.org", "openid": "http://a.example.org"}},
            "exactly one",
        ),
        ("PUT", {**state(), "agent": {"objectType": "Group", "member": [AGENT]}}, "identified Group"),
        ("PUT", {**state(), "agent": {"mbox": "learner@example.org"}}, "agent.mbox"),
        ("PUT", state(registration="not-a-uuid"), "Invalid registration"),
        ("GET", state(registration="true"), "Invalid registration"),
        ("PUT", {"activityId": ACTIVITY, "agent": AGENT}, "stateId parameter is required"),
        ("POST", state(stateId=""), "stateId parameter is required"),
        ("PUT", state(since="2024-01-01T00:00:00Z"), "Unexpected parameter(s) 'since'"),
        ("GET", {**state(), "foo": "bar"}, "Unexpected parameter(s) 'foo'"),
        ("GET", {**state(), "profileId": "p"}, "'profileId'"),
        ("GET", {"activityId": ACTIVITY, "agent": AGENT, "StateId": "s"}, "did you mean 'stateId'"),
        ("GET", {"activityId": ACTIVITY, "agent": AGENT, "since": "yesterday"}, "since parameter must be"),
        ("PUT", state("x" * 501), "longer than 500"),
    ],
)
def test_bad_parameters_are_400_with_a_json_message(versioned, method, params, fragment):
    response = versioned.call(method, STATE, params, b'{"a": 1}')
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == JSON_TYPE
    assert fragment in response.json()["message"]
    assert response["X-Experience-API-Version"] == versioned.version
    assert not Document.objects.exists()


def test_a_repeated_parameter_is_400(docs):
    path = f"{STATE}?{query(state())}&stateId=other"
    response = docs.client.put(path, b"{}", content_type=JSON_TYPE, HTTP_AUTHORIZATION=docs.auth,
                               HTTP_X_EXPERIENCE_API_VERSION="1.0.3")  # fmt: skip
    assert response.status_code == 400
    assert "must be given once" in response.json()["message"]


def test_requests_need_credentials_and_a_version(client):
    anonymous = DocClient(client, None)
    unauthenticated = anonymous.get(STATE, state())
    assert unauthenticated.status_code == 401
    assert "WWW-Authenticate" in unauthenticated
    no_version = client.get(f"{STATE}?{query(state())}", HTTP_AUTHORIZATION=basic_auth("all"))
    assert no_version.status_code == 400
    assert no_version.json()["error"] == "no_version"


# --- concurrency: ETag, If-Match, If-None-Match, 409, 412 ---------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_if_match_with_the_current_etag_replaces_and_a_stale_one_is_412(docs, version):
    docs.put(STATE, state(), {"v": 1}, version=version)
    etag = docs.get(STATE, state())["ETag"]
    assert docs.put(STATE, state(), {"v": 2}, version=version, if_match=etag).status_code == 204
    stale = docs.put(STATE, state(), {"v": 3}, version=version, if_match=etag)
    assert stale.status_code == 412
    assert stale.json()["error"] == "precondition_failed"
    assert docs.put(STATE, state(), {"v": 3}, version=version, if_match="1234").status_code == 412
    assert docs.get(STATE, state()).json() == {"v": 2}


@pytest.mark.parametrize(
    "header",
    ['"{etag}"', 'W/"{etag}"', '"{ETAG}"', '"0000000000000000000000000000000000000000", "{etag}"', "*"],
)
def test_if_match_accepts_weak_uppercase_lists_and_star(docs, header):
    docs.put(STATE, state(), {"v": 1})
    etag = docs.get(STATE, state())["ETag"].strip('"')
    response = docs.put(STATE, state(), {"v": 2}, if_match=header.format(etag=etag, ETAG=etag.upper()))
    assert response.status_code == 204


def test_if_match_on_a_missing_document_is_412(docs):
    assert docs.put(STATE, state(), {"v": 1}, if_match="*").status_code == 412
    assert not Document.objects.exists()


def test_if_none_match_star_creates_only_when_absent(versioned):
    params = {"activityId": ACTIVITY, "profileId": "settings"}
    assert versioned.put(ACTIVITY_PROFILE, params, {"v": 1}, if_none_match="*").status_code == 204
    again = versioned.put(ACTIVITY_PROFILE, params, {"v": 2}, if_none_match="*")
    assert again.status_code == 412
    assert versioned.get(ACTIVITY_PROFILE, params).json() == {"v": 1}


def test_both_headers_must_hold(docs):
    docs.put(STATE, state(), {"v": 1})
    etag = docs.get(STATE, state())["ETag"]
    assert docs.put(STATE, state(), {"v": 2}, if_match=etag, if_none_match="*").status_code == 412


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("path", "params"),
    [
        (ACTIVITY_PROFILE, {"activityId": ACTIVITY, "profileId": "p"}),
        (AGENT_PROFILE, {"agent": AGENT, "profileId": "p"}),
    ],
)
def test_profile_put_without_headers_onto_an_existing_document_is_409(docs, version, path, params):
    """Communication 3.1 (1.0.3) and 4.1.4 (2.0): "If a PUT request is received without either header for a resource
    that already exists, the LRS MUST return HTTP status 409 Conflict"."""
    assert docs.put(path, params, {"v": 1}, version=version).status_code == 204  # a new one needs no header
    conflict = docs.put(path, params, {"v": 2}, version=version)
    assert conflict.status_code == 409
    assert conflict.json()["error"] == "conflict"
    assert "If-Match" in conflict.json()["message"] and "ETag" in conflict.json()["message"]
    assert docs.get(path, params, version=version).json() == {"v": 1}
    etag = docs.get(path, params)["ETag"]
    assert docs.put(path, params, {"v": 2}, version=version, if_match=etag).status_code == 204


@pytest.mark.parametrize("version", VERSIONS)
def test_profile_post_and_delete_without_headers_are_accepted(docs, version):
    """POST/DELETE concurrency headers are a client SHOULD* (1.0.3) or an LRP shall (2.0), never an LRS reject: the
    2.0 conformance suite posts and deletes profiles without them and expects 204."""
    params = {"agent": AGENT, "profileId": "prefs"}
    docs.post(AGENT_PROFILE, params, {"a": 1}, version=version)
    assert docs.post(AGENT_PROFILE, params, {"b": 2}, version=version).status_code == 204
    assert docs.get(AGENT_PROFILE, params).json() == {"a": 1, "b": 2}
    assert docs.delete(AGENT_PROFILE, params, version=version).status_code == 204
    assert docs.get(AGENT_PROFILE, params).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
def test_post_and_delete_with_a_stale_etag_are_412_and_change_nothing(docs, version):
    params = {"activityId": ACTIVITY, "profileId": "p"}
    docs.post(ACTIVITY_PROFILE, params, {"a": 1}, version=version)
    etag = docs.get(ACTIVITY_PROFILE, params)["ETag"]
    assert docs.post(ACTIVITY_PROFILE, params, {"b": 2}, version=version, if_match='"1234"').status_code == 412
    assert docs.post(ACTIVITY_PROFILE, params, {"b": 2}, version=version, if_none_match="*").status_code == 412
    assert docs.delete(ACTIVITY_PROFILE, params, version=version, if_match='"1234"').status_code == 412
    assert docs.get(ACTIVITY_PROFILE, params).json() == {"a": 1}
    assert docs.post(ACTIVITY_PROFILE, params, {"b": 2}, version=version, if_match=etag).status_code == 204
    etag = docs.get(ACTIVITY_PROFILE, params)["ETag"]
    assert docs.delete(ACTIVITY_PROFILE, params, version=version, if_match=etag).status_code == 204
    assert docs.delete(ACTIVITY_PROFILE, params, version=version, if_match=etag).status_code == 412  # gone


def test_a_stale_etag_loses_at_the_service_level_too(db):
    scope = DocumentScope(kind=DocumentKind.ACTIVITY_PROFILE, activity_id=ACTIVITY)
    first = document_put(scope=scope, document_id="p", content=b"1", content_type=JSON_TYPE,
                         preconditions=Preconditions(), require_precondition=True)  # fmt: skip
    read_etag = Preconditions.from_headers(if_match=f'"{first.etag}"', if_none_match=None)
    document_put(scope=scope, document_id="p", content=b"2", content_type=JSON_TYPE, preconditions=read_etag,
                 require_precondition=True)  # fmt: skip
    with pytest.raises(DocumentError) as error:
        document_put(scope=scope, document_id="p", content=b"3", content_type=JSON_TYPE, preconditions=read_etag,
                     require_precondition=True)  # fmt: skip
    assert error.value.code == "precondition_failed"
    assert bytes(Document.objects.get().content) == b"2"


@pytest.mark.django_db(transaction=True)
def test_two_puts_with_the_same_etag_at_once_one_wins_one_gets_412():
    auth = basic_auth("all")
    params = {"activityId": ACTIVITY, "profileId": "race"}
    DocClient(Client(), auth).put(ACTIVITY_PROFILE, params, {"v": 0})
    etag = DocClient(Client(), auth).get(ACTIVITY_PROFILE, params)["ETag"]
    barrier, statuses = threading.Barrier(2), []

    def writer(value: int) -> None:
        try:
            barrier.wait(timeout=10)
            response = DocClient(Client(), auth).put(ACTIVITY_PROFILE, params, {"v": value}, if_match=etag)
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [204, 412]
    assert Document.objects.get().etag != etag.strip('"')


# --- the two profile resources ------------------------------------------------------------------------------------


def test_activity_profile_round_trip_and_list(versioned):
    params = {"activityId": ACTIVITY, "profileId": "glossary"}
    assert versioned.put(ACTIVITY_PROFILE, params, {"terms": []}).status_code == 204
    assert versioned.post(ACTIVITY_PROFILE, {**params, "profileId": "other"}, {"a": 1}).status_code == 204
    assert versioned.get(ACTIVITY_PROFILE, params).json() == {"terms": []}
    _age("glossary", 60)
    since = (timezone.now() - timedelta(minutes=5)).isoformat()
    assert versioned.get(ACTIVITY_PROFILE, {"activityId": ACTIVITY}).json() == ["glossary", "other"]
    assert versioned.get(ACTIVITY_PROFILE, {"activityId": ACTIVITY, "since": since}).json() == ["other"]


@pytest.mark.parametrize(
    ("method", "params", "fragment"),
    [
        ("GET", {"profileId": "p"}, "activityId parameter is required"),
        ("PUT", {"activityId": ACTIVITY, "profileId": "p", "agent": AGENT}, "'agent'"),
        ("DELETE", {"activityId": ACTIVITY}, "profileId parameter is required"),
        ("PUT", {"activityId": ACTIVITY, "profileId": "p", "registration": str(uuid.uuid4())}, "'registration'"),
    ],
)
def test_activity_profile_bad_parameters(docs, method, params, fragment):
    response = docs.call(method, ACTIVITY_PROFILE, params, b"{}")
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_agent_profile_round_trip_list_and_delete(versioned):
    params = {"agent": AGENT, "profileId": "preferences"}
    assert versioned.put(AGENT_PROFILE, params, {"lang": "fr"}).status_code == 204
    assert versioned.get(AGENT_PROFILE, params).json() == {"lang": "fr"}
    assert versioned.get(AGENT_PROFILE, {"agent": AGENT}).json() == ["preferences"]
    assert versioned.get(AGENT_PROFILE, {"agent": OTHER_AGENT}).json() == []
    assert versioned.delete(AGENT_PROFILE, params).status_code == 204
    assert versioned.get(AGENT_PROFILE, {"agent": AGENT}).json() == []


@pytest.mark.parametrize(
    ("method", "params", "fragment"),
    [
        ("GET", {"profileId": "p"}, "agent parameter is required"),
        ("PUT", {"agent": "true", "profileId": "p"}, "Invalid agent"),
        ("PUT", {"agent": AGENT, "profileId": "p", "activityId": ACTIVITY}, "'activityId'"),
        ("POST", {"agent": AGENT}, "profileId parameter is required"),
        ("DELETE", {"agent": AGENT}, "profileId parameter is required"),
    ],
)
def test_agent_profile_bad_parameters(docs, method, params, fragment):
    response = docs.call(method, AGENT_PROFILE, params, b"{}")
    assert response.status_code == 400
    assert fragment in response.json()["message"]


# --- scopes and the learner's browser session ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scopes", "path", "params", "method", "status"),
    [
        (["statements/write"], STATE, state(), "PUT", 403),
        (["statements/read"], STATE, state(), "GET", 403),
        (["state"], STATE, state(), "PUT", 204),
        (["state"], ACTIVITY_PROFILE, {"activityId": ACTIVITY, "profileId": "p"}, "PUT", 403),
        (["profile"], ACTIVITY_PROFILE, {"activityId": ACTIVITY, "profileId": "p"}, "PUT", 204),
        (["profile"], AGENT_PROFILE, {"agent": AGENT, "profileId": "p"}, "POST", 204),
        (["profile"], STATE, state(), "GET", 403),
        (["all/read"], STATE, state(), "GET", 404),
        (["all/read"], STATE, state(), "HEAD", 404),
        (["all/read"], STATE, state(), "DELETE", 403),
        (["all/read"], AGENT_PROFILE, {"agent": AGENT}, "GET", 200),
        (["all"], AGENT_PROFILE, {"agent": AGENT, "profileId": "p"}, "PUT", 204),
    ],
)
def test_scopes(client, scopes, path, params, method, status):
    response = DocClient(client, basic_auth(*scopes)).call(method, path, params, b"{}")
    assert response.status_code == status
    if status == 403:
        assert response.json()["error"] == "scope"


@pytest.fixture
def learner_session(client):
    learner = UserFactory(role=Role.LEARNER)
    client.force_login(learner)
    return DocClient(client, None), actor_for(learner.public_id)


def test_a_browser_session_keeps_its_own_resume_state(learner_session):
    session, actor = learner_session
    mine = {"activityId": ACTIVITY, "agent": actor, "stateId": "h5p-resume"}
    assert session.put(STATE, mine, {"progress": 0.5}).status_code == 204
    assert session.post(STATE, mine, {"page": 4}).status_code == 204
    assert session.get(STATE, mine).json() == {"progress": 0.5, "page": 4}
    assert session.get(STATE, {"activityId": ACTIVITY, "agent": actor}).json() == ["h5p-resume"]
    assert session.delete(STATE, mine).status_code == 204


@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
def test_a_browser_session_cannot_touch_another_agents_state(learner_session, docs, method):
    session, _actor = learner_session
    docs.put(STATE, state(), {"secret": 1})
    response = session.call(method, STATE, state(), b'{"x": 1}')
    assert response.status_code == 403
    assert response.json()["error"] == "not_your_agent"
    assert docs.get(STATE, state()).json() == {"secret": 1}


def test_a_browser_session_has_no_profile_scope(learner_session):
    session, actor = learner_session
    assert session.put(AGENT_PROFILE, {"agent": actor, "profileId": "p"}, b"{}").status_code == 403
    assert session.get(ACTIVITY_PROFILE, {"activityId": ACTIVITY, "profileId": "p"}).status_code == 403


# --- alternate request syntax -------------------------------------------------------------------------------------


def test_alternate_request_syntax_puts_and_gets_a_state_document(client):
    auth = basic_auth("all")
    form = {
        "activityId": ACTIVITY,
        "agent": json.dumps(AGENT),
        "stateId": "ie9",
        "Authorization": auth,
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": JSON_TYPE,
        "content": '{"café": "crème"}',
    }
    put = client.post(f"{STATE}?method=PUT", urlencode(form), content_type="application/x-www-form-urlencoded")
    assert put.status_code == 204
    read = {key: form[key] for key in ("activityId", "agent", "stateId", "Authorization", "X-Experience-API-Version")}
    got = client.post(f"{STATE}?method=GET", urlencode(read), content_type="application/x-www-form-urlencoded")
    assert got.status_code == 200
    assert got.json() == {"café": "crème"}
    assert got["ETag"] == f'"{sha1(json.dumps({"café": "crème"}, ensure_ascii=False).encode())}"'
