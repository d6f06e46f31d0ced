"""Reads of H5P practice results, for the learner's own page and the trainer's cohort view (which passes the
pseudonymous actor names of the learners it may see: permission scoping stays with the caller's cohort selector)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.models_h5p import H5PAttempt
from xapi.actors import actor_name


@dataclass(frozen=True)
class H5PResult:
    learner_actor: str
    package_id: int
    attempts: int
    best_scaled: float | None
    last_scaled: float | None
    last_raw: float | None
    last_max: float | None
    total_seconds: int


def h5p_attempts_of(
    *, learner_actors: Iterable[str], package_ids: Iterable[int] | None = None
) -> QuerySet[H5PAttempt]:
    rows = H5PAttempt.objects.filter(learner_actor__in=list(learner_actors))
    if package_ids is not None:
        rows = rows.filter(package_id__in=list(package_ids))
    return (
        rows.select_related("package")
        .prefetch_related("items")
        .order_by("learner_actor", "package_id", "statement_pk")
    )


def h5p_results_of(*, learner_actors: Iterable[str], package_ids: Iterable[int] | None = None) -> list[H5PResult]:
    """Per learner and activity: attempts, best and last score (scaled), time spent. Ordered by learner, activity."""
    grouped: dict[tuple[str, int], list[H5PAttempt]] = {}
    for attempt in h5p_attempts_of(learner_actors=learner_actors, package_ids=package_ids):
        grouped.setdefault((attempt.learner_actor, attempt.package_id), []).append(attempt)
    results = []
    for (learner_actor, package_id), attempts in grouped.items():
        last = attempts[-1]
        scaled = [a.score_scaled for a in attempts if a.score_scaled is not None]
        results.append(
            H5PResult(
                learner_actor=learner_actor,
                package_id=package_id,
                attempts=len(attempts),
                best_scaled=max(scaled) if scaled else None,
                last_scaled=last.score_scaled,
                last_raw=last.score_raw,
                last_max=last.score_max,
                total_seconds=sum(a.duration_seconds for a in attempts),
            )
        )
    return results


def h5p_results_for_user(*, user, package_ids: Iterable[int] | None = None) -> list[H5PResult]:
    """The signed-in learner's own results (nothing for an anonymous visitor)."""
    if not user.is_authenticated:
        return []
    return h5p_results_of(learner_actors=[actor_name(user.public_id)], package_ids=package_ids)
