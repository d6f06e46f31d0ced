"""Reads of the training app. Every selector starts from a permission-scoped queryset (training.permissions)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from core.models import User
from core.roles import Role
from training import checkin
from training.hooks import evaluations_for
from training.models import (
    ACTIVE_STATES,
    SEAT_STATES,
    Attendance,
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentImport,
    EnrolmentState,
    Modality,
    TrainingSession,
)
from training.permissions import (
    cohorts_managed_by,
    enrolments_of,
    sessions_managed_by,
)
from xapi.actors import actor_name


def cohort_list_for_trainer(*, user: User) -> QuerySet[Cohort]:
    return (
        cohorts_managed_by(user)
        .select_related("programme", "territory")
        .annotate(
            seats_taken=Count("enrolments", filter=Q(enrolments__state__in=SEAT_STATES), distinct=True),
            requests=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.REQUESTED), distinct=True),
            first_day=Min("sessions__date"),
        )
        .order_by("-created_at")
    )


def cohort_managed_get(*, user: User, pk: int) -> Cohort | None:
    return cohorts_managed_by(user).select_related("programme", "territory").filter(pk=pk).first()


def session_managed_get(*, user: User, pk: int) -> TrainingSession | None:
    return (
        sessions_managed_by(user)
        .select_related("cohort__territory", "cohort__programme", "trainer", "countersigned_by")
        .filter(pk=pk)
        .first()
    )


def enrolment_managed_get(*, user: User, pk: int) -> Enrolment | None:
    return (
        Enrolment.objects.filter(cohort__in=cohorts_managed_by(user), pk=pk)
        .select_related("cohort", "learner")
        .first()
    )


def import_managed_get(*, user: User, pk: int) -> EnrolmentImport | None:
    return EnrolmentImport.objects.filter(cohort__in=cohorts_managed_by(user), pk=pk).select_related("cohort").first()


@dataclass
class RosterRow:
    enrolment: Enrolment
    learner: User
    lessons_completed: int = 0
    active_seconds: int = 0
    attendance: list[Attendance | None] = field(default_factory=list)
    evaluations: list = field(default_factory=list)  # training.hooks.EvaluationLine, from assessments' provider

    @property
    def evaluations_passed(self) -> int:
        return sum(1 for line in self.evaluations if line.passed)


@dataclass
class Roster:
    sessions: list[TrainingSession]
    rows: list[RosterRow]
    pending: list[Enrolment]  # requests and waiting list
    lessons_total: int


def remote_lesson_ids(programme) -> list[int]:
    from courses.models import DayPage, LessonPage

    days = DayPage.objects.child_of(programme).filter(modality="remote").live()
    ids: list[int] = []
    for day in days:
        ids += list(LessonPage.objects.descendant_of(day).live().values_list("pk", flat=True))
    return ids


def cohort_roster(*, cohort: Cohort) -> Roster:
    """Learners with their day-1 progress (the LRS projection of ``courses``) and their attendance per session.
    The cohort comes from a scoped selector (the view fetched it with ``cohort_managed_get``)."""
    from courses.models_progress import LessonProgress

    sessions = list(cohort.sessions.select_related("trainer").order_by("date", "start_time"))
    enrolments = list(
        cohort.enrolments.filter(state__in=ACTIVE_STATES)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    pending = list(
        cohort.enrolments.filter(state__in=(EnrolmentState.REQUESTED, EnrolmentState.WAITLISTED))
        .select_related("learner")
        .order_by("state_changed_at", "pk")
    )
    lesson_ids = remote_lesson_ids(cohort.programme)
    actors = {actor_name(e.learner.public_id): e.pk for e in enrolments}
    progress: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in LessonProgress.objects.filter(learner_actor__in=actors, lesson_id__in=lesson_ids).values(
        "learner_actor", "completed_at", "active_seconds"
    ):
        totals = progress[actors[row["learner_actor"]]]
        totals[0] += 1 if row["completed_at"] else 0
        totals[1] += row["active_seconds"]
    attendances = {(a.session_id, a.enrolment_id): a for a in Attendance.objects.filter(session__cohort=cohort)}
    rows = [
        RosterRow(
            enrolment=e,
            learner=e.learner,
            lessons_completed=progress[e.pk][0],
            active_seconds=progress[e.pk][1],
            attendance=[attendances.get((s.pk, e.pk)) for s in sessions],
            evaluations=evaluations_for(learner=e.learner, programme=cohort.programme),
        )
        for e in enrolments
    ]
    return Roster(sessions=sessions, rows=rows, pending=pending, lessons_total=len(lesson_ids))


@dataclass
class SheetRow:
    enrolment: Enrolment
    learner: User
    attendance: Attendance | None


def session_sheet(*, session: TrainingSession) -> list[SheetRow]:
    attendances = {
        a.enrolment_id: a for a in session.attendances.select_related("enrolment").prefetch_related("amendments")
    }
    enrolments = (
        session.cohort.enrolments.filter(Q(state__in=ACTIVE_STATES) | Q(pk__in=list(attendances)))
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    return [SheetRow(enrolment=e, learner=e.learner, attendance=attendances.get(e.pk)) for e in enrolments]


def learner_enrolments(*, user: User) -> QuerySet[Enrolment]:
    return (
        enrolments_of(user)
        .exclude(state=EnrolmentState.CANCELLED)
        .select_related("cohort__programme", "cohort__territory")
        .prefetch_related("cohort__sessions")
        .order_by("-created_at")
    )


def learner_enrolment_get(*, user: User, pk: int) -> Enrolment | None:
    return enrolments_of(user).select_related("cohort__programme").filter(pk=pk).first()


def learner_attendance(*, user: User) -> QuerySet[Attendance]:
    return Attendance.objects.filter(enrolment__learner=user).select_related("session")


def learner_checkin_sessions(*, user: User, at: datetime | None = None) -> list[TrainingSession]:
    """The learner's in-person sessions whose signing window is open now (usually one)."""
    at = at or timezone.now()
    sessions = TrainingSession.objects.filter(
        cohort__enrolments__learner=user,
        cohort__enrolments__state__in=ACTIVE_STATES,
        modality=Modality.IN_PERSON,
        date__range=(at.date() - timedelta(days=1), at.date() + timedelta(days=1)),
    ).select_related("cohort__territory")
    return [s for s in sessions.distinct() if checkin.window_open(s, at=at)]


def learner_session_get(*, user: User, pk: int) -> TrainingSession | None:
    """A session of a cohort the learner is enrolled in (404 otherwise)."""
    return (
        TrainingSession.objects.filter(
            pk=pk, cohort__enrolments__learner=user, cohort__enrolments__state__in=ACTIVE_STATES
        )
        .select_related("cohort__territory", "cohort__programme")
        .distinct()
        .first()
    )


@dataclass
class PublicCohort:
    cohort: Cohort
    sessions: list[TrainingSession]
    seats_left: int
    places: list[str]


def public_upcoming_cohorts(*, today: date | None = None, territory_id: int | None = None) -> dict:
    """Open cohorts with a session to come, by territory: dates, places, seats left. Public (no personal data)."""
    from training.services.enrolments import cohort_seats_left

    today = today or timezone.localdate()
    cohorts = (
        Cohort.objects.filter(status=CohortStatus.OPEN, sessions__date__gte=today)
        .select_related("territory", "programme")
        .prefetch_related("sessions")
        .distinct()
        .order_by("territory__name", "title")
    )
    if territory_id:
        cohorts = cohorts.filter(territory_id=territory_id)
    grouped: dict = defaultdict(list)
    for cohort in cohorts:
        sessions = sorted(cohort.sessions.all(), key=lambda s: (s.date, s.start_time))
        places = sorted(
            {s.venue_address.splitlines()[0] for s in sessions if s.modality == Modality.IN_PERSON and s.venue_address}
        )
        grouped[cohort.territory].append(
            PublicCohort(cohort=cohort, sessions=sessions, seats_left=cohort_seats_left(cohort), places=places)
        )
    return dict(grouped)


def learner_search(*, query: str, limit: int = 10) -> QuerySet[User]:
    """Accounts a trainer may enrol: learners, by exact e-mail or by a name of 3 characters or more (never a list
    of everyone: the directory of learners is not browsable)."""
    query = query.strip()
    learners = User.objects.filter(is_active=True, groups__name=Role.LEARNER.value)
    if "@" in query:
        return learners.filter(email__iexact=query)[:1]
    if len(query) < 3:
        return User.objects.none()
    terms = query.split()
    for term in terms:
        learners = learners.filter(Q(first_name__istartswith=term) | Q(last_name__istartswith=term))
    return learners.order_by("last_name", "first_name").distinct()[:limit]


def learner_account_get(*, pk: object) -> User | None:
    """An active learner account a trainer picked from the search results."""
    if not str(pk).isdigit():
        return None
    return User.objects.filter(pk=int(pk), is_active=True, groups__name=Role.LEARNER.value).first()
