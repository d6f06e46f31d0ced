"""The trainer's space (``/formateur/``): cohorts, sessions, enrolment, roster, messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import User
from training.exceptions import TrainingError
from training.forms import CohortForm, ImportForm, InviteForm, LearnerSearchForm, MessageForm, SessionForm
from training.hooks import cohort_sections
from training.models import ACTIVE_STATES, ImportStatus
from training.permissions import can_create_cohort, messages_visible_to
from training.selectors import (
    cohort_list_for_trainer,
    cohort_managed_get,
    cohort_roster,
    enrolment_managed_get,
    import_managed_get,
    learner_account_get,
    learner_enrolments,
    learner_search,
    session_managed_get,
)
from training.services import (
    cohort_create,
    cohort_message_post,
    cohort_update,
    enrolment_accept,
    enrolment_cancel,
    enrolment_create,
    enrolment_invite,
    enrolment_move,
    session_create,
    session_update,
)
from training.services.enrolments import cohort_seat_limit, cohort_seats_left
from training.services.imports import enrolment_import_confirm, enrolment_import_create
from training.views._common import service_error


def _cohort(request: HttpRequest, pk: int):
    cohort = cohort_managed_get(user=request.user, pk=pk)
    if cohort is None:
        raise Http404
    return cohort


@login_required
def cohort_list_view(request: HttpRequest) -> HttpResponse:
    cohorts = cohort_list_for_trainer(user=request.user)
    if not cohorts.exists() and not can_create_cohort(request.user):
        raise PermissionDenied
    return render(
        request,
        "training/trainer/cohort_list.html",
        {"cohorts": cohorts, "can_create": can_create_cohort(request.user)},
    )


@login_required
def cohort_create_view(request: HttpRequest) -> HttpResponse:
    if not can_create_cohort(request.user):
        raise PermissionDenied
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = cohort_create(created_by=request.user, **form.cleaned_data)
        except TrainingError as error:
            service_error(request, error, form)
        else:
            messages.success(request, _("The cohort was created. Add its sessions."))
            return redirect("training:cohort_roster", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "training/trainer/cohort_form.html", {"form": form}, status=status)


@login_required
def cohort_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    form = CohortForm(request.POST or None, initial=CohortForm.initial_from(cohort))
    if request.method == "POST" and form.is_valid():
        try:
            cohort_update(cohort=cohort, actor=request.user, **form.cleaned_data)
        except TrainingError as error:
            service_error(request, error, form)
        else:
            messages.success(request, _("The cohort was saved."))
            return redirect("training:cohort_roster", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "training/trainer/cohort_form.html", {"form": form, "cohort": cohort}, status=status)


@login_required
def cohort_roster_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    return render(
        request,
        "training/trainer/cohort_roster.html",
        {
            "cohort": cohort,
            "roster": cohort_roster(cohort=cohort),
            "seat_limit": cohort_seat_limit(cohort),
            "seats_left": cohort_seats_left(cohort),
            "imports": cohort.imports.all()[:5],
            "move_targets": cohort_list_for_trainer(user=request.user)
            .filter(programme=cohort.programme)
            .exclude(pk=cohort.pk)
            .exclude(status="closed"),
            "sections": cohort_sections(cohort=cohort, user=request.user),
        },
    )


@login_required
def session_form_view(request: HttpRequest, cohort_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    session = None
    if pk is not None:
        session = session_managed_get(user=request.user, pk=pk)
        if session is None:
            raise Http404
        cohort = session.cohort
    else:
        cohort = _cohort(request, cohort_pk)
    initial = {"trainer": request.user.pk if cohort.trainers.filter(pk=request.user.pk).exists() else None}
    if session is not None:
        initial = {
            name: getattr(session, name)
            for name in ("date", "start_time", "end_time", "modality", "visio_url", "venue_address", "room_capacity")
        } | {"trainer": session.trainer_id, "modules": list(session.modules.values_list("pk", flat=True))}
    form = SessionForm(request.POST or None, cohort=cohort, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                session = session_create(cohort=cohort, data=form.session_data(), actor=request.user)
            else:
                session = session_update(session=session, data=form.session_data(), actor=request.user)
        except TrainingError as error:
            service_error(request, error, form)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("training:session_detail", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "cohort": cohort, "session": session}
    return render(request, "training/trainer/session_form.html", context, status=status)


@login_required
def enrol_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol by account search (GET ?q=…, POST learner=…) or by invitation e-mail (POST email=…)."""
    cohort = _cohort(request, pk)
    search_form = LearnerSearchForm(request.GET or None)
    results = learner_search(query=search_form.cleaned_data["q"]) if search_form.is_valid() else []
    invite_form = InviteForm(request.POST if "email" in request.POST else None)
    status = 200
    if request.method == "POST":
        try:
            if "learner" in request.POST:
                learner = learner_account_get(pk=request.POST["learner"])
                if learner is None:
                    raise Http404
                enrolment = enrolment_create(
                    cohort=cohort, learner=learner, enrolled_by=request.user, waitlist_if_full=True
                )
            elif invite_form.is_valid():
                enrolment = enrolment_invite(
                    cohort=cohort, invited_by=request.user, waitlist_if_full=True, **invite_form.cleaned_data
                )
            else:
                enrolment = None
                status = 400
            if enrolment is not None:
                messages.success(
                    request,
                    _("%(name)s: %(state)s.")
                    % {
                        "name": enrolment.learner.get_full_name() or enrolment.learner.email,
                        "state": enrolment.get_state_display(),
                    },  # fmt: skip
                )
                return redirect("training:enrol", pk=cohort.pk)
        except TrainingError as error:
            service_error(request, error, invite_form if "email" in request.POST else None)
            status = 400
    context = {
        "cohort": cohort,
        "search_form": search_form,
        "results": results,
        "invite_form": invite_form,
        "import_form": ImportForm(),
        "seats_left": cohort_seats_left(cohort),
    }
    return render(request, "training/trainer/enrol.html", context, status=status)


@login_required
@require_POST
def enrolment_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    enrolment = enrolment_managed_get(user=request.user, pk=pk)
    if enrolment is None:
        raise Http404
    try:
        if action == "accept":
            enrolment_accept(enrolment=enrolment, actor=request.user)
        elif action == "cancel":
            enrolment_cancel(enrolment=enrolment, actor=request.user, note=request.POST.get("note", ""))
        elif action == "enrol":
            enrolment_create(cohort=enrolment.cohort, learner=enrolment.learner, enrolled_by=request.user)
        elif action == "move":
            target = cohort_managed_get(user=request.user, pk=int(request.POST.get("to_cohort") or 0))
            if target is None:
                raise Http404
            enrolment_move(enrolment=enrolment, to_cohort=target, actor=request.user)
        else:
            raise Http404
    except TrainingError as error:
        service_error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("training:cohort_roster", pk=enrolment.cohort_id)


@login_required
@require_POST
def import_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = enrolment_import_create(cohort=cohort, upload=form.cleaned_data["file"], created_by=request.user)
        except TrainingError as error:
            service_error(request, error, form)
        else:
            return redirect("training:import_detail", pk=job.pk)
    context = {"cohort": cohort, "search_form": LearnerSearchForm(), "results": [], "invite_form": InviteForm(),
               "import_form": form, "seats_left": cohort_seats_left(cohort)}  # fmt: skip
    return render(request, "training/trainer/enrol.html", context, status=400)


@login_required
def import_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_managed_get(user=request.user, pk=pk)
    if job is None:
        raise Http404
    if request.method == "POST":
        try:
            enrolment_import_confirm(job=job, actor=request.user)
        except TrainingError as error:
            service_error(request, error)
        return redirect("training:import_detail", pk=job.pk)
    rows = job.report.get("rows", []) if job.report else []
    problems = [r for r in rows if r["outcome"] == "error"]
    context = {
        "job": job,
        "cohort": job.cohort,
        "rows": rows[:500],
        "more_rows": max(0, len(rows) - 500),
        "problems": problems,
        "counts": job.report.get("counts", {}) if job.report else {},
        "in_progress": job.status in (ImportStatus.PENDING, ImportStatus.PREVIEWING, ImportStatus.IMPORTING),
    }
    return render(request, "training/trainer/import_detail.html", context)


@login_required
def import_progress_view(request: HttpRequest, pk: int) -> JsonResponse:
    job = import_managed_get(user=request.user, pk=pk)
    if job is None:
        raise Http404
    return JsonResponse(
        {"status": job.status, "processed": job.processed_rows, "total": job.total_rows, "error": job.error}
    )


@login_required
def cohort_messages_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The channel of a cohort, for its trainers and its learners (each sees what is theirs to see)."""
    from training.models import Cohort
    from training.permissions import can_manage_cohort

    cohort = Cohort.objects.filter(pk=pk).select_related("programme").first()
    if cohort is None:
        raise Http404
    is_trainer = can_manage_cohort(request.user, cohort)
    if (
        not is_trainer
        and not learner_enrolments(user=request.user).filter(cohort=cohort, state__in=ACTIVE_STATES).exists()
    ):
        raise Http404
    learners = (
        User.objects.filter(enrolments__cohort=cohort, enrolments__state__in=ACTIVE_STATES).order_by("last_name")
        if is_trainer
        else None
    )
    form = MessageForm(request.POST or None, learners=learners)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            recipient = None
            if is_trainer and form.cleaned_data.get("recipient"):
                recipient = learners.filter(pk=form.cleaned_data["recipient"]).first()
            try:
                cohort_message_post(
                    cohort=cohort, author=request.user, body=form.cleaned_data["body"], recipient=recipient
                )
            except TrainingError as error:
                service_error(request, error, form)
                status = 400
            else:
                messages.success(request, _("Message sent."))
                return redirect("training:cohort_messages", pk=cohort.pk)
        else:
            status = 400
    thread = messages_visible_to(request.user, cohort).select_related("author", "recipient").order_by("at", "pk")
    context = {"cohort": cohort, "thread": thread, "form": form, "is_trainer": is_trainer}
    return render(request, "training/cohort_messages.html", context, status=status)
