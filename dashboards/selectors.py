"""Completion figures for Hub coordinators, trainers and the national admin (issue 5, decision 0040).

Scope first, figures second: every function takes the *scoped* cohorts (``cohorts_for_coordinator``,
``cohorts_for_trainer``, ``cohorts_for_hub``), so what a user may not see never enters a figure, an export or the API.

The per-learner milestones are computed in a fixed number of aggregate queries, whatever the number of learners:
one for the enrolments (with their in-person presence counted in SQL), one per programme for the day-1 module
completions in the LRS, one for the cohorts' in-person half-days. The day-1 query matches the learners'
pseudonymous actors: an HMAC of the account's ``public_id`` that only Python can compute (the key never goes to the
database), which costs a few microseconds per learner and no query.

What a coordinator sees of a learner is decided in ``docs/decisions/0040``: names and yes/no milestones on the
roster, never an e-mail, a score, a signature or a message; the Hub API returns aggregates only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.models import User
from courses.models import DayModality, DayPage, ModulePage
from training.models import (
    PRESENT_STATUSES,
    Cohort,
    Enrolment,
    EnrolmentState,
    Hub,
    Modality,
    TrainingSession,
)
from training.permissions import cohorts_coordinated_by, cohorts_managed_by, is_training_staff
from xapi.actors import actor_for, agent_key
from xapi.keys import index_key
from xapi.models import AuthorityKind, Statement
from xapi.vocabulary import COMPLETED, activity_iri

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

    @classmethod
    def empty(cls) -> Figures:
        """Zeros, or None for a figure whose app is not there yet (asked once, with no enrolment)."""
        return cls(
            evaluation_passed=0 if evaluations_passed(enrolments=[]) is not None else None,
            attestation_issued=0 if attestations_issued(enrolments=[]) is not None else None,
        )

    def rate(self, stage: str) -> float | None:
        """Share of the enrolled learners who reached ``stage``, in percent (one decimal); None when unknown."""
        value = getattr(self, stage)
        if value is None or not self.enrolled:
            return None
        return round(100 * value / self.enrolled, 1)

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


# The two figures other apps will provide. Each is ONE function: wiring it is one change here.


def evaluations_passed(*, enrolments: list[dict]) -> set[int] | None:
    """Enrolment ids whose learner passed the programme's exit evaluation; None while ``assessments`` is absent."""
    return None


def attestations_issued(*, enrolments: list[dict]) -> set[int] | None:
    """Enrolment ids with an attestation issued (not revoked); None while ``certificates`` has no attestation."""
    return None


def _day1_module_keys(programme_ids: Iterable[int]) -> dict[int, set[str]]:
    """Per programme, the LRS object keys of the live modules of its remote day(s) (every one is required)."""
    from wagtail.models import Page

    result: dict[int, set[str]] = {}
    for programme_id, path in Page.objects.filter(pk__in=set(programme_ids)).values_list("pk", "path"):
        day_paths = DayPage.objects.live().filter(modality=DayModality.REMOTE, path__startswith=path)
        under_a_day = Q()
        for day_path in day_paths.values_list("path", flat=True):
            under_a_day |= Q(path__startswith=day_path)
        modules = ModulePage.objects.live().filter(under_a_day).values_list("pk", flat=True) if under_a_day else []
        result[programme_id] = {index_key(activity_iri("module", pk)) for pk in modules}
    return result


def _day1_completed(rows: list[dict], programme_of_cohort: dict[int, int]) -> set[int]:
    """Enrolment ids whose learner has the platform's ``completed`` statement on every day-1 module.

    Matched by actor, not by registration: a learner moved to another cohort keeps the day 1 done in the first one
    (completion combines a learner's records for the same programme).
    """
    modules_by_programme = _day1_module_keys(programme_of_cohort.values())
    by_programme: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        actor = agent_key(actor_for(row["learner__public_id"]))
        by_programme[programme_of_cohort[row["cohort_id"]]][actor].append(row["pk"])
    done: set[int] = set()
    for programme_id, enrolments_by_actor in by_programme.items():
        module_keys = modules_by_programme.get(programme_id) or set()
        if not module_keys:
            continue
        complete = (
            Statement.objects.filter(
                authority_kind=AuthorityKind.PLATFORM,
                verb_id=COMPLETED.id,
                voided=False,
                actor_key__in=list(enrolments_by_actor),
                object_key__in=list(module_keys),
            )
            .values("actor_key")
            .annotate(modules=Count("object_key", distinct=True))
            .filter(modules__gte=len(module_keys))
            .values_list("actor_key", flat=True)
        )
        for actor in complete:
            done.update(enrolments_by_actor[actor])
    return done


def _in_person_sessions(cohort_ids: list[int]) -> dict[int, int]:
    rows = (
        TrainingSession.objects.filter(cohort_id__in=cohort_ids, modality=Modality.IN_PERSON)
        .values("cohort_id")
        .annotate(n=Count("pk"))
    )
    return {row["cohort_id"]: row["n"] for row in rows}


def learner_rows(*, cohorts: QuerySet[Cohort], with_names: bool = False) -> Iterator[LearnerRow]:
    """The milestones of every counted enrolment of the (already scoped) cohorts, in cohort then name order."""
    cohort_programmes = dict(cohorts.values_list("pk", "programme_id"))
    if not cohort_programmes:
        return iter(())
    fields = ["pk", "cohort_id", "state", "learner_id", "learner__public_id", "in_person_present"]
    if with_names:
        fields += ["learner__first_name", "learner__last_name"]
    rows = list(
        Enrolment.objects.filter(cohort_id__in=list(cohort_programmes), state__in=COUNTED_STATES)
        .annotate(
            in_person_present=Count(
                "attendances",
                filter=Q(attendances__session__modality=Modality.IN_PERSON, attendances__status__in=PRESENT_STATUSES),
            )
        )
        .order_by("cohort_id", "learner__last_name", "learner__first_name", "pk")
        .values(*fields)
    )
    required = _in_person_sessions(list(cohort_programmes))
    day1 = _day1_completed(rows, cohort_programmes)
    evaluations = evaluations_passed(enrolments=rows)
    attestations = attestations_issued(enrolments=rows)
    return (
        LearnerRow(
            enrolment_id=row["pk"],
            cohort_id=row["cohort_id"],
            learner_name=(f"{row['learner__first_name']} {row['learner__last_name']}".strip() if with_names else ""),
            state=row["state"],
            day1_completed=row["pk"] in day1,
            day2_attended=row["in_person_present"] >= required.get(row["cohort_id"], 0) > 0,
            evaluation_passed=None if evaluations is None else row["pk"] in evaluations,
            attestation_issued=None if attestations is None else row["pk"] in attestations,
        )
        for row in rows
    )


def completion_report(*, cohorts: QuerySet[Cohort], filters: CompletionFilters | None = None) -> CompletionReport:
    """Per cohort, per département and in total, for scoped cohorts (empty groups included, with zeros)."""
    scoped = cohorts_filtered(cohorts=cohorts, filters=filters or CompletionFilters())
    cohort_list = list(
        scoped.select_related("territory").prefetch_related("trainers").order_by("departement", "starts_on", "title")
    )
    by_cohort = {
        cohort.pk: CohortRow(cohort=cohort, trainer_names=_names(cohort.trainers.all()), figures=Figures.empty())
        for cohort in cohort_list
    }
    departements: dict[str, DepartementRow] = {}
    for cohort in cohort_list:
        row = departements.setdefault(cohort.departement, DepartementRow(cohort.departement, figures=Figures.empty()))
        row.cohorts += 1
    total = Figures.empty()
    for learner in learner_rows(cohorts=Cohort.objects.filter(pk__in=list(by_cohort))):
        cohort_row = by_cohort[learner.cohort_id]
        for figures in (cohort_row.figures, departements[cohort_row.cohort.departement].figures, total):
            figures.add(learner)
    return CompletionReport(
        cohorts=tuple(by_cohort.values()),
        departements=tuple(sorted(departements.values(), key=lambda row: row.departement)),
        total=total,
        evaluations_available=total.evaluation_passed is not None,
        attestations_available=total.attestation_issued is not None,
    )


def _names(users: Iterable[User]) -> str:
    return ", ".join(sorted(user.get_full_name() or user.email for user in users))


def cohort_roster(*, cohort: Cohort) -> list[LearnerRow]:
    """A cohort's learners with their milestones (names included: decision 0040). ``cohort`` must come from a
    scoped queryset (the views fetch it with ``get_object_or_404(cohorts_for_coordinator(...))``)."""
    return list(learner_rows(cohorts=Cohort.objects.filter(pk=cohort.pk), with_names=True))
