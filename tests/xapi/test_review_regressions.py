"""Defects an independent review reproduced, each kept as a test (bad input is a 400, never a 500)."""

import uuid
from datetime import UTC, datetime

import orjson
import pytest

from tests.xapi.conftest import make_statement
from xapi import handlers
from xapi.actors import actor_for
from xapi.models import Statement
from xapi.recording import PlatformEvent, platform_statement_id, statement_record
from xapi.vocabulary import ATTENDED, activity_iri, activity_kind

pytestmark = pytest.mark.django_db
V = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
VOIDED = {"id": "http://adlnet.gov/expapi/verbs/voided"}


def _session_post(client, data):
    return client.post("/xapi/statements", orjson.dumps(data), content_type="application/json", **V)


def _attendance_event(learner) -> PlatformEvent:
    return PlatformEvent(kind="attendance.attended", record_key="attendance:1", learner_public_id=learner.public_id,
                         verb=ATTENDED, object_iri=activity_iri("session", 1), object_name="Matin",
                         at=datetime(2026, 12, 3, 9, tzinfo=UTC))  # fmt: skip


def test_platform_ids_depend_on_a_secret(settings):
    first = platform_statement_id(kind="attendance.attended", record_key="attendance:1")
    settings.XAPI_ACTOR_SECRET = "another-secret"
    assert platform_statement_id(kind="attendance.attended", record_key="attendance:1") != first


def test_a_client_cannot_void_a_platform_statement(lrs, learner):
    statement_id = statement_record(event=_attendance_event(learner))
    response = lrs.post({"actor": make_statement()["actor"], "verb": VOIDED,
                         "object": {"objectType": "StatementRef", "id": statement_id}})  # fmt: skip
    assert response.status_code == 403 and response.json()["error"] == "void_platform"
    assert not Statement.objects.get(statement_id=statement_id).voided


def test_a_client_voiding_in_advance_does_not_void_the_platform_statement(lrs, learner):
    statement_id = str(platform_statement_id(kind="attendance.attended", record_key="attendance:1"))
    lrs.post({"actor": make_statement()["actor"], "verb": VOIDED, "object": {"objectType": "StatementRef",
                                                                              "id": statement_id}})  # fmt: skip
    statement_record(event=_attendance_event(learner))
    assert not Statement.objects.get(statement_id=statement_id).voided


def test_a_voiding_statement_arriving_after_its_voider_is_not_voided(lrs):
    a, b, c = (str(uuid.uuid4()) for _ in range(3))
    actor = make_statement()["actor"]
    lrs.put(c, make_statement(3))
    lrs.put(a, {"actor": actor, "verb": VOIDED, "object": {"objectType": "StatementRef", "id": b}})
    lrs.put(b, {"actor": actor, "verb": VOIDED, "object": {"objectType": "StatementRef", "id": c}})
    assert lrs.get({"statementId": b}).status_code == 200  # B is a voiding statement: A could not void it
    assert lrs.get({"voidedStatementId": c}).status_code == 200


def test_the_browser_cannot_speak_for_other_people_or_enrolments(client, learner):
    registration = uuid.uuid4()
    handlers.register_registration_resolver(lambda *, user, activity_id: registration if user == learner else None)
    client.force_login(learner)
    statement = {
        "actor": {"mbox": "mailto:x@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": activity_iri("lesson", 4)},
        "result": {"duration": "PT3M", "score": {"scaled": 1}, "success": True},
        "context": {
            "registration": str(uuid.uuid4()),
            "instructor": {"mbox": "mailto:trainer@example.org"},
            "contextActivities": {"parent": [{"id": activity_iri("quiz", 3)}, {"id": activity_iri("lesson", 4)}]},
        },
    }
    try:
        assert _session_post(client, statement).status_code == 200
    finally:
        handlers._registration_resolvers.clear()
    stored = orjson.loads(Statement.objects.get().payload)
    assert stored["actor"] == actor_for(learner.public_id)
    assert stored["result"] == {"duration": "PT3M"}
    assert stored["context"]["registration"] == str(registration)
    assert "instructor" not in stored["context"]
    assert stored["context"]["contextActivities"] == {"parent": [{"id": activity_iri("lesson", 4)}]}


@pytest.mark.parametrize("suffix", ["lesson/1/../../quiz/3", "lesson/1/extra", "lesson/1?x=1", "quiz/../lesson/1"])
def test_only_exact_platform_iris_have_a_kind(suffix):
    assert activity_kind(activity_iri("lesson", 1).rsplit("lesson/1", 1)[0] + suffix) is None
    assert activity_kind(activity_iri("h5p", 2) + "?subContentId=abc-123") == "h5p"


def test_long_iris_and_nul_characters_are_stored_and_found(lrs):
    long_iri = "http://example.org/activities/" + "x" * 600
    statement = make_statement(1, object={"id": long_iri}, verb={"id": "http://example.org/verbs/" + "v" * 600})
    statement["actor"] = {"account": {"homePage": "http://example.org", "name": "a\u0000b"}}
    assert lrs.post(statement).status_code == 200
    assert len(lrs.get({"activity": long_iri}).json()["statements"]) == 1
    assert len(lrs.get({"verb": statement["verb"]["id"]}).json()["statements"]) == 1
    agent = orjson.dumps(statement["actor"]).decode()
    assert len(lrs.get({"agent": agent}).json()["statements"]) == 1
    assert lrs.get({"verb": "http://example.org/\u0000"}).json()["statements"] == []


def test_deeply_nested_json_is_a_400(lrs):
    response = lrs.post(b"[" * 900 + b"]" * 900)
    assert response.status_code == 400


@pytest.mark.parametrize("timestamp", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_instants_outside_the_storable_range_are_a_400(lrs, timestamp):
    assert lrs.post(make_statement(timestamp=timestamp)).status_code == 400
    assert lrs.get({"since": timestamp}).status_code == 400


def test_alternate_syntax_with_a_non_utf8_body_is_a_400(client):
    response = client.post("/xapi/statements?method=GET", b"foo=\xff\xfe",
                           content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert response.status_code == 400


def test_state_parameters_with_nul_are_a_400(lrs):
    agent = orjson.dumps({"mbox": "mailto:x@example.org"}).decode()
    response = lrs.client.get("/xapi/activities/state", {"activityId": "http://example.org/a", "agent": agent,
                                                         "stateId": "s\u0000"}, **lrs.headers())  # fmt: skip
    assert response.status_code == 400
