from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.models import AuditEntry
from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, TrainingSessionFactory, signature_png
from training import checkin
from training.exceptions import CheckInError
from training.models import Attendance, AttendanceMethod, AttendanceStatus
from training.services import attendance_self_check_in, checkin_code_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cohort, trainer):
    return TrainingSessionFactory(cohort=cohort, trainer=trainer)


@pytest.fixture
def enrolment(cohort):
    return EnrolmentFactory(cohort=cohort)


def refused(expected: str, **kwargs) -> None:
    with pytest.raises(CheckInError) as exc:
        checkin_code_verify(**kwargs)
    assert exc.value.code == expected


def test_codes_rotate_and_the_last_three_are_accepted(session):
    at = session.starts_at
    codes = [checkin.current_code(session, at=at + dt.timedelta(seconds=15 * n)).code for n in range(4)]
    assert len(set(codes)) == 4 and all(len(c) == 6 for c in codes)
    now = at + dt.timedelta(seconds=45)
    assert checkin.code_is_valid(session, codes[3], at=now)
    assert checkin.code_is_valid(session, codes[1].lower(), at=now)  # typed in lower case: fine
    assert not checkin.code_is_valid(session, codes[0], at=now)  # 45+ s old


def test_a_code_is_only_valid_for_its_session(session, cohort, trainer):
    other = TrainingSessionFactory(cohort=cohort, trainer=trainer, start_time=dt.time(14), end_time=dt.time(17))
    code = checkin.current_code(session, at=session.starts_at).code
    assert not checkin.code_is_valid(other, code, at=session.starts_at)


def test_self_check_in_records_a_signed_attendance(session, enrolment):
    at = session.starts_at - dt.timedelta(minutes=10)
    code = checkin.current_code(session, at=at).code
    assert checkin_code_verify(session=session, learner=enrolment.learner, code=code, at=at) == enrolment
    attendance = attendance_self_check_in(
        session=session, learner=enrolment.learner, signature_png=signature_png(), verified_at=at, at=at
    )
    assert attendance.status == AttendanceStatus.PRESENT and attendance.method == AttendanceMethod.QR
    assert attendance.signed_at == at and attendance.signature and len(attendance.record_hash) == 64
    from training.services.attendance import attendance_verify

    assert attendance_verify(attendance)
    assert attendance_verify(Attendance.objects.get(pk=attendance.pk))  # read back (UTC from the database)


def test_late_arrival_is_marked_late(session, enrolment):
    at = session.starts_at + dt.timedelta(minutes=40)
    attendance = attendance_self_check_in(
        session=session, learner=enrolment.learner, signature_png=signature_png(), verified_at=at, at=at
    )
    assert attendance.status == AttendanceStatus.LATE


def test_second_signature_is_refused(session, enrolment):
    at = session.starts_at
    attendance_self_check_in(
        session=session, learner=enrolment.learner, signature_png=signature_png(), verified_at=at, at=at
    )
    code = checkin.current_code(session, at=at).code
    refused("already_signed", session=session, learner=enrolment.learner, code=code, at=at)
    with pytest.raises(CheckInError) as exc:
        attendance_self_check_in(
            session=session, learner=enrolment.learner, signature_png=signature_png(), verified_at=at, at=at
        )
    assert exc.value.code == "already_signed"
    assert Attendance.objects.count() == 1


def test_outside_the_window_is_refused_and_audited(session, enrolment):
    for at in (session.starts_at - dt.timedelta(minutes=31), session.ends_at + dt.timedelta(minutes=31)):
        code = checkin.current_code(session, at=at).code
        refused("outside_window", session=session, learner=enrolment.learner, code=code, at=at)
    assert AuditEntry.objects.filter(action="training.checkin.refused", data__code="outside_window").count() == 2


def test_forged_or_expired_code_is_refused(session, enrolment):
    at = session.starts_at
    refused("code_invalid", session=session, learner=enrolment.learner, code="AAAAAA", at=at)
    old = checkin.current_code(session, at=at - dt.timedelta(seconds=60)).code
    refused("code_invalid", session=session, learner=enrolment.learner, code=old, at=at)


def test_too_many_wrong_codes_lock_the_learner_out(session, enrolment):
    at = session.starts_at
    for _n in range(10):
        refused("code_invalid", session=session, learner=enrolment.learner, code="AAAAAA", at=at)
    good = checkin.current_code(session, at=at).code
    refused("too_many_attempts", session=session, learner=enrolment.learner, code=good, at=at)


def test_a_learner_not_enrolled_cannot_sign(session):
    at = session.starts_at
    stranger = UserFactory()
    refused("not_enrolled", session=session, learner=stranger, code=checkin.current_code(session, at=at).code, at=at)
    with pytest.raises(CheckInError):
        attendance_self_check_in(
            session=session, learner=stranger, signature_png=signature_png(), verified_at=at, at=at
        )


def test_blank_signature_and_stale_grant_are_refused(session, enrolment):
    at = session.starts_at
    with pytest.raises(CheckInError) as exc:
        attendance_self_check_in(
            session=session,
            learner=enrolment.learner,
            signature_png=signature_png(),
            verified_at=at - dt.timedelta(minutes=6),
            at=at,
        )
    assert exc.value.code == "grant_expired"
    from training.exceptions import AttendanceError

    with pytest.raises(AttendanceError) as exc:
        attendance_self_check_in(
            session=session, learner=enrolment.learner, signature_png=signature_png(blank=True), verified_at=at, at=at
        )
    assert exc.value.code == "signature_blank"
    assert not Attendance.objects.exists()


def test_window_uses_the_territory_clock():
    session = TrainingSessionFactory(
        cohort__territory__name="Guyane", cohort__territory__departements=["973"],
        cohort__territory__time_zone="America/Cayenne", start_time=dt.time(9), end_time=dt.time(12),
    )  # fmt: skip
    nine_in_cayenne = session.starts_at
    assert nine_in_cayenne.astimezone(dt.UTC).hour == 12
    assert checkin.window_open(session, at=nine_in_cayenne)
    assert not checkin.window_open(
        session, at=timezone.make_aware(dt.datetime.combine(session.date, dt.time(8)), dt.UTC)
    )
