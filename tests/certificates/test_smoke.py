import pytest

from certificates.models import Attestation, CompletionStatus


@pytest.mark.django_db
def test_finished_learner_gets_attestation_automatically(finished_enrolment):
    status = CompletionStatus.objects.get(learner=finished_enrolment.learner)
    assert status.eligible, status.items
    attestation = Attestation.objects.get(learner=finished_enrolment.learner)
    assert attestation.attestation_pdf
