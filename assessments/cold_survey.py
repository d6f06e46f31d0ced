"""Cold surveys: a satisfaction survey e-mailed N weeks after a learner's training ended (Qualiopi indicator 30).

When a learner's training ends is the training app's knowledge (cohort dates), and ``training`` sits below
``assessments`` in the import order: ``training_end_dates`` is a replaceable source. Until the training app's
version is wired (``training_end_dates_source_set`` in ``AssessmentsConfig.ready``), the end of a learner's
training is the day they first closed the programme's exit evaluation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Min
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Attempt, AttemptStatus, ColdSurveyInvitation, Quiz, QuizKind
from core.audit import audit_log

TrainingEndDates = Callable[..., dict[int, date]]  # (programme_id=) -> {learner id: last day of their training}


def exit_evaluation_end_dates(*, programme_id: int) -> dict[int, date]:
    """Default source: the day each learner first closed an exit evaluation of the programme."""
    rows = (
        Attempt.objects.filter(
            quiz__programme_id=programme_id,
            quiz__kind=QuizKind.EXIT,
            status__in=[AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED],
        )
        .values("learner_id")
        .annotate(ended=Min("closed_at"))
    )
    return {row["learner_id"]: timezone.localdate(row["ended"]) for row in rows}


_source: TrainingEndDates = exit_evaluation_end_dates


def training_end_dates_source_set(source: TrainingEndDates) -> None:
    """Replace where training end dates come from (the training app's cohorts, once merged)."""
    global _source
    _source = source


def training_end_dates(*, programme_id: int) -> dict[int, date]:
    return _source(programme_id=programme_id)


def cold_survey_invitations_plan(*, today: date) -> int:
    """Create the invitation of every learner whose training has ended, with its due date. Idempotent."""
    created = 0
    for quiz in Quiz.objects.filter(kind=QuizKind.SURVEY, cold_survey_weeks__isnull=False):
        for learner_id, ended_on in training_end_dates(programme_id=quiz.programme_id).items():
            _invitation, made = ColdSurveyInvitation.objects.get_or_create(
                quiz=quiz, learner_id=learner_id,
                defaults={"due_on": ended_on + timedelta(weeks=quiz.cold_survey_weeks)},
            )  # fmt: skip
            created += made
    return created


def cold_survey_invitations_send(*, today: date) -> int:
    """E-mail every due invitation not sent yet; each one once (locked, marked in the same transaction)."""
    sent = 0
    due = ColdSurveyInvitation.objects.filter(due_on__lte=today, sent_at__isnull=True).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            invitation = (
                ColdSurveyInvitation.objects.select_for_update(skip_locked=True)
                .select_related("quiz", "learner")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if invitation is None or not invitation.learner.is_active:
                continue
            context = {
                "learner": invitation.learner,
                "quiz": invitation.quiz,
                "url": settings.SITE_URL + reverse("assessments:quiz_detail", args=[invitation.quiz_id]),
            }
            send_mail(
                subject=_("Café IA Formation: a few questions, a few weeks later"),
                message=render_to_string("assessments/emails/cold_survey.txt", context),
                from_email=None,
                recipient_list=[invitation.learner.email],
            )
            invitation.sent_at = timezone.now()
            invitation.save(update_fields=["sent_at"])
            audit_log(actor=None, action="assessments.cold_survey.sent", target=invitation.quiz,
                      data={"learner": invitation.learner_id})  # fmt: skip
            sent += 1
    return sent
