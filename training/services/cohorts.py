"""Cohorts and their trainers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from core.audit import audit_log
from core.models import User
from training.exceptions import CohortError
from training.models import Cohort, CohortStatus, Territory
from training.permissions import TRAINER_COHORT_PERMISSIONS
from training.services.refusals import audit_refusals

COHORT_FIELDS = ("programme", "title", "capacity", "territory", "departement", "status", "description")


def _full_clean(cohort: Cohort) -> None:
    try:
        cohort.full_clean(exclude=["trainers"])
    except ValidationError as error:
        first = next(iter(error.message_dict.values()))[0]
        raise CohortError(first, code="cohort_invalid", extra={"fields": ",".join(error.message_dict)}) from error


@transaction.atomic
def cohort_create(
    *,
    programme,
    title: str,
    territory: Territory,
    departement: str,
    created_by: User,
    capacity: int = 20,
    status: str = CohortStatus.DRAFT,
    description: str = "",
    trainers: list[User] | None = None,
) -> Cohort:
    """Create a cohort; its creator leads it unless other trainers are given."""
    cohort = Cohort(
        programme=programme,
        title=title,
        territory=territory,
        departement=departement,
        capacity=capacity,
        status=status,
        description=description,
        created_by=created_by,
    )
    _full_clean(cohort)
    cohort.save()
    audit_log(actor=created_by, action="training.cohort.created", target=cohort)
    for trainer in trainers or [created_by]:
        cohort_trainer_add(cohort=cohort, trainer=trainer, actor=created_by)
    return cohort


@audit_refusals("training.cohort.update", target="cohort")
@transaction.atomic
def cohort_update(*, cohort: Cohort, actor: User, **changes: object) -> Cohort:
    """Change the cohort's fields (``COHORT_FIELDS``). A capacity below the seats already given is refused."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    unknown = set(changes) - set(COHORT_FIELDS)
    if unknown:
        raise ValueError(f"not cohort fields: {unknown}")
    if cohort.status == CohortStatus.CLOSED and changes.get("status", CohortStatus.CLOSED) == CohortStatus.CLOSED:
        raise CohortError(_("This cohort is closed: reopen it first."), code="cohort_closed")
    if "programme" in changes and changes["programme"] != cohort.programme and cohort.enrolments.exists():
        raise CohortError(_("Learners are enrolled: the programme can no longer change."), code="programme_locked")
    before = {name: str(getattr(cohort, name)) for name in changes}
    for name, value in changes.items():
        setattr(cohort, name, value)
    seats = cohort.enrolments.holding_seat().count()
    if cohort.capacity < seats:
        raise CohortError(
            _("%(seats)s learners are already enrolled: the capacity cannot be lower.") % {"seats": seats},
            code="capacity_below_enrolled",
        )
    _full_clean(cohort)
    cohort.save()
    audit_log(actor=actor, action="training.cohort.updated", target=cohort, data={"before": before})
    return cohort


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
