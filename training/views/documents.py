"""Downloads of the generated PDFs: served from the cache while the data is unchanged, otherwise rendered by a
Celery task while the page waits (it refreshes itself; with the embedded eager Celery the render is immediate)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from training.models import TrainingDocument
from training.permissions import can_manage_cohort
from training.selectors import cohort_managed_get, learner_enrolment_get, session_managed_get
from training.services.documents import (
    attendance_summary_fingerprint,
    document_current,
    emargement_fingerprint,
    remote_proof_fingerprint,
)
from training.tasks import attendance_summary_render_task, emargement_render_task, remote_proof_render_task
from training.views._common import private_file_response


def _serve_or_wait(request, *, key: str, fingerprint, enqueue, filename: str, back_url: str) -> HttpResponse:
    document = document_current(key=key, fingerprint=fingerprint())
    if document is None:
        TrainingDocument.objects.filter(key=key).update(requested_at=timezone.now())
        enqueue()  # outside a transaction: runs now in eager mode, otherwise a worker picks it up
        document = document_current(key=key, fingerprint=fingerprint())
    if document is None:
        return render(request, "training/document_wait.html", {"back_url": back_url}, status=202)
    return private_file_response(document.file, filename=filename, content_type="application/pdf", attachment=True)


@login_required
def emargement_download_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_managed_get(user=request.user, pk=pk)
    if session is None:
        raise Http404
    return _serve_or_wait(
        request,
        key=f"emargement:{session.pk}",
        fingerprint=lambda: emargement_fingerprint(session),
        enqueue=lambda: emargement_render_task.delay(session.pk),
        filename=f"emargement-{session.date:%Y%m%d}-{session.start_time:%H%M}.pdf",
        back_url=request.build_absolute_uri(),
    )


@login_required
def attendance_summary_view(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = cohort_managed_get(user=request.user, pk=pk)
    if cohort is None:
        raise Http404
    return _serve_or_wait(
        request,
        key=f"summary:{cohort.pk}",
        fingerprint=lambda: attendance_summary_fingerprint(cohort),
        enqueue=lambda: attendance_summary_render_task.delay(cohort.pk),
        filename=f"presences-{cohort.pk}.pdf",
        back_url=request.build_absolute_uri(),
    )


@login_required
def remote_proof_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The learner's own proof file, or any learner's for the cohort's trainers."""
    from training.models import Enrolment

    enrolment = learner_enrolment_get(user=request.user, pk=pk)
    if enrolment is None:
        enrolment = Enrolment.objects.select_related("cohort").filter(pk=pk).first()
        if enrolment is None or not can_manage_cohort(request.user, enrolment.cohort):
            raise Http404
    return _serve_or_wait(
        request,
        key=f"remote_proof:{enrolment.pk}",
        fingerprint=lambda: remote_proof_fingerprint(enrolment),
        enqueue=lambda: remote_proof_render_task.delay(enrolment.pk),
        filename=f"dossier-preuve-distanciel-{enrolment.pk}.pdf",
        back_url=request.build_absolute_uri(),
    )
