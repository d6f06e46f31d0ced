"""Cold surveys: planned from the end of each learner's training, e-mailed once when due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from assessments.cold_survey import (
    cold_survey_invitations_plan,
    cold_survey_invitations_send,
    training_end_dates_source_set,
)
from assessments.integrations import training_end_dates
from assessments.models import ColdSurveyInvitation
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
    training_end_dates_source_set(training_end_dates)  # the wired source


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


def test_the_wired_source_is_the_last_half_day_of_the_learners_cohort(programme, cold, learner):
    from tests.training.factories import CohortFactory, EnrolmentFactory, TrainingSessionFactory

    cohort = CohortFactory(programme=programme)
    TrainingSessionFactory(cohort=cohort, date=date.today() - timedelta(weeks=14))
    TrainingSessionFactory(cohort=cohort, date=date.today() - timedelta(weeks=13))
    EnrolmentFactory(cohort=cohort, learner=learner)
    EnrolmentFactory(cohort=CohortFactory(programme=programme))  # a cohort with no half-day yet: no end, no invitation
    UserFactory()  # not enrolled: no invitation
    assert cold_survey_invitations_plan(today=date.today()) == 1
    assert ColdSurveyInvitation.objects.get().learner == learner


def test_the_beat_task_plans_and_sends(cold, learner, end_dates):
    end_dates[learner.pk] = date.today() - timedelta(weeks=13)
    assert cold_survey_invitations_send_task.delay().get() == 1
    assert len(mail.outbox) == 1
