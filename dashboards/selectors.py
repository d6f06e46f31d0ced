"""Completion figures for Hub coordinators, trainers and the national admin (issue 5, decision 0040).

Scope first, figures second: every function takes the *scoped* cohorts (``cohorts_for_coordinator``,
``cohorts_for_trainer``, ``cohorts_for_hub``), so what a user may not see never enters a figure, an export or the API.

Figures are aggregated by the database in a fixed number of queries, whatever the number of learners: one grouped
query per programme returns one row per cohort (enrolled, day 1, day 2…), each learner's milestones being SQL
expressions (EXISTS on the LRS statements, counts of attendance). Day 1 reads ``ModuleCompletion``, a narrow projection
of the platform's module statements, joined on the learners' pseudonymous actor names: an HMAC only Python can
compute (the key never goes to the database), cached in ``LearnerActor`` for the learners who lack it (decision 0042).

What a coordinator sees of a learner is decided in ``docs/decisions/0040``: names and yes/no milestones on the
roster, never an e-mail, a score, a signature or a message; the Hub API returns aggregates only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.models import User
from courses.models import DayModality, DayPage, ModulePage
from dashboards.models import LearnerActor, ModuleCompletion
from training.models import (
    PRESENT_STATUSES,
    Attendance,
    Cohort,
    Enrolment,
    EnrolmentState,
    Hub,
    Modality,
    TrainingSession,
)
from training.permissions import cohorts_coordinated_by, cohorts_managed_by, is_training_staff
from xapi.actors import actor_name

# Learners who took their seat: an invitation not yet accepted, a request or a waiting-list spot is not "enrolled".
COUNTED_STATES = (EnrolmentState.ENROLLED, EnrolmentState.COMPLETED)

STAGES = ("enrolled", "day1_completed", "day2_attended", "evaluation_passed", "attestation_issued")
STAGE_LABELS = {
    "enrolled": _("Enrolled"),
    "day1_completed": _("Day 1 completed"),
    "day2_attended": _("Day 2 attended"),
    "evaluation_passed": _("Evaluation passed"),
    "attestation_issued": _("Attestation issued"),
}


# Who sees what (each a pair with the object check below: lists and detail pages never disagree).


def can_view_completion(user: User) -> bool:
    """The national admin, and members of at least one Hub; a trainer or a learner has no coordinator view."""
    if not (user.is_authenticated and user.is_active):
        return False
    return is_training_staff(user) or user.coordinated_hubs.exists()


def cohorts_for_coordinator(*, user: User) -> QuerySet[Cohort]:
    """Every cohort of the territories of the user's Hubs (all cohorts for staff); read-only use."""
    if not (user.is_authenticated and user.is_active):
        return Cohort.objects.none()
    if is_training_staff(user):
        return Cohort.objects.all()
    return cohorts_coordinated_by(user)


def cohorts_for_trainer(*, user: User) -> QuerySet[Cohort]:
    """The cohorts a trainer leads (guardian object permissions; every cohort for staff)."""
    return cohorts_managed_by(user)


def can_view_trainer_overview(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active) and (
        is_training_staff(user) or user.led_cohorts.exists() or cohorts_managed_by(user).exists()
    )


def cohorts_for_hub(*, hub: Hub) -> QuerySet[Cohort]:
    """The cohorts of a Hub's territories: the scope of a Hub API token."""
    return Cohort.objects.filter(territory__hubs=hub).distinct()


def trainers_of(*, cohorts: QuerySet[Cohort]) -> QuerySet[User]:
    """The trainers of the scoped cohorts (the trainer filter's choices): nobody outside the scope is listed."""
    return User.objects.filter(led_cohorts__in=cohorts.values("pk")).distinct().order_by("last_name", "first_name")


# Filters


@dataclass(frozen=True)
class CompletionFilters:
    """Date range on the cohort's first half-day, a trainer, a département. Empty = no filter."""

    date_from: date | None = None
    date_to: date | None = None
    trainer_id: int | None = None
    departement: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.date_from or self.date_to or self.trainer_id or self.departement)


def cohorts_filtered(*, cohorts: QuerySet[Cohort], filters: CompletionFilters) -> QuerySet[Cohort]:
    """Narrow scoped cohorts; a date filter drops cohorts without any half-day (no start date to compare)."""
    scoped = Cohort.objects.filter(pk__in=cohorts.values("pk")).annotate(starts_on=Min("sessions__date"))
    if filters.date_from:
        scoped = scoped.filter(starts_on__gte=filters.date_from)
    if filters.date_to:
        scoped = scoped.filter(starts_on__lte=filters.date_to)
    if filters.trainer_id:
        led = Cohort.trainers.through.objects.filter(user_id=filters.trainer_id).values("cohort_id")
        scoped = scoped.filter(pk__in=led)
    if filters.departement:
        scoped = scoped.filter(departement=filters.departement)
    return scoped


# Figures


@dataclass
class Figures:
    """Counts of one group of learners. ``None`` means "not available" (the app that knows it is not there yet)."""

    enrolled: int = 0
    day1_completed: int = 0
    day2_attended: int = 0
    evaluation_passed: int | None = 0
    attestation_issued: int | None = 0

    def add(self, row: LearnerRow) -> None:
        self.enrolled += 1
        self.day1_completed += row.day1_completed
        self.day2_attended += row.day2_attended
        if self.evaluation_passed is not None:
            self.evaluation_passed += bool(row.evaluation_passed)
        if self.attestation_issued is not None:
            self.attestation_issued += bool(row.attestation_issued)

    def merge(self, other: Figures) -> None:
        for stage in STAGES:
            mine, theirs = getattr(self, stage), getattr(other, stage)
            setattr(self, stage, None if mine is None or theirs is None else mine + theirs)

    @classmethod
    def empty(cls) -> Figures:
        """Zeros, or None for a figure whose app is not there yet."""
        return cls(
            evaluation_passed=0 if evaluation_passed_expression() is not None else None,
            attestation_issued=0 if attestation_issued_expression() is not None else None,
        )

    def rate(self, stage: str) -> float | None:
        """Share of the enrolled learners who reached ``stage``, in percent (one decimal); None when unknown."""
        value = getattr(self, stage)
        if value is None or not self.enrolled:
            return None
        return round(100 * value / self.enrolled, 1)

    def cells(self) -> list[tuple[int | None, float | None]]:
        """(count, rate) per stage, for tables: the enrolled stage has no rate."""
        return [(self.enrolled, None)] + [(getattr(self, stage), self.rate(stage)) for stage in STAGES[1:]]

    def stages(self) -> list[dict]:
        return [
            {"key": stage, "label": STAGE_LABELS[stage], "count": getattr(self, stage), "rate": self.rate(stage)}
            for stage in STAGES
        ]

    def as_dict(self) -> dict:
        return {stage: getattr(self, stage) for stage in STAGES} | {
            f"{stage}_rate": self.rate(stage) for stage in STAGES[1:]
        }


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


@dataclass
class CohortRow:
    cohort: Cohort
    trainer_names: str
    figures: Figures = field(default_factory=Figures)

    @property
    def starts_on(self) -> date | None:
        return getattr(self.cohort, "starts_on", None)


@dataclass
class DepartementRow:
    departement: str
    cohorts: int = 0
    figures: Figures = field(default_factory=Figures)


@dataclass(frozen=True)
class CompletionReport:
    cohorts: tuple[CohortRow, ...]
    departements: tuple[DepartementRow, ...]
    total: Figures
    evaluations_available: bool
    attestations_available: bool


# The two figures other apps will provide. Each is ONE function returning a boolean SQL expression over an
# Enrolment (its learner, its cohort's programme), or None while the app that knows it is not there: wiring one is
# one change here, and the views, exports and API then show it instead of "not available".


def evaluation_passed_expression() -> Q | Exists | None:
    """The enrolment's learner passed the programme's exit evaluation; None while ``assessments`` is absent."""
    return None


def attestation_issued_expression() -> Q | Exists | None:
    """An attestation (not revoked) was issued for the enrolment; None while ``certificates`` has none."""
    return None


def _fingerprint() -> str:
    return hashlib.sha256(settings.XAPI_ACTOR_SECRET.encode()).hexdigest()[:16]


def _learner_actors_fill(learners: Iterable[tuple[int, object]]) -> None:
    """Cache the actor names of ``(user pk, public_id)`` pairs (new learners, or all after a secret rotation)."""
    fingerprint = _fingerprint()
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


def _in_person_sessions(cohort_ids: list[int]) -> dict[int, list[int]]:
    """Per cohort, the ids of its in-person half-days (day 2)."""
    sessions: dict[int, list[int]] = {}
    rows = TrainingSession.objects.filter(cohort_id__in=cohort_ids, modality=Modality.IN_PERSON)
    for cohort_id, pk in rows.values_list("cohort_id", "pk"):
        sessions.setdefault(cohort_id, []).append(pk)
    return sessions


def _milestones(cohorts: QuerySet[Cohort]) -> tuple[dict[int, int], list[QuerySet[Enrolment]]]:
    """The counted enrolments of the cohorts annotated with their milestones (one queryset per programme), and the
    number of in-person half-days of each cohort (day 2 is attended when every one of them is)."""
    cohort_programmes = dict(cohorts.values_list("pk", "programme_id"))
    enrolments = Enrolment.objects.filter(cohort_id__in=list(cohort_programmes), state__in=COUNTED_STATES)
    sessions = _in_person_sessions(list(cohort_programmes))
    present = (
        Attendance.objects.filter(
            enrolment=OuterRef("pk"),
            session_id__in=[pk for ids in sessions.values() for pk in ids],
            status__in=PRESENT_STATUSES,
        )
        .order_by()
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    extra = {}
    if (evaluation := evaluation_passed_expression()) is not None:
        extra["evaluation_passed"] = ExpressionWrapper(evaluation, output_field=BooleanField())
    if (attestation := attestation_issued_expression()) is not None:
        extra["attestation_issued"] = ExpressionWrapper(attestation, output_field=BooleanField())
    querysets = [
        enrolments.filter(cohort__programme_id=programme_id).annotate(
            day1_completed=_day1_expression(module_ids),
            in_person_present=Coalesce(Subquery(present), 0),
            **extra,
        )
        for programme_id, module_ids in _day1_modules(cohort_programmes.values()).items()
    ]
    return {cohort_id: len(ids) for cohort_id, ids in sessions.items()}, querysets


def _day2(required: int, present: int) -> bool:
    return required > 0 and present >= required


@contextmanager
def _without_jit() -> Iterator[None]:
    """PostgreSQL's JIT compiles these per-learner EXISTS plans for longer than they run (about 100 ms for 5,000
    learners, for nothing): off for the transaction of the read, on other databases a no-op."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def learner_rows(*, cohorts: QuerySet[Cohort], with_names: bool = False) -> list[LearnerRow]:
    """The milestones of every counted enrolment of the (already scoped) cohorts, in cohort then name order."""
    result: list[LearnerRow] = []
    fields = ["pk", "cohort_id", "state", "day1_completed", "in_person_present", "learner_id", "learner__public_id"]
    fields.append("learner__lrs_actor__secret_fingerprint")
    if with_names:
        fields += ["learner__first_name", "learner__last_name"]
    fingerprint = _fingerprint()
    with _without_jit():
        required, querysets = _milestones(cohorts)
        for enrolments in querysets:
            has_evaluation = "evaluation_passed" in enrolments.query.annotations
            has_attestation = "attestation_issued" in enrolments.query.annotations
            values = fields + ["evaluation_passed"] * has_evaluation + ["attestation_issued"] * has_attestation
            by_name = ("learner__last_name", "learner__first_name") if with_names else ()
            ordered = enrolments.order_by("cohort_id", *by_name, "pk").values(*values)
            rows = list(ordered)
            uncached = [
                (row["learner_id"], row["learner__public_id"])
                for row in rows
                if row["learner__lrs_actor__secret_fingerprint"] != fingerprint
            ]
            if uncached:  # new learners since the last read: cache their actor names, then read again (rare)
                _learner_actors_fill(uncached)
                rows = list(ordered.all())
            for row in rows:
                name = f"{row['learner__first_name']} {row['learner__last_name']}".strip() if with_names else ""
                result.append(
                    LearnerRow(
                        enrolment_id=row["pk"],
                        cohort_id=row["cohort_id"],
                        learner_name=name,
                        state=row["state"],
                        day1_completed=bool(row["day1_completed"]),
                        day2_attended=_day2(required.get(row["cohort_id"], 0), row["in_person_present"]),
                        evaluation_passed=bool(row["evaluation_passed"]) if has_evaluation else None,
                        attestation_issued=bool(row["attestation_issued"]) if has_attestation else None,
                    )
                )
    return result


def completion_report(*, cohorts: QuerySet[Cohort], filters: CompletionFilters | None = None) -> CompletionReport:
    """Per cohort, per département and in total, for scoped cohorts (empty groups included, with zeros)."""
    scoped = cohorts_filtered(cohorts=cohorts, filters=filters or CompletionFilters())
    cohort_list = list(scoped.select_related("territory").order_by("departement", "starts_on", "title"))
    trainers = _trainer_names([cohort.pk for cohort in cohort_list])
    by_cohort = {
        cohort.pk: CohortRow(cohort=cohort, trainer_names=trainers.get(cohort.pk, ""), figures=Figures.empty())
        for cohort in cohort_list
    }
    # one pass over the learners' milestones (fetched in one query per programme; the database keeps the per-row
    # EXISTS plan, which a GROUP BY over the same expressions can turn into a scan of every completion)
    for learner in learner_rows(cohorts=Cohort.objects.filter(pk__in=list(by_cohort))):
        by_cohort[learner.cohort_id].figures.add(learner)
    departements: dict[str, DepartementRow] = {}
    total = Figures.empty()
    for row in by_cohort.values():
        departement = departements.setdefault(
            row.cohort.departement, DepartementRow(row.cohort.departement, figures=Figures.empty())
        )
        departement.cohorts += 1
        departement.figures.merge(row.figures)
        total.merge(row.figures)
    return CompletionReport(
        cohorts=tuple(by_cohort.values()),
        departements=tuple(sorted(departements.values(), key=lambda row: row.departement)),
        total=total,
        evaluations_available=total.evaluation_passed is not None,
        attestations_available=total.attestation_issued is not None,
    )


def _trainer_names(cohort_ids: list[int]) -> dict[int, str]:
    """Per cohort, its trainers' names (one query, names only)."""
    names: dict[int, list[str]] = {}
    rows = Cohort.trainers.through.objects.filter(cohort_id__in=cohort_ids).values_list(
        "cohort_id", "user__first_name", "user__last_name", "user__email"
    )
    for cohort_id, first_name, last_name, email in rows:
        names.setdefault(cohort_id, []).append(f"{first_name} {last_name}".strip() or email)
    return {cohort_id: ", ".join(sorted(found)) for cohort_id, found in names.items()}


def cohort_roster(*, cohort: Cohort) -> list[LearnerRow]:
    """A cohort's learners with their milestones (names included: decision 0040). ``cohort`` must come from a
    scoped queryset (the views fetch it with ``get_object_or_404(cohorts_for_coordinator(...))``)."""
    return learner_rows(cohorts=Cohort.objects.filter(pk=cohort.pk), with_names=True)
