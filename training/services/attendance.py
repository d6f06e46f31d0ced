"""Attendance: self check-in with the rotating code, roll call, remote presence, countersignature, amendments.

Concurrency: each write locks the session row (``select_for_update``), so a countersignature and a late signature
cannot interleave, and the unique (session, enrolment) constraint makes a second signature impossible. Twenty
learners signing in the same minute queue for a few milliseconds each; none is lost (tests/integration).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import AuditEntry, User
from training import checkin
from training.events import (
    attendance_amended_record,
    attendance_attended_record,
    attendance_attended_supersede,
    attendance_countersigned_record,
)
from training.exceptions import AttendanceError, CheckInError
from training.models import (
    ACTIVE_STATES,
    Attendance,
    AttendanceAmendment,
    AttendanceMethod,
    AttendanceStatus,
    Enrolment,
    Modality,
    TrainingSession,
)
from training.services.refusals import audit_refusals
from training.signatures import signature_check

MAX_FAILED_CODES = 10  # per learner and session: beyond, the learner asks the trainer (roll call)
AMENDABLE_FIELDS = ("status", "method")


def record_hash(attendance: Attendance, signature_png: bytes | None) -> str:
    """SHA-256 over what the sheet proves; a silent change of the row or of the image file no longer matches."""
    image = hashlib.sha256(signature_png).hexdigest() if signature_png else ""
    parts = [
        str(attendance.session_id),
        str(attendance.enrolment.registration),
        attendance.status,
        attendance.method,
        _utc(attendance.signed_at),
        _utc(attendance.checked_in_at),
        image,
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _utc(moment: datetime | None) -> str:
    """Times enter the hash in UTC: a row read back from the database must hash as the one that was written."""
    return moment.astimezone(UTC).isoformat() if moment else ""


def attendance_verify(attendance: Attendance) -> bool:
    """True when the stored row and signature file still match ``record_hash``."""
    png = None
    if attendance.signature:
        with attendance.signature.open("rb") as handle:
            png = handle.read()
    return record_hash(attendance, png) == attendance.record_hash


def _lock_session(session: TrainingSession) -> TrainingSession:
    return (
        TrainingSession.objects.select_for_update()
        .select_related("cohort__territory", "cohort__programme")
        .get(pk=session.pk)
    )


def _check_unlocked(session: TrainingSession) -> None:
    if session.is_locked or session.sheet_scan:
        raise AttendanceError(
            _("This sheet is countersigned: record an amendment with a reason instead."), code="sheet_locked"
        )


def _enrolment_in(session: TrainingSession, enrolment: Enrolment) -> Enrolment:
    if enrolment.cohort_id != session.cohort_id or enrolment.state not in ACTIVE_STATES:
        raise AttendanceError(_("This learner is not enrolled in this session's cohort."), code="not_enrolled")
    return enrolment


def _store(
    *,
    session: TrainingSession,
    enrolment: Enrolment,
    status: str,
    method: str,
    marked_by: User | None,
    at: datetime,
    signature_png: bytes | None,
) -> Attendance:
    attendance = Attendance.objects.filter(session=session, enrolment=enrolment).first() or Attendance(
        session=session, enrolment=enrolment
    )
    attendance.status, attendance.method, attendance.marked_by = status, method, marked_by
    present = status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    attendance.checked_in_at = (attendance.checked_in_at or at) if present else None
    if signature_png is not None:
        attendance.signature.save("signature.png", ContentFile(signature_png), save=False)
        attendance.signed_at = at
    elif not present and attendance.signature:
        attendance.signature = ""  # an absence carries no signature (the file stays until purge; hash says so)
        attendance.signed_at = None
    attendance.record_hash = record_hash(attendance, signature_png if signature_png is not None else _read(attendance))
    attendance.save()
    attendance_attended_record(attendance=attendance)
    return attendance


def _read(attendance: Attendance) -> bytes | None:
    if not attendance.signature:
        return None
    with attendance.signature.open("rb") as handle:
        return handle.read()


def _recent_failures(session: TrainingSession, learner: User) -> int:
    return AuditEntry.objects.filter(
        action="training.checkin.refused",
        actor=learner,
        target_type="training.trainingsession",
        target_id=str(session.pk),
        data__code="code_invalid",
    ).count()


@audit_refusals("training.checkin", actor="learner", target="session")
def checkin_code_verify(
    *, session: TrainingSession, learner: User, code: str, at: datetime | None = None
) -> Enrolment:
    """First step of a self check-in: the code is current for this session, in its window, for an enrolled learner
    who has not signed yet. Returns their enrolment; the view then keeps a short-lived grant to sign."""
    at = at or timezone.now()
    if session.modality != Modality.IN_PERSON:
        raise CheckInError(_("This session is remote: the trainer records presence."), code="not_in_person")
    enrolment = Enrolment.objects.filter(cohort=session.cohort, learner=learner, state__in=ACTIVE_STATES).first()
    if enrolment is None:
        raise CheckInError(_("You are not enrolled in this session's cohort."), code="not_enrolled")
    if not checkin.window_open(session, at=at):
        raise CheckInError(
            _("Signing is open from 30 minutes before the session starts until 30 minutes after it ends."),
            code="outside_window",
        )
    if session.is_locked or session.sheet_scan:
        raise CheckInError(_("The trainer has already countersigned this sheet."), code="sheet_locked")
    if Attendance.objects.filter(session=session, enrolment=enrolment, signed_at__isnull=False).exists():
        raise CheckInError(_("You have already signed for this half-day."), code="already_signed")
    if _recent_failures(session, learner) >= MAX_FAILED_CODES:
        raise CheckInError(_("Too many wrong codes: please ask the trainer to record you."), code="too_many_attempts")
    if not checkin.code_is_valid(session, code, at=at):
        raise CheckInError(
            _("This code is wrong or has expired. Type the code shown on the screen now."), code="code_invalid"
        )
    return enrolment


@audit_refusals("training.checkin", actor="learner", target="session")
@transaction.atomic
def attendance_self_check_in(
    *, session: TrainingSession, learner: User, signature_png: bytes, verified_at: datetime, at: datetime | None = None
) -> Attendance:
    """Record a learner's own signature after ``checkin_code_verify`` succeeded at ``verified_at`` (the view keeps
    that moment in the learner's session): the code's check and the drawing of a signature are two steps, and the
    grant lasts ``SIGN_GRACE`` so a slow signer is not sent back to a code that has rotated."""
    at = at or timezone.now()
    if at - verified_at > SIGN_GRACE or verified_at > at:
        raise CheckInError(_("Too much time has passed: type the code on the screen again."), code="grant_expired")
    signature = signature_check(signature_png)
    session = _lock_session(session)
    if session.is_locked or session.sheet_scan:
        raise CheckInError(_("The trainer has already countersigned this sheet."), code="sheet_locked")
    if not checkin.window_open(session, at=at):
        raise CheckInError(_("Signing for this session is closed."), code="outside_window")
    enrolment = Enrolment.objects.filter(cohort=session.cohort, learner=learner, state__in=ACTIVE_STATES).first()
    if enrolment is None:
        raise CheckInError(_("You are not enrolled in this session's cohort."), code="not_enrolled")
    if Attendance.objects.filter(session=session, enrolment=enrolment, signed_at__isnull=False).exists():
        raise CheckInError(_("You have already signed for this half-day."), code="already_signed")
    late = at > session.starts_at + LATE_AFTER
    attendance = _store(
        session=session,
        enrolment=enrolment,
        status=AttendanceStatus.LATE if late else AttendanceStatus.PRESENT,
        method=AttendanceMethod.QR,
        marked_by=learner,
        at=at,
        signature_png=signature.png,
    )
    audit_log(actor=learner, action="training.attendance.signed", target=attendance, data={"method": "qr"})
    return attendance


SIGN_GRACE = timedelta(minutes=5)
LATE_AFTER = timedelta(minutes=15)


@audit_refusals("training.attendance.mark", actor="marked_by", target="session")
@transaction.atomic
def attendance_mark(
    *,
    session: TrainingSession,
    enrolment: Enrolment,
    status: str,
    marked_by: User,
    signature_png: bytes | None = None,
    at: datetime | None = None,
) -> Attendance:
    """The trainer records a learner: roll call in person (with the learner's signature drawn on the trainer's
    device when present), or presence at a remote live session. Only before the countersignature."""
    at = at or timezone.now()
    if status not in AttendanceStatus.values:
        raise AttendanceError(_("Unknown attendance status."), code="status_invalid")
    session = _lock_session(session)
    _check_unlocked(session)
    _enrolment_in(session, enrolment)
    present = status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    if session.modality == Modality.REMOTE:
        method, png = AttendanceMethod.REMOTE, None
    else:
        method = AttendanceMethod.ROLL_CALL
        if present and signature_png is None:
            existing = Attendance.objects.filter(session=session, enrolment=enrolment, signed_at__isnull=False).first()
            if existing is None:
                raise AttendanceError(
                    _("In person, a present learner signs: open the signature pad for them."), code="signature_missing"
                )
        png = signature_check(signature_png).png if (present and signature_png is not None) else None
    existing = Attendance.objects.filter(session=session, enrolment=enrolment).first()
    if existing is not None and existing.method == AttendanceMethod.QR and present and png is None:
        method = AttendanceMethod.QR  # the trainer only corrects the status: the learner's own signature stays
    attendance = _store(
        session=session,
        enrolment=enrolment,
        status=status,
        method=method,
        marked_by=marked_by,
        at=at,
        signature_png=png,
    )
    audit_log(
        actor=marked_by,
        action="training.attendance.marked",
        target=attendance,
        data={"status": status, "method": method},
    )
    return attendance


@audit_refusals("training.attendance.countersign", actor="trainer", target="session")
@transaction.atomic
def attendance_countersign(
    *, session: TrainingSession, trainer: User, signature_png: bytes, at: datetime | None = None
) -> TrainingSession:
    """Lock the sheet with the trainer's signature. Learners without a record are recorded absent, so the sheet
    says something about everyone enrolled. The caller checked that ``trainer`` manages the cohort (the session's
    trainer, a co-trainer or staff); the sheet names who countersigned and when."""
    at = at or timezone.now()
    signature = signature_check(signature_png)
    session = _lock_session(session)
    _check_unlocked(session)
    if at < session.starts_at:
        raise AttendanceError(_("The sheet is countersigned once the session has started."), code="too_early")
    recorded = set(session.attendances.values_list("enrolment_id", flat=True))
    for enrolment in session.cohort.enrolments.filter(state__in=ACTIVE_STATES).exclude(pk__in=recorded):
        absent = Attendance(
            session=session,
            enrolment=enrolment,
            status=AttendanceStatus.ABSENT,
            method=AttendanceMethod.ROLL_CALL if session.modality == Modality.IN_PERSON else AttendanceMethod.REMOTE,
            marked_by=trainer,
        )
        absent.record_hash = record_hash(absent, None)
        absent.save()
    session.countersignature.save("countersignature.png", ContentFile(signature.png), save=False)
    session.countersigned_at, session.countersigned_by = at, trainer
    session.save(update_fields=["countersignature", "countersigned_at", "countersigned_by", "updated_at"])
    for attendance in session.attendances.select_related("enrolment__learner", "session__cohort"):
        attendance_countersigned_record(attendance=attendance)
    audit_log(actor=trainer, action="training.session.countersigned", target=session)
    _document_refresh(session)
    return session


@audit_refusals("training.attendance.amend", actor="author", target="attendance")
@transaction.atomic
def attendance_amend(
    *, attendance: Attendance, field: str, new: str, reason: str, author: User
) -> AttendanceAmendment:
    """Correct a locked record: the row takes the new value, the amendment keeps the old one, the reason and the
    author; the sheet shows both. The signature itself is never replaced."""
    if field not in AMENDABLE_FIELDS:
        raise AttendanceError(_("This field cannot be amended."), code="field_invalid")
    choices = AttendanceStatus.values if field == "status" else AttendanceMethod.values
    if new not in choices:
        raise AttendanceError(_("Unknown value."), code="value_invalid")
    if len(reason.strip()) < 5:
        raise AttendanceError(_("Give the reason for this correction."), code="reason_required")
    session = _lock_session(attendance.session)
    attendance = Attendance.objects.select_for_update().select_related("enrolment__learner").get(pk=attendance.pk)
    if not (session.is_locked or session.sheet_scan):
        raise AttendanceError(_("The sheet is not countersigned yet: change the record directly."), code="not_locked")
    old = getattr(attendance, field)
    if old == new:
        raise AttendanceError(_("The record already has this value."), code="unchanged")
    setattr(attendance, field, new)
    attendance.record_hash = record_hash(attendance, _read(attendance))
    attendance.save()
    amendment = AttendanceAmendment.objects.create(
        attendance=attendance, field=field, old=old, new=new, reason=reason.strip(), author=author
    )
    attendance_amended_record(amendment=amendment)
    # the LRS follows the corrected sheet: the attended statement that stood is voided, a record now present or late
    # gets its own (present → absent no longer says "attended"; absent → present now does)
    attendance_attended_supersede(amendment=amendment)
    audit_log(
        actor=author,
        action="training.attendance.amended",
        target=attendance,
        data={"field": field, "old": old, "new": new},
    )
    _document_refresh(session)
    return amendment


@audit_refusals("training.session.scan", actor="actor", target="session")
@transaction.atomic
def session_sheet_scan_upload(
    *, session: TrainingSession, scan: ContentFile, filename: str, statuses: dict[int, str], actor: User
) -> TrainingSession:
    """A venue without network: the paper sheet, signed on site, is uploaded and stands as the session's record.
    ``statuses`` (enrolment id → status, as read on the paper) fill the attendance rows (method ``scan``); the
    sheet is then locked like a countersigned one."""
    session = _lock_session(session)
    _check_unlocked(session)
    if not filename.lower().endswith((".pdf", ".png", ".jpg", ".jpeg")):
        raise AttendanceError(_("Upload the scan as a PDF, PNG or JPEG file."), code="scan_format")
    enrolments = {e.pk: e for e in session.cohort.enrolments.filter(state__in=ACTIVE_STATES)}
    at = timezone.now()
    for enrolment_id, enrolment in enrolments.items():
        status = statuses.get(enrolment_id, AttendanceStatus.ABSENT)
        if status not in AttendanceStatus.values:
            raise AttendanceError(_("Unknown attendance status."), code="status_invalid")
        attendance = Attendance.objects.filter(session=session, enrolment=enrolment).first() or Attendance(
            session=session, enrolment=enrolment
        )
        attendance.status, attendance.method, attendance.marked_by = status, AttendanceMethod.SCAN, actor
        attendance.checked_in_at = (
            session.starts_at if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE) else None
        )
        attendance.record_hash = record_hash(attendance, _read(attendance))
        attendance.save()
        attendance_attended_record(attendance=attendance)
    session.sheet_scan.save(filename, scan, save=False)
    session.sheet_scan_uploaded_at, session.sheet_scan_uploaded_by = at, actor
    session.save(update_fields=["sheet_scan", "sheet_scan_uploaded_at", "sheet_scan_uploaded_by", "updated_at"])
    audit_log(actor=actor, action="training.session.scan_uploaded", target=session)
    return session


def _document_refresh(session: TrainingSession) -> None:
    """The émargement changed: re-render it after commit (its fingerprint makes a render of unchanged data a no-op)."""
    from training.tasks import emargement_render_task

    transaction.on_commit(lambda: emargement_render_task.delay(session.pk))
