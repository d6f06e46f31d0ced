"""Quizzes wired to the apps around them (assessments/integrations.py), with real records, no stubbed source."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from assessments.models import QuizKind
from assessments.permissions import learners_followed_by, quizzes_editable_by, user_partner_ids
from assessments.services import attempt_start, attempt_submit
from cms.partners import partner_add_author, partner_create
from core.roles import Role
from courses.models import ModulePartner
from tests.assessments.factories import likert, quiz_create, right_answers
from tests.factories import UserFactory
from tests.training.factories import (
    CohortFactory,
    EnrolmentFactory,
    TrainingSessionFactory,
    module_ensure,
    next_weekday,
    programme_ensure,
)
from training.hooks import evaluations_for

pytestmark = pytest.mark.django_db


def _submit(quiz, learner, *, right: bool = True):
    attempt = attempt_start(quiz=quiz, learner=learner)
    responses = right_answers(attempt) if right else {}
    return attempt_submit(attempt=attempt, learner=learner, responses=responses, submission_key=uuid.uuid4())


def test_a_trainer_follows_the_learners_of_the_cohorts_they_lead_only(client):
    programme = programme_ensure()
    trainer, other_trainer = UserFactory(role=Role.TRAINER), UserFactory(role=Role.TRAINER)
    mine = EnrolmentFactory(cohort=CohortFactory(programme=programme, trainers=[trainer]))
    theirs = EnrolmentFactory(cohort=CohortFactory(programme=programme, trainers=[other_trainer]))
    assert set(learners_followed_by(trainer)) == {mine.learner}
    assert set(learners_followed_by(other_trainer)) == {theirs.learner}
    assert not learners_followed_by(mine.learner).exists()

    quiz = quiz_create(programme=programme, kind=QuizKind.EXIT)
    _submit(quiz, mine.learner)
    _submit(quiz, theirs.learner)
    client.force_login(trainer)
    html = client.get(reverse("assessments:quiz_results", args=[quiz.pk])).content.decode()
    assert mine.learner.get_full_name() in html
    assert theirs.learner.get_full_name() not in html


def test_a_partner_author_edits_the_quizzes_of_their_partners_modules_only():
    programme = programme_ensure()
    inria = partner_create(name="Inria", slug="inria")
    laboria = partner_create(name="LaborIA", slug="laboria")
    module_a = module_ensure(programme, slug="module-a", title="Module A")
    module_b = module_ensure(programme, slug="module-b", title="Module B")
    ModulePartner.objects.create(page=module_a, partner=inria)
    ModulePartner.objects.create(page=module_b, partner=laboria)
    author = UserFactory()
    partner_add_author(partner=inria, user=author)
    quiz_a = quiz_create(programme=programme, module=module_a, title="Quiz A")
    quiz_b = quiz_create(programme=programme, module=module_b, title="Quiz B")
    assert user_partner_ids(author) == frozenset({inria.pk})
    assert set(quizzes_editable_by(author)) == {quiz_a}
    assert quiz_b not in quizzes_editable_by(author)


def test_the_remote_day_proof_file_lists_the_evaluations_taken():
    programme = programme_ensure()
    enrolment = EnrolmentFactory(cohort=CohortFactory(programme=programme))
    learner = enrolment.learner
    entry = quiz_create(programme=programme, kind=QuizKind.ENTRY, title="Positionnement")
    exit_quiz = quiz_create(programme=programme, kind=QuizKind.EXIT, title="Évaluation finale")
    survey = quiz_create(programme=programme, kind=QuizKind.SURVEY, title="Avis", questions=[likert("Utile ?")])
    _submit(entry, learner, right=False)
    _submit(exit_quiz, learner)
    _submit(survey, learner)
    lines = evaluations_for(learner=learner, programme=programme)
    assert [(line.title.split(" — ")[0], line.score_percent, line.passed) for line in lines] == [
        ("Positionnement", 0.0, None),
        ("Évaluation finale", 100.0, True),
    ]  # the survey is not an evaluation of what was learnt


def test_a_learners_training_ends_on_the_last_half_day_of_their_cohort():
    from assessments.cold_survey import training_end_dates

    programme = programme_ensure()
    cohort = CohortFactory(programme=programme)
    first = next_weekday()
    last = next_weekday(first + dt.timedelta(days=7))
    TrainingSessionFactory(cohort=cohort, date=first)
    TrainingSessionFactory(cohort=cohort, date=last)
    enrolment = EnrolmentFactory(cohort=cohort)
    assert training_end_dates(programme_id=programme.pk) == {enrolment.learner_id: last}
