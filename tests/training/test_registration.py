from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.training.factories import CohortFactory, EnrolmentFactory, TrainingSessionFactory, lesson_ensure
from training.models import EnrolmentState
from training.registration import enrolment_registration_resolve, programme_id_for_activity
from training.services import enrolment_move
from xapi.handlers import resolve_registration
from xapi.vocabulary import activity_iri

pytestmark = pytest.mark.django_db


def test_activity_iris_map_to_their_programme(programme, module, cohort, trainer):
    lesson = lesson_ensure(module)
    session = TrainingSessionFactory(cohort=cohort, trainer=trainer)
    for iri in (
        activity_iri("program", programme.pk),
        activity_iri("module", module.pk),
        activity_iri("lesson", lesson.pk),
        activity_iri("session", session.pk),
    ):
        assert programme_id_for_activity(iri) == programme.pk
    assert programme_id_for_activity("https://example.org/lesson/1") is None
    assert programme_id_for_activity(activity_iri("lesson", 999999)) is None
    assert programme_id_for_activity(activity_iri("quiz", 1)) is None


def test_the_learners_active_enrolment_is_the_registration(module, cohort, trainer):
    enrolment = EnrolmentFactory(cohort=cohort)
    iri = activity_iri("module", module.pk)
    assert resolve_registration(user=enrolment.learner, activity_id=iri) == enrolment.registration
    assert enrolment_registration_resolve(user=UserFactory(), activity_id=iri) is None
    moved = enrolment_move(
        enrolment=enrolment, to_cohort=CohortFactory(programme=cohort.programme, trainers=[trainer]), actor=trainer
    )
    assert resolve_registration(user=enrolment.learner, activity_id=iri) == moved.registration


def test_requests_and_waiting_list_have_no_registration(module, cohort):
    enrolment = EnrolmentFactory(cohort=cohort, state=EnrolmentState.REQUESTED)
    assert (
        enrolment_registration_resolve(user=enrolment.learner, activity_id=activity_iri("module", module.pk)) is None
    )
