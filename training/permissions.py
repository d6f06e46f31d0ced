"""Who may see and change what in training. Every rule is a pair: an object check and a queryset (STYLE.md R8).

- staff (the national admin group, superusers): every cohort;
- a trainer: the cohorts they lead, through guardian object permissions granted by ``cohort_trainer_add``;
- a Hub coordinator: reads the cohorts of their Hubs' territories (``cohorts_coordinated_by``), changes nothing;
- a learner: their own enrolments and attendance only.
"""

from __future__ import annotations

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from core.models import User
from training.models import Attendance, Cohort, CohortMessage, Enrolment, TrainingSession

TRAINER_COHORT_PERMISSIONS = ("training.view_cohort", "training.change_cohort", "training.manage_cohort")


def is_training_staff(user: User) -> bool:
    """Global (model-level) right to every cohort: the national admin group grants it, never a trainer's role."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or user.has_perm("training.manage_cohort"))
    )


def can_create_cohort(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("training.add_cohort"))


def can_manage_cohort(user: User, cohort: Cohort) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return is_training_staff(user) or user.has_perm("training.manage_cohort", cohort)


def cohorts_managed_by(user: User) -> QuerySet[Cohort]:
    if not (user.is_authenticated and user.is_active):
        return Cohort.objects.none()
    if is_training_staff(user):
        return Cohort.objects.all()
    return get_objects_for_user(
        user, "training.manage_cohort", klass=Cohort, accept_global_perms=False, with_superuser=False
    )


def cohorts_coordinated_by(user: User) -> QuerySet[Cohort]:
    """Read-only: the cohorts of the territories of the user's Hubs (dashboards builds on this)."""
    if not (user.is_authenticated and user.is_active):
        return Cohort.objects.none()
    return Cohort.objects.filter(territory__hubs__coordinators=user).distinct()


def can_view_cohort(user: User, cohort: Cohort) -> bool:
    return can_manage_cohort(user, cohort) or cohorts_coordinated_by(user).filter(pk=cohort.pk).exists()


def sessions_managed_by(user: User) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(cohort__in=cohorts_managed_by(user))


def can_manage_session(user: User, session: TrainingSession) -> bool:
    return can_manage_cohort(user, session.cohort)


def enrolments_managed_by(user: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(cohort__in=cohorts_managed_by(user))


def enrolments_of(user: User) -> QuerySet[Enrolment]:
    """A learner's own enrolments (whatever their state)."""
    if not (user.is_authenticated and user.is_active):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(learner=user)


def can_view_enrolment(user: User, enrolment: Enrolment) -> bool:
    return enrolment.learner_id == user.pk or can_manage_cohort(user, enrolment.cohort)


def attendance_visible_to(user: User) -> QuerySet[Attendance]:
    if not (user.is_authenticated and user.is_active):
        return Attendance.objects.none()
    own = Attendance.objects.filter(enrolment__learner=user)
    if is_training_staff(user):
        return Attendance.objects.all()
    return own | Attendance.objects.filter(session__cohort__in=cohorts_managed_by(user))


def can_view_attendance(user: User, attendance: Attendance) -> bool:
    return attendance.enrolment.learner_id == user.pk or can_manage_cohort(user, attendance.session.cohort)


def messages_visible_to(user: User, cohort: Cohort) -> QuerySet[CohortMessage]:
    """A trainer sees the whole channel; a learner sees the trainers' messages to all, those to them, and their
    own — never another learner's questions (a learner's message goes to the trainers only)."""
    from django.db.models import Q

    if can_manage_cohort(user, cohort):
        return cohort.messages.all()
    if not enrolments_of(user).filter(cohort=cohort).active().exists():
        return CohortMessage.objects.none()
    learners = cohort.enrolments.values("learner_id")
    announcements = Q(recipient__isnull=True) & ~Q(author_id__in=learners)
    return cohort.messages.filter(announcements | Q(recipient=user) | Q(author=user))
