"""Who may decide on amendment proposals and moderate comments: each rule as an object check and a queryset (R8).

A proposal is decided by whoever may edit its lesson in Wagtail (the module's partner authors, the national team);
comments are moderated by holders of ``courses.moderate_lessoncomment`` (the national admin role).
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.permission_policies.pages import PagePermissionPolicy

from courses.models import LessonPage
from courses.models_feedback import AmendmentProposal, LessonComment

MODERATE_COMMENTS = "courses.moderate_lessoncomment"


def lessons_editable_by(user) -> QuerySet[LessonPage]:
    if not getattr(user, "is_authenticated", False):
        return LessonPage.objects.none()
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change"])
    return LessonPage.objects.filter(pk__in=pages.values("pk"))


def can_decide_amendment(user, proposal: AmendmentProposal) -> bool:
    return proposal.lesson.permissions_for_user(user).can_edit()


def amendments_decidable_by(user) -> QuerySet[AmendmentProposal]:
    return AmendmentProposal.objects.filter(lesson__in=lessons_editable_by(user).values("pk"))


def can_moderate_comments(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_perm(MODERATE_COMMENTS)


def comments_moderatable_by(user) -> QuerySet[LessonComment]:
    return LessonComment.objects.all() if can_moderate_comments(user) else LessonComment.objects.none()
