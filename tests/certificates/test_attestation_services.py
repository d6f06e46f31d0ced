"""Issuing (automatic, trainer, override), idempotency and re-issue history, revocation, xAPI statements."""

from __future__ import annotations

import pytest

from certificates.models import Attestation, AttestationStatus, BadgeCredential
from certificates.services import AttestationError, attestation_issue, attestation_revoke, issuance_job_create
from core.models import AuditEntry
from tests.certificates.factories import attend, finished_learner
from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory
from xapi.models import Statement
from xapi.vocabulary import EARNED, VOIDED

pytestmark = pytest.mark.django_db


def test_eligible_learner_is_issued_automatically_once(finished_enrolment):
    attestation = Attestation.objects.get(learner=finished_enrolment.learner)
    assert attestation.issued_by is None
    assert (attestation.nominal_minutes, attestation.in_person_minutes, attestation.remote_minutes) == (1020, 420, 180)
    assert attestation.learner_name == "Amélie Poulain"
    assert len(attestation.code) == 12
    again = attestation_issue(enrolment=finished_enrolment, issued_by=None)
    assert again.pk == attestation.pk and again.version == 1
    assert Attestation.objects.count() == 1 and BadgeCredential.objects.count() == 1
    assert Statement.objects.filter(verb_id=EARNED.id).count() == 1


def test_not_eligible_is_refused_with_the_missing_items(cohort_sessions, trainer):
    cohort, sessions = cohort_sessions
    enrolment = EnrolmentFactory(cohort=cohort)
    attend(sessions[0], enrolment)
    with pytest.raises(AttestationError) as error:
        attestation_issue(enrolment=enrolment, issued_by=trainer)
    assert error.value.code == "not_eligible"
    missing = error.value.extra["missing"]
    assert "Réussir l’évaluation de sortie" in missing
    assert any("absent" in label for label in missing)
    assert not Attestation.objects.exists()


def test_trainer_cannot_override_staff_can_with_a_recorded_reason(cohort_sessions, trainer, national_admin):
    cohort, _sessions = cohort_sessions
    enrolment = EnrolmentFactory(cohort=cohort)
    with pytest.raises(AttestationError) as error:
        attestation_issue(enrolment=enrolment, issued_by=trainer, override_reason="Parce que")
    assert error.value.code == "forbidden"
    attestation = attestation_issue(
        enrolment=enrolment, issued_by=national_admin, override_reason="Absence justifiée, rattrapage fait"
    )
    assert attestation.override_reason == "Absence justifiée, rattrapage fait"
    assert AuditEntry.objects.filter(action="certificates.attestation.issued", data__override_reason__isnull=False)


def test_reissue_after_a_name_correction_updates_the_same_record_and_keeps_history(finished_enrolment):
    attestation = Attestation.objects.get()
    first_credential = attestation.credentials.get()
    learner = finished_enrolment.learner
    learner.last_name = "Poulain-Dufayel"
    learner.save()
    reissued = attestation_issue(enrolment=finished_enrolment, issued_by=None)
    assert reissued.pk == attestation.pk and reissued.code == attestation.code
    assert (reissued.version, reissued.learner_name) == (2, "Amélie Poulain-Dufayel")
    assert list(reissued.revisions.values_list("action", "version")) == [
        ("issued", 1),
        ("replaced", 1),
        ("reissued", 2),
    ]
    assert reissued.revisions.get(action="replaced").data["learner_name"] == "Amélie Poulain"
    first_credential.refresh_from_db()
    assert first_credential.revoked_at is not None
    assert reissued.credentials.filter(revoked_at__isnull=True).get().version == 2


def test_revoke_keeps_the_row_revokes_credentials_voids_earned_and_twice_is_an_error(
    finished_enrolment, national_admin
):
    attestation = Attestation.objects.get()
    revoked = attestation_revoke(attestation=attestation, actor=national_admin, reason="Fraude à l'émargement")
    assert revoked.status == AttestationStatus.REVOKED and revoked.revoked_at is not None
    assert not revoked.credentials.filter(revoked_at__isnull=True).exists()
    assert Statement.objects.filter(verb_id=VOIDED.id).count() == 1
    assert Statement.objects.get(verb_id=EARNED.id).voided
    with pytest.raises(AttestationError) as error:
        attestation_revoke(attestation=attestation, actor=national_admin, reason="encore")
    assert error.value.code == "already_revoked"
    with pytest.raises(AttestationError) as error:
        attestation_issue(enrolment=finished_enrolment, issued_by=national_admin)
    assert error.value.code == "revoked"
    assert Attestation.objects.count() == 1


def test_a_trainer_cannot_revoke(finished_enrolment, trainer):
    with pytest.raises(AttestationError) as error:
        attestation_revoke(attestation=Attestation.objects.get(), actor=trainer, reason="non")
    assert error.value.code == "forbidden"


def test_bulk_issuance_reports_progress_and_refusals(cohort_sessions, django_capture_on_commit_callbacks):
    cohort, sessions = cohort_sessions
    trainer = cohort.trainers.first()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            finished_learner(cohort=cohort, sessions=sessions, learner=UserFactory())

    late = EnrolmentFactory(cohort=cohort)
    with django_capture_on_commit_callbacks(execute=True):
        job = issuance_job_create(cohort=cohort, created_by=trainer)
    job.refresh_from_db()
    assert (job.status, job.total, job.processed, job.issued) == ("done", 4, 4, 3)
    assert [row["learner"] for row in job.refused] == [str(late.learner)]
    assert Attestation.objects.filter(cohort=cohort).count() == 3


def test_a_retried_chunk_is_counted_once(finished_enrolment, django_capture_on_commit_callbacks):
    from certificates.models import IssuanceJob
    from certificates.services import issuance_job_process

    cohort = finished_enrolment.cohort
    job = IssuanceJob.objects.create(cohort=cohort, created_by=cohort.trainers.first(), total=1, with_pdf=False)
    for _attempt in range(2):  # a worker lost after the work and before the ack: the chunk runs again
        issuance_job_process(job_id=job.pk, enrolment_ids=[finished_enrolment.pk])
    job.refresh_from_db()
    assert (job.status, job.processed, job.issued, job.refused) == ("done", 1, 1, [])


def test_a_bulk_chunk_recomputes_the_dashboards_milestones_once(
    cohort_sessions, django_capture_on_commit_callbacks, monkeypatch
):
    """Every learner of the chunk has "attestation issued" on the coordinators' dashboards afterwards, and the
    milestones were recomputed in one set-based refresh for the chunk, not once per attestation."""
    from certificates.models import IssuanceJob
    from certificates.services import issuance_job_process
    from dashboards import receivers
    from dashboards.models import EnrolmentMilestones

    cohort, sessions = cohort_sessions
    # on-commit callbacks not run: no automatic issuance (nor milestone refresh) before the job
    enrolments = [finished_learner(cohort=cohort, sessions=sessions, learner=UserFactory()) for _ in range(3)]
    assert not EnrolmentMilestones.objects.filter(attestation_issued=True).exists()
    refreshed = []
    original = receivers.milestones_refresh
    monkeypatch.setattr(
        receivers,
        "milestones_refresh",
        lambda *, enrolments: refreshed.append(set(enrolments)) or original(enrolments=enrolments),
    )
    job = IssuanceJob.objects.create(cohort=cohort, created_by=cohort.trainers.first(), total=3, with_pdf=False)
    with django_capture_on_commit_callbacks(execute=True):
        issuance_job_process(job_id=job.pk, enrolment_ids=[e.pk for e in enrolments])
    assert refreshed == [set(enrolments)]
    assert set(EnrolmentMilestones.objects.filter(attestation_issued=True).values_list("pk", flat=True)) == {
        e.pk for e in enrolments
    }
