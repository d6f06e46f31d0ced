"""attempt_start / attempt_save / attempt_submit / attempt_close_if_expired: the rules and their refusals."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Attempt, AttemptAnswer, AttemptStatus, QuizAccommodation
from assessments.services import (
    AttemptError,
    attempt_check,
    attempt_close_if_expired,
    attempt_save,
    attempt_start,
    attempt_submit,
    attempts_close_expired,
    quiz_accommodation_set,
)
from core.models import AuditEntry
from tests.assessments.factories import quiz_create, right_answers, single, true_false

pytestmark = pytest.mark.django_db


def submit(attempt, learner, responses, key=None):
    return attempt_submit(attempt=attempt, learner=learner, responses=responses, submission_key=key or uuid.uuid4())


def test_start_snapshots_the_questions_and_is_idempotent(quiz, learner):
    attempt = attempt_start(quiz=quiz, learner=learner)
    assert attempt.number == 1 and attempt.status == AttemptStatus.IN_PROGRESS
    assert [q["type"] for q in attempt.snapshot["questions"]] == [
        "single", "multiple", "true_false", "short_answer", "ordering"
    ]  # fmt: skip
    assert attempt.snapshot["quiz"] == {"title": "Quiz du module", "kind": "practice", "pass_mark": 60,
                                        "feedback_policy": "after_submission"}  # fmt: skip
    assert attempt_start(quiz=quiz, learner=learner).pk == attempt.pk
    assert Attempt.objects.count() == 1


def test_a_perfect_submission(quiz, learner, django_capture_on_commit_callbacks):
    attempt = attempt_start(quiz=quiz, learner=learner)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = submit(attempt, learner, right_answers(attempt))
    assert (attempt.status, attempt.score_scaled, attempt.score_raw, attempt.score_max, attempt.passed) == (
        AttemptStatus.SUBMITTED, 1.0, 5.0, 5, True
    )  # fmt: skip
    assert AttemptAnswer.objects.filter(attempt=attempt, correct=True).count() == 5
    assert AuditEntry.objects.filter(action="assessments.attempt.submitted").count() == 1


def test_a_retried_submission_returns_the_same_result_and_writes_nothing(quiz, learner):
    attempt = attempt_start(quiz=quiz, learner=learner)
    key = uuid.uuid4()
    first = submit(attempt, learner, right_answers(attempt), key)
    wrong = {q["key"]: [] for q in attempt.snapshot["questions"]}
    again = submit(attempt, learner, wrong, key)  # the same POST retried (its body does not matter any more)
    assert again.pk == first.pk and again.score_scaled == 1.0
    assert Attempt.objects.count() == 1 and AttemptAnswer.objects.count() == 5
    with pytest.raises(AttemptError) as error:
        submit(attempt, learner, wrong)  # another form (another tab): refused
    assert error.value.code == "already_submitted"


def test_editing_the_quiz_never_rewrites_a_past_score(quiz, learner):
    attempt = submit(attempt_start(quiz=quiz, learner=learner), learner, {})
    answered = attempt_start(quiz=quiz, learner=learner)
    answered = submit(answered, learner, right_answers(answered))
    quiz.questions = [single("Nouvelle question", [("Oui", True), ("Non", False)])]
    quiz.pass_mark = 100
    quiz.save()
    attempt.refresh_from_db()
    answered.refresh_from_db()
    assert (attempt.score_scaled, answered.score_scaled, answered.passed) == (0.0, 1.0, True)
    assert answered.snapshot["questions"][0]["prompt"] == "Capitale ?"


def test_max_attempts(exit_quiz, learner):
    for _ in range(2):
        submit(attempt_start(quiz=exit_quiz, learner=learner), learner, {})
    with pytest.raises(AttemptError) as error:
        attempt_start(quiz=exit_quiz, learner=learner)
    assert error.value.code == "max_attempts"
    assert Attempt.objects.count() == 2


@pytest.mark.parametrize(
    ("mangle", "code"),
    [
        (lambda q, r: {**r, q[0]["key"]: ["not-a-choice"]}, "unknown_choice"),
        (lambda q, r: {**r, q[1]["key"]: [q[1]["correct"][0], q[1]["correct"][0]]}, "duplicate_choice"),
        (lambda q, r: {**r, "another-question": ["x"]}, "unknown_question"),
        (lambda q, r: {**r, q[4]["key"]: q[4]["correct"][:2]}, "incomplete_ordering"),
    ],
)
def test_bad_responses_are_refused_and_change_nothing(quiz, learner, mangle, code):
    attempt = attempt_start(quiz=quiz, learner=learner)
    responses = mangle(attempt.snapshot["questions"], right_answers(attempt))
    with pytest.raises(AttemptError) as error:
        submit(attempt, learner, responses)
    assert error.value.code == code
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS and attempt.draft == {}
    assert not AttemptAnswer.objects.exists()
    with pytest.raises(AttemptError):
        attempt_save(attempt=attempt, learner=learner, responses=responses)


def test_another_learners_attempt_is_not_found(quiz, learner, django_user_model):
    from tests.factories import UserFactory

    other = UserFactory()
    attempt = attempt_start(quiz=quiz, learner=learner)
    with pytest.raises(Attempt.DoesNotExist):
        submit(attempt, other, right_answers(attempt))
    with pytest.raises(Attempt.DoesNotExist):
        attempt_save(attempt=attempt, learner=other, responses={})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS


def test_time_limit_with_extra_time(programme, learner, trainer):
    quiz = quiz_create(programme=programme, kind="exit", time_limit_minutes=30)
    attempt = attempt_start(quiz=quiz, learner=learner)
    assert attempt.deadline - attempt.started_at == timedelta(minutes=30)
    submit(attempt, learner, {})
    quiz_accommodation_set(learner=learner, extra_time_percent=50, granted_by=trainer, note="Tiers-temps")
    second = attempt_start(quiz=quiz, learner=learner)
    assert second.deadline - second.started_at == timedelta(minutes=45)
    assert QuizAccommodation.objects.get().granted_by == trainer
    with pytest.raises(AttemptError) as error:
        quiz_accommodation_set(learner=learner, extra_time_percent=0, granted_by=trainer)
    assert error.value.code == "invalid_extra_time"


def test_an_expired_attempt_is_closed_with_what_was_saved(programme, learner):
    quiz = quiz_create(programme=programme, kind="exit", time_limit_minutes=10, pass_mark=60)
    attempt = attempt_start(quiz=quiz, learner=learner)
    first = attempt.snapshot["questions"][0]
    attempt_save(attempt=attempt, learner=learner, responses={first["key"]: first["correct"]})
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    attempt.refresh_from_db()
    with pytest.raises(AttemptError) as error:
        submit(attempt, learner, right_answers(attempt))  # too late: these answers are not taken
    assert error.value.code == "time_expired"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED
    assert attempt.closed_at == attempt.deadline
    assert attempt.score_raw == 1.0 and attempt.passed is False  # 1 point of 5: only the saved answer counts
    assert attempt_close_if_expired(attempt=attempt) is False


def test_a_submission_within_the_grace_period_is_accepted(programme, learner):
    quiz = quiz_create(programme=programme, kind="exit", time_limit_minutes=10)
    attempt = attempt_start(quiz=quiz, learner=learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=5))
    attempt.refresh_from_db()
    assert submit(attempt, learner, right_answers(attempt)).status == AttemptStatus.SUBMITTED


def test_the_periodic_close_of_expired_attempts(programme, learner):
    quiz = quiz_create(programme=programme, kind="exit", time_limit_minutes=10)
    attempt = attempt_start(quiz=quiz, learner=learner)
    assert attempts_close_expired() == 0
    assert attempts_close_expired(now=timezone.now() + timedelta(minutes=11)) == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED and attempt.score_scaled == 0.0
    assert attempts_close_expired(now=timezone.now() + timedelta(minutes=11)) == 0


def test_starting_again_after_the_time_limit_closes_the_old_attempt_first(programme, learner):
    quiz = quiz_create(programme=programme, kind="exit", time_limit_minutes=10)
    attempt = attempt_start(quiz=quiz, learner=learner)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    second = attempt_start(quiz=quiz, learner=learner)
    assert second.number == 2
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED


def test_immediate_feedback_locks_the_checked_answer(programme, learner):
    quiz = quiz_create(programme=programme, feedback_policy="immediate",
                       questions=[true_false("Vrai ?", True), true_false("Faux ?", False)])  # fmt: skip
    attempt = attempt_start(quiz=quiz, learner=learner)
    first, second = (q["key"] for q in attempt.snapshot["questions"])
    attempt = attempt_check(attempt=attempt, learner=learner, question_key=first, responses={first: ["false"]})
    assert attempt.checked == [first]
    # changing a checked answer afterwards has no effect: the learner has seen the correction
    attempt = submit(attempt, learner, {first: ["true"], second: ["false"]})
    assert attempt.score_raw == 1.0
    assert AttemptAnswer.objects.get(question_key=first).response == "false"


def test_check_is_refused_when_feedback_comes_later(quiz, learner):
    attempt = attempt_start(quiz=quiz, learner=learner)
    key = attempt.snapshot["questions"][0]["key"]
    with pytest.raises(AttemptError) as error:
        attempt_check(attempt=attempt, learner=learner, question_key=key, responses={})
    assert error.value.code == "no_immediate_feedback"


def test_random_draw_of_n_questions(programme, learner):
    quiz = quiz_create(programme=programme, draw_count=2, shuffle_questions=True, shuffle_choices=True)
    keys = {str(child.id) for child in quiz.questions}
    seen = set()
    for _ in range(6):
        attempt = attempt_start(quiz=quiz, learner=learner)
        drawn = [q["key"] for q in attempt.snapshot["questions"]]
        assert len(drawn) == 2 and set(drawn) <= keys
        seen.update(drawn)
        submit(attempt, learner, right_answers(attempt))
        assert Attempt.objects.get(pk=attempt.pk).score_scaled == 1.0
    assert len(seen) > 2  # different draws


def test_an_empty_quiz_cannot_start(programme, learner):
    quiz = quiz_create(programme=programme, questions=[])
    with pytest.raises(AttemptError) as error:
        attempt_start(quiz=quiz, learner=learner)
    assert error.value.code == "empty_quiz"


def test_a_submission_reads_the_attempt_once_and_locks_only_its_row(quiz, learner):
    """The lock is taken on the attempt's row alone (not its quiz's, which every learner's submission would wait
    for), without reading the snapshot again; then one update, one insert of every answer, one audit entry."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    attempt = attempt_start(quiz=quiz, learner=learner)
    attempt = Attempt.objects.select_related("quiz", "learner").get(pk=attempt.pk)  # as the view fetches it
    with CaptureQueriesContext(connection) as queries:
        submit(attempt, learner, right_answers(attempt))
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    selects = [sql for sql in statements if sql.startswith("SELECT")]
    assert len(selects) == 1
    assert '"snapshot"' not in selects[0] and "assessments_quiz" not in selects[0] and "core_user" not in selects[0]
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in selects[0]
    writes = [sql.split(" ", 3)[:3] for sql in statements if not sql.startswith(("SELECT", "BEGIN", "COMMIT"))]
    assert writes == [
        ["UPDATE", '"assessments_attempt"', "SET"],
        ["INSERT", "INTO", '"assessments_attemptanswer"'],
        ["INSERT", "INTO", '"core_auditentry"'],
    ]
    attempt.refresh_from_db()
    assert attempt.score_scaled == 1.0 and AttemptAnswer.objects.filter(attempt=attempt).count() == 5
