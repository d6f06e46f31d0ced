"""A session for its trainer: the sheet, check-in screen, roll call, countersignature, amendments, documents."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from training import checkin
from training.exceptions import TrainingError
from training.forms import AmendmentForm, AttendanceForm, ScanForm, SignatureForm
from training.models import Attendance, Modality
from training.selectors import enrolment_managed_get, session_managed_get, session_sheet
from training.services import (
    attendance_amend,
    attendance_countersign,
    attendance_mark,
    session_sheet_scan_upload,
)
from training.services.documents import emargement_blank_pdf
from training.services.notifications import absolute
from training.signatures import signature_from_data_url
from training.views._common import private_file_response, service_error


def _session(request: HttpRequest, pk: int):
    session = session_managed_get(user=request.user, pk=pk)
    if session is None:
        raise Http404
    return session


@login_required
def session_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    now = timezone.now()
    context = {
        "session": session,
        "cohort": session.cohort,
        "rows": session_sheet(session=session),
        "modules": session.modules.all(),
        "window_open": checkin.window_open(session, at=now),
        "started": now >= session.starts_at,
        "status_form": AttendanceForm(),
        "amend_form": AmendmentForm(),
    }
    return render(request, "training/trainer/session_detail.html", context)


def _checkin_payload(session) -> dict:
    now = timezone.now()
    code = checkin.current_code(session, at=now)
    url = absolute(reverse("training:checkin_session", args=[session.pk])) + f"?code={code.code}"
    qr = segno.make(url, error="m")
    return {
        "code": code.code,
        "expires_in": max(1, int((code.expires_at - now).total_seconds())),
        "svg": qr.svg_inline(scale=8, border=2, dark="#000091", title=_("QR code to sign for this half-day")),
        "url": url,
        "open": checkin.window_open(session, at=now),
        "signed": session.attendances.filter(signed_at__isnull=False).count(),
    }


@login_required
@never_cache
def checkin_screen_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Shown on the room's screen: the rotating QR code and short code; refreshed by checkin.js."""
    session = _session(request, pk)
    if session.modality != Modality.IN_PERSON:
        raise Http404
    context = {
        "session": session,
        "cohort": session.cohort,
        "payload": _checkin_payload(session),
        "enrolled": session.cohort.enrolments.active().count(),
        "step_seconds": checkin.STEP_SECONDS,
    }
    return render(request, "training/trainer/checkin_screen.html", context)


@login_required
@never_cache
def checkin_code_view(request: HttpRequest, pk: int) -> JsonResponse:
    session = _session(request, pk)
    if session.modality != Modality.IN_PERSON:
        raise Http404
    return JsonResponse(_checkin_payload(session))


@login_required
def attendance_mark_view(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    """Roll call: GET shows the signature pad for a learner without a phone; POST records the status (and the
    signature drawn on the trainer's device). For a remote session, the status alone."""
    session = _session(request, pk)
    enrolment = enrolment_managed_get(user=request.user, pk=enrolment_pk)
    if enrolment is None or enrolment.cohort_id != session.cohort_id:
        raise Http404
    form = AttendanceForm(request.POST or None, initial={"status": "present"})
    signature_form = SignatureForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid() and signature_form.is_valid():
        try:
            png = None
            data_url = signature_form.cleaned_data.get("signature")
            if data_url:
                png = signature_from_data_url(data_url)
            attendance_mark(
                session=session, enrolment=enrolment, status=form.cleaned_data["status"], marked_by=request.user,
                signature_png=png,
            )  # fmt: skip
        except TrainingError as error:
            service_error(request, error, form)
            status = 400
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("training:session_detail", pk=session.pk)
    elif request.method == "POST":
        status = 400
    context = {"session": session, "cohort": session.cohort, "enrolment": enrolment, "form": form,
               "signature_form": signature_form}  # fmt: skip
    return render(request, "training/trainer/roll_call.html", context, status=status)


@login_required
def countersign_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = SignatureForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            png = signature_from_data_url(form.cleaned_data.get("signature") or "")
            attendance_countersign(session=session, trainer=request.user, signature_png=png)
        except TrainingError as error:
            service_error(request, error, form)
            status = 400
        else:
            messages.success(request, _("The sheet is countersigned and locked."))
            return redirect("training:session_detail", pk=session.pk)
    rows = session_sheet(session=session)
    context = {"session": session, "cohort": session.cohort, "form": form, "rows": rows}
    return render(request, "training/trainer/countersign.html", context, status=status)


@login_required
@require_POST
def attendance_amend_view(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = Attendance.objects.select_related("session").filter(pk=pk).first()
    if attendance is None or session_managed_get(user=request.user, pk=attendance.session_id) is None:
        raise Http404
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            attendance_amend(
                attendance=attendance, field="status", new=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"], author=request.user,
            )  # fmt: skip
        except TrainingError as error:
            service_error(request, error)
        else:
            messages.success(request, _("The correction was recorded as an amendment."))
    else:
        messages.error(request, _("Give the reason for this correction."))
    return redirect("training:session_detail", pk=attendance.session_id)


@login_required
def scan_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    rows = session_sheet(session=session)
    form = ScanForm(request.POST or None, request.FILES or None, rows=rows)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["scan"]
        try:
            session_sheet_scan_upload(
                session=session, scan=upload, filename=upload.name, statuses=form.statuses(), actor=request.user
            )
        except TrainingError as error:
            service_error(request, error, form)
            status = 400
        else:
            messages.success(request, _("The scanned sheet now stands as this session's record."))
            return redirect("training:session_detail", pk=session.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "training/trainer/scan_upload.html",
        {"session": session, "cohort": session.cohort, "form": form},
        status=status,
    )


@login_required
def blank_sheet_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    response = HttpResponse(emargement_blank_pdf(session=session), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="feuille-emargement-vierge-{session.date:%Y%m%d}.pdf"'
    return response


@login_required
def sheet_scan_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    name = session.sheet_scan.name or ""
    content_type = (
        "application/pdf" if name.endswith(".pdf") else ("image/png" if name.endswith(".png") else "image/jpeg")
    )
    return private_file_response(
        session.sheet_scan,
        filename=f"emargement-scan-{session.date:%Y%m%d}{name[name.rfind('.') :]}",
        content_type=content_type,
    )


@login_required
def signature_image_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A learner's signature image, for the trainer's sheet page (the learner may also see their own)."""
    attendance = Attendance.objects.select_related("enrolment", "session").filter(pk=pk).first()
    if attendance is None:
        raise Http404
    own = attendance.enrolment.learner_id == request.user.pk
    if not own and session_managed_get(user=request.user, pk=attendance.session_id) is None:
        raise Http404
    return private_file_response(
        attendance.signature, filename=f"signature-{attendance.pk}.png", content_type="image/png"
    )
