"""The Hub JSON API: the completion figures of the views, for a Hub's own tools (decision 0041).

``Authorization: Bearer <token>``; a token reads only its own Hub (another Hub's URL is a 403, a cohort outside the
Hub a 404). Aggregates only: no learner's name leaves through a bearer token (decision 0040). Errors are JSON
``{"error": code, "message": French explanation}`` with 400, 401 (also for an expired token), 403, 404, 405, or 429
with ``Retry-After`` past the token's rate limit (``dashboards.services.RATE_LIMIT_PER_MINUTE``).
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from dashboards.exceptions import HubTokenError
from dashboards.forms import CompletionFilterForm
from dashboards.models import HubApiToken
from dashboards.selectors import CompletionReport, cohorts_for_hub, completion_report
from dashboards.services import hub_token_authenticate
from training.models import Cohort

API_VERSION = "1"


def _error(status: int, code: str, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"error": code, "message": str(message), **extra}, status=status)
    if status == 401:  # RFC 6750: a missing token is an invalid request, a bad or revoked one an invalid token
        kind = "invalid_request" if code == "missing_token" else "invalid_token"
        response["WWW-Authenticate"] = f'Bearer realm="hub-api", error="{kind}"'
    response["Cache-Control"] = "no-store"
    return response


def _authenticate(request: HttpRequest, hub_id: int) -> HubApiToken | JsonResponse:
    if request.method != "GET":
        return _error(405, "method_not_allowed", _("This API is read-only: use GET."))
    try:
        token = hub_token_authenticate(authorization=request.headers.get("Authorization"))
    except HubTokenError as error:
        if error.code == "rate_limited":
            response = _error(429, error.code, error.message)
            response["Retry-After"] = str(error.extra["retry_after"])
            return response
        return _error(401, error.code, error.message)
    if token.hub_id != hub_id:
        return _error(403, "wrong_hub", _("This token belongs to another Hub: it reads only its own Hub."))
    return token


def _cohort_json(row) -> dict:
    cohort = row.cohort
    return {
        "id": cohort.pk,
        "title": cohort.title,
        "departement": cohort.departement,
        "territory": cohort.territory.name,
        "status": cohort.status,
        "first_half_day": row.starts_on.isoformat() if row.starts_on else None,
        "figures": row.figures.as_dict(),
    }


def _report_json(report: CompletionReport) -> dict:
    return {
        "available": {
            "evaluation_passed": report.evaluations_available,
            "attestation_issued": report.attestations_available,
        },
        "total": report.total.as_dict(),
        "departements": [
            {"departement": row.departement, "cohorts": row.cohorts, "figures": row.figures.as_dict()}
            for row in report.departements
        ],
        "cohorts": [_cohort_json(row) for row in report.cohorts],
    }


@csrf_exempt  # bearer-token API: no cookie is read, so there is no cross-site request to forge
def hub_completion_api(request: HttpRequest, hub_id: int) -> JsonResponse:
    token = _authenticate(request, hub_id)
    if isinstance(token, JsonResponse):
        return token
    cohorts = cohorts_for_hub(hub=token.hub)
    form = CompletionFilterForm(request.GET or None, cohorts=cohorts)
    if form.is_bound and not form.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        return _error(400, "invalid_filters", _("Some filters are not valid."), fields=errors)
    report = completion_report(cohorts=cohorts, filters=form.filters() if form.is_bound else None)
    body = {"version": API_VERSION, "hub": {"id": token.hub.pk, "name": token.hub.name}} | _report_json(report)
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
def hub_cohort_api(request: HttpRequest, hub_id: int, cohort_id: int) -> JsonResponse:
    token = _authenticate(request, hub_id)
    if isinstance(token, JsonResponse):
        return token
    cohort = cohorts_for_hub(hub=token.hub).filter(pk=cohort_id).first()
    if cohort is None:
        return _error(404, "not_found", _("No cohort with this id in this Hub's territories."))
    report = completion_report(cohorts=Cohort.objects.filter(pk=cohort.pk))
    body = {"version": API_VERSION, "hub": {"id": token.hub.pk, "name": token.hub.name}} | _report_json(report)
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
