"""Helpers for dashboards tests: learners' day-1 completion through the real path (lesson progress → the platform's
module ``completed`` statement), in-person attendance, Hub tokens."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase
from django.utils import timezone

from courses.models import DayModality, DayPage, LessonPage, ModulePage
from courses.models_progress import LessonProgress
from courses.progress import module_completion_record
from tests.training.factories import AttendanceFactory, TrainingSessionFactory
from training.models import AttendanceMethod, AttendanceStatus, Modality
from xapi.actors import actor_name


def day1_complete(learner, programme) -> None:
    """Complete every lesson of every day-1 module, then let courses record each module's completion."""
    actor = actor_name(learner.public_id)
    now = timezone.now()
    for day in DayPage.objects.live().child_of(programme).filter(modality=DayModality.REMOTE):
        for module in ModulePage.objects.live().child_of(day):
            for lesson in LessonPage.objects.live().child_of(module):
                LessonProgress.objects.update_or_create(
                    learner_actor=actor, lesson=lesson, defaults={"experienced_at": now, "completed_at": now}
                )
            # the statement's handlers run on commit (the dashboards projection among them): run them now
            with TestCase.captureOnCommitCallbacks(execute=True):
                assert module_completion_record(learner_actor=actor, module=module) is not None


def in_person_session(cohort, *, day: dt.date, morning: bool = True):
    start, end = (dt.time(9), dt.time(12, 30)) if morning else (dt.time(13, 30), dt.time(17))
    return TrainingSessionFactory(cohort=cohort, date=day, start_time=start, end_time=end, modality=Modality.IN_PERSON)


def attend(enrolment, session, status: str = AttendanceStatus.PRESENT):
    return AttendanceFactory(session=session, enrolment=enrolment, status=status, method=AttendanceMethod.ROLL_CALL)
