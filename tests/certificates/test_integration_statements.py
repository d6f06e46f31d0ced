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


def test_the_national_rule_with_exit_evaluation_and_survey_through_assessments(
    cohort_sessions, learner, django_capture_on_commit_callbacks
):
    """Every criterion on: the learner fails then passes the exit evaluation and answers the survey (real attempts,
    whose platform statements re-evaluate completion); the attestation carries the best exit score."""
    import uuid

    from assessments.services import attempt_start, attempt_submit
    from certificates.models import CompletionRuleSettings
    from tests.assessments.factories import likert, quiz_create, right_answers

    cohort, sessions = cohort_sessions
    CompletionRuleSettings.objects.filter(programme=cohort.programme).delete()  # the national rule: everything on
    module = module_ensure(cohort.programme)
    exit_quiz = quiz_create(programme=cohort.programme, kind="exit", title="Évaluation finale", pass_mark=70)
    survey = quiz_create(
        programme=cohort.programme, kind="survey", title="Satisfaction", questions=[likert("Satisfait ?")]
    )

    def take(quiz, answers):
        attempt = attempt_start(quiz=quiz, learner=learner)
        attempt_submit(attempt=attempt, learner=learner, responses=answers(attempt), submission_key=uuid.uuid4())

    with django_capture_on_commit_callbacks(execute=True):
        enrolment = EnrolmentFactory(cohort=cohort, learner=learner)
        for session in sessions:
            attend(session, enrolment)
            if session.modality == "in_person":
                countersign(session, cohort.trainers.first())
        module_complete(learner=learner, module=module)
        take(exit_quiz, lambda a: {q["key"]: [] for q in a.snapshot["questions"]})  # all wrong: failed
    status = CompletionStatus.objects.get(learner=learner)
    assert [(i["key"], i["reason"]) for i in status.items if i["status"] != "done"] == [
        ("exit_evaluation", "failed"),
        ("survey", ""),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        take(exit_quiz, right_answers)
        take(survey, lambda a: {a.snapshot["questions"][0]["key"]: ["5"]})
    assert CompletionStatus.objects.get(learner=learner).eligible
    attestation = Attestation.objects.get(learner=learner)
    assert (attestation.exit_passed, attestation.exit_score) == (True, 1.0)
