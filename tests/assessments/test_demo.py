"""The demo quizzes and the quiz block in a demo lesson."""

from __future__ import annotations

import uuid

import pytest

from assessments.models import Quiz
from assessments.services import attempt_start, attempt_submit
from core.demo import seed_demo
from core.models import User
from courses.models import LessonPage
from tests.assessments.factories import right_answers

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_quizzes_once():
    report = dict(seed_demo())
    assert len(report["assessments.quizzes"]) == 7  # 6 quizzes and the lesson's quiz block
    kinds = sorted(Quiz.objects.values_list("kind", flat=True))
    assert kinds == ["entry", "exit", "practice", "practice", "survey", "survey"]
    assert {q.module.slug for q in Quiz.objects.filter(kind="practice")} == {"qu-est-ce-que-l-ia", "ia-et-travail"}
    assert dict(seed_demo())["assessments.quizzes"] == []
    assert Quiz.objects.count() == 6


def _demo_learner():
    """The demo learner, enrolled in the demo cohort (entry and exit evaluations are for enrolled learners)."""
    from training.demo import LEARNER_EMAIL

    return User.objects.get(email=LEARNER_EMAIL)


def test_the_demo_quizzes_are_valid_and_can_be_taken():
    seed_demo()
    learner = _demo_learner()
    for quiz in Quiz.objects.all():
        quiz.full_clean()
        attempt = attempt_start(quiz=quiz, learner=learner)
        attempt = attempt_submit(
            attempt=attempt, learner=learner, responses=right_answers(attempt), submission_key=uuid.uuid4()
        )
        assert attempt.score_scaled in (1.0, None)
    exit_attempt = Quiz.objects.get(kind="exit").attempts.get()
    assert len(exit_attempt.snapshot["questions"]) == 6  # drawn from a bank of 10


def test_the_quiz_block_shows_in_the_demo_lesson(client):
    seed_demo()
    learner = _demo_learner()
    lesson = LessonPage.objects.get(slug="ce-qu-est-l-ia")
    [block] = [b for b in lesson.body if b.block_type == "quiz"]
    quiz = block.value["quiz"]
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert f'href="/evaluations/quiz/{quiz.pk}/"' in html and "Pas encore tenté" in html
    attempt = attempt_start(quiz=quiz, learner=learner)
    attempt_submit(attempt=attempt, learner=learner, responses=right_answers(attempt), submission_key=uuid.uuid4())
    assert "Votre meilleur score : 100,0 %" in client.get(lesson.url).content.decode()
