"""Who may see and do what with attestations: every rule is a pair, an object check and a queryset (STYLE.md R8).

- a learner: their own attestations;
- a trainer: the attestations and eligibility of the cohorts they manage (training's permissions);
- staff: revoke, and issue despite missing items with a recorded reason.
"""

from __future__ import annotations

from django.db.models import QuerySet

from certificates.models import Attestation
from core.models import User
from training.models import Cohort
from training.permissions import can_manage_cohort, cohorts_managed_by, is_training_staff


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def attestations_of(user: User) -> QuerySet[Attestation]:
    if not _active(user):
        return Attestation.objects.none()
    return Attestation.objects.filter(learner=user)


def attestations_managed_by(user: User) -> QuerySet[Attestation]:
    if not _active(user):
        return Attestation.objects.none()
    return Attestation.objects.filter(cohort__in=cohorts_managed_by(user))


def attestations_visible_to(user: User) -> QuerySet[Attestation]:
    return (attestations_of(user) | attestations_managed_by(user)).distinct()


def can_view_attestation(user: User, attestation: Attestation) -> bool:
    return _active(user) and (attestation.learner_id == user.pk or can_manage_cohort(user, attestation.cohort))


def can_issue_for_cohort(user: User, cohort: Cohort) -> bool:
    return can_manage_cohort(user, cohort)


def can_override_eligibility(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.has_perm("certificates.revoke_attestation"))


def can_revoke_attestation(user: User) -> bool:
    return can_override_eligibility(user)


def is_staff_for_certificates(user: User) -> bool:
    return can_override_eligibility(user) or is_training_staff(user)
