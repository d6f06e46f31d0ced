"""Thin receivers for training's records: re-evaluate the learners concerned once the change is committed."""

from __future__ import annotations

from django.db import transaction


def _refresh_later(enrolment_ids: list[int]) -> None:
    from certificates.tasks import completion_refresh_enrolment_task

    for enrolment_id in enrolment_ids:
        transaction.on_commit(lambda pk=enrolment_id: completion_refresh_enrolment_task.delay(pk))


def attendance_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        _refresh_later([instance.enrolment_id])


def session_saved(sender, instance, raw: bool = False, created: bool = False, **kwargs) -> None:
    if not raw:  # a countersignature (or a new date) concerns every learner of the cohort
        _refresh_later(list(instance.cohort.enrolments.values_list("pk", flat=True)))


def enrolment_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        _refresh_later([instance.pk])


def _refresh_programme_later(programme_id: int) -> None:
    from certificates.tasks import completion_refresh_programme_task

    transaction.on_commit(lambda: completion_refresh_programme_task.delay(programme_id))


def rule_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """A programme's completion rule was edited (or removed: the national rule applies again)."""
    if not raw:
        _refresh_programme_later(instance.programme_id)


def rule_modules_changed(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _refresh_programme_later(instance.programme_id)
