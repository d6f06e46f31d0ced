"""Certificates test data: a learner who did the whole training, through real records (statements, attendance)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from certificates.models import CompletionRuleSettings
from core.roles import Role
from courses.progress import MODULE_COMPLETED_KIND
from tests.factories import UserFactory
from tests.training.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    TrainingSessionFactory,
    module_ensure,
    programme_ensure,
)
from training.models import AttendanceStatus, Modality
from xapi.actors import actor_name
from xapi.handlers import resolve_registration
from xapi.recording import PlatformEvent, statement_record
from xapi.vocabulary import COMPLETED, activity_iri


def past_weekday(days_ago: int = 14) -> dt.date:
    import holidays

    day = dt.date.today() - dt.timedelta(days=days_ago)
    while day.weekday() >= 5 or day in holidays.country_holidays("FR", subdiv="57", years=day.year):
        day -= dt.timedelta(days=1)
    return day


def rule_without_assessments(programme) -> CompletionRuleSettings:
    """Until assessments is wired, the exit evaluation and the survey cannot be met: tests switch them off."""
    rule, _created = CompletionRuleSettings.objects.update_or_create(
        programme=programme, defaults={"exit_evaluation_passed": False, "survey_answered": False}
    )
    return rule


def module_complete(*, learner, module) -> str:
    """The platform's own module completion statement (what courses.progress records after the last lesson)."""
    iri = activity_iri("module", module.pk)
    return statement_record(
        event=PlatformEvent(
            kind=MODULE_COMPLETED_KIND,
            record_key=f"{actor_name(learner.public_id)}:{module.pk}",
            learner_public_id=learner.public_id,
            verb=COMPLETED,
            object_iri=iri,
            object_name=module.title,
            at=timezone.now(),
            completion=True,
            registration=resolve_registration(user=learner, activity_id=iri),
        )
    )


def cohort_with_sessions(*, trainer=None, programme=None, days_ago: int = 14, title: str | None = None):
    """A cohort with one remote half-day and two in-person half-days, all held `days_ago` days ago or so."""
    programme = programme or programme_ensure()
    trainer = trainer or UserFactory(role=Role.TRAINER)
    kwargs = {"title": title} if title else {}
    cohort = CohortFactory(programme=programme, trainers=[trainer], **kwargs)
    remote_day, in_person_day = past_weekday(days_ago + 7), past_weekday(days_ago)
    remote = TrainingSessionFactory(cohort=cohort, date=remote_day, modality=Modality.REMOTE, trainer=trainer,
                                    start_time=dt.time(9, 0), end_time=dt.time(12, 0))  # fmt: skip
    morning = TrainingSessionFactory(cohort=cohort, date=in_person_day, trainer=trainer,
                                     start_time=dt.time(9, 0), end_time=dt.time(12, 30))  # fmt: skip
    afternoon = TrainingSessionFactory(cohort=cohort, date=in_person_day, trainer=trainer,
                                       start_time=dt.time(14, 0), end_time=dt.time(17, 30))  # fmt: skip
    return cohort, [remote, morning, afternoon]


def attend(session, enrolment, *, signed: bool = True, status=AttendanceStatus.PRESENT):
    attendance = AttendanceFactory(session=session, enrolment=enrolment, status=status)
    if signed and session.modality == Modality.IN_PERSON:
        attendance.signed_at = timezone.now()
        attendance.save()
    return attendance


def countersign(session, trainer) -> None:
    session.countersigned_at = timezone.now()
    session.countersigned_by = trainer
    session.save()


def finished_learner(*, cohort=None, sessions=None, learner=None):
    """A learner who completed every module, attended and signed every half-day (sheets countersigned)."""
    if cohort is None:
        cohort, sessions = cohort_with_sessions()
    rule_without_assessments(cohort.programme)
    learner = learner or UserFactory(role=Role.LEARNER, first_name="Amélie", last_name="Poulain")
    enrolment = EnrolmentFactory(cohort=cohort, learner=learner)
    module_complete(learner=learner, module=module_ensure(cohort.programme))
    for session in sessions:
        attend(session, enrolment)
        if session.modality == Modality.IN_PERSON and session.countersigned_at is None:
            countersign(session, cohort.trainers.first())
    return enrolment
