"""Facts from the records: only platform statements complete a module; cross-cohort moves; durations; rebuild."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates.completion import completion_refresh
from certificates.facts import learner_record
from certificates.models import CompletionStatus
from certificates.rules import evaluate
from courses.models_progress import LessonProgress
from tests.certificates.factories import (
    attend,
    cohort_with_sessions,
    countersign,
    finished_learner,
    module_complete,
    rule_without_assessments,
)
from tests.training.factories import EnrolmentFactory, lesson_ensure, module_ensure
from training.models import EnrolmentState
from xapi.actors import actor_for, actor_name
from xapi.http import Authority
from xapi.models import AuthorityKind
from xapi.statements import statements_store
from xapi.vocabulary import COMPLETED, activity_iri

pytestmark = pytest.mark.django_db


def test_a_learner_posting_module_completed_does_not_complete_it(cohort_sessions, learner):
    cohort, _sessions = cohort_sessions
    module = module_ensure(cohort.programme)
    EnrolmentFactory(cohort=cohort, learner=learner)
    forged = {
        "actor": actor_for(learner.public_id),
        "verb": COMPLETED.as_dict(),
        "object": {"id": activity_iri("module", module.pk)},
    }
    authority = Authority(kind=AuthorityKind.SESSION, agent=actor_for(learner.public_id), key="session:x")
    statements_store(statements=[forged], authority=authority, version="1.0.3")
    record = learner_record(learner=learner, programme=cohort.programme)
    assert [m.completed for m in record.facts.modules] == [False]
    module_complete(learner=learner, module=module)
    record = learner_record(learner=learner, programme=cohort.programme)
    assert [m.completed for m in record.facts.modules] == [True]


def test_evaluation_facts_come_from_server_scored_attempts(finished_enrolment):
    """No attempt: nothing passed, no survey (never faked). Then a perfect exit evaluation (percent 100 → 1.0) and a
    submitted satisfaction survey, through the assessments services."""
    import uuid

    from assessments.models import QuizKind
    from assessments.services import attempt_start, attempt_submit
    from tests.assessments.factories import likert, quiz_create, right_answers

    learner, programme = finished_enrolment.learner, finished_enrolment.cohort.programme
    record = learner_record(learner=learner, programme=programme)
    assert (record.facts.exit_passed, record.facts.exit_score, record.facts.survey_answered) == (None, None, False)

    exit_quiz = quiz_create(programme=programme, kind=QuizKind.EXIT, title="Évaluation finale")
    survey = quiz_create(programme=programme, kind=QuizKind.SURVEY, title="Avis", questions=[likert("Utile ?")])
    for quiz in (exit_quiz, survey):
        attempt = attempt_start(quiz=quiz, learner=learner)
        attempt_submit(attempt=attempt, learner=learner, responses=right_answers(attempt), submission_key=uuid.uuid4())
    record = learner_record(learner=learner, programme=programme)
    assert (record.facts.exit_passed, record.facts.exit_score, record.facts.survey_answered) == (True, 1.0, True)


def test_durations_in_person_from_attendance_remote_capped_at_nominal(finished_enrolment):
    learner, programme = finished_enrolment.learner, finished_enrolment.cohort.programme
    record = learner_record(learner=learner, programme=programme)
    assert record.in_person_minutes == 7 * 60  # two half-days of 3 h 30
    assert record.remote_minutes == 3 * 60  # the live remote half-day, no lesson time yet
    assert record.nominal_minutes == 17 * 60
    lesson = lesson_ensure(module_ensure(programme))
    LessonProgress.objects.create(
        learner_actor=actor_name(learner.public_id), lesson=lesson, active_seconds=40 * 3600,
        experienced_at=timezone.now(), completed_at=timezone.now(),
    )  # fmt: skip
    record = learner_record(learner=learner, programme=programme)
    assert record.remote_minutes == 420  # capped at the remote day's nominal duration (7 h)


def test_remote_time_counts_only_the_remote_days_lessons(finished_enrolment):
    """The in-person day's pages (the facilitation kit read on day 2) are not remote time: the attestation and the
    remote-day proof file agree."""
    learner, programme = finished_enrolment.learner, finished_enrolment.cohort.programme
    day_2_lesson = lesson_ensure(module_ensure(programme, slug="module-animer", title="Animer un Café IA", day=2))
    LessonProgress.objects.create(
        learner_actor=actor_name(learner.public_id), lesson=day_2_lesson, active_seconds=2 * 3600,
        experienced_at=timezone.now(), completed_at=timezone.now(),
    )  # fmt: skip
    assert learner_record(learner=learner, programme=programme).remote_minutes == 3 * 60  # live remote half-day only
    day_1_lesson = lesson_ensure(module_ensure(programme))
    LessonProgress.objects.create(
        learner_actor=actor_name(learner.public_id), lesson=day_1_lesson, active_seconds=45 * 60,
        experienced_at=timezone.now(), completed_at=timezone.now(),
    )  # fmt: skip
    assert learner_record(learner=learner, programme=programme).remote_minutes == 3 * 60 + 45


def test_learner_moved_to_another_cohort_for_day_2_keeps_day_1(learner):
    first, first_sessions = cohort_with_sessions(days_ago=30, title="Promotion A")
    second, second_sessions = cohort_with_sessions(programme=first.programme, days_ago=5, title="Promotion B")
    rule_without_assessments(first.programme)
    module_complete(learner=learner, module=module_ensure(first.programme))
    moved_from = EnrolmentFactory(cohort=first, learner=learner, state=EnrolmentState.CANCELLED)
    attend(first_sessions[0], moved_from)  # the remote day, in cohort A
    current = EnrolmentFactory(cohort=second, learner=learner, moved_from=moved_from)
    for session in second_sessions[1:]:  # day 2 in person, in cohort B
        attend(session, current)
        countersign(session, second.trainers.first())
    record = learner_record(learner=learner, programme=first.programme)
    evaluation = evaluate(record.rule, record.facts)
    assert evaluation.eligible, evaluation.missing
    assert record.current_enrolment == current
    assert record.in_person_minutes == 420 and record.remote_minutes == 180


def test_unsigned_and_uncountersigned_half_days_block(cohort_sessions, learner):
    cohort, sessions = cohort_sessions
    rule_without_assessments(cohort.programme)
    module_complete(learner=learner, module=module_ensure(cohort.programme))
    enrolment = EnrolmentFactory(cohort=cohort, learner=learner)
    attend(sessions[0], enrolment)
    attend(sessions[1], enrolment, signed=False)
    attend(sessions[2], enrolment)  # signed, sheet not countersigned
    evaluation = completion_refresh(learner=learner, programme=cohort.programme)
    assert [(i.key, i.reason) for i in evaluation.missing] == [
        ("session:in_person:1", "not_signed"),
        ("session:in_person:2", "not_countersigned"),
    ]


def test_recompute_completion_equals_the_incremental_projection(cohort_sessions, django_capture_on_commit_callbacks):
    cohort, sessions = cohort_sessions
    with django_capture_on_commit_callbacks(execute=True):
        finished_learner(cohort=cohort, sessions=sessions)
        half = EnrolmentFactory(cohort=cohort)
        attend(sessions[0], half)
    incremental = {(s.learner_id, s.programme_id): (s.eligible, s.items) for s in CompletionStatus.objects.all()}
    assert len(incremental) == 2
    call_command("recompute_completion", verbosity=0)
    rebuilt = {(s.learner_id, s.programme_id): (s.eligible, s.items) for s in CompletionStatus.objects.all()}
    assert rebuilt == incremental
    assert sorted(eligible for eligible, _items in rebuilt.values()) == [False, True]
