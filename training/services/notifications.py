"""E-mails of the training: enrolment confirmation (programme + .ics), requests, messages, day-before reminders.

Each sender is safe to run twice where it matters: reminders are recorded in ``SessionReminder`` before sending.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from training.ics import sessions_ics
from training.models import (
    ACTIVE_STATES,
    CohortMessage,
    CohortStatus,
    Enrolment,
    EnrolmentState,
    SessionReminder,
    TrainingSession,
)


def absolute(path: str) -> str:
    return path if path.startswith("http") else settings.SITE_URL + path


def programme_url(programme) -> str:
    return absolute(programme.get_url() or "/")


def _send(*, subject: str, template: str, context: dict, to: list[str], ics: bytes | None = None) -> None:
    if not to:
        return
    body = render_to_string(f"training/emails/{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=to)
    if ics:
        message.attach("cafe-ia-formation.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


def _hours(minutes: int) -> str:
    return f"{minutes // 60}" if minutes % 60 == 0 else f"{minutes / 60:.1f}".replace(".", ",")


def enrolment_confirmation_send(*, enrolment: Enrolment) -> bool:
    """The programme (French rules: given before the training) and every session as an .ics. Only for enrolled."""
    if enrolment.state != EnrolmentState.ENROLLED or not enrolment.learner.is_active:
        return False
    cohort = enrolment.cohort
    sessions = list(cohort.sessions.select_related("cohort__territory").order_by("date", "start_time"))
    programme = cohort.programme.specific
    url = programme_url(programme)
    _send(
        subject=_("Your enrolment: %(title)s") % {"title": cohort.title},
        template="enrolment_confirmation",
        context={
            "enrolment": enrolment,
            "cohort": cohort,
            "sessions": sessions,
            "programme": programme,
            "programme_hours": _hours(getattr(programme, "total_duration_minutes", 0) or 0),
            "programme_url": url,
            "space_url": absolute(reverse("training:my_trainings")),
        },  # fmt: skip
        to=[enrolment.learner.email],
        ics=sessions_ics(sessions, programme_url=url) if sessions else None,
    )
    return True


def enrolment_request_notify(*, enrolment: Enrolment) -> bool:
    if enrolment.state != EnrolmentState.REQUESTED:
        return False
    cohort = enrolment.cohort
    _send(
        subject=_("A request to join %(title)s") % {"title": cohort.title},
        template="enrolment_request",
        context={
            "enrolment": enrolment,
            "cohort": cohort,
            "url": absolute(reverse("training:cohort_roster", args=[cohort.pk])),
        },  # fmt: skip
        to=list(cohort.trainers.filter(is_active=True).values_list("email", flat=True)),
    )
    return True


def cohort_message_notify(*, message: CohortMessage) -> int:
    """To the recipient; a trainer's message to all goes to every active learner; a learner's to the trainers."""
    cohort = message.cohort
    trainers = set(cohort.trainers.values_list("pk", flat=True))
    if message.recipient_id:
        recipients = User.objects.filter(pk=message.recipient_id, is_active=True)
    elif message.author_id in trainers:
        recipients = User.objects.filter(
            enrolments__cohort=cohort, enrolments__state__in=ACTIVE_STATES, is_active=True
        )
    else:
        recipients = cohort.trainers.filter(is_active=True)
    emails = [email for email in recipients.values_list("email", flat=True) if email]
    for email in emails:  # one message each: learners must not see each other's addresses
        _send(
            subject=_("New message — %(title)s") % {"title": cohort.title},
            template="cohort_message",
            context={
                "message": message,
                "cohort": cohort,
                "url": absolute(reverse("training:cohort_messages", args=[cohort.pk])),
            },  # fmt: skip
            to=[email],
        )
    return len(emails)


def reminders_due(
    *, now: datetime | None = None, ahead: timedelta = timedelta(hours=36)
) -> list[tuple[Enrolment, date]]:
    """(enrolment, day) pairs whose first session of the day starts within ``ahead`` and not yet reminded."""
    now = now or timezone.now()
    sessions = TrainingSession.objects.filter(
        date__range=(now.date() - timedelta(days=1), (now + ahead).date() + timedelta(days=1)),
        cohort__status__in=(CohortStatus.OPEN, CohortStatus.RUNNING),
    ).select_related("cohort__territory")
    due: dict[tuple[int, date], Enrolment] = {}
    for session in sessions:
        if not now < session.starts_at <= now + ahead:
            continue
        for enrolment in session.cohort.enrolments.filter(state=EnrolmentState.ENROLLED).select_related("learner"):
            due.setdefault((enrolment.pk, session.date), enrolment)
    sent = set(SessionReminder.objects.filter(enrolment_id__in=[k[0] for k in due]).values_list("enrolment_id", "day"))
    return [(enrolment, day) for (pk, day), enrolment in due.items() if (pk, day) not in sent]


def session_reminder_send(*, enrolment: Enrolment, day: date) -> bool:
    """Claim the (enrolment, day) reminder row first: a second worker, or a retry after the send, sends nothing."""
    try:
        with transaction.atomic():
            SessionReminder.objects.create(enrolment=enrolment, day=day)
    except IntegrityError:
        return False
    cohort = enrolment.cohort
    sessions = list(cohort.sessions.filter(date=day).select_related("cohort__territory").order_by("start_time"))
    url = programme_url(cohort.programme)
    _send(
        subject=_("Reminder: %(title)s on %(day)s") % {"title": cohort.title, "day": day.strftime("%d/%m/%Y")},
        template="session_reminder",
        context={"enrolment": enrolment, "cohort": cohort, "sessions": sessions, "programme_url": url},
        to=[enrolment.learner.email],
        ics=sessions_ics(sessions, programme_url=url),
    )
    return True
