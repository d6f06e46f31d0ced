"""Attestation services: issue (automatic, by a trainer, in bulk), re-issue, revoke. Every write goes through here.

Issuing is idempotent: one attestation per learner per cohort (DB constraint + row lock). Issuing again with the
same values changes nothing; with new values (a corrected name, a new result) it updates the same row, bumps its
version, keeps the previous values in ``AttestationRevision``, signs a new Open Badges credential and revokes the
previous one. Nothing is ever deleted.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.badges import badge_credential_issue, badge_credentials_revoke
from certificates.facts import LearnerRecord, RecordCache, learner_record
from certificates.labels import item_label
from certificates.models import Attestation, AttestationRevision, AttestationStatus, IssuanceJob, JobStatus
from certificates.permissions import can_override_eligibility, can_revoke_attestation
from certificates.rules import evaluate
from certificates.xapi import attestation_earned_record, attestation_revoked_record
from core.audit import audit_log
from core.deferral import refreshes_deferred
from core.exceptions import ApplicationError
from core.models import User
from training.models import Enrolment

logger = logging.getLogger(__name__)

DOCUMENT_FIELDS = (
    "learner_name",
    "programme_title",
    "started_on",
    "ended_on",
    "nominal_minutes",
    "in_person_minutes",
    "remote_minutes",
    "exit_passed",
    "exit_score",
)


class AttestationError(ApplicationError):
    pass


def _document_values(record: LearnerRecord) -> dict:
    return {
        "learner_name": record.learner.get_full_name().strip() or record.learner.email,
        "programme_title": record.programme.title,
        "started_on": record.started_on,
        "ended_on": record.ended_on,
        "nominal_minutes": record.nominal_minutes,
        "in_person_minutes": record.in_person_minutes,
        "remote_minutes": record.remote_minutes,
        "exit_passed": record.facts.exit_passed,
        "exit_score": record.facts.exit_score,
    }


def _snapshot(attestation: Attestation) -> dict:
    return {name: _json(getattr(attestation, name)) for name in DOCUMENT_FIELDS} | {"code": attestation.code}


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def attestation_issue(
    *,
    enrolment: Enrolment,
    issued_by: User | None,
    override_reason: str = "",
    now: datetime | None = None,
    render: bool = True,
    record_cache: RecordCache | None = None,
    provider=None,
) -> Attestation:
    """Issue (or re-issue) the attestation of `enrolment`'s learner for its cohort.

    A learner who is not eligible is refused with the missing items (code ``not_eligible``) unless a member of staff
    gives an override reason, which is recorded. A revoked attestation is not issued again (code ``revoked``).
    A bulk job passes what its chunk shares: `record_cache` (programme and cohort reads) and the `provider`.
    """
    record = learner_record(
        learner=enrolment.learner, programme=enrolment.cohort.programme, now=now, cache=record_cache
    )
    evaluation = evaluate(record.rule, record.facts)
    override_reason = override_reason.strip()
    if not evaluation.eligible:
        missing = [item_label(item) for item in evaluation.missing]
        if not override_reason:
            raise AttestationError(
                _("This learner is not eligible yet: %(missing)s.") % {"missing": "; ".join(missing)},
                code="not_eligible",
                extra={"missing": missing},
            )
        if issued_by is None or not can_override_eligibility(issued_by):
            raise AttestationError(_("Only staff can issue an attestation despite missing items."), code="forbidden")
    else:
        override_reason = ""
    return _issue(
        record=record, enrolment=enrolment, issued_by=issued_by, override_reason=override_reason, now=now,
        render=render, provider=provider,
    )  # fmt: skip


def attestation_auto_issue(*, record: LearnerRecord) -> Attestation | None:
    """Called by the completion refresh when the learner is eligible: issue once, never over a revocation."""
    enrolment = record.current_enrolment
    existing = Attestation.objects.filter(learner=record.learner, cohort_id=enrolment.cohort_id).first()
    if existing is not None and existing.is_revoked:
        return existing
    return _issue(record=record, enrolment=enrolment, issued_by=None, override_reason="", now=None)


@transaction.atomic
def _issue(
    *,
    record: LearnerRecord,
    enrolment: Enrolment,
    issued_by: User | None,
    override_reason: str,
    now: datetime | None,
    render: bool = True,
    provider=None,
) -> Attestation:
    now = now or timezone.now()
    values = _document_values(record)
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()  # serialises issuers of this learner
    attestation = Attestation.objects.filter(learner=record.learner, cohort_id=enrolment.cohort_id).first()
    if attestation is not None:
        if attestation.is_revoked:
            raise AttestationError(_("This attestation was revoked; it cannot be issued again."), code="revoked")
        if all(getattr(attestation, name) == value for name, value in values.items()):
            return attestation  # idempotent: nothing changed
        AttestationRevision.objects.create(
            attestation=attestation,
            version=attestation.version,
            action="replaced",
            data=_snapshot(attestation),
            actor=issued_by,
            reason=override_reason,
        )
        for name, value in values.items():
            setattr(attestation, name, value)
        attestation.version += 1
        attestation.issued_at = now
        attestation.issued_by = issued_by
        attestation.override_reason = override_reason
        attestation.save()
        action = "reissued"
    else:
        attestation = Attestation.objects.create(
            learner=record.learner,
            cohort_id=enrolment.cohort_id,
            programme=record.programme,
            issued_at=now,
            issued_by=issued_by,
            override_reason=override_reason,
            **values,
        )
        action = "issued"
    AttestationRevision.objects.create(
        attestation=attestation,
        version=attestation.version,
        action=action,
        data=_snapshot(attestation),
        actor=issued_by,
        reason=override_reason,
    )
    badge_credentials_revoke(attestation=attestation, now=now)  # the previous version's credential, if any
    badge_credential_issue(attestation=attestation, now=now, provider=provider)
    attestation_earned_record(attestation=attestation)
    audit_log(
        actor=issued_by,
        action=f"certificates.attestation.{action}",
        target=attestation,
        data={"version": attestation.version, "override_reason": override_reason},
    )
    if render:  # a bulk job renders in its own chunk task instead
        _documents_render_on_commit(attestation)
    return attestation


def _documents_render_now(attestation: Attestation, *, batch, connection) -> None:
    from certificates.pdf import attestation_documents_render

    attestation_documents_render(attestation=attestation, batch=batch, connection=connection, refresh=False)


def _documents_render_on_commit(attestation: Attestation) -> None:
    from certificates.tasks import attestation_documents_render_task

    transaction.on_commit(lambda: attestation_documents_render_task.delay(attestation.pk))


@transaction.atomic
def attestation_revoke(
    *, attestation: Attestation, actor: User, reason: str, now: datetime | None = None
) -> Attestation:
    """Revoke: the row stays, with its reason and date; its credentials are revoked in the status list."""
    if not can_revoke_attestation(actor):
        raise AttestationError(_("You may not revoke attestations."), code="forbidden")
    reason = reason.strip()
    if not reason:
        raise AttestationError(_("Give the reason for the revocation."), code="reason_required")
    attestation = Attestation.objects.select_for_update().get(pk=attestation.pk)
    if attestation.is_revoked:
        raise AttestationError(
            _("This attestation was already revoked on %(date)s.")
            % {"date": timezone.localtime(attestation.revoked_at).strftime("%d/%m/%Y")},
            code="already_revoked",
        )
    now = now or timezone.now()
    attestation.status = AttestationStatus.REVOKED
    attestation.revoked_at = now
    attestation.revoked_by = actor
    attestation.revocation_reason = reason
    attestation.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
    AttestationRevision.objects.create(
        attestation=attestation,
        version=attestation.version,
        action="revoked",
        data=_snapshot(attestation),
        actor=actor,
        reason=reason,
    )
    badge_credentials_revoke(attestation=attestation, now=now)
    attestation_revoked_record(attestation=attestation)
    audit_log(actor=actor, action="certificates.attestation.revoked", target=attestation, data={"reason": reason})
    return attestation


# --- bulk issuance ------------------------------------------------------------------------------------------------


@transaction.atomic
def issuance_job_create(*, cohort, created_by: User, with_pdf: bool = True) -> IssuanceJob:
    total = cohort.enrolments.filter(state__in=("enrolled", "completed")).count()
    job = IssuanceJob.objects.create(cohort=cohort, created_by=created_by, total=total, with_pdf=with_pdf)
    audit_log(actor=created_by, action="certificates.issuance_job.created", target=job, data={"total": total})
    from certificates.tasks import issuance_job_run_task

    transaction.on_commit(lambda: issuance_job_run_task.delay(job.pk))
    return job


def issuance_job_chunks(*, job: IssuanceJob, size: int = 25) -> list[list[int]]:
    ids = list(
        job.cohort.enrolments.filter(state__in=("enrolled", "completed")).order_by("pk").values_list("pk", flat=True)
    )
    IssuanceJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, total=len(ids))
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def issuance_job_process(*, job_id: int, enrolment_ids: list[int]) -> None:
    """Issue for a chunk of enrolments; refusals are reported, not raised. Safe to run twice: issuing is
    idempotent and the job counts enrolments by id, so a retried chunk is counted once. What the chunk's documents
    share (provider, objectives, programme facts, the SMTP session) is read once per chunk."""
    from certificates.pdf import DocumentsBatch, mail_connection
    from certificates.selectors import provider_get

    job = IssuanceJob.objects.select_related("created_by").get(pk=job_id)
    refused = []
    provider = provider_get()
    batch = DocumentsBatch(provider) if job.with_pdf else None
    record_cache = RecordCache()
    connection = mail_connection() if job.with_pdf else None
    if connection is not None:
        try:
            connection.open()
        except Exception:  # each e-mail tries again on its own (and a failure is reported for its learner)
            logger.warning("bulk issuance %s: the mail connection could not be opened", job_id, exc_info=True)
    try:
        with refreshes_deferred():  # the dashboards' milestones: recomputed once per chunk, not per attestation
            enrolments = Enrolment.objects.filter(pk__in=enrolment_ids).select_related("learner", "cohort__programme")
            for enrolment in enrolments:
                try:
                    attestation = attestation_issue(
                        enrolment=enrolment,
                        issued_by=job.created_by,
                        render=not job.with_pdf,
                        record_cache=record_cache,
                        provider=provider,
                    )
                    if batch is not None:
                        _documents_render_now(attestation, batch=batch, connection=connection)
                except AttestationError as error:
                    refused.append({"enrolment": enrolment.pk, "learner": str(enrolment.learner), "code": error.code,
                                    "missing": error.extra.get("missing", [])})  # fmt: skip
                except Exception as error:  # one learner's failure is reported, never the end of the whole job
                    logger.exception("bulk issuance %s: enrolment %s failed", job_id, enrolment.pk)
                    refused.append({"enrolment": enrolment.pk, "learner": str(enrolment.learner), "code": "error",
                                    "missing": [str(error)]})  # fmt: skip
    finally:
        if connection is not None:
            connection.close()
    with transaction.atomic():
        job = IssuanceJob.objects.select_for_update().get(pk=job_id)
        done = set(job.processed_ids)
        job.refused = [row for row in job.refused if row["enrolment"] not in enrolment_ids] + refused
        job.processed_ids = sorted(done | set(enrolment_ids))
        job.processed = len(job.processed_ids)
        job.issued = job.processed - len(job.refused)
        if job.processed >= job.total:
            job.status = JobStatus.DONE
            job.finished_at = job.finished_at or timezone.now()
        job.save(update_fields=["refused", "processed_ids", "processed", "issued", "status", "finished_at"])
