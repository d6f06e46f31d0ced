"""Each enrolment's milestones (day 1, day 2, evaluation, attestation): computed by the database, stored, read.

**Computed** (``milestones_refresh``) by one query per programme, whatever the number of learners, with the rules of
decision 0042: EXISTS on ``ModuleCompletion`` (a narrow projection of the platform's module statements,
``dashboards.projection``) per day-1 module, a count of present/late in-person attendance against the cohort's
in-person half-days, EXISTS on a passed exit attempt and on an issued attestation. ``ModuleCompletion`` is keyed by
pseudonymous actor names, an HMAC only Python can compute (the key never goes to the database), cached in
``LearnerActor``.

**Stored** in ``EnrolmentMilestones`` (one row per enrolment, decision 0043), recomputed when a record it reads
changes (``dashboards.receivers``, the statement handler) and by ``rebuild_dashboards``.

**Read** (``cohort_tallies``, ``learner_rows``) as a ``GROUP BY`` or a plain join over those rows; a read first
recomputes a programme whose day-1 modules changed (``MilestoneBasis``) and fills the rows it finds missing.

Callers pass cohorts already scoped (``dashboards.selectors``): nothing here checks who asks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from assessments.models import Attempt, AttemptStatus, QuizKind
from certificates.models import Attestation, AttestationStatus
from courses.models import DayModality, DayPage, ModulePage
from dashboards.models import EnrolmentMilestones, LearnerActor, MilestoneBasis, ModuleCompletion
from training.models import (
    PRESENT_STATUSES,
    Attendance,
    Cohort,
    Enrolment,
    EnrolmentState,
    Modality,
    TrainingSession,
)
from xapi.actors import actor_name

# Learners who took their seat: an invitation not yet accepted, a request or a waiting-list spot is not "enrolled".
COUNTED_STATES = (EnrolmentState.ENROLLED, EnrolmentState.COMPLETED)


@dataclass(frozen=True)
class LearnerRow:
    """One enrolment's milestones. ``evaluation_passed``/``attestation_issued`` are None when not available."""

    enrolment_id: int
    cohort_id: int
    learner_name: str
    state: str
    day1_completed: bool
    day2_attended: bool
    evaluation_passed: bool | None
    attestation_issued: bool | None

    @property
    def milestones(self) -> tuple[bool | None, ...]:
        return (self.day1_completed, self.day2_attended, self.evaluation_passed, self.attestation_issued)


# The two figures other apps will provide. Each is ONE function returning a boolean SQL expression over an
# Enrolment (its learner, its cohort's programme), or None while the app that knows it is not there: wiring one is
# one change here, and the views, exports and API then show it instead of "not available".


def evaluation_passed_expression() -> Q | Exists | None:
    """The enrolment's learner passed an exit evaluation of the cohort's programme (a closed, server-scored attempt;
    a pass in another cohort of the same programme counts, as in the completion rule)."""
    return Exists(
        Attempt.objects.filter(
            learner=OuterRef("learner"),
            quiz__programme=OuterRef("cohort__programme"),
            quiz__kind=QuizKind.EXIT,
            status__in=(AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED),
            passed=True,
        )
    )


def attestation_issued_expression() -> Q | Exists | None:
    """An attestation of this cohort was issued to the enrolment's learner and is not revoked."""
    return Exists(
        Attestation.objects.filter(
            learner=OuterRef("learner"), cohort=OuterRef("cohort"), status=AttestationStatus.ISSUED
        )
    )


def actor_fingerprint() -> str:
    """Which ``XAPI_ACTOR_SECRET`` a cached actor name was computed with."""
    return hashlib.sha256(settings.XAPI_ACTOR_SECRET.encode()).hexdigest()[:16]


def _learner_actors_fill(learners: Iterable[tuple[int, object]]) -> None:
    """Cache the actor names of ``(user pk, public_id)`` pairs (new learners, or all after a secret rotation)."""
    fingerprint = actor_fingerprint()
    LearnerActor.objects.bulk_create(
        [
            LearnerActor(user_id=pk, actor_name=actor_name(public_id), secret_fingerprint=fingerprint)
            for pk, public_id in dict(learners).items()
        ],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["actor_name", "secret_fingerprint"],
    )


def _day1_modules(programme_ids: Iterable[int]) -> dict[int, list[int]]:
    """Per programme, the live modules of its remote day(s) (every one is required for day 1)."""
    from wagtail.models import Page

    result: dict[int, list[int]] = {}
    for programme_id, path in Page.objects.filter(pk__in=set(programme_ids)).values_list("pk", "path"):
        day_paths = DayPage.objects.live().filter(modality=DayModality.REMOTE, path__startswith=path)
        under_a_day = Q()
        for day_path in day_paths.values_list("path", flat=True):
            under_a_day |= Q(path__startswith=day_path)
        modules = ModulePage.objects.live().filter(under_a_day).values_list("pk", flat=True) if under_a_day else []
        result[programme_id] = sorted(modules)
    return result


def _day1_expression(module_ids: list[int]):
    """Every day-1 module was completed, per the platform's statements (through the ``ModuleCompletion``
    projection). Matched by actor, not by registration: a learner moved to another cohort keeps the day 1 done in
    the first one (completion combines a learner's records for the same programme)."""
    if not module_ids:
        return Value(False, output_field=BooleanField())
    condition = Q()
    for module_id in module_ids:
        done = ModuleCompletion.objects.filter(
            module_id=module_id, learner_actor=OuterRef("learner__lrs_actor__actor_name")
        )
        condition &= Q(Exists(done))
    return ExpressionWrapper(condition, output_field=BooleanField())


def _day2(required: int, present: int) -> bool:
    return required > 0 and present >= required


@contextmanager
def _without_jit() -> Iterator[None]:
    """PostgreSQL's JIT compiles these per-learner EXISTS plans for longer than they run (about 100 ms for 5,000
    learners, for nothing): off for the transaction of a large computation, on other databases a no-op."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


# Computing and storing


def _modules_key(module_ids: Iterable[int]) -> str:
    return ",".join(str(pk) for pk in sorted(module_ids))


def _modules_from_key(key: str) -> list[int]:
    return [int(pk) for pk in key.split(",") if pk]


def _stored_bases(programme_ids: set[int]) -> dict[int, str]:
    rows = MilestoneBasis.objects.filter(programme_id__in=programme_ids)
    return dict(rows.values_list("programme_id", "day1_modules"))


def _bases(programme_ids: set[int]) -> dict[int, list[int]]:
    """The day-1 modules stored rows of each programme are computed against; created from the live pages for a
    programme seen for the first time (no row of it can exist yet: every row is written here)."""
    stored = _stored_bases(programme_ids)
    missing = programme_ids - set(stored)
    if missing:
        current = _day1_modules(missing)
        MilestoneBasis.objects.bulk_create(
            [MilestoneBasis(programme_id=pk, day1_modules=_modules_key(modules)) for pk, modules in current.items()],
            ignore_conflicts=True,
        )
        stored |= _stored_bases(missing)
    return {pk: _modules_from_key(key) for pk, key in stored.items()}


def _learner_actors_ensure(enrolments: QuerySet[Enrolment]) -> None:
    """Cache the actor names the day-1 expression joins on, for the learners of ``enrolments`` lacking one."""
    fingerprint = actor_fingerprint()
    rows = enrolments.values_list("learner_id", "learner__public_id", "learner__lrs_actor__secret_fingerprint")
    uncached = [(pk, public_id) for pk, public_id, cached in rows if cached != fingerprint]
    if uncached:
        _learner_actors_fill(uncached)


def milestones_refresh(*, enrolments: QuerySet[Enrolment]) -> int:
    """Compute and store the milestones of ``enrolments`` (any state: the reads filter the counted ones).

    Idempotent; called by the receivers of every record a milestone reads, by reads for missing rows and by
    ``rebuild_dashboards``. Returns the number of rows written."""
    enrolments = Enrolment.objects.filter(pk__in=enrolments.values("pk")).order_by()
    programme_ids = set(enrolments.values_list("cohort__programme_id", flat=True).distinct())
    if not programme_ids:
        return 0
    _learner_actors_ensure(enrolments)
    bases = _bases(programme_ids)
    required = (
        TrainingSession.objects.filter(cohort_id=OuterRef("cohort_id"), modality=Modality.IN_PERSON)
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    present = (
        Attendance.objects.filter(
            enrolment=OuterRef("pk"),
            session__cohort_id=OuterRef("cohort_id"),
            session__modality=Modality.IN_PERSON,
            status__in=PRESENT_STATUSES,
        )
        .order_by()
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    evaluation = evaluation_passed_expression()
    attestation = attestation_issued_expression()
    false = Value(False, output_field=BooleanField())
    written: list[EnrolmentMilestones] = []
    for programme_id in sorted(programme_ids):
        rows = (
            enrolments.filter(cohort__programme_id=programme_id)
            .annotate(
                day1=_day1_expression(bases.get(programme_id, [])),
                required=Coalesce(Subquery(required), 0),
                present=Coalesce(Subquery(present), 0),
                evaluation=ExpressionWrapper(evaluation, output_field=BooleanField()) if evaluation else false,
                attestation=ExpressionWrapper(attestation, output_field=BooleanField()) if attestation else false,
            )
            .values_list("pk", "day1", "required", "present", "evaluation", "attestation")
        )
        for pk, day1, required_count, present_count, evaluation_passed, attestation_issued in rows.iterator(
            chunk_size=5000
        ):
            written.append(
                EnrolmentMilestones(
                    enrolment_id=pk,
                    day1_completed=bool(day1),
                    day2_attended=_day2(required_count, present_count),
                    evaluation_passed=bool(evaluation_passed),
                    attestation_issued=bool(attestation_issued),
                )
            )
    EnrolmentMilestones.objects.bulk_create(
        written,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["enrolment"],
        update_fields=["day1_completed", "day2_attended", "evaluation_passed", "attestation_issued"],
    )
    return len(written)


def _bases_check(programme_ids: set[int]) -> None:
    """Recompute every enrolment of a programme whose day-1 modules changed since its rows were computed (a module
    published, unpublished or moved), then record the new set. Costs the day-1 lookup, a few small queries."""
    stored = _stored_bases(programme_ids)
    for programme_id, modules in _day1_modules(programme_ids).items():
        key = _modules_key(modules)
        if programme_id in stored and stored[programme_id] != key:
            with _without_jit():
                MilestoneBasis.objects.filter(programme_id=programme_id).update(day1_modules=key)
                milestones_refresh(enrolments=Enrolment.objects.filter(cohort__programme_id=programme_id))


def milestones_rebuild() -> int:
    """Recompute every enrolment's milestones against the live day-1 modules (after ``module_completions_rebuild``
    in ``rebuild_dashboards``). Returns the number of rows written."""
    with _without_jit():
        MilestoneBasis.objects.all().delete()
        EnrolmentMilestones.objects.all().delete()
        return milestones_refresh(enrolments=Enrolment.objects.all())


# Reading


def _counted(cohorts: QuerySet[Cohort]) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(cohort_id__in=cohorts.values("pk"), state__in=COUNTED_STATES).order_by()


def _prepare(cohorts: QuerySet[Cohort]) -> None:
    _bases_check(set(cohorts.order_by().values_list("programme_id", flat=True).distinct()))


def _fill_missing(cohorts: QuerySet[Cohort]) -> None:
    with _without_jit():
        milestones_refresh(enrolments=_counted(cohorts).filter(milestones__isnull=True))


@dataclass(frozen=True)
class Tally:
    """Counts of the counted enrolments of one cohort."""

    enrolled: int
    day1_completed: int
    day2_attended: int
    evaluation_passed: int
    attestation_issued: int


def cohort_tallies(*, cohorts: QuerySet[Cohort]) -> dict[int, Tally]:
    """Per cohort (with counted enrolments), the number of learners at each milestone: one ``GROUP BY`` over the
    stored rows (plus the day-1 check, and a fill when rows are missing)."""
    _prepare(cohorts)

    def read() -> list[dict]:
        return list(
            _counted(cohorts)
            .values("cohort_id")
            .annotate(
                enrolled=Count("pk"),
                stored=Count("milestones"),
                day1_completed=Count("pk", filter=Q(milestones__day1_completed=True)),
                day2_attended=Count("pk", filter=Q(milestones__day2_attended=True)),
                evaluation_passed=Count("pk", filter=Q(milestones__evaluation_passed=True)),
                attestation_issued=Count("pk", filter=Q(milestones__attestation_issued=True)),
            )
        )

    rows = read()
    if any(row["stored"] != row["enrolled"] for row in rows):  # enrolments written without signals (bulk): rare
        _fill_missing(cohorts)
        rows = read()
    return {
        row.pop("cohort_id"): Tally(**{key: value for key, value in row.items() if key != "stored"}) for row in rows
    }


def learner_rows(*, cohorts: QuerySet[Cohort], with_names: bool = False) -> list[LearnerRow]:
    """The milestones of every counted enrolment of the (already scoped) cohorts, in cohort then name order."""
    _prepare(cohorts)
    fields = ["pk", "cohort_id", "state"] + [f"milestones__{stage}" for stage in STORED]
    by_name = ("learner__last_name", "learner__first_name") if with_names else ()
    if with_names:
        fields += ["learner__first_name", "learner__last_name"]
    ordered = _counted(cohorts).order_by("cohort_id", *by_name, "pk").values(*fields)
    rows = list(ordered)
    if any(row["milestones__day1_completed"] is None for row in rows):
        _fill_missing(cohorts)
        rows = list(ordered.all())
    has_evaluation = evaluation_passed_expression() is not None
    has_attestation = attestation_issued_expression() is not None
    result = []
    for row in rows:
        name = f"{row['learner__first_name']} {row['learner__last_name']}".strip() if with_names else ""
        result.append(
            LearnerRow(
                enrolment_id=row["pk"],
                cohort_id=row["cohort_id"],
                learner_name=name,
                state=row["state"],
                day1_completed=row["milestones__day1_completed"],
                day2_attended=row["milestones__day2_attended"],
                evaluation_passed=row["milestones__evaluation_passed"] if has_evaluation else None,
                attestation_issued=row["milestones__attestation_issued"] if has_attestation else None,
            )
        )
    return result


STORED = ("day1_completed", "day2_attended", "evaluation_passed", "attestation_issued")
