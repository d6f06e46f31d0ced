"""From enrolment to attestation through real records: attendance first, then the platform's module completion
statement arrives through the LRS handlers and the attestation is issued automatically."""

from __future__ import annotations

import pytest

from certificates.models import Attestation, CompletionStatus
from tests.certificates.factories import attend, countersign, module_complete, rule_without_assessments
from tests.training.factories import EnrolmentFactory, module_ensure

pytestmark = pytest.mark.django_db


def test_module_completion_statement_makes_the_learner_eligible_and_issues(
    cohort_sessions, learner, django_capture_on_commit_callbacks
):
    cohort, sessions = cohort_sessions
    rule_without_assessments(cohort.programme)
    module = module_ensure(cohort.programme)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = EnrolmentFactory(cohort=cohort, learner=learner)
        for session in sessions:
            attend(session, enrolment)
            if session.modality == "in_person":
                countersign(session, cohort.trainers.first())
    status = CompletionStatus.objects.get(learner=learner)
    assert not status.eligible
    assert [item["key"] for item in status.items if item["status"] != "done"] == [f"module:{module.pk}"]
    assert not Attestation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        module_complete(learner=learner, module=module)
    assert CompletionStatus.objects.get(learner=learner).eligible
    attestation = Attestation.objects.get(learner=learner)
    assert attestation.cohort == cohort and attestation.attestation_pdf
