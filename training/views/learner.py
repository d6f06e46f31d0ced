"""The learner's pages: their trainings, the phone check-in (code, then signature) and the public session list."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from training.exceptions import TrainingError
from training.forms import CodeForm, SignatureForm
from training.models import Cohort, CohortStatus, Territory
from training.selectors import (
    learner_attendance,
    learner_checkin_sessions,
    learner_enrolments,
    learner_session_get,
    public_upcoming_cohorts,
)
from training.services import attendance_self_check_in, checkin_code_verify, enrolment_request
from training.signatures import signature_from_data_url
from training.views._common import service_error

GRANTS = "training_checkin_grants"


@login_required
def my_trainings_view(request: HttpRequest) -> HttpResponse:
    enrolments = learner_enrolments(user=request.user)
    attendance = {(a.session_id): a for a in learner_attendance(user=request.user)}
    context = {
        "enrolments": enrolments,
        "attendance": attendance,
        "checkin_sessions": learner_checkin_sessions(user=request.user),
    }
    return render(request, "training/learner/my_trainings.html", context)


def _grant(request: HttpRequest, session_pk: int) -> datetime | None:
    value = request.session.get(GRANTS, {}).get(str(session_pk))
    return datetime.fromisoformat(value) if value else None


def _set_grant(request: HttpRequest, session_pk: int, at: datetime | None) -> None:
    grants = dict(request.session.get(GRANTS, {}))
    if at is None:
        grants.pop(str(session_pk), None)
    else:
        grants[str(session_pk)] = at.isoformat()
    request.session[GRANTS] = grants


@login_required
@never_cache
def checkin_entry_view(request: HttpRequest) -> HttpResponse:
    """The learner types the code shown in the room; the session is the one of theirs whose window is open."""
    form = CodeForm(request.POST or None)
    sessions = learner_checkin_sessions(user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not sessions:
            form.add_error(None, _("No session of yours is open for signing right now."))
            status = 400
        else:
            error = None
            for session in sessions:
                try:
                    checkin_code_verify(session=session, learner=request.user, code=form.cleaned_data["code"])
                except TrainingError as refused:
                    error = refused
                    continue
                _set_grant(request, session.pk, timezone.now())
                return redirect("training:checkin_sign", pk=session.pk)
            service_error(request, error, form)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "training/learner/checkin_entry.html", {"form": form, "sessions": sessions}, status=status)


@login_required
@never_cache
def checkin_session_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code's URL (``?code=…``): verify the code for that session, then go to the signature pad."""
    session = learner_session_get(user=request.user, pk=pk)
    if session is None:
        raise Http404
    code = request.GET.get("code") or request.POST.get("code") or ""
    form = CodeForm({"code": code} if code else None)
    if form.is_valid():
        try:
            checkin_code_verify(session=session, learner=request.user, code=form.cleaned_data["code"])
        except TrainingError as error:
            service_error(request, error, form)
            return render(
                request,
                "training/learner/checkin_entry.html",
                {"form": CodeForm(), "error": error, "sessions": [session]},
                status=400,
            )
        _set_grant(request, session.pk, timezone.now())
        return redirect("training:checkin_sign", pk=session.pk)
    return redirect("training:checkin")


@login_required
@never_cache
def checkin_sign_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = learner_session_get(user=request.user, pk=pk)
    if session is None:
        raise Http404
    verified_at = _grant(request, session.pk)
    if verified_at is None:
        messages.info(request, _("Type the code shown on the screen first."))
        return redirect("training:checkin")
    form = SignatureForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            png = signature_from_data_url(form.cleaned_data.get("signature") or "")
            attendance_self_check_in(session=session, learner=request.user, signature_png=png, verified_at=verified_at)
        except TrainingError as error:
            service_error(request, error, form)
            status = 400
            if error.code in ("grant_expired", "already_signed", "sheet_locked", "outside_window"):
                _set_grant(request, session.pk, None)
        else:
            _set_grant(request, session.pk, None)
            return render(request, "training/learner/checkin_done.html", {"session": session})
    elif request.method == "POST":
        status = 400
    return render(request, "training/learner/checkin_sign.html", {"session": session, "form": form}, status=status)


def public_sessions_view(request: HttpRequest) -> HttpResponse:
    territory_id = request.GET.get("territoire")
    territory_id = int(territory_id) if territory_id and territory_id.isdigit() else None
    context = {
        "groups": public_upcoming_cohorts(territory_id=territory_id),
        "territories": Territory.objects.filter(cohorts__status=CohortStatus.OPEN).distinct().order_by("name"),
        "territory_id": territory_id,
        "mine": set(learner_enrolments(user=request.user).values_list("cohort_id", flat=True))
        if request.user.is_authenticated
        else set(),
    }
    return render(request, "training/public_sessions.html", context)


@login_required
@require_POST
def ask_to_join_view(request: HttpRequest, public_id) -> HttpResponse:
    cohort = Cohort.objects.filter(public_id=public_id, status=CohortStatus.OPEN).first()
    if cohort is None:
        raise Http404
    try:
        enrolment = enrolment_request(cohort=cohort, learner=request.user)
    except TrainingError as error:
        service_error(request, error)
    else:
        if enrolment.state == "requested":
            messages.success(request, _("Your request was sent to the trainers. You will receive an e-mail."))
        else:
            messages.info(
                request,
                _("You are already registered for this cohort (%(state)s).")
                % {"state": enrolment.get_state_display()},
            )
    return redirect("training:public_sessions")
