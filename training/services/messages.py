"""The trainer ↔ learner channel of a cohort: written traces of the support given during the remote part."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import User
from training.exceptions import TrainingError
from training.models import ACTIVE_STATES, Cohort, CohortMessage
from training.permissions import can_manage_cohort

MAX_BODY = 5000


@transaction.atomic
def cohort_message_post(*, cohort: Cohort, author: User, body: str, recipient: User | None = None) -> CohortMessage:
    """A trainer writes to everyone or to one learner; a learner writes to the trainers (``recipient`` None).
    E-mail notifications leave after commit."""
    body = body.strip()
    if not body:
        raise TrainingError(_("Write a message first."), code="message_empty")
    if len(body) > MAX_BODY:
        raise TrainingError(_("The message is too long (5,000 characters at most)."), code="message_too_long")
    is_trainer = can_manage_cohort(author, cohort)
    enrolled = cohort.enrolments.filter(state__in=ACTIVE_STATES)
    if not is_trainer:
        if not enrolled.filter(learner=author).exists():
            raise TrainingError(_("You are not a member of this cohort."), code="not_member")
        recipient = None  # a learner's message goes to the trainers, never to another learner
    elif recipient is not None and not enrolled.filter(learner=recipient).exists():
        raise TrainingError(_("This person is not a learner of the cohort."), code="recipient_invalid")
    message = CohortMessage.objects.create(cohort=cohort, author=author, recipient=recipient, body=body)
    audit_log(actor=author, action="training.message.posted", target=cohort, data={"message": message.pk})
    from training.tasks import cohort_message_notify_task

    transaction.on_commit(lambda: cohort_message_notify_task.delay(message.pk))
    return message
