"""Reads of comments and amendment proposals (permission-scoped querysets come from ``courses.permissions``)."""

from __future__ import annotations

from django.db.models import QuerySet

from courses.models import LessonPage
from courses.models_feedback import AmendmentProposal, AmendmentStatus, CommentStatus, LessonComment
from courses.permissions import amendments_decidable_by, comments_moderatable_by


def live_lessons() -> QuerySet[LessonPage]:
    return LessonPage.objects.live()


def lesson_comments(*, lesson: LessonPage) -> list[LessonComment]:
    """The visible comments of a lesson, oldest first, with their authors' first names (one query)."""
    return list(
        LessonComment.objects.filter(lesson=lesson, status=CommentStatus.VISIBLE)
        .select_related("author")
        .only("body", "created_at", "block_id", "author__first_name")
    )


def amendment_list_for(*, user, status: str | None = AmendmentStatus.PENDING) -> QuerySet[AmendmentProposal]:
    proposals = amendments_decidable_by(user).select_related("lesson", "proposer", "decided_by")
    return proposals.filter(status=status) if status else proposals


def comment_moderation_list(*, user, status: str | None = None) -> QuerySet[LessonComment]:
    comments = comments_moderatable_by(user).select_related("lesson", "author", "moderated_by").order_by("-created_at")
    return comments.filter(status=status) if status else comments


def lesson_feedback_context(*, request, lesson: LessonPage) -> dict:
    """What the lesson page shows of comments and proposals: visible comments, and the forms for signed-in users."""
    from courses.amendments import AMENDABLE_BLOCKS
    from courses.feedback_forms import AmendmentForm, CommentForm

    context = {"comments": lesson_comments(lesson=lesson), "amendable_types": tuple(AMENDABLE_BLOCKS)}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["comment_form"] = CommentForm()
        context["amendment_form"] = AmendmentForm(lesson=lesson, initial={"block_id": request.GET.get("bloc", "")})
    return context
