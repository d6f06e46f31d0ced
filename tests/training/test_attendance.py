from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.base import ContentFile

from core.models import AuditEntry
from tests.training.factories import EnrolmentFactory, TrainingSessionFactory, signature_png
from training.exceptions import AttendanceError
from training.models import Attendance, AttendanceAmendment, AttendanceMethod, AttendanceStatus, Modality
from training.services import (
    attendance_amend,
    attendance_countersign,
    attendance_mark,
    attendance_self_check_in,
    session_sheet_scan_upload,
)
from xapi.models import Statement
from xapi.vocabulary import AMENDED, ATTENDED, COUNTERSIGNED, activity_iri

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cohort, trainer, module):
    return TrainingSessionFactory(cohort=cohort, trainer=trainer, modules=[module])


@pytest.fixture
def enrolments(cohort):
    return [EnrolmentFactory(cohort=cohort) for _n in range(3)]


def statements(verb) -> list[dict]:
    return [json.loads(p) for p in Statement.objects.filter(verb_id=verb.id).values_list("payload", flat=True)]


def test_attended_statement_has_session_object_cohort_and_module_context(session, enrolments, module):
    at = session.starts_at
    attendance = attendance_self_check_in(
        session=session, learner=enrolments[0].learner, signature_png=signature_png(), verified_at=at, at=at
    )
    [statement] = statements(ATTENDED)
    assert statement["object"]["id"] == activity_iri("session", session.pk)
    assert statement["context"]["registration"] == str(enrolments[0].registration)
    assert statement["context"]["contextActivities"]["parent"][0]["id"] == activity_iri("module", module.pk)
    cohort_ext = "https://w3id.org/xapi/cafe-ia/extensions/cohort"
    assert statement["context"]["extensions"][cohort_ext] == str(session.cohort.public_id)
    assert statement["actor"]["account"]["name"] != enrolments[0].learner.email
    assert attendance.record_hash in json.dumps(statement)


def test_roll_call_needs_a_signature_in_person_but_not_for_an_absence(session, enrolments, trainer):
    with pytest.raises(AttendanceError) as exc:
        attendance_mark(session=session, enrolment=enrolments[0], status="present", marked_by=trainer)
    assert exc.value.code == "signature_missing"
    present = attendance_mark(
        session=session, enrolment=enrolments[0], status="present", marked_by=trainer, signature_png=signature_png()
    )
    assert present.method == AttendanceMethod.ROLL_CALL and present.signature
    absent = attendance_mark(session=session, enrolment=enrolments[1], status="absent", marked_by=trainer)
    assert not absent.signature and absent.checked_in_at is None
    assert len(statements(ATTENDED)) == 1  # absence: no attended statement


def test_remote_presence_is_marked_by_the_trainer(cohort, trainer, enrolments):
    remote = TrainingSessionFactory(
        cohort=cohort, trainer=trainer, modality=Modality.REMOTE, visio_url="https://visio.example.fr/a",
        venue_address="", room_capacity=None,
    )  # fmt: skip
    attendance = attendance_mark(session=remote, enrolment=enrolments[0], status="present", marked_by=trainer)
    assert attendance.method == AttendanceMethod.REMOTE


def test_countersign_locks_records_absentees_and_emits_statements(
    session, enrolments, trainer, django_capture_on_commit_callbacks
):
    at = session.starts_at
    attendance_self_check_in(
        session=session, learner=enrolments[0].learner, signature_png=signature_png(), verified_at=at, at=at
    )
    with django_capture_on_commit_callbacks(execute=True):
        attendance_countersign(
            session=session, trainer=trainer, signature_png=signature_png(), at=at + dt.timedelta(hours=3)
        )
    session.refresh_from_db()
    assert session.is_locked and session.countersignature and session.countersigned_by == trainer
    assert Attendance.objects.filter(session=session, status=AttendanceStatus.ABSENT).count() == 2
    assert len(statements(COUNTERSIGNED)) == 3
    with pytest.raises(AttendanceError) as exc:
        attendance_mark(
            session=session,
            enrolment=enrolments[1],
            status="present",
            marked_by=trainer,
            signature_png=signature_png(),
        )
    assert exc.value.code == "sheet_locked"
    assert AuditEntry.objects.filter(action="training.attendance.mark.refused", data__code="sheet_locked").exists()
    from training.models import TrainingDocument

    assert TrainingDocument.objects.filter(key=f"emargement:{session.pk}").exists()  # rendered on commit


def test_countersign_refuses_blank_and_before_start(session, trainer):
    with pytest.raises(AttendanceError) as exc:
        attendance_countersign(
            session=session, trainer=trainer, signature_png=signature_png(blank=True), at=session.starts_at
        )
    assert exc.value.code == "signature_blank"
    with pytest.raises(AttendanceError) as exc:
        attendance_countersign(
            session=session,
            trainer=trainer,
            signature_png=signature_png(),
            at=session.starts_at - dt.timedelta(hours=1),
        )
    assert exc.value.code == "too_early"
    session.refresh_from_db()
    assert not session.is_locked


def test_amendment_after_countersignature(session, enrolments, trainer):
    attendance_countersign(session=session, trainer=trainer, signature_png=signature_png(), at=session.ends_at)
    absent = Attendance.objects.get(session=session, enrolment=enrolments[0])
    with pytest.raises(AttendanceError) as exc:
        attendance_amend(attendance=absent, field="status", new="excused", reason=" ", author=trainer)
    assert exc.value.code == "reason_required"
    amendment = attendance_amend(
        attendance=absent, field="status", new="excused", reason="Certificat médical reçu", author=trainer
    )
    absent.refresh_from_db()
    assert absent.status == "excused" and amendment.old == "absent" and amendment.new == "excused"
    assert len(statements(AMENDED)) == 1
    assert "Certificat" not in json.dumps(statements(AMENDED))  # free-text reason stays out of the LRS
    with pytest.raises(AttendanceError) as exc:
        attendance_amend(attendance=absent, field="signature", new="x", reason="Pas possible", author=trainer)
    assert exc.value.code == "field_invalid"


def test_amendment_before_countersignature_is_refused(session, enrolments, trainer):
    attendance = attendance_mark(session=session, enrolment=enrolments[0], status="absent", marked_by=trainer)
    with pytest.raises(AttendanceError) as exc:
        attendance_amend(attendance=attendance, field="status", new="excused", reason="Justificatif", author=trainer)
    assert exc.value.code == "not_locked"
    assert not AttendanceAmendment.objects.exists()


def test_scanned_sheet_stands_as_the_record(session, enrolments, trainer):
    statuses = {enrolments[0].pk: "present", enrolments[1].pk: "absent"}
    session_sheet_scan_upload(
        session=session, scan=ContentFile(b"%PDF-1.4 scan"), filename="feuille.pdf", statuses=statuses, actor=trainer
    )
    session.refresh_from_db()
    assert session.sheet_scan and session.sheet_scan_uploaded_by == trainer
    rows = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    assert rows == {enrolments[0].pk: "present", enrolments[1].pk: "absent", enrolments[2].pk: "absent"}
    assert set(Attendance.objects.values_list("method", flat=True)) == {AttendanceMethod.SCAN}
    with pytest.raises(AttendanceError) as exc:
        attendance_mark(session=session, enrolment=enrolments[2], status="absent", marked_by=trainer)
    assert exc.value.code == "sheet_locked"
    with pytest.raises(AttendanceError) as exc:
        session_sheet_scan_upload(
            session=session, scan=ContentFile(b"x"), filename="x.exe", statuses={}, actor=trainer
        )
    assert exc.value.code == "sheet_locked"


def standing_attended() -> list[dict]:
    rows = Statement.objects.filter(verb_id=ATTENDED.id, voided=False).values_list("payload", flat=True)
    return [json.loads(p) for p in rows]


def test_an_amendment_voids_the_attended_statement_and_records_the_corrected_one(session, enrolments, trainer):
    """present → absent: the LRS stops saying "attended"; absent → late: it says it again, under a new id; each
    change voids what stood before (the sheet and the LRS say the same thing)."""
    from xapi.vocabulary import VOIDED

    attendance_mark(
        session=session, enrolment=enrolments[0], status="present", marked_by=trainer, signature_png=signature_png()
    )
    attendance_countersign(session=session, trainer=trainer, signature_png=signature_png(), at=session.ends_at)
    [first] = standing_attended()
    record = Attendance.objects.get(session=session, enrolment=enrolments[0])

    attendance_amend(attendance=record, field="status", new="absent", reason="Partie avant le début", author=trainer)
    assert standing_attended() == []
    assert Statement.objects.get(statement_id=first["id"]).voided
    [voiding] = statements(VOIDED)
    assert voiding["object"] == {"objectType": "StatementRef", "id": first["id"]}
    assert voiding["actor"] == first["actor"]

    record.refresh_from_db()
    attendance_amend(attendance=record, field="status", new="late", reason="Erreur : arrivée à 9 h 20", author=trainer)
    [second] = standing_attended()
    assert second["id"] != first["id"]
    assert second["context"]["registration"] == str(enrolments[0].registration)
    assert second["context"]["extensions"]["https://w3id.org/xapi/cafe-ia/extensions/attendance"]["status"] == "late"

    record.refresh_from_db()
    attendance_amend(attendance=record, field="status", new="present", reason="Arrivée à l'heure", author=trainer)
    [third] = standing_attended()
    assert third["id"] not in (first["id"], second["id"])
    assert len(statements(VOIDED)) == 2
    assert len(statements(ATTENDED)) == 3  # all kept; two voided
