"""xAPI 2.0 (IEEE 9274.1.1) rules over real HTTP with `X-Experience-API-Version: 2.0.0`: the requirements the ADL 2.0
conformance suite adds to the numbered 1.0.3 ones (ids XAPI2-NN in docs/xapi-conformance.md) and the numbered ones
whose expected values change in 2.0."""

from __future__ import annotations

import copy
import json
import uuid
from urllib.parse import urlencode

import orjson
import pytest
from django.utils.http import parse_http_date

from tests.xapi.conftest import make_statement
from xapi.models import Document, Statement

pytestmark = pytest.mark.django_db

V2 = "2.0.0"
AGENT = {"objectType": "Agent", "mbox": "mailto:player-1@example.com"}
CONTEXT_AGENT = {"objectType": "contextAgent", "agent": AGENT, "relevantTypes": ["https://example.com/roles/coach"]}
CONTEXT_GROUP = {
    "objectType": "contextGroup",
    "group": {"objectType": "Group", "member": [AGENT]},
    "relevantTypes": ["https://example.com/roles/team"],
}


def in_statement_and_substatement(context: dict) -> list[dict]:
    sub = {
        "objectType": "SubStatement",
        "actor": AGENT,
        "verb": {"id": "http://e.org/v"},
        "object": {"id": "http://e.org/a"},
        "context": copy.deepcopy(context),
    }
    return [make_statement(0, context=copy.deepcopy(context)), make_statement(1, object=sub)]


# --- XAPI2-01, XAPI2-02: contextAgents, contextGroups -------------------------------------------------------------


@pytest.mark.parametrize(
    "xapi_context",
    [
        {"contextAgents": [CONTEXT_AGENT]},
        {"contextGroups": [CONTEXT_GROUP]},
        {"contextAgents": [{"objectType": "contextAgent", "agent": AGENT}]},
    ],
)
def test_xapi2_01_02_valid_context_agents_and_groups_are_accepted(lrs, xapi_context):
    for statement in in_statement_and_substatement(xapi_context):
        response = lrs.post(statement, version=V2)
        assert response.status_code == 200, response.content
        [statement_id] = response.json()
        stored = lrs.get({"statementId": statement_id}, version=V2).json()
        where = stored["context"] if "context" in statement else stored["object"]["context"]
        assert where == xapi_context


INVALID_CONTEXTS = [
    ("XAPI2-01 contextAgent objectType", {"contextAgents": [{**CONTEXT_AGENT, "objectType": "Should fail"}]}),
    ("XAPI2-01 contextAgent agent", {"contextAgents": [{**CONTEXT_AGENT, "agent": {"key": "Should fail"}}]}),
    ("XAPI2-01 contextAgent relevantTypes empty", {"contextAgents": [{**CONTEXT_AGENT, "relevantTypes": []}]}),
    ("XAPI2-01 contextAgent relevantTypes not IRIs", {"contextAgents": [{**CONTEXT_AGENT, "relevantTypes": ["abc"]}]}),
    ("XAPI2-01 contextAgents not an array", {"contextAgents": CONTEXT_AGENT}),
    ("XAPI2-02 contextGroup objectType", {"contextGroups": [{**CONTEXT_GROUP, "objectType": "Should fail"}]}),
    ("XAPI2-02 contextGroup group", {"contextGroups": [{**CONTEXT_GROUP, "group": {"key": "Should fail"}}]}),
    ("XAPI2-02 contextGroup relevantTypes empty", {"contextGroups": [{**CONTEXT_GROUP, "relevantTypes": []}]}),
    ("XAPI2-02 contextGroup relevantTypes not IRIs", {"contextGroups": [{**CONTEXT_GROUP, "relevantTypes": ["abc"]}]}),
]


@pytest.mark.parametrize(("case", "xapi_context"), INVALID_CONTEXTS, ids=[case for case, _ in INVALID_CONTEXTS])
def test_xapi2_01_02_invalid_context_agents_and_groups_are_400(lrs, case, xapi_context):
    for statement in in_statement_and_substatement(xapi_context):
        assert lrs.post(statement, version=V2).status_code == 400
    assert Statement.objects.count() == 0


# --- XAPI2-03: RFC 3339 timestamps --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "timestamp",
    [
        "2008-09-15T15:53:00.601-00",
        "2008-09-15T15:53:00.601-0000",
        "2008-09-15T15:53:00.601-00:00",
        "01/011/2015",
        "should fail",
    ],
)
def test_xapi2_03_timestamps_that_rfc_3339_refuses_are_400(lrs, timestamp):
    sub = {
        "objectType": "SubStatement",
        "actor": AGENT,
        "verb": {"id": "http://e.org/v"},
        "object": {"id": "http://e.org/a"},
        "timestamp": timestamp,
    }
    assert lrs.post(make_statement(timestamp=timestamp), version=V2).status_code == 400
    assert lrs.post(make_statement(object=sub), version=V2).status_code == 400


def test_xapi2_03_an_rfc_3339_timestamp_with_a_space_is_accepted(lrs):
    response = lrs.post(make_statement(timestamp="2008-09-15 15:53:00.601+00:00"), version=V2)
    assert response.status_code == 200, response.content


# --- XAPI2-04, XAPI2-05: batches and Last-Modified ----------------------------------------------------------------


def test_xapi2_04_a_batch_repeating_an_id_is_400(lrs):
    statement_id = str(uuid.uuid4())
    for version in ("1.0.3", V2):
        response = lrs.post([make_statement(0, id=statement_id), make_statement(0, id=statement_id)], version=version)
        assert response.status_code == 400
    assert Statement.objects.count() == 0


def test_xapi2_05_a_single_statement_has_a_last_modified_matching_stored(lrs):
    [statement_id] = lrs.post(make_statement(), version=V2).json()
    response = lrs.get({"statementId": statement_id}, version=V2)
    stored = orjson.loads(response.content)["stored"]
    from datetime import datetime

    stored_seconds = int(datetime.fromisoformat(stored.replace("Z", "+00:00")).timestamp())
    assert parse_http_date(response["Last-Modified"]) == stored_seconds


# --- XAPI2-06 … XAPI2-08: document concurrency in 2.0 ---------------------------------------------------------------

RESOURCES = [
    ("/xapi/activities/state", {"activityId": "http://e.org/a", "agent": AGENT, "stateId": "s"}),
    ("/xapi/activities/profile", {"activityId": "http://e.org/a", "profileId": "p"}),
    ("/xapi/agents/profile", {"agent": AGENT, "profileId": "p"}),
]


def doc(lrs, method: str, path: str, params: dict, body: dict | None = None, **headers):
    query = urlencode({k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()})
    extra = {f"HTTP_{name.upper()}": value for name, value in headers.items()}
    payload = orjson.dumps(body) if body is not None else b""
    return lrs.client.generic(
        method, f"{path}?{query}", payload, content_type="application/json", **lrs.headers(V2), **extra
    )


@pytest.mark.parametrize(("path", "params"), RESOURCES, ids=[path for path, _ in RESOURCES])
def test_xapi2_06_get_answers_a_quoted_etag(lrs, path, params):
    assert doc(lrs, "POST", path, params, {"name": "first"}).status_code == 204
    etag = doc(lrs, "GET", path, params)["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) == 42


@pytest.mark.parametrize(("path", "params"), RESOURCES, ids=[path for path, _ in RESOURCES])
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_xapi2_07_if_match_is_honoured_by_put_post_and_delete(lrs, path, params, method):
    doc(lrs, "POST", path, params, {"name": "first"})
    etag = doc(lrs, "GET", path, params)["ETag"]
    body = None if method == "DELETE" else {"name": "updated"}
    assert doc(lrs, method, path, params, body, if_match='"1234"').status_code == 412
    assert doc(lrs, "GET", path, params).json() == {"name": "first"}
    assert doc(lrs, method, path, params, body, if_match=etag).status_code == 204
    after = doc(lrs, "GET", path, params)
    assert after.status_code == 404 if method == "DELETE" else after.json() == {"name": "updated"}


@pytest.mark.parametrize(("path", "params"), RESOURCES[1:], ids=[path for path, _ in RESOURCES[1:]])
def test_xapi2_08_put_without_precondition_onto_an_existing_profile_is_409(lrs, path, params):
    doc(lrs, "POST", path, params, {"name": "first"})
    response = doc(lrs, "PUT", path, params, {"name": "second"})
    assert response.status_code == 409
    assert response.json()["message"]
    assert doc(lrs, "GET", path, params).json() == {"name": "first"}
    assert Document.objects.count() == 1


# --- XAPI2-09: IRI comparison -------------------------------------------------------------------------------------


def test_xapi2_09_iris_are_compared_as_strings(lrs):
    slug = uuid.uuid4().hex
    plain, dotted = f"http://example.com/path/{slug}", f"http://example.com/path/../{slug}"
    lrs.post(make_statement(object={"id": dotted}), version=V2)
    got_dotted = lrs.get({"activityId": dotted}, path="/xapi/activities", version=V2).json()
    got_plain = lrs.get({"activityId": plain}, path="/xapi/activities", version=V2).json()
    assert got_dotted["id"] == dotted or got_plain["id"] == plain
    assert lrs.get({"activity": dotted}, version=V2).json()["statements"]
    assert lrs.get({"activity": dotted.upper()}, version=V2).json()["statements"] == []


# --- numbered requirements whose values change in 2.0 ---------------------------------------------------------------


def test_xapi_00101_00332_00333_version_2_0_0(lrs):
    [statement_id] = lrs.post(make_statement(version="2.0.0"), version=V2).json()
    response = lrs.get({"statementId": statement_id}, version=V2)
    assert response["X-Experience-API-Version"] == "2.0.0"
    assert response.json()["version"] == "2.0.0"
    [without] = lrs.post(make_statement(1), version=V2).json()
    assert lrs.get({"statementId": without}, version=V2).json()["version"] == "2.0.0"
    for bad in ("2.1.0", "3.0.0", "2.0.x"):
        assert lrs.post(make_statement(version=bad), version=V2).status_code == 400


def test_xapi_00316_00317_00331_about_and_version_header_in_2_0(client, lrs):
    assert "2.0.0" in client.get("/xapi/about").json()["version"]
    for header in ("2.0", "2.0.0", "2.0.9"):
        response = lrs.get(version=header)
        assert response.status_code == 200 and response["X-Experience-API-Version"] == "2.0.0"
    for header in ("2.1.0", "2.1", "3.0.0"):
        assert lrs.get(version=header).status_code == 400
