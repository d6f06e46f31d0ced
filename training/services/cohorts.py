"""Cohorts and their trainers."""

from __future__ import annotations

from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from core.audit import audit_log
from core.models import User
from training.models import Cohort
from training.permissions import TRAINER_COHORT_PERMISSIONS


@transaction.atomic
def cohort_trainer_add(*, cohort: Cohort, trainer: User, actor: User | None) -> None:
    """List ``trainer`` on the cohort and grant their object permissions. Idempotent."""
    cohort.trainers.add(trainer)
    for perm in TRAINER_COHORT_PERMISSIONS:
        assign_perm(perm, trainer, cohort)
    audit_log(actor=actor, action="training.cohort.trainer_added", target=cohort, data={"trainer": trainer.pk})


@transaction.atomic
def cohort_trainer_remove(*, cohort: Cohort, trainer: User, actor: User | None) -> None:
    """Unlist ``trainer`` and revoke their object permissions (their past sessions keep their name). Idempotent."""
    cohort.trainers.remove(trainer)
    for perm in TRAINER_COHORT_PERMISSIONS:
        remove_perm(perm, trainer, cohort)
    audit_log(actor=actor, action="training.cohort.trainer_removed", target=cohort, data={"trainer": trainer.pk})
