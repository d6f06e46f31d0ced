"""Who may edit quizzes, take them, and read results — each rule as an object check and a queryset (STYLE R8).

Editing (the Wagtail snippet): the national admin edits every quiz; a partner author edits the quizzes of the
modules their partner co-authors (``ModulePage.partner_links``), never a programme-level evaluation. Which
partners a user belongs to is ``user_partner_ids``: the courses work creates one Wagtail group per partner, and
wires it by calling ``user_partner_ids_source_set`` (see below); until then nobody is a partner member.

Results: the national admin reads every learner's results; a trainer (and a Hub coordinator) those of the learners
``learners_followed_by`` returns — their cohorts, once the training app provides them (same replaceable source).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from assessments.models import Attempt, Quiz, QuizKind
from core.models import User
from core.roles import Role
from training.models import ACTIVE_STATES, Cohort, Enrolment
from training.permissions import cohorts_coordinated_by, cohorts_managed_by

PartnerIds = Callable[[User], frozenset[int]]
FollowedLearners = Callable[[User], QuerySet[User]]


def _no_partner(user: User) -> frozenset[int]:
    return frozenset()


def _no_learner(user: User) -> QuerySet[User]:
    return User.objects.none()


_partner_ids_source: PartnerIds = _no_partner
_followed_learners_source: FollowedLearners = _no_learner


def user_partner_ids_source_set(source: PartnerIds) -> None:
    """Wire the partner membership of users, e.g. ``lambda user: frozenset(Partner.objects.filter(
    group__user=user).values_list("pk", flat=True))`` once each Partner has its Wagtail group."""
    global _partner_ids_source
    _partner_ids_source = source


def followed_learners_source_set(source: FollowedLearners) -> None:
    """Wire the learners a trainer or coordinator follows (the training app's cohorts)."""
    global _followed_learners_source
    _followed_learners_source = source


def user_partner_ids(user: User | AnonymousUser) -> frozenset[int]:
    """The ids of the ``cms.Partner`` organisations `user` authors for (empty for anyone else)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(_partner_ids_source(user))


def is_national_admin(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=Role.NATIONAL_ADMIN.value).exists()


# --- editing quizzes (the snippet) ---------------------------------------------------------------------------------
def quizzes_editable_by(user: User | AnonymousUser) -> QuerySet[Quiz]:
    if is_national_admin(user):
        return Quiz.objects.all()
    partners = user_partner_ids(user)
    if not partners:
        return Quiz.objects.none()
    return Quiz.objects.filter(module__partner_links__partner_id__in=partners).distinct()


def can_edit_quiz(user: User | AnonymousUser, quiz: Quiz) -> bool:
    if is_national_admin(user):
        return True
    partners = user_partner_ids(user)
    if not partners or quiz.module_id is None:
        return False
    return quiz.module.partner_links.filter(partner_id__in=partners).exists()


def can_author_quizzes(user: User | AnonymousUser) -> bool:
    return is_national_admin(user) or bool(user_partner_ids(user))


def modules_for_quiz_author(user: User | AnonymousUser):
    """The modules `user` may attach a quiz to (the snippet form's choices)."""
    from courses.models import ModulePage

    if is_national_admin(user):
        return ModulePage.objects.all()
    return ModulePage.objects.filter(partner_links__partner_id__in=user_partner_ids(user)).distinct()


class QuizPermissionPolicy(ModelPermissionPolicy):
    """Snippet permissions per quiz instead of model-wide (Wagtail's default)."""

    def user_has_permission(self, user, action):
        return can_author_quizzes(user)

    def user_has_any_permission(self, user, actions):
        return can_author_quizzes(user)

    def users_with_any_permission(self, actions):
        return User.objects.filter(Q(is_superuser=True) | Q(groups__name=Role.NATIONAL_ADMIN.value)).distinct()

    def user_has_permission_for_instance(self, user, action, instance):
        return can_edit_quiz(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return can_edit_quiz(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return quizzes_editable_by(user)


# --- taking quizzes and reading results ----------------------------------------------------------------------------
def quizzes_available_to(user: User | AnonymousUser) -> QuerySet[Quiz]:
    """Quizzes a learner may take: those of a live programme (enrolment checks join with the training app)."""
    if not user.is_authenticated or not user.is_active:
        return Quiz.objects.none()
    return Quiz.objects.filter(programme__live=True).exclude(module__live=False)


def attempts_of(learner: User | AnonymousUser) -> QuerySet[Attempt]:
    """A learner's own attempts: anyone else's attempt is a 404 in every view."""
    if not learner.is_authenticated:
        return Attempt.objects.none()
    return Attempt.objects.filter(learner=learner)


def learners_followed_by(user: User | AnonymousUser) -> QuerySet[User]:
    if is_national_admin(user):
        return User.objects.filter(is_active=True)
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    return _followed_learners_source(user)


def quizzes_with_results_for(user: User | AnonymousUser) -> QuerySet[Quiz]:
    """Quizzes whose results page `user` may open: every quiz for staff and for those who follow learners."""
    if is_national_admin(user) or (user.is_authenticated and learners_followed_by(user).exists()):
        return Quiz.objects.all()
    return Quiz.objects.none()


def may_take_evaluation(user: User | AnonymousUser, quiz: Quiz) -> bool:
    """Entry and exit evaluations are for the learners of the quiz's programme: an enrolment (invited, enrolled or
    completed) in one of its cohorts, or the national admin (who tries them out). Practice quizzes and surveys: anyone
    who may open the quiz."""
    if quiz.kind not in (QuizKind.ENTRY, QuizKind.EXIT) or is_national_admin(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return Enrolment.objects.filter(
        learner=user, cohort__programme_id=quiz.programme_id, state__in=ACTIVE_STATES
    ).exists()


def cohorts_with_results_for(user: User | AnonymousUser) -> QuerySet[Cohort]:
    """Cohorts whose results `user` may read: those they lead (trainer, staff) and, read-only, those of their Hubs'
    territories (coordinator). The same pair of rules as the training app's cohort pages."""
    if not user.is_authenticated or not user.is_active:
        return Cohort.objects.none()
    return Cohort.objects.filter(
        Q(pk__in=cohorts_managed_by(user).values("pk")) | Q(pk__in=cohorts_coordinated_by(user).values("pk"))
    )


def can_grant_accommodation(user: User | AnonymousUser, learner: User) -> bool:
    return is_national_admin(user) or learners_followed_by(user).filter(pk=learner.pk).exists()
