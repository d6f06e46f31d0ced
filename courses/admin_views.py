"""Wagtail admin views of the courses app: amendment proposals for the module's authors, the comment queue for the
national admin. Thin: scoped selectors (what one may not decide on is a 404), one service call per POST."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.feedback import (
    FeedbackError,
    amendment_accept,
    amendment_conflict,
    amendment_reject,
    comment_hide,
    comment_restore,
)
from courses.feedback_forms import DecisionForm
from courses.feedback_selectors import amendment_list_for, comment_moderation_list
from courses.models_feedback import AmendmentStatus, CommentStatus
from courses.permissions import can_moderate_comments


def amendment_index_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("statut", AmendmentStatus.PENDING)
    if status not in AmendmentStatus.values:
        status = AmendmentStatus.PENDING
    context = {
        "proposals": amendment_list_for(user=request.user, status=status)[:200],
        "status": status,
        "statuses": AmendmentStatus.choices,
        "page_title": _("Amendment proposals"),
        "header_icon": "edit",
    }
    return TemplateResponse(request, "courses/admin/amendment_index.html", context)


def amendment_detail_view(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = get_object_or_404(amendment_list_for(user=request.user, status=None), pk=proposal_id)
    form, conflict_text = DecisionForm(request.POST or None), None
    if request.method == "POST" and form.is_valid():
        try:
            if "accept" in request.POST:
                revision = amendment_accept(proposal=proposal, by=request.user)
                messages.success(
                    request, _("Proposal accepted: a draft of the lesson contains it. Review and submit it.")
                )
                return redirect(reverse("wagtailadmin_pages:edit", args=[revision.object_id]))
            amendment_reject(proposal=proposal, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Proposal rejected; the proposer is told why."))
            return redirect("courses_admin:amendment_index")
        except FeedbackError as error:
            form.add_error(None, error.message)
            conflict_text = error.extra.get("current_text")
    elif proposal.status == AmendmentStatus.PENDING:
        conflict_text = amendment_conflict(proposal=proposal)
    context = {
        "proposal": proposal,
        "form": form,
        "conflict_text": conflict_text,
        "page_title": _("Amendment proposal"),
        "header_icon": "edit",
    }
    return TemplateResponse(
        request, "courses/admin/amendment_detail.html", context, status=400 if form.errors else 200
    )


def comment_moderation_view(request: HttpRequest) -> HttpResponse:
    if not can_moderate_comments(request.user):
        raise PermissionDenied
    status = request.GET.get("statut") or None
    if status not in (None, *CommentStatus.values):
        status = None
    context = {
        "comments": comment_moderation_list(user=request.user, status=status)[:200],
        "status": status,
        "statuses": CommentStatus.choices,
        "page_title": _("Comment moderation"),
        "header_icon": "comment",
    }
    return TemplateResponse(request, "courses/admin/comment_moderation.html", context)


@require_POST
def comment_moderate_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(comment_moderation_list(user=request.user), pk=comment_id)
    if request.POST.get("action") == "restore":
        comment_restore(comment=comment, by=request.user)
        messages.success(request, _("Comment restored."))
    else:
        comment_hide(comment=comment, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Comment hidden."))
    return redirect(request.POST.get("next") or reverse("courses_admin:comment_moderation"))
