"""Public views of the courses app: comments and amendment proposals posted from a lesson page (thin, R3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.feedback import FeedbackError, amendment_create, comment_create
from courses.feedback_forms import AmendmentForm, CommentForm
from courses.feedback_selectors import live_lessons


def _lesson_again(request: HttpRequest, lesson, status: int, **forms) -> HttpResponse:
    """The lesson page with the invalid form and its messages (not a redirect: the text typed stays)."""
    context = {**lesson.get_context(request), **forms}
    return TemplateResponse(request, lesson.get_template(request), context, status=status)


def _status_of(error: FeedbackError) -> int:
    return 429 if error.code == "rate_limited" else 400


@login_required
@require_POST
def lesson_comment_create_view(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(live_lessons(), pk=lesson_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _lesson_again(request, lesson, 400, comment_form=form)
    try:
        comment = comment_create(lesson=lesson, author=request.user, **form.cleaned_data)
    except FeedbackError as error:
        form.add_error("body", error.message)
        return _lesson_again(request, lesson, _status_of(error), comment_form=form)
    messages.success(request, _("Your comment is published."))
    return redirect(f"{lesson.url}#commentaire-{comment.pk}")


@login_required
@require_POST
def lesson_amendment_create_view(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(live_lessons(), pk=lesson_id)
    form = AmendmentForm(request.POST, lesson=lesson)
    if not form.is_valid():
        return _lesson_again(request, lesson, 400, amendment_form=form)
    try:
        amendment_create(lesson=lesson, proposer=request.user, **form.cleaned_data)
    except FeedbackError as error:
        form.add_error(None, error.message)
        return _lesson_again(request, lesson, _status_of(error), amendment_form=form)
    messages.success(request, _("Thank you: your proposal has been sent to the authors of the module."))
    return redirect(f"{lesson.url}#retour")
