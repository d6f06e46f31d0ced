"""Assessments fixtures: a small published course tree (built with the courses tests' helpers) and quizzes."""

from __future__ import annotations

import pytest

from cms.models import HomePage
from cms.snippets import licence_default_ensure, partner_ensure
from courses.models import DayPage, ModulePartner
from tests.assessments.factories import quiz_create
from tests.courses.conftest import module_page, program_page, publish


@pytest.fixture
def programme(db):
    licence_default_ensure()
    return publish(HomePage.objects.get(), program_page())


@pytest.fixture
def partner(db):
    return partner_ensure(slug="inria", name="Inria", url="https://www.inria.fr/")[0]


@pytest.fixture
def module(programme, partner):
    day = publish(programme, DayPage(title="Jour 1", slug="jour-1", modality="remote", duration_minutes=600))
    return publish(day, module_page(partner_links=[ModulePartner(partner=partner)]))


@pytest.fixture
def quiz(programme, module):
    return quiz_create(programme=programme, module=module, title="Quiz du module", kind="practice", pass_mark=60)


@pytest.fixture
def exit_quiz(programme):
    return quiz_create(programme=programme, title="Évaluation finale", kind="exit", pass_mark=70, max_attempts=2)


@pytest.fixture
def learner(learner, programme):
    """The learner of these tests is enrolled in a cohort of the programme: entry and exit evaluations are for
    enrolled learners only (``permissions.may_take_evaluation``). Tests of that rule use another account."""
    from tests.training.factories import CohortFactory, EnrolmentFactory

    EnrolmentFactory(cohort=CohortFactory(programme=programme, title="Promotion des tests"), learner=learner)
    return learner
