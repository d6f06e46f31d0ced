"""Keep ``EnrolmentMilestones`` current: every record a milestone reads, when saved or deleted, recomputes the
enrolments it can change (decision 0043). Thin: pick the enrolments, call ``milestones_refresh``.

| record | milestone | enrolments recomputed |
|---|---|---|
| ``ModuleCompletion`` (statement handler, ``dashboards.projection``) | day 1 | the learner's |
| ``training.Attendance`` | day 2 | its enrolment |
| ``training.TrainingSession`` | day 2 (the in-person half-days required) | its cohort's |
| ``training.Enrolment`` | all (a new row, another cohort) | itself |
| ``training.Cohort`` | all (another programme) | its enrolments |
| ``assessments.Attempt`` | evaluation | the learner's |
| ``assessments.Quiz`` (kind or programme changed) | evaluation | those who passed it |
| ``certificates.Attestation`` | attestation | the learner's in that cohort |

Structural changes the records do not show (a day-1 module published or unpublished) are caught by the reads
(``MilestoneBasis``); writes that bypass signals (``bulk_create``, ``QuerySet.update``) by the reads' fill of missing
rows, or ``rebuild_dashboards``.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save

from assessments.models import Attempt, Quiz, QuizKind
from certificates.models import Attestation
from core.deferral import refresh_or_defer
from dashboards.milestones import milestones_refresh
from training.models import Attendance, Cohort, Enrolment, TrainingSession

# TrainingSession fields that decide which half-days day 2 requires
SESSION_FIELDS = {"modality", "cohort"}
# Attempt fields that can change "evaluation passed" (autosaves write only the draft: nothing to recompute)
ATTEMPT_FIELDS = {"status", "passed", "quiz", "learner"}


def _refresh(**lookup) -> None:
    """Recompute now, or once for the whole block inside ``core.deferral.refreshes_deferred()`` (a bulk job)."""
    refresh_or_defer("dashboards.milestones", Q(**lookup), _refresh_matching)


def _refresh_matching(lookups: list[Q]) -> None:
    milestones_refresh(enrolments=Enrolment.objects.filter(reduce(or_, lookups)))


def attendance_changed(sender, instance: Attendance, **kwargs) -> None:
    _refresh(pk=instance.enrolment_id)


def session_changed(sender, instance: TrainingSession, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not set(update_fields) & SESSION_FIELDS:
        return  # a countersignature, a scan, a reminder: the set of in-person half-days is the same
    _refresh(cohort_id=instance.cohort_id)


def enrolment_saved(sender, instance: Enrolment, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not set(update_fields) & {"cohort", "learner"} and _stored(instance.pk):
        return  # a state, a note, moved_from: the flags do not depend on them (the reads filter the state)
    _refresh(pk=instance.pk)


def _stored(enrolment_id: int) -> bool:
    from dashboards.models import EnrolmentMilestones

    return EnrolmentMilestones.objects.filter(pk=enrolment_id).exists()


def cohort_saved(sender, instance: Cohort, created: bool = False, **kwargs) -> None:
    if not created:
        _refresh(cohort_id=instance.pk)


def attempt_changed(sender, instance: Attempt, update_fields=None, signal=None, **kwargs) -> None:
    """Only a passed exit evaluation can turn the milestone on (a later failed attempt does not turn it off: any pass
    counts), and only a deleted attempt can turn it off: the submissions of practice quizzes, entry evaluations,
    surveys and failed attempts recompute nothing. After the commit: not while the submission holds its lock."""
    if signal is not post_delete:
        if update_fields is not None and not set(update_fields) & ATTEMPT_FIELDS:
            return
        if not instance.passed:
            return
    quiz_id, learner_id = instance.quiz_id, instance.learner_id

    def refresh() -> None:
        if Quiz.objects.filter(pk=quiz_id, kind=QuizKind.EXIT).exists():
            _refresh(learner_id=learner_id)

    transaction.on_commit(refresh)


def quiz_before_save(sender, instance: Quiz, **kwargs) -> None:
    old = Quiz.objects.filter(pk=instance.pk).values_list("kind", "programme_id").first() if instance.pk else None
    instance._dashboards_before = old


def quiz_saved(sender, instance: Quiz, created: bool = False, **kwargs) -> None:
    before = getattr(instance, "_dashboards_before", None)
    if created or before == (instance.kind, instance.programme_id):
        return
    _refresh(learner__in=Attempt.objects.filter(quiz=instance, passed=True).values("learner"))


def attestation_changed(sender, instance: Attestation, **kwargs) -> None:
    _refresh(learner_id=instance.learner_id, cohort_id=instance.cohort_id)


def milestone_receivers_connect() -> None:
    """Called by ``DashboardsConfig.ready``."""
    for model, receiver in (
        (Attendance, attendance_changed),
        (TrainingSession, session_changed),
        (Attempt, attempt_changed),
        (Attestation, attestation_changed),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"dashboards.milestones.{model.__name__}.save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"dashboards.milestones.{model.__name__}.delete")
    post_save.connect(enrolment_saved, sender=Enrolment, dispatch_uid="dashboards.milestones.Enrolment.save")
    post_save.connect(cohort_saved, sender=Cohort, dispatch_uid="dashboards.milestones.Cohort.save")
    pre_save.connect(quiz_before_save, sender=Quiz, dispatch_uid="dashboards.milestones.Quiz.pre_save")
    post_save.connect(quiz_saved, sender=Quiz, dispatch_uid="dashboards.milestones.Quiz.save")
