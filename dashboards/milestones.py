"""Each counted enrolment's milestones (day 1, day 2, evaluation, attestation), computed by the database.

One query per programme, whatever the number of learners: EXISTS on ``ModuleCompletion`` (a narrow projection of the
platform's module statements, ``dashboards.projection``) per day-1 module, and a count of present/late in-person
attendance. ``ModuleCompletion`` is keyed by pseudonymous actor names, an HMAC only Python can compute (the key never
goes to the database), cached in ``LearnerActor`` (decision 0042). Callers pass cohorts already scoped
(``dashboards.selectors``): nothing here checks who asks.
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
from dashboards.models import LearnerActor, ModuleCompletion
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
