"""Thin views: parse, check through permission-scoped selectors (what one may not see is a 404), call, render."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from certificates import badges
from certificates.forms import OverrideForm, RevokeForm
from certificates.models import Attestation, IssuanceJob
from certificates.permissions import (
    attestations_visible_to,
    can_override_eligibility,
    can_revoke_attestation,
)
from certificates.ratelimit import rate_limited
from certificates.selectors import attestation_find, cohort_attestations, cohort_eligibility, learner_checklists
from certificates.services import AttestationError, attestation_issue, attestation_revoke, issuance_job_create
from training.permissions import cohorts_managed_by, enrolments_managed_by


@require_GET
def verify_view(request: HttpRequest, code: str) -> HttpResponse:
    """Public: valid / revoked / unknown, with the name, the programme and the date only."""
    if rate_limited(request, scope="verify"):
        response = render(request, "certificates/verify_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
    attestation = attestation_find(code)
    status = 404 if attestation is None else 200
    response = render(request, "certificates/verify.html", {"attestation": attestation, "code": code}, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def learner_home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "certificates/learner_home.html", {"checklists": learner_checklists(learner=request.user)})


def _visible_attestation(request: HttpRequest, public_id) -> Attestation:
    attestation = get_object_or_404(attestations_visible_to(request.user), public_id=public_id)
    if attestation.is_revoked:
        raise Http404
    return attestation


def _pdf_response(file_field, filename: str) -> HttpResponse:
    if not file_field:
        return HttpResponse(_("The document is being prepared; try again in a moment."), status=503,
                            headers={"Retry-After": "5"})  # fmt: skip
    return FileResponse(file_field.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")


def _filename(attestation: Attestation, kind: str) -> str:
    return f"{kind}-{slugify(attestation.learner_name) or 'apprenant'}-{attestation.code}.pdf"


@login_required
def attestation_pdf_view(request: HttpRequest, public_id) -> HttpResponse:
    attestation = _visible_attestation(request, public_id)
    return _pdf_response(attestation.attestation_pdf, _filename(attestation, "attestation"))


@login_required
def certificate_pdf_view(request: HttpRequest, public_id) -> HttpResponse:
    attestation = _visible_attestation(request, public_id)
    return _pdf_response(attestation.certificate_pdf, _filename(attestation, "certificat-de-realisation"))


def _current_credential(attestation: Attestation):
    credential = attestation.credentials.filter(revoked_at__isnull=True).first()
    if credential is None:
        raise Http404
    return credential


@login_required
def badge_json_view(request: HttpRequest, public_id) -> HttpResponse:
    """The Open Badges credential: the VC-JWT and the credential it carries, to import in a wallet."""
    attestation = _visible_attestation(request, public_id)
    credential = _current_credential(attestation)
    body = {"credential": badges.jws_payload(credential.jwt), "jwt": credential.jwt}
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="badge-{attestation.code}.json"'
    return response


@login_required
def badge_svg_view(request: HttpRequest, public_id) -> HttpResponse:
    attestation = _visible_attestation(request, public_id)
    svg = badges.baked_svg(_current_credential(attestation), title=attestation.programme_title)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="badge-{attestation.code}.svg"'
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@login_required
def cohort_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_object_or_404(cohorts_managed_by(request.user).select_related("programme"), pk=cohort_id)
    context = {
        "cohort": cohort,
        "checklists": cohort_eligibility(cohort=cohort),
        "job": cohort.issuance_jobs.first(),
        "can_override": can_override_eligibility(request.user),
        "can_revoke": can_revoke_attestation(request.user),
        "override_form": OverrideForm(),
        "revoke_form": RevokeForm(),
    }
    return render(request, "certificates/cohort.html", context)


@login_required
@require_POST
def cohort_issue_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_object_or_404(cohorts_managed_by(request.user), pk=cohort_id)
    job = issuance_job_create(cohort=cohort, created_by=request.user)
    return redirect("certificates:job", job_id=job.pk)


@login_required
@never_cache
def job_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(IssuanceJob.objects.filter(cohort__in=cohorts_managed_by(request.user)), pk=job_id)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"status": job.status, "processed": job.processed, "total": job.total,
                             "issued": job.issued, "percent": job.percent})  # fmt: skip
    return render(request, "certificates/job.html", {"job": job})


@login_required
@require_POST
def enrolment_issue_view(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_object_or_404(enrolments_managed_by(request.user).select_related("cohort"), pk=enrolment_id)
    reason = ""
    if "reason" in request.POST:
        form = OverrideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reason for the override."))
            return redirect("certificates:cohort", cohort_id=enrolment.cohort_id)
        reason = form.cleaned_data["reason"]
    try:
        attestation_issue(enrolment=enrolment, issued_by=request.user, override_reason=reason)
    except AttestationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The attestation was issued."))
    return redirect("certificates:cohort", cohort_id=enrolment.cohort_id)


@login_required
@require_POST
def revoke_view(request: HttpRequest, public_id) -> HttpResponse:
    attestation = get_object_or_404(attestations_visible_to(request.user), public_id=public_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the revocation."))
    else:
        try:
            attestation_revoke(attestation=attestation, actor=request.user, reason=form.cleaned_data["reason"])
        except AttestationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The attestation was revoked."))
    return redirect("certificates:cohort", cohort_id=attestation.cohort_id)


@login_required
def cohort_archive_view(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Every rendered document of the cohort's valid attestations, in one ZIP."""
    cohort = get_object_or_404(cohorts_managed_by(request.user), pk=cohort_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for attestation in cohort_attestations(cohort=cohort).filter(status="issued"):
            for field, kind in ((attestation.attestation_pdf, "attestation"),
                                (attestation.certificate_pdf, "certificat-de-realisation")):  # fmt: skip
                if field:
                    with field.open("rb") as handle:
                        archive.writestr(_filename(attestation, kind), handle.read())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="attestations-{slugify(cohort.title)}.zip"'
    return response


# --- Open Badges: public, stable URLs -----------------------------------------------------------------------------


def _json(data: dict, content_type: str = "application/json") -> HttpResponse:
    return JsonResponse(data, content_type=content_type, json_dumps_params={"ensure_ascii": False})


@require_GET
def badge_issuer_view(request: HttpRequest) -> HttpResponse:
    return _json(badges.issuer_profile() | {"publicKey": badges.public_jwk()}, "application/ld+json")


@require_GET
def badge_keys_view(request: HttpRequest) -> HttpResponse:
    return _json({"keys": [badges.public_jwk()]})


@require_GET
def badge_achievement_view(request: HttpRequest, programme_id: int) -> HttpResponse:
    attestation = Attestation.objects.filter(programme_id=programme_id).first()
    if attestation is None:
        raise Http404
    return _json({"@context": [badges.VC_CONTEXT, badges.OB_CONTEXT], **badges.achievement(attestation)},
                 "application/ld+json")  # fmt: skip


@require_GET
def badge_status_list_view(request: HttpRequest, list_id: str) -> HttpResponse:
    if list_id != badges.STATUS_LIST_ID:
        raise Http404
    response = HttpResponse(badges.status_list_credential_jwt(), content_type="application/vc+jwt")
    response["Cache-Control"] = "max-age=60"
    return response
