"""Completion figures for Hub coordinators, trainers and the national admin (issue 5, decision 0040).

Scope first, figures second: every function takes the *scoped* cohorts (``cohorts_for_coordinator``,
``cohorts_for_trainer``, ``cohorts_for_hub``), so what a user may not see never enters a figure, an export or the API.

Each enrolment's milestones are stored by ``dashboards.milestones`` (decision 0043): the database counts them per
cohort in one ``GROUP BY``; this module adds the cohorts up per département and in total.

What a coordinator sees of a learner is decided in ``docs/decisions/0040``: names and yes/no milestones on the
roster, never an e-mail, a score, a signature or a message; the Hub API returns aggregates only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Min,
    QuerySet,
)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import User
from dashboards.milestones import (
    LearnerRow,
    Tally,
    attestation_issued_expression,
    cohort_tallies,
    evaluation_passed_expression,
    learner_rows,
)
from training.models import (
    Cohort,
    Hub,
)
from training.permissions import cohorts_coordinated_by, cohorts_managed_by, is_training_staff

STAGES = ("enrolled", "day1_completed", "day2_attended", "evaluation_passed", "attestation_issued")
STAGE_LABELS = {
    "enrolled": pgettext_lazy("learners count", "Enrolled"),
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
    trainers = User.objects.filter(led_cohorts__in=cohorts.values("pk")).only("first_name", "last_name", "email")
    return trainers.distinct().order_by("last_name", "first_name")


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

    def add(self, tally: Tally) -> None:
        """Add one cohort's counts (a figure that is not available stays None)."""
        self.enrolled += tally.enrolled
        self.day1_completed += tally.day1_completed
        self.day2_attended += tally.day2_attended
        if self.evaluation_passed is not None:
            self.evaluation_passed += tally.evaluation_passed
        if self.attestation_issued is not None:
            self.attestation_issued += tally.attestation_issued

    def merge(self, other: Figures) -> None:
        for stage in STAGES:
            mine, theirs = getattr(self, stage), getattr(other, stage)
            setattr(self, stage, None if mine is None or theirs is None else mine + theirs)

    @classmethod
    def empty(cls, available: tuple[bool, bool] | None = None) -> Figures:
        """Zeros, or None for a figure whose app is not there yet. ``available`` (evaluations, attestations), from
        ``figures_available()``, saves building the expressions again for each of hundreds of groups."""
        evaluations, attestations = available or figures_available()
        return cls(evaluation_passed=0 if evaluations else None, attestation_issued=0 if attestations else None)

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


def figures_available() -> tuple[bool, bool]:
    """Whether "evaluation passed" and "attestation issued" are known (their apps are wired)."""
    return evaluation_passed_expression() is not None, attestation_issued_expression() is not None


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


def completion_report(*, cohorts: QuerySet[Cohort], filters: CompletionFilters | None = None) -> CompletionReport:
    """Per cohort, per département and in total, for scoped cohorts (empty groups included, with zeros)."""
    scoped = cohorts_filtered(cohorts=cohorts, filters=filters or CompletionFilters())
    cohort_list = list(scoped.select_related("territory").order_by("departement", "starts_on", "title"))
    trainers = _trainer_names([cohort.pk for cohort in cohort_list])
    available = figures_available()
    by_cohort = {
        cohort.pk: CohortRow(
            cohort=cohort, trainer_names=trainers.get(cohort.pk, ""), figures=Figures.empty(available)
        )
        for cohort in cohort_list
    }
    # one GROUP BY over the stored milestones of the cohorts' counted enrolments (decision 0043)
    for cohort_id, tally in cohort_tallies(cohorts=Cohort.objects.filter(pk__in=list(by_cohort))).items():
        by_cohort[cohort_id].figures.add(tally)
    departements: dict[str, DepartementRow] = {}
    total = Figures.empty(available)
    for row in by_cohort.values():
        departement = departements.setdefault(
            row.cohort.departement, DepartementRow(row.cohort.departement, figures=Figures.empty(available))
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
