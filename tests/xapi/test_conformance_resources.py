"""Communication requirements over real HTTP: GET statements, HEAD, headers, agents, activities, about, error codes
(docs/xapi-conformance.md maps each numbered requirement here)."""

from __future__ import annotations

import uuid
from datetime import datetime

import orjson
import pytest

from tests.xapi.conftest import make_statement
from xapi.models import Statement

pytestmark = pytest.mark.django_db

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
AGENT = {"objectType": "Agent", "mbox": "mailto:learner0@example.org"}


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def voiding(target: str) -> dict:
    return make_statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target})


# --- GET statements -----------------------------------------------------------------------------------------------


def test_xapi_00112_00149_an_empty_result_is_200(lrs):
    response = lrs.get({"verb": "http://adlnet.gov/expapi/non/existent"})
    assert response.status_code == 200
    assert response.json() == {"statements": [], "more": ""}


def test_xapi_00108_00109_00111_00113_00114_more_pages_are_containers_like_the_first(lrs):
    lrs.post([make_statement(i) for i in range(5)])
    first = lrs.get({"limit": 2}).json()
    assert set(first) == {"statements", "more"} and len(first["statements"]) == 2
    second = lrs.get(path=first["more"]).json()
    assert set(second) == {"statements", "more"} and len(second["statements"]) == 2
    last = lrs.get(path=second["more"]).json()
    assert len(last["statements"]) == 1 and last["more"] == ""


def test_xapi_00110_00154_statements_is_an_array_of_statements(lrs):
    lrs.post([make_statement(0), make_statement(1)])
    body = lrs.get().json()
    assert isinstance(body["statements"], list)
    assert all({"id", "actor", "verb", "object", "stored", "authority"} <= set(s) for s in body["statements"])


def test_xapi_00152_00160_consistent_through_is_iso_8601_and_not_before_stored(lrs):
    [statement_id] = lrs.post(make_statement()).json()
    for params in ({}, {"statementId": statement_id}):
        response = lrs.get(params)
        stored = response.json()["stored"] if params else response.json()["statements"][0]["stored"]
        assert _when(response["X-Experience-API-Consistent-Through"]) >= _when(stored)


def test_xapi_00153_consistent_through_on_200_and_404(lrs):
    responses = [lrs.get(), lrs.get({"statementId": str(uuid.uuid4())})]
    assert [r.status_code for r in responses] == [200, 404]
    assert all("X-Experience-API-Consistent-Through" in r for r in responses)


def test_xapi_00153_consistent_through_on_a_400(lrs):
    response = lrs.get({"verb": "not an iri", "nope": "1"})
    assert response.status_code == 400
    assert "X-Experience-API-Consistent-Through" in response


def test_xapi_00155_to_00158_00163_single_statement_by_id_and_voided_id(lrs):
    target, kept = str(uuid.uuid4()), str(uuid.uuid4())
    lrs.put(target, make_statement(0))
    lrs.put(kept, make_statement(1))
    lrs.post(voiding(target))
    response = lrs.get({"statementId": kept})
    assert response.status_code == 200 and response.json()["id"] == kept
    assert lrs.get({"statementId": target}).status_code == 404
    assert lrs.get({"voidedStatementId": target}).json()["id"] == target
    assert lrs.get({"voidedStatementId": kept}).status_code == 404
    assert target not in [s["id"] for s in lrs.get().json()["statements"]]


@pytest.mark.parametrize("single", ["statementId", "voidedStatementId"])
@pytest.mark.parametrize(
    "other",
    [
        ("verb", "http://adlnet.gov/expapi/verbs/experienced"),
        ("limit", "1"),
        ("ascending", "true"),
        ("since", "2020-01-01T00:00:00Z"),
    ],
)
def test_xapi_00150_00151_statement_ids_only_combine_with_format_and_attachments(lrs, single, other):
    statement_id = str(uuid.uuid4())
    lrs.put(statement_id, make_statement())
    if single == "voidedStatementId":
        lrs.post(voiding(statement_id))
    assert lrs.get({single: statement_id, "format": "ids", "attachments": "false"}).status_code == 200
    assert lrs.get({single: statement_id, other[0]: other[1]}).status_code == 400


def test_xapi_00162_statements_targeting_a_voided_statement_are_returned(lrs):
    target = str(uuid.uuid4())
    lrs.put(target, make_statement(0))
    [voiding_id] = lrs.post(voiding(target)).json()
    [ref_id] = lrs.post(make_statement(2, object={"objectType": "StatementRef", "id": target})).json()
    listed = [s["id"] for s in lrs.get({"since": "2000-01-01T00:00:00Z"}).json()["statements"]]
    assert voiding_id in listed and ref_id in listed and target not in listed


def test_xapi_00165_every_get_has_a_content_type(lrs):
    [statement_id] = lrs.post(make_statement()).json()
    for params in ({}, {"statementId": statement_id}, {"format": "ids"}):
        assert lrs.get(params)["Content-Type"] == "application/json"


def test_xapi_00164_00166_00173_00174_00175_filters_limit_until_since_ascending(lrs):
    for i in range(4):
        lrs.post(make_statement(i))
    everything = lrs.get({"ascending": "true"}).json()["statements"]
    assert [s["actor"]["name"] for s in everything] == [f"Learner {i}" for i in range(4)]
    stored = [s["stored"] for s in everything]
    assert stored == sorted(stored)
    assert len(lrs.get({"limit": 3}).json()["statements"]) == 3
    until = lrs.get({"until": stored[1], "ascending": "true"}).json()["statements"]
    assert [s["stored"] for s in until] == [s for s in stored if s <= stored[1]]
    since = lrs.get({"since": stored[1], "ascending": "true"}).json()["statements"]
    assert [s["stored"] for s in since] == [s for s in stored if s > stored[1]]


def test_xapi_00176_related_agents_reach_authority_team_and_substatements(lrs):
    team = {"objectType": "Group", "mbox": "mailto:team@example.org"}
    sub_actor = {"mbox": "mailto:inside@example.org"}
    sub = {
        "objectType": "SubStatement",
        "actor": sub_actor,
        "verb": {"id": "http://e.org/v"},
        "object": {"id": "http://e.org/a"},
    }
    lrs.post([make_statement(0, context={"team": team}), make_statement(1, object=sub)])

    def names(agent, related):
        params = {"agent": orjson.dumps(agent).decode(), "related_agents": related}
        return sorted(s["actor"]["name"] for s in lrs.get(params).json()["statements"])

    assert names(team, "false") == [] and names(team, "true") == ["Learner 0"]
    assert names(sub_actor, "false") == [] and names(sub_actor, "true") == ["Learner 1"]
    authority = {"account": {"homePage": "http://testserver", "name": "test-key"}}
    authority["account"]["homePage"] = lrs.get().json()["statements"][0]["authority"]["account"]["homePage"]
    assert names(authority, "true") == ["Learner 0", "Learner 1"]


def test_xapi_00177_related_activities_reach_context_and_substatements(lrs):
    sub = {
        "objectType": "SubStatement",
        "actor": AGENT,
        "verb": {"id": "http://e.org/v"},
        "object": {"id": "http://example.org/inner"},
        "context": {"contextActivities": {"grouping": [{"id": "http://example.org/inner-group"}]}},
    }
    lrs.post(make_statement(5, object=sub))
    for activity in ("http://example.org/inner", "http://example.org/inner-group"):
        assert lrs.get({"activity": activity}).json()["statements"] == []
        related = lrs.get({"activity": activity, "related_activities": "true"}).json()["statements"]
        assert [s["actor"]["name"] for s in related] == ["Learner 5"]


def test_xapi_00168_00170_format_exact_is_the_default_and_returns_what_was_sent(lrs):
    statement = make_statement(3)
    [statement_id] = lrs.post(statement).json()
    exact = lrs.get({"statementId": statement_id, "format": "exact"}).json()
    assert lrs.get({"statementId": statement_id}).json() == exact
    assert {key: exact[key] for key in statement} == statement


def test_xapi_00169_00172_canonical_returns_one_language_chosen_by_accept_language(lrs):
    lrs.post(make_statement(0, verb={"id": "http://e.org/v", "display": {"en-US": "did", "fr-FR": "a fait"}}))
    english = lrs.get({"format": "canonical"}, HTTP_ACCEPT_LANGUAGE="en-US").json()["statements"][0]
    assert english["verb"]["display"] == {"en-US": "did"}
    assert english["object"]["definition"]["name"] == {"en-US": "Lesson 0"}
    french = lrs.get({"format": "canonical"}, HTTP_ACCEPT_LANGUAGE="fr").json()["statements"][0]
    assert french["verb"]["display"] == {"fr-FR": "a fait"}


def test_xapi_00171_format_ids_keeps_identifiers_and_anonymous_group_members(lrs):
    group = {"objectType": "Group", "name": "Team", "member": [{"name": "Ana", "mbox": "mailto:ana@example.org"}]}
    lrs.post(make_statement(0, actor=group))
    ids = lrs.get({"format": "ids"}).json()["statements"][0]
    assert "name" not in ids["actor"] and [m.get("mbox") for m in ids["actor"]["member"]] == ["mailto:ana@example.org"]
    assert all("name" not in member for member in ids["actor"]["member"])
    assert "definition" not in ids["object"]


def test_xapi_00171_format_ids_reduces_the_verb_to_its_id(lrs):
    lrs.post(make_statement(0))
    ids = lrs.get({"format": "ids"}).json()["statements"][0]
    assert ids["verb"] == {"id": "http://adlnet.gov/expapi/verbs/experienced"}


def test_xapi_00178_00179_00180_00181_exact_match_filters(lrs):
    registration = str(uuid.uuid4())
    lrs.post([make_statement(0), make_statement(1, context={"registration": registration})])
    assert [s["actor"]["name"] for s in lrs.get({"registration": registration}).json()["statements"]] == ["Learner 1"]
    activity = lrs.get({"activity": "http://example.org/activities/lesson-0"}).json()["statements"]
    assert [s["actor"]["name"] for s in activity] == ["Learner 0"]
    assert len(lrs.get({"verb": "http://adlnet.gov/expapi/verbs/experienced"}).json()["statements"]) == 2
    agent = lrs.get({"agent": orjson.dumps(AGENT).decode()}).json()["statements"]
    assert [s["actor"]["name"] for s in agent] == ["Learner 0"]


def test_xapi_00148_a_get_sent_as_a_post_returns_the_statement_result(lrs):
    from urllib.parse import urlencode

    lrs.post(make_statement())
    form = urlencode({"Authorization": lrs.auth, "X-Experience-API-Version": "1.0.3", "limit": "1"})
    response = lrs.client.post("/xapi/statements?method=GET", form, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert len(response.json()["statements"]) == 1


def test_xapi_00012_parameters_are_validated_like_statement_values(lrs):
    for params in (
        {"registration": "not-a-uuid"},
        {"agent": '{"mbox": "ana@example.org"}'},
        {"since": "01/011/2015"},
        {"ascending": "yes"},
        {"related_agents": "1"},
    ):
        assert lrs.get(params).status_code == 400, params


# --- HEAD ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/xapi/statements", {}),
        ("/xapi/agents", {"agent": orjson.dumps(AGENT).decode()}),
        ("/xapi/activities", {"activityId": "http://example.org/activities/lesson-0"}),
        ("/xapi/about", {}),
        ("/xapi/activities/state", {"activityId": "http://e.org/a", "agent": orjson.dumps(AGENT).decode()}),
        ("/xapi/activities/profile", {"activityId": "http://e.org/a"}),
        ("/xapi/agents/profile", {"agent": orjson.dumps(AGENT).decode()}),
    ],
)
def test_xapi_00125_00126_head_answers_like_get_without_a_body(lrs, path, params):
    lrs.post(make_statement())
    got = lrs.get(params, path=path)
    head = lrs.client.head(path, params, **lrs.headers())
    assert head.status_code == got.status_code == 200
    assert head.content == b"" and got.content
    assert head["Content-Type"] == got["Content-Type"]
    assert head["X-Experience-API-Version"] == got["X-Experience-API-Version"]


# --- agents, activities, about --------------------------------------------------------------------------------------


def test_xapi_00236_to_00248_agents_returns_a_person(lrs):
    agent = {"objectType": "Agent", "name": "Ana", "mbox": "mailto:ana@example.org"}
    response = lrs.get({"agent": orjson.dumps(agent).decode()}, path="/xapi/agents")
    assert response.status_code == 200
    assert response.json() == {"objectType": "Person", "name": ["Ana"], "mbox": ["mailto:ana@example.org"]}
    account = {"account": {"homePage": "https://cafeia.example.fr", "name": "a1"}}
    person = lrs.get({"agent": orjson.dumps(account).decode()}, path="/xapi/agents").json()
    assert person == {"objectType": "Person", "account": [account["account"]]}
    sha1 = {"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}
    assert lrs.get({"agent": orjson.dumps(sha1).decode()}, path="/xapi/agents").json()["mbox_sha1sum"] == [
        sha1["mbox_sha1sum"]
    ]
    openid = {"openid": "http://toby.openid.example.org/"}
    assert lrs.get({"agent": orjson.dumps(openid).decode()}, path="/xapi/agents").json()["openid"] == [
        openid["openid"]
    ]


@pytest.mark.parametrize(
    "agent",
    [
        None,
        "not json",
        '{"name": "no ifi"}',
        '{"mbox": "ana@example.org"}',
        '{"objectType": "Group", "member": [{"mbox": "mailto:a@e.org"}]}',
    ],
)
def test_xapi_00243_00249_agents_needs_a_valid_agent(lrs, agent):
    response = lrs.get({} if agent is None else {"agent": agent}, path="/xapi/agents")
    assert response.status_code == 400


def test_xapi_00250_to_00253_activities_returns_the_activity(lrs):
    activity = "http://example.org/activities/lesson-7"
    lrs.post(make_statement(0, object={"id": activity, "definition": {"name": {"en-US": "Lesson"}}}))
    response = lrs.get({"activityId": activity}, path="/xapi/activities")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == activity and body.get("objectType", "Activity") == "Activity"
    assert body["definition"]["name"] == {"en-US": "Lesson"}
    unknown = lrs.get({"activityId": "http://example.org/never-seen"}, path="/xapi/activities").json()
    assert unknown["id"] == "http://example.org/never-seen"
    assert lrs.get(path="/xapi/activities").status_code == 400
    assert lrs.get({"activityId": "not an iri"}, path="/xapi/activities").status_code == 400


def test_xapi_00254_activities_merges_what_every_statement_taught(lrs):
    activity = "http://example.org/activities/lesson-7"
    lrs.post(make_statement(0, object={"id": activity, "definition": {"name": {"en-US": "Lesson"}}}))
    lrs.post(
        make_statement(
            1,
            object={"id": activity, "definition": {"name": {"fr-FR": "Leçon"}, "description": {"fr-FR": "Une leçon"}}},
        )
    )
    definition = lrs.get({"activityId": activity}, path="/xapi/activities").json()["definition"]
    assert definition["name"] == {"en-US": "Lesson", "fr-FR": "Leçon"}
    assert definition["description"] == {"fr-FR": "Une leçon"}


def test_xapi_00315_to_00320_about(client):
    response = client.get("/xapi/about")  # no credentials, no version header
    assert response.status_code == 200
    about = response.json()
    assert about["version"] == ["1.0.3", "2.0.0"]
    assert all(v in ("0.9", "0.95", "1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0") for v in about["version"])
    assert isinstance(about.get("extensions", {}), dict)


@pytest.mark.parametrize(
    "path",
    [
        "/xapi/statements",
        "/xapi/agents",
        "/xapi/activities",
        "/xapi/activities/state",
        "/xapi/activities/profile",
        "/xapi/agents/profile",
    ],
)
def test_xapi_00321_every_resource_but_about_needs_the_version_header(lrs, path):
    response = lrs.get(path=path, HTTP_X_EXPERIENCE_API_VERSION=None)
    assert response.status_code == 400
    assert response["X-Experience-API-Version"]


# --- versions, errors, authentication -----------------------------------------------------------------------------


def test_xapi_00331_00333_version_header_values(lrs):
    for good, answered in (("1.0", "1.0.3"), ("1.0.0", "1.0.3"), ("1.0.3", "1.0.3"), ("2.0.0", "2.0.0")):
        response = lrs.get(version=good)
        assert response.status_code == 200 and response["X-Experience-API-Version"] == answered, good
    for bad in ("0.95", "1.1", "1.1.0", "3.0.0", "1.0.3.1", ""):
        assert lrs.get(version=bad or " ").status_code == 400, bad


@pytest.mark.parametrize(
    "params", [{"Limit": "1"}, {"VERB": "http://e.org/v"}, {"statementid": str(uuid.uuid4())}, {"Ascending": "true"}]
)
def test_xapi_00324_00325_unknown_or_wrongly_cased_parameters_are_400(lrs, params):
    assert lrs.get(params).status_code == 400
    assert (
        lrs.post(
            make_statement(), path="/xapi/statements?" + "&".join(f"{k}={v}" for k, v in params.items())
        ).status_code
        == 400
    )


def test_xapi_00327_insufficient_scope_is_403(lrs_factory):
    reader = lrs_factory("statements/read")
    response = reader.post(make_statement())
    assert response.status_code == 403 and response.json()["message"]
    assert Statement.objects.count() == 0


def test_xapi_00328_an_oversized_request_is_413(lrs, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    big = make_statement(result={"response": "x" * 20_000})
    response = lrs.post(big)
    assert response.status_code == 413
    assert Statement.objects.count() == 0


def test_xapi_00334_00335_basic_authentication(client, lrs):
    body = orjson.dumps(make_statement())
    anonymous = client.post(
        "/xapi/statements", body, content_type="application/json", HTTP_X_EXPERIENCE_API_VERSION="1.0.3"
    )
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"].startswith("Basic")
    assert lrs.get(HTTP_AUTHORIZATION="Basic dGVzdC1rZXk6d3Jvbmc=").status_code == 401  # test-key:wrong
    assert lrs.get().status_code == 200
