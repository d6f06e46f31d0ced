"""Celery tasks: thin shells over services, idempotent, enqueued on commit (STYLE.md R6)."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.db import OperationalError

from training.models import CohortMessage, Enrolment, EnrolmentImport, TrainingSession

MAIL_ERRORS = (OSError, smtplib.SMTPException)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=6)
def enrolment_confirmation_send_task(enrolment_id: int) -> None:
    from training.services.notifications import enrolment_confirmation_send

    enrolment = Enrolment.objects.select_related("cohort__programme", "learner").filter(pk=enrolment_id).first()
    if enrolment is not None:
        enrolment_confirmation_send(enrolment=enrolment)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=6)
def enrolment_request_notify_task(enrolment_id: int) -> None:
    from training.services.notifications import enrolment_request_notify

    enrolment = Enrolment.objects.select_related("cohort", "learner").filter(pk=enrolment_id).first()
    if enrolment is not None:
        enrolment_request_notify(enrolment=enrolment)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=6)
def cohort_message_notify_task(message_id: int) -> None:
    from training.services.notifications import cohort_message_notify

    message = CohortMessage.objects.select_related("cohort", "author").filter(pk=message_id).first()
    if message is not None:
        cohort_message_notify(message=message)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=6)
def session_reminder_send_task(enrolment_id: int, day: str) -> None:
    from datetime import date

    from training.services.notifications import session_reminder_send

    enrolment = Enrolment.objects.select_related("cohort__programme", "learner").filter(pk=enrolment_id).first()
    if enrolment is not None:
        session_reminder_send(enrolment=enrolment, day=date.fromisoformat(day))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def session_reminders_send_task() -> int:
    """Celery beat: find the learners whose next training day is close and e-mail each once (with an .ics)."""
    from training.services.notifications import reminders_due

    due = reminders_due()
    for enrolment, day in due:
        session_reminder_send_task.delay(enrolment.pk, day.isoformat())
    return len(due)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def emargement_render_task(session_id: int) -> None:
    from training.services.documents import emargement_render

    session = TrainingSession.objects.filter(pk=session_id).first()
    if session is not None:
        emargement_render(session=session)  # a no-op when the data did not change


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def remote_proof_render_task(enrolment_id: int) -> None:
    from training.services.documents import remote_proof_render

    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is not None:
        remote_proof_render(enrolment=enrolment)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def attendance_summary_render_task(cohort_id: int) -> None:
    from training.models import Cohort
    from training.services.documents import attendance_summary_render

    cohort = Cohort.objects.filter(pk=cohort_id).first()
    if cohort is not None:
        attendance_summary_render(cohort=cohort)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def enrolment_import_preview_task(import_id: int) -> None:
    from training.services.imports import enrolment_import_preview

    job = EnrolmentImport.objects.filter(pk=import_id).first()
    if job is not None:
        enrolment_import_preview(job=job)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def enrolment_import_apply_task(import_id: int) -> None:
    from training.services.imports import enrolment_import_apply

    job = EnrolmentImport.objects.filter(pk=import_id).first()
    if job is not None:
        enrolment_import_apply(job=job)
