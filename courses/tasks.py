import smtplib

from celery import shared_task

from courses.feedback import amendment_outcome_notify
from courses.models_feedback import AmendmentProposal


@shared_task(autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=True, max_retries=6)
def amendment_outcome_notify_task(proposal_id: int) -> None:
    amendment_outcome_notify(
        proposal=AmendmentProposal.objects.select_related("lesson", "proposer").get(pk=proposal_id)
    )
