"""Cold surveys: planned from the end of each learner's training, e-mailed once when due."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.core import mail

from assessments import cold_survey
from assessments.cold_survey import (
    cold_survey_invitations_plan,
    cold_survey_invitations_send,
    training_end_dates_source_set,
)
from assessments.models import ColdSurveyInvitation
from assessments.services import attempt_start, attempt_submit
from assessments.tasks import cold_survey_invitations_send_task
from tests.assessments.factories import free_text, quiz_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cold(programme):
    return quiz_create(programme=programme, kind="survey", title="Trois mois après", cold_survey_weeks=12,
                       questions=[free_text("Avez-vous animé un Café IA ?")])  # fmt: skip


@pytest.fixture
def end_dates():
    dates: dict[int, date] = {}
    training_end_dates_source_set(lambda *, programme_id: dict(dates))
    yield dates
    training_end_dates_source_set(cold_survey.exit_evaluation_end_dates)


def test_invitations_are_sent_once_when_due(cold, learner, end_dates):
    end_dates[learner.pk] = date(2026, 1, 9)
    assert cold_survey_invitations_plan(today=date(2026, 1, 10)) == 1
    assert cold_survey_invitations_plan(today=date(2026, 1, 10)) == 0
    invitation = ColdSurveyInvitation.objects.get()
    assert invitation.due_on == date(2026, 1, 9) + timedelta(weeks=12)
    assert cold_survey_invitations_send(today=invitation.due_on - timedelta(days=1)) == 0
    assert cold_survey_invitations_send(today=invitation.due_on) == 1
    assert cold_survey_invitations_send(today=invitation.due_on) == 0
    [message] = mail.outbox
    assert message.to == [learner.email]
    assert message.subject == "Café IA Formation : quelques questions, quelques semaines après"
    assert f"/evaluations/quiz/{cold.pk}/" in message.body and "Trois mois après" in message.body


def test_inactive_learners_get_no_mail(cold, learner, end_dates):
    end_dates[learner.pk] = date(2026, 1, 9)
    learner.is_active = False
    learner.save()
    cold_survey_invitations_plan(today=date(2026, 6, 1))
    assert cold_survey_invitations_send(today=date(2026, 6, 1)) == 0 and not mail.outbox


def test_default_source_is_the_exit_evaluation(programme, cold, learner):
    exit_quiz = quiz_create(programme=programme, kind="exit")
    attempt = attempt_start(quiz=exit_quiz, learner=learner)
    attempt_submit(attempt=attempt, learner=learner, responses={}, submission_key=uuid.uuid4())
    UserFactory()  # has not finished: no invitation
    assert cold_survey_invitations_plan(today=date.today()) == 1
    assert ColdSurveyInvitation.objects.get().learner == learner


def test_the_beat_task_plans_and_sends(cold, learner, end_dates):
    end_dates[learner.pk] = date.today() - timedelta(weeks=13)
    assert cold_survey_invitations_send_task.delay().get() == 1
    assert len(mail.outbox) == 1
