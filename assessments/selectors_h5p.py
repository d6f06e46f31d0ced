"""Reads of H5P practice results, for the learner's own page and the trainer's cohort view (which passes the
pseudonymous actor names of the learners it may see: permission scoping stays with the caller's cohort selector)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.models_h5p import H5PAttempt
from core.models import User
from courses.models_h5p import H5PPackage
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
    rows = H5PAttempt.objects.filter(learner_actor__in=list(learner_actors))
    if package_ids is not None:
        rows = rows.filter(package_id__in=list(package_ids))
    rows = rows.only(
        "learner_actor", "package_id", "statement_pk", "score_raw", "score_max", "score_scaled", "duration_seconds"
    ).order_by("learner_actor", "package_id", "statement_pk")
    for attempt in rows:
        grouped.setdefault((attempt.learner_actor, attempt.package_id), []).append(attempt)
    results = []
    for (learner_actor, package_id), attempts in grouped.items():
        last = attempts[-1]
        scaled = [_scaled(a) for a in attempts if _scaled(a) is not None]
        results.append(
            H5PResult(
                learner_actor=learner_actor,
                package_id=package_id,
                attempts=len(attempts),
                best_scaled=max(scaled) if scaled else None,
                last_scaled=_scaled(last),
                last_raw=last.score_raw,
                last_max=last.score_max,
                total_seconds=sum(a.duration_seconds for a in attempts),
            )
        )
    return results


def _scaled(attempt: H5PAttempt) -> float | None:
    """The scaled score, or raw / max when the content type sent no scaled score."""
    if attempt.score_scaled is not None:
        return attempt.score_scaled
    if attempt.score_raw is not None and attempt.score_max:
        return attempt.score_raw / attempt.score_max
    return None


def h5p_results_for_user(*, user, package_ids: Iterable[int] | None = None) -> list[H5PResult]:
    """The signed-in learner's own results (nothing for an anonymous visitor)."""
    if not user.is_authenticated:
        return []
    return h5p_results_of(learner_actors=[actor_name(user.public_id)], package_ids=package_ids)


# --- the trainer's cohort page -------------------------------------------------------------------------------------
def programme_h5p_package_ids(*, programme) -> set[int]:
    """The H5P activities placed in the lessons of `programme` (their stored body, published or not)."""
    from courses.models import LessonPage

    ids: set[int] = set()
    for lesson in LessonPage.objects.descendant_of(programme).only("pk", "body"):
        for block in lesson.body.raw_data:
            if block.get("type") == "h5p_activity" and isinstance(block.get("value"), dict):
                package = block["value"].get("package")
                if isinstance(package, int):
                    ids.add(package)
    return ids


@dataclass(frozen=True)
class H5PActivityLine:
    title: str
    attempts: int
    best_percent: float | None
    last_percent: float | None
    last_raw: float | None
    last_max: float | None
    total_seconds: int


@dataclass(frozen=True)
class LearnerH5PLine:
    learner_id: int
    name: str
    activities: tuple[H5PActivityLine, ...]  # the activities of the programme this learner attempted, by title


def cohort_h5p_results(*, learners: QuerySet[User], programme) -> list[LearnerH5PLine]:
    """Per learner of `learners` (a cohort's roster: the caller scopes it), their H5P practice on the activities of
    `programme`. Practice only: these scores come from the learner's browser."""
    people = list(learners.order_by("last_name", "first_name", "pk"))
    actors = {actor_name(learner.public_id): learner for learner in people}
    package_ids = programme_h5p_package_ids(programme=programme)
    results = h5p_results_of(learner_actors=actors, package_ids=package_ids) if package_ids and actors else []
    titles = dict(H5PPackage.objects.filter(pk__in={r.package_id for r in results}).values_list("pk", "title"))
    per_learner: dict[int, list[H5PActivityLine]] = {}
    for result in results:
        per_learner.setdefault(actors[result.learner_actor].pk, []).append(
            H5PActivityLine(
                title=titles.get(result.package_id, ""),
                attempts=result.attempts,
                best_percent=_percent(result.best_scaled),
                last_percent=_percent(result.last_scaled),
                last_raw=result.last_raw,
                last_max=result.last_max,
                total_seconds=result.total_seconds,
            )
        )
    return [
        LearnerH5PLine(
            learner_id=learner.pk,
            name=learner.get_full_name() or learner.email,
            activities=tuple(sorted(per_learner.get(learner.pk, []), key=lambda line: line.title)),
        )
        for learner in people
    ]


def _percent(scaled: float | None) -> float | None:
    return None if scaled is None else round(scaled * 100, 1)
