"""Public views of the courses app: comments and amendment proposals from a lesson page, module archives (R3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.export import module_export_current, module_export_request
from courses.feedback import FeedbackError, amendment_create, comment_create
from courses.feedback_forms import AmendmentForm, CommentForm
from courses.feedback_selectors import live_lessons
from courses.models import ModulePage
from courses.models_export import ExportStatus
from courses.search import SEARCH_QUERY_MAX_LENGTH, lesson_modules, lesson_search


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


def _live_module(module_id: int):
    return get_object_or_404(ModulePage.objects.live(), pk=module_id)


def module_export_view(request: HttpRequest, module_id: int) -> HttpResponse:
    """The archive of the module as published now: downloaded when ready, else queued and shown being built.

    A GET may queue a build: it is idempotent (one archive per state of the content), like warming a cache.
    """
    module = _live_module(module_id)
    export = module_export_request(module=module)
    export.refresh_from_db()  # built already when tasks run eagerly (no broker)
    if export.status == ExportStatus.DONE:
        return redirect("courses:module_export_download", module_id=module.pk, export_id=export.pk)
    context = {
        "page": module,
        "export": export,
        "status_url": reverse("courses:module_export_status", args=[module.pk]),
    }
    return TemplateResponse(request, "courses/export/status.html", context, status=202)


def module_export_status_view(request: HttpRequest, module_id: int) -> JsonResponse:
    module = _live_module(module_id)
    export = module_export_current(module=module)
    if export is None:
        return JsonResponse({"status": "none"}, status=404)
    body = {"status": export.status, "progress": export.progress, "missing": export.missing}
    if export.status == ExportStatus.DONE:
        body["download_url"] = reverse("courses:module_export_download", args=[module.pk, export.pk])
    return JsonResponse(body)


def module_export_download_view(request: HttpRequest, module_id: int, export_id: int) -> HttpResponse:
    module = _live_module(module_id)
    export = get_object_or_404(module.exports.filter(status=ExportStatus.DONE).exclude(file=""), pk=export_id)
    filename = f"{module.slug}-v{module.version}.zip"
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=filename, content_type="application/zip")


def search_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = lesson_search(query=query, page_number=request.GET.get("page"))
    context = {
        "query": query.strip()[:SEARCH_QUERY_MAX_LENGTH],
        "results": results,
        "modules": lesson_modules(results.object_list) if results else {},
    }
    return TemplateResponse(request, "courses/search.html", context)
