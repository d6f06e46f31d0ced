import uuid
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from xapi.actors import actor_for
from xapi.http import XapiError
from xapi.models import AuthorityKind, Statement
from xapi.recording import PlatformEvent, build_platform_statement, platform_statement_id, statement_record
from xapi.vocabulary import ATTENDED, COMPLETED, activity_iri

pytestmark = pytest.mark.django_db

LEARNER = uuid.UUID("0b9a3f7e-1111-4e4e-9999-123456789abc")


def event(**overrides) -> PlatformEvent:
    values = {
        "kind": "attendance.attended",
        "record_key": "attendance:42",
        "learner_public_id": LEARNER,
        "verb": ATTENDED,
        "object_iri": activity_iri("session", 7),
        "object_name": "Jour 2 — matin",
        "at": datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
        "registration": uuid.UUID("c0ffee00-0000-4000-8000-000000000001"),
        "parents": (activity_iri("day", 2),),
    }
    values.update(overrides)
    return PlatformEvent(**values)


def test_platform_statement_is_deterministic_and_pseudonymous():
    first = build_platform_statement(event())
    assert first == build_platform_statement(event())
    assert first["id"] == str(platform_statement_id(kind="attendance.attended", record_key="attendance:42"))
    assert first["actor"] == actor_for(LEARNER) | {"objectType": "Agent"}
    assert "mbox" not in orjson.dumps(first).decode()
    assert first["timestamp"].startswith("2026-12-03T09:00:00")
    assert first["context"]["registration"] == "c0ffee00-0000-4000-8000-000000000001"


def test_recording_twice_is_a_no_op_with_platform_authority():
    statement_id = statement_record(event=event())
    assert statement_record(event=event()) == statement_id
    row = Statement.objects.get()
    assert row.authority_kind == AuthorityKind.PLATFORM
    assert orjson.loads(row.payload)["authority"]["account"]["name"] == "platform"


def test_same_event_with_different_content_is_a_conflict():
    statement_record(event=event())
    with pytest.raises(XapiError) as exc:
        statement_record(event=event(at=datetime(2026, 12, 3, 14, 0, tzinfo=UTC)))
    assert exc.value.status == 409


def test_results_with_duration_are_valid_xapi():
    statement_id = statement_record(
        event=event(
            kind="module.completed",
            record_key="progress:1",
            verb=COMPLETED,
            object_iri=activity_iri("module", 3),
            completion=True,
            duration=timedelta(hours=1, minutes=30),
            score_scaled=0.8,
            score_raw=8,
            score_max=10,
        )
    )
    payload = orjson.loads(Statement.objects.get(statement_id=statement_id).payload)
    assert payload["result"]["completion"] is True
    assert payload["result"]["score"] == {"scaled": 0.8, "raw": 8, "min": 0, "max": 10}
    assert payload["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/module"
