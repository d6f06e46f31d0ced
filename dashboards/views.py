"""Read-only dashboards: the Hub coordinators' completion view, a cohort's roster, their exports, and the
trainer's overview of their own cohorts. GET only (a POST is a 405): nothing here changes anything.

Every object is fetched through a scoped selector, so a cohort outside the user's scope is a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.models import User
from dashboards import exports
from dashboards.forms import CompletionFilterForm
from dashboards.selectors import (
    CompletionFilters,
    Figures,
    can_view_completion,
    can_view_trainer_overview,
    cohort_roster,
    cohorts_filtered,
    cohorts_for_coordinator,
    cohorts_for_trainer,
    completion_report,
    learner_rows,
)
from dashboards.services import export_record
from training.models import Cohort

COHORTS_PER_PAGE = 50  # the totals, départements and exports cover every cohort; the table pages through them
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _coordinator_scope(user: User) -> QuerySet[Cohort]:
    if not can_view_completion(user):
        raise PermissionDenied
    return cohorts_for_coordinator(user=user)


def _trainer_scope(user: User) -> QuerySet[Cohort]:
    if not can_view_trainer_overview(user):
        raise PermissionDenied
    return cohorts_for_trainer(user=user)


SPACES = {
    "coordinator": {
        "scope": _coordinator_scope,
        "title": gettext_lazy("Completion in my Hub's territories"),
        "url": "dashboards:completion",
        "roster_url": "dashboards:cohort_roster",
        "export_url": "dashboards:completion_export",
        "roster_export_url": "dashboards:cohort_roster_export",
    },
    "trainer": {
        "scope": _trainer_scope,
        "title": gettext_lazy("My cohorts"),
        "url": "dashboards:trainer_overview",
        "roster_url": "dashboards:trainer_cohort_roster",
        "export_url": "dashboards:trainer_export",
        "roster_export_url": "dashboards:trainer_cohort_roster_export",
    },
}


def funnel_bars(figures: Figures) -> dict:
    """Geometry of the funnel's SVG bars (widths relative to the enrolled learners)."""
    bars = []
    for index, stage in enumerate(figures.stages()):
        width = 0 if not figures.enrolled or stage["count"] is None else round(320 * stage["count"] / figures.enrolled)
        bars.append(stage | {"y": index * 40, "width": max(width, 2), "text_x": 200 + max(width, 2) + 8})
    return {"bars": bars, "height": len(bars) * 40 + 6}


def _filter_form(request: HttpRequest, cohorts: QuerySet[Cohort]) -> CompletionFilterForm:
    form = CompletionFilterForm(request.GET or None, cohorts=cohorts)
    if request.GET:
        form.is_valid()
    return form


def _completion(request: HttpRequest, space: str) -> HttpResponse:
    config = SPACES[space]
    cohorts = config["scope"](request.user)
    form = _filter_form(request, cohorts)
    if form.is_bound and form.errors:
        context = {"space": config, "form": form, "report": None}
        return render(request, "dashboards/completion.html", context, status=400)
    report = completion_report(cohorts=cohorts, filters=form.filters() if form.is_bound else None)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cohort_page": Paginator(report.cohorts, COHORTS_PER_PAGE).get_page(request.GET.get("page")),
        "filters_query": query.urlencode(),
        "space": config,
        "form": form,
        "report": report,
        "funnel": funnel_bars(report.total),
        "not_available": _("not available"),
        "roster_base": reverse(config["roster_url"], args=[0])[: -len("0/")],
        "query": query.urlencode(),
    }
    return render(request, "dashboards/completion.html", context)


def _roster(request: HttpRequest, space: str, cohort_id: int) -> HttpResponse:
    config = SPACES[space]
    cohort = get_object_or_404(config["scope"](request.user).select_related("territory"), pk=cohort_id)
    report = completion_report(cohorts=Cohort.objects.filter(pk=cohort.pk))
    context = {"space": config, "cohort": cohort, "rows": cohort_roster(cohort=cohort), "report": report}
    return render(request, "dashboards/roster.html", context)


def _export(request: HttpRequest, space: str, fmt: str, cohort_id: int | None = None) -> HttpResponse:
    """Per-cohort figures (``?niveau=promotions``) or per-learner milestones (default), filtered like the view."""
    config = SPACES[space]
    scope = config["scope"](request.user)
    if cohort_id is not None:
        cohorts = Cohort.objects.filter(pk=get_object_or_404(scope, pk=cohort_id).pk)
        level, form = "learners", None
    else:
        form = _filter_form(request, scope)
        if form.is_bound and form.errors:
            return render(request, "dashboards/completion.html", {"space": config, "form": form}, status=400)
        filters = form.filters() if form.is_bound else CompletionFilters()
        cohorts = cohorts_filtered(cohorts=scope, filters=filters)
        level = "cohorts" if request.GET.get("niveau") == "promotions" else "learners"
    if level == "cohorts":
        header, rows = exports.cohort_table(completion_report(cohorts=scope, filters=filters))
        sheet = _("Cohorts")
    else:
        by_pk = {cohort.pk: cohort for cohort in Cohort.objects.filter(pk__in=cohorts.values("pk"))}
        learner_list = learner_rows(cohorts=Cohort.objects.filter(pk__in=list(by_pk)), with_names=True)
        header, rows = exports.learner_table(learner_list, by_pk)
        rows = list(rows)
        sheet = _("Learners")
    export_record(user=request.user, scope=f"{space}:{cohort_id or 'all'}:{level}", rows=len(rows), fmt=fmt)
    filename = f"completion-{level}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    else:
        content = exports.xlsx_bytes(sheet_title=sheet, header=header, rows=rows)
        response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # personal data: never kept by a shared cache
    return response


@login_required
@require_GET
def completion_view(request: HttpRequest) -> HttpResponse:
    return _completion(request, "coordinator")


@login_required
@require_GET
def cohort_roster_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    return _roster(request, "coordinator", cohort_id)


@login_required
@require_GET
def completion_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    return _export(request, "coordinator", fmt)


@login_required
@require_GET
def cohort_roster_export_view(request: HttpRequest, cohort_id: int, fmt: str) -> HttpResponse:
    return _export(request, "coordinator", fmt, cohort_id)


@login_required
@require_GET
def trainer_overview_view(request: HttpRequest) -> HttpResponse:
    return _completion(request, "trainer")


@login_required
@require_GET
def trainer_cohort_roster_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    return _roster(request, "trainer", cohort_id)


@login_required
@require_GET
def trainer_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    return _export(request, "trainer", fmt)


@login_required
@require_GET
def trainer_cohort_roster_export_view(request: HttpRequest, cohort_id: int, fmt: str) -> HttpResponse:
    return _export(request, "trainer", fmt, cohort_id)
