"""Completion through the training's own services (check-in with a signature, roll call, countersignature) rather
than rows written by factories, and a completion rule edited after the facts."""

from __future__ import annotations

import pytest

from certificates.models import Attestation, CompletionRuleSettings, CompletionStatus
from tests.certificates.factories import module_complete, rule_without_assessments
from tests.training.factories import EnrolmentFactory, module_ensure, signature_png
from training.models import Attendance, Modality
from training.services import attendance_countersign, attendance_mark, attendance_self_check_in

pytestmark = pytest.mark.django_db


def test_attestation_follows_check_in_signature_and_countersignature_services(
    cohort_sessions, learner, django_capture_on_commit_callbacks
):
    cohort, sessions = cohort_sessions
    trainer = cohort.trainers.first()
    rule_without_assessments(cohort.programme)
    module = module_ensure(cohort.programme)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = EnrolmentFactory(cohort=cohort, learner=learner)
        module_complete(learner=learner, module=module)
        remote = next(s for s in sessions if s.modality == Modality.REMOTE)
        attendance_mark(session=remote, enrolment=enrolment, status="present", marked_by=trainer)
        in_person = [s for s in sessions if s.modality == Modality.IN_PERSON]
        for strokes, session in enumerate(in_person, start=1):
            at = session.starts_at
            attendance_self_check_in(
                session=session, learner=learner, signature_png=signature_png(strokes=strokes), verified_at=at, at=at
            )
    status = CompletionStatus.objects.get(learner=learner)
    missing = [item["key"] for item in status.items if item["status"] != "done"]
    assert not status.eligible and missing and not Attestation.objects.exists()  # sheets not countersigned yet

    with django_capture_on_commit_callbacks(execute=True):
        attendance_countersign(session=in_person[0], trainer=trainer, signature_png=signature_png(strokes=6),
                               at=in_person[0].ends_at)  # fmt: skip
    assert not CompletionStatus.objects.get(learner=learner).eligible  # one sheet still open
    with django_capture_on_commit_callbacks(execute=True):
        attendance_countersign(session=in_person[1], trainer=trainer, signature_png=signature_png(strokes=7),
                               at=in_person[1].ends_at)  # fmt: skip
    assert CompletionStatus.objects.get(learner=learner).eligible
    attestation = Attestation.objects.get(learner=learner)
    assert attestation.cohort == cohort
    signed = Attendance.objects.filter(enrolment=enrolment, session__in=in_person)
    assert all(a.signature and a.signed_at for a in signed)


def test_a_rule_edited_in_wagtail_re_evaluates_the_programmes_learners(
    cohort_sessions, learner, django_capture_on_commit_callbacks
):
    from tests.certificates.factories import attend, countersign

    cohort, sessions = cohort_sessions
    rule = rule_without_assessments(cohort.programme)
    module = module_ensure(cohort.programme)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = EnrolmentFactory(cohort=cohort, learner=learner)
        for session in sessions:
            attend(session, enrolment)
            if session.modality == Modality.IN_PERSON:
                countersign(session, cohort.trainers.first())
    assert not CompletionStatus.objects.get(learner=learner).eligible  # the module is missing

    with django_capture_on_commit_callbacks(execute=True):
        rule.modules_completed = False
        rule.save()
    assert CompletionStatus.objects.get(learner=learner).eligible
    assert Attestation.objects.filter(learner=learner).count() == 1  # issued automatically by the new rule

    with django_capture_on_commit_callbacks(execute=True):
        rule.modules_completed = True
        rule.save()
        rule.required_modules.set([module])
    status = CompletionStatus.objects.get(learner=learner)
    assert not status.eligible
    assert [i["key"] for i in status.items if i["status"] != "done"] == [f"module:{module.pk}"]

    with django_capture_on_commit_callbacks(execute=True):
        CompletionRuleSettings.objects.filter(pk=rule.pk).delete()  # back to the national rule: every criterion
    keys = {i["key"] for i in CompletionStatus.objects.get(learner=learner).items if i["status"] != "done"}
    assert f"module:{module.pk}" in keys and len(keys) >= 3  # exit evaluation and survey are required again
