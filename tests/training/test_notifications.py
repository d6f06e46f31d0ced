from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail

from tests.training.factories import EnrolmentFactory, TrainingSessionFactory
from training.ics import sessions_ics
from training.models import EnrolmentState, SessionReminder
from training.services.notifications import reminders_due, session_reminder_send
from training.tasks import session_reminders_send_task

pytestmark = pytest.mark.django_db


def test_reminders_are_due_once_per_learner_and_day(cohort, trainer):
    morning = TrainingSessionFactory(cohort=cohort, trainer=trainer)
    TrainingSessionFactory(
        cohort=cohort, trainer=trainer, date=morning.date, start_time=dt.time(14), end_time=dt.time(17)
    )
    enrolled = EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort, state=EnrolmentState.WAITLISTED)
    now = morning.starts_at - dt.timedelta(hours=20)
    assert reminders_due(now=now) == [(enrolled, morning.date)]
    assert reminders_due(now=morning.starts_at - dt.timedelta(days=3)) == []
    assert session_reminder_send(enrolment=enrolled, day=morning.date)
    assert not session_reminder_send(enrolment=enrolled, day=morning.date)  # a retry sends nothing
    assert reminders_due(now=now) == []
    [message] = mail.outbox
    assert message.to == [enrolled.learner.email]
    [(name, content, _mimetype)] = message.attachments
    text = content if isinstance(content, str) else content.decode()
    assert text.count("BEGIN:VEVENT") == 2 and name.endswith(".ics")
    assert SessionReminder.objects.count() == 1


def test_the_beat_task_is_scheduled_and_sends(cohort, trainer, monkeypatch):
    assert (
        settings.CELERY_BEAT_SCHEDULE["training-session-reminders"]["task"]
        == "training.tasks.session_reminders_send_task"
    )
    session = TrainingSessionFactory(cohort=cohort, trainer=trainer)
    EnrolmentFactory(cohort=cohort)
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: session.starts_at - dt.timedelta(hours=10))
    assert session_reminders_send_task.delay().get() == 1
    assert len(mail.outbox) == 1


def test_ics_times_are_utc_and_lines_folded(cohort, trainer):
    session = TrainingSessionFactory(
        cohort=cohort, trainer=trainer, venue_address="Une adresse très longue " * 6, date=dt.date(2027, 1, 12)
    )
    text = sessions_ics([session]).decode()
    assert "DTSTART:20270112T080000Z" in text  # 9:00 in Strasbourg, winter
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert f"UID:session-{session.pk}@" in text
