"""The training's platform statements: enrolment, attendance, countersignature, amendments (docs/xapi-profile.md).

Recorded inside the service's transaction (the LRS shares the database), so a record and its statement are written
together or not at all. Ids are deterministic per record and event: a retry is a no-op.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from training.models import Attendance, AttendanceAmendment, Enrolment, TrainingSession
from xapi.actors import actor_for
from xapi.http import platform
from xapi.keys import index_key
from xapi.models import AuthorityKind, Statement
from xapi.recording import PlatformEvent, platform_statement_id, statement_record
from xapi.statements import statements_store
from xapi.validation import validate_statement
from xapi.vocabulary import (
    AMENDED,
    ATTENDED,
    COUNTERSIGNED,
    EXT_ATTENDANCE,
    EXT_COHORT,
    REGISTERED,
    VOIDED,
    activity_iri,
)

ATTENDED_KIND = "attendance.attended"
ATTENDED_VOIDED_KIND = "attendance.attended.voided"


def _cohort_extensions(enrolment: Enrolment, **extra: object) -> dict:
    return {EXT_COHORT: str(enrolment.cohort.public_id), **extra}


def _session_event(
    *, kind: str, record_key: str, attendance: Attendance, verb, at: datetime, extension: dict
) -> PlatformEvent:
    session: TrainingSession = attendance.session
    enrolment = attendance.enrolment
    modules = tuple(activity_iri("module", pk) for pk in session.modules.order_by("pk").values_list("pk", flat=True))
    return PlatformEvent(
        kind=kind,
        record_key=record_key,
        learner_public_id=enrolment.learner.public_id,
        verb=verb,
        object_iri=activity_iri("session", session.pk),
        object_name=f"{session.cohort.title} — {session.date:%d/%m/%Y} {session.start_time:%H:%M}",
        at=at,
        registration=enrolment.registration,
        parents=modules,
        groupings=(activity_iri("program", session.cohort.programme_id),),
        extensions=_cohort_extensions(enrolment, **{EXT_ATTENDANCE: extension}),
    )


def enrolment_registered_record(*, enrolment: Enrolment) -> str:
    """``registered`` on the programme, with the enrolment's registration; once per enrolment."""
    cohort = enrolment.cohort
    return statement_record(
        event=PlatformEvent(
            kind="enrolment.registered",
            record_key=f"enrolment:{enrolment.pk}",
            learner_public_id=enrolment.learner.public_id,
            verb=REGISTERED,
            object_iri=activity_iri("program", cohort.programme_id),
            object_name=cohort.programme.title,
            at=enrolment.state_changed_at or timezone.now(),
            registration=enrolment.registration,
            extensions=_cohort_extensions(enrolment),
        )
    )


def attendance_attended_record(*, attendance: Attendance, version: str = "") -> str | None:
    """``attended`` on the session for a present or late learner; nothing for an absence. ``version`` names a
    corrected record (an amendment): its statement gets its own id, as the first one may be voided."""
    if not attendance.is_present:
        return None
    at = attendance.signed_at or attendance.checked_in_at or attendance.session.starts_at
    return statement_record(
        event=_session_event(
            kind=ATTENDED_KIND,
            record_key=f"attendance:{attendance.pk}" + (f":{version}" if version else ""),
            attendance=attendance,
            verb=ATTENDED,
            at=at,
            extension={
                "status": attendance.status,
                "method": attendance.method,
                "signed_at": attendance.signed_at.isoformat() if attendance.signed_at else None,
                "record_hash": attendance.record_hash,
            },
        )
    )


def _attended_standing(attendance: Attendance) -> list[str]:
    """The ids of the platform's ``attended`` statements about this record that still stand (not voided): those about
    its half-day with its enrolment's registration (one record per learner and half-day)."""
    rows = Statement.objects.filter(
        verb_id=ATTENDED.id,
        authority_kind=AuthorityKind.PLATFORM,
        registration=attendance.enrolment.registration,
        object_key=index_key(activity_iri("session", attendance.session_id)),
        voided=False,
    )
    return [str(pk) for pk in rows.values_list("statement_id", flat=True)]


def attendance_attended_supersede(*, amendment: AttendanceAmendment) -> str | None:
    """An amended record (status or method): the ``attended`` statement that stood is voided (an absence no longer
    says "attended"; a late or a corrected method is said anew), and a record now present or late gets a new
    ``attended`` statement of its own. Returns the new statement's id, if any. Idempotent (deterministic ids)."""
    attendance = amendment.attendance
    voiding = []
    for statement_id in _attended_standing(attendance):
        voiding.append(
            {
                "id": str(platform_statement_id(kind=ATTENDED_VOIDED_KIND, record_key=statement_id)),
                "actor": actor_for(attendance.enrolment.learner.public_id),
                "verb": VOIDED.as_dict(),
                "object": {"objectType": "StatementRef", "id": statement_id},
                "timestamp": (amendment.at or timezone.now()).isoformat(),
            }
        )
    for statement in voiding:
        validate_statement(statement, version="1.0.3")
    if voiding:
        statements_store(statements=voiding, authority=platform(), version="1.0.3")
    return attendance_attended_record(attendance=attendance, version=f"amendment:{amendment.pk}")


def attendance_countersigned_record(*, attendance: Attendance) -> str:
    session = attendance.session
    return statement_record(
        event=_session_event(
            kind="attendance.countersigned",
            record_key=f"attendance:{attendance.pk}",
            attendance=attendance,
            verb=COUNTERSIGNED,
            at=session.countersigned_at,
            extension={
                "status": attendance.status,
                "method": attendance.method,
                "record_hash": attendance.record_hash,
            },
        )
    )


def attendance_amended_record(*, amendment: AttendanceAmendment) -> str:
    """The correction, without its free-text reason (it may name people; the reason stays in the table)."""
    return statement_record(
        event=_session_event(
            kind="attendance.amended",
            record_key=f"amendment:{amendment.pk}",
            attendance=amendment.attendance,
            verb=AMENDED,
            at=amendment.at,
            extension={"field": amendment.field, "old": amendment.old, "new": amendment.new},
        )
    )
