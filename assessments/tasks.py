from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from assessments.models import Attempt


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=6)
def attempt_statements_record_task(attempt_id: int) -> None:
    from assessments.statements import attempt_statements_record

    attempt = Attempt.objects.select_related("quiz", "learner").filter(pk=attempt_id).first()
    if attempt is not None:
        attempt_statements_record(attempt=attempt)  # deterministic ids: recording twice stores nothing new


@shared_task
def attempts_close_expired_task() -> int:
    from assessments.services import attempts_close_expired

    return attempts_close_expired()


@shared_task(autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=6)
def cold_survey_invitations_send_task() -> int:
    from assessments.cold_survey import cold_survey_invitations_plan, cold_survey_invitations_send

    today = timezone.localdate()
    cold_survey_invitations_plan(today=today)
    return cold_survey_invitations_send(today=today)
