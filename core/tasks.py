import smtplib

from celery import shared_task

from core.models import User
from core.services import user_invitation_send


@shared_task(autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=True, max_retries=6)
def user_invitation_send_task(user_id: int) -> None:
    user_invitation_send(user=User.objects.get(pk=user_id))  # a no-op once the account is active
