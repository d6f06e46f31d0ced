"""The stored milestones (``EnrolmentMilestones``, decision 0043) follow every event that changes them, and
``rebuild_dashboards`` reproduces them.

Each test ends with ``assert_rebuild_reproduces``: the rows kept by the signals and the statement handler equal the
rows computed from scratch, and the figures read from them stay those of the records."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.management import call_command

from dashboards.milestones import STORED
from dashboards.models import EnrolmentMilestones, ModuleCompletion
from dashboards.projection import module_completion_handle
from dashboards.selectors import cohort_roster, cohorts_for_coordinator, completion_report
from tests.dashboards.factories import attend, day1_complete, in_person_session
from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, lesson_ensure, module_ensure, signature_png
from training.models import Attendance, AttendanceStatus, Enrolment, EnrolmentState
from xapi.actors import actor_name
from xapi.handlers import StoredStatement
from xapi.models import AuthorityKind, Statement
from xapi.vocabulary import VOIDED

pytestmark = pytest.mark.django_db


def stored(enrolment) -> tuple[bool, ...]:
    return EnrolmentMilestones.objects.values_list(*STORED).get(pk=enrolment.pk)


def snapshot() -> dict[int, tuple[bool, ...]]:
    return {row[0]: row[1:] for row in EnrolmentMilestones.objects.values_list("pk", *STORED)}


def assert_rebuild_reproduces() -> None:
    incremental = snapshot()
    EnrolmentMilestones.objects.all().delete()
    call_command("rebuild_dashboards", verbosity=0)
    assert snapshot() == incremental
    assert set(incremental) == set(Enrolment.objects.values_list("pk", flat=True))  # one row per enrolment


def figures(hubs, title: str) -> dict:
    report = completion_report(cohorts=cohorts_for_coordinator(user=hubs.coordinator_a))
    return next(row.figures.as_dict() for row in report.cohorts if row.cohort.title == title)


def test_the_fixtures_rows_are_stored_as_the_records_say(hubs):
    ada, basile, chloe = (hubs.learners[name] for name in ("Ada", "Basile", "Chloé"))
    assert stored(ada) == (True, True, False, False)
    assert stored(basile) == (True, False, False, False)
    assert stored(chloe) == (False, False, False, False)
    assert stored(hubs.learners["Denis"]) == (False, True, False, False)
    assert_rebuild_reproduces()


def test_a_module_statement_arriving_then_voided(hubs):
    chloe, ada = hubs.learners["Chloé"], hubs.learners["Ada"]
    day1_complete(chloe.learner, hubs.programme)
    assert stored(chloe)[0] is True
    assert figures(hubs, "Promotion Strasbourg")["day1_completed"] == 3
    completion = ModuleCompletion.objects.get(learner_actor=actor_name(ada.learner.public_id))
    voiding = {"object": {"objectType": "StatementRef", "id": str(completion.statement_id)}}
    Statement.objects.filter(statement_id=completion.statement_id).update(voided=True)  # what the LRS does on store
    module_completion_handle(StoredStatement(9, uuid.uuid4(), VOIDED.id, AuthorityKind.PLATFORM, voiding))
    assert stored(ada)[0] is False
    assert figures(hubs, "Promotion Strasbourg")["day1_completed"] == 2
    assert_rebuild_reproduces()


def test_attendance_signed_countersigned_and_amended_both_ways(hubs):
    from training.services import attendance_amend, attendance_countersign, attendance_mark

    chloe = hubs.learners["Chloé"]
    morning, afternoon = hubs.strasbourg.sessions.order_by("start_time")
    attendance_mark(
        session=morning, enrolment=chloe, status="present", marked_by=hubs.trainer_1, signature_png=signature_png()
    )
    assert stored(chloe)[1] is False  # one half-day of two
    attendance_mark(
        session=afternoon, enrolment=chloe, status="late", marked_by=hubs.trainer_1, signature_png=signature_png()
    )
    assert stored(chloe)[1] is True
    assert figures(hubs, "Promotion Strasbourg")["day2_attended"] == 2
    for session in (morning, afternoon):
        attendance_countersign(
            session=session, trainer=hubs.trainer_1, signature_png=signature_png(), at=session.ends_at
        )
    record = Attendance.objects.get(session=afternoon, enrolment=chloe)
    attendance_amend(attendance=record, field="status", new="absent", reason="Partie à 13 h 40", author=hubs.trainer_1)
    assert stored(chloe)[1] is False
    assert figures(hubs, "Promotion Strasbourg")["day2_attended"] == 1
    basile_afternoon = Attendance.objects.get(session=afternoon, enrolment=hubs.learners["Basile"])
    attendance_amend(
        attendance=basile_afternoon, field="status", new="present", reason="Erreur d'appel", author=hubs.trainer_1
    )
    assert stored(hubs.learners["Basile"])[1] is True
    assert figures(hubs, "Promotion Strasbourg")["day2_attended"] == 2
    assert_rebuild_reproduces()


def test_a_new_in_person_half_day_and_a_deleted_record(hubs):
    ada = hubs.learners["Ada"]
    extra = in_person_session(hubs.strasbourg, day=hubs.day + dt.timedelta(days=1))
    assert stored(ada)[1] is False  # a third half-day Ada has not attended yet
    record = attend(ada, extra)
    assert stored(ada)[1] is True
    record.delete()
    assert stored(ada)[1] is False
    extra.delete()
    assert stored(ada)[1] is True
    assert_rebuild_reproduces()


def test_evaluation_passed_and_attestation_issued_then_revoked(
    hubs, national_admin, django_capture_on_commit_callbacks
):
    from assessments.models import QuizKind
    from assessments.services import attempt_start, attempt_submit
    from certificates.services import attestation_issue, attestation_revoke
    from tests.assessments.factories import quiz_create, right_answers

    ada = hubs.learners["Ada"]
    exit_quiz = quiz_create(programme=hubs.programme, kind=QuizKind.EXIT, title="Évaluation finale")
    attempt = attempt_start(quiz=exit_quiz, learner=ada.learner)
    assert stored(ada)[2] is False
    with django_capture_on_commit_callbacks(execute=True):  # the milestone follows the submission once committed
        attempt_submit(
            attempt=attempt, learner=ada.learner, responses=right_answers(attempt), submission_key=uuid.uuid4()
        )
    assert stored(ada)[2] is True
    exit_quiz.kind = QuizKind.PRACTICE  # no longer the exit evaluation: the pass stops counting
    exit_quiz.save()
    assert stored(ada)[2] is False
    exit_quiz.kind = QuizKind.EXIT
    exit_quiz.save()
    assert stored(ada)[2] is True
    attestation = attestation_issue(enrolment=ada, issued_by=national_admin, override_reason="Test", render=False)
    assert stored(ada)[3] is True
    assert figures(hubs, "Promotion Strasbourg")["attestation_issued"] == 1
    attestation_revoke(attestation=attestation, actor=national_admin, reason="Erreur de saisie")
    assert stored(ada)[3] is False
    assert figures(hubs, "Promotion Strasbourg")["attestation_issued"] == 0
    assert_rebuild_reproduces()


def test_an_enrolment_moved_then_cancelled(hubs, national_admin):
    from training.services import enrolment_cancel, enrolment_move

    basile = hubs.learners["Basile"]
    moved = enrolment_move(enrolment=basile, to_cohort=hubs.mulhouse, actor=national_admin)
    assert stored(moved) == (True, False, False, False)  # day 1 done before the move still counts
    assert figures(hubs, "Promotion Strasbourg")["enrolled"] == 2
    assert figures(hubs, "Promotion Mulhouse")["enrolled"] == 2
    assert figures(hubs, "Promotion Mulhouse")["day1_completed"] == 1
    enrolment_cancel(enrolment=moved, actor=national_admin)
    assert figures(hubs, "Promotion Mulhouse")["enrolled"] == 1
    assert figures(hubs, "Promotion Mulhouse")["day1_completed"] == 0
    assert_rebuild_reproduces()


def test_a_day_1_module_published_later_recomputes_the_programme_at_the_next_read(hubs):
    """No learner's record changes when a module is added to day 1: the read notices the new set of modules."""
    before = figures(hubs, "Promotion Strasbourg")["day1_completed"]
    assert before == 2
    lesson_ensure(module_ensure(hubs.programme, slug="module-nouveau", title="Nouveau module"))
    assert figures(hubs, "Promotion Strasbourg")["day1_completed"] == 0
    assert stored(hubs.learners["Ada"])[0] is False
    day1_complete(hubs.learners["Ada"].learner, hubs.programme)  # the new module (the first one is already done)
    assert figures(hubs, "Promotion Strasbourg")["day1_completed"] == 1
    assert_rebuild_reproduces()


def test_enrolments_written_without_signals_are_filled_by_the_read(hubs):
    learner = UserFactory(first_name="Gaël", last_name="Importé")
    day1_complete(learner, hubs.programme)
    [enrolment] = Enrolment.objects.bulk_create([Enrolment(cohort=hubs.strasbourg, learner=learner)])
    assert not EnrolmentMilestones.objects.filter(pk=enrolment.pk).exists()
    assert figures(hubs, "Promotion Strasbourg")["enrolled"] == 4
    assert figures(hubs, "Promotion Strasbourg")["day1_completed"] == 3
    assert stored(enrolment) == (True, False, False, False)
    roster = {row.learner_name: row.day1_completed for row in cohort_roster(cohort=hubs.strasbourg)}
    assert roster["Gaël Importé"] is True
    assert_rebuild_reproduces()


def test_a_state_change_needs_no_recomputation_and_is_filtered_by_the_read(hubs):
    chloe = hubs.learners["Chloé"]
    chloe.state = EnrolmentState.CANCELLED
    chloe.save(update_fields=["state"])
    assert figures(hubs, "Promotion Strasbourg")["enrolled"] == 2
    EnrolmentFactory(cohort=hubs.strasbourg, state=EnrolmentState.COMPLETED)
    assert figures(hubs, "Promotion Strasbourg")["enrolled"] == 3
    attend(hubs.learners["Denis"], in_person_session(hubs.mulhouse, day=hubs.day), AttendanceStatus.ABSENT)
    assert figures(hubs, "Promotion Mulhouse")["day2_attended"] == 0
    assert_rebuild_reproduces()
