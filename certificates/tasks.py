"""Celery tasks: thin, take ids, safe to run twice (the services they call are idempotent)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def attestation_documents_render_task(self, attestation_id: int) -> None:
    from certificates.models import Attestation
    from certificates.pdf import attestation_documents_render

    attestation = Attestation.objects.filter(pk=attestation_id).first()
    if attestation is not None:
        attestation_documents_render(attestation=attestation)


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def issuance_job_run_task(self, job_id: int) -> None:
    """Fan a cohort's bulk issuance out in chunks, so several workers share it and progress moves chunk by chunk."""
    from certificates.models import IssuanceJob
    from certificates.services import issuance_job_chunks

    job = IssuanceJob.objects.get(pk=job_id)
    chunks = issuance_job_chunks(job=job)
    if not chunks:
        from certificates.services import issuance_job_process

        issuance_job_process(job_id=job_id, enrolment_ids=[])
    for chunk in chunks:
        issuance_job_process_task.delay(job_id, chunk)


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def issuance_job_process_task(self, job_id: int, enrolment_ids: list[int]) -> None:
    from certificates.services import issuance_job_process

    issuance_job_process(job_id=job_id, enrolment_ids=enrolment_ids)


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def completion_refresh_enrolment_task(self, enrolment_id: int) -> None:
    from certificates.completion import completion_refresh_enrolment

    completion_refresh_enrolment(enrolment_id)


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def completion_refresh_programme_task(self, programme_id: int) -> None:
    from certificates.completion import completion_refresh_programme

    completion_refresh_programme(programme_id)
