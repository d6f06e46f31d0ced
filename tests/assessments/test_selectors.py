"""Reads for the completion rule and the trainer's view: summary, per learner, per question, surveys, CSV."""

from __future__ import annotations

import uuid

import pytest

from assessments.selectors import (
    EvaluationSummary,
    entry_exit_progress,
    learner_evaluation_summary,
    question_stats,
    quiz_results_csv,
    quiz_results_for_learners,
    survey_aggregation,
)
from assessments.services import attempt_start, attempt_submit
from core.models import User
from tests.assessments.factories import free_text, likert, quiz_create, right_answers, single
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def take(quiz, learner, responses=None):
    attempt = attempt_start(quiz=quiz, learner=learner)
    answers = right_answers(attempt) if responses is None else responses(attempt)
    return attempt_submit(attempt=attempt, learner=learner, responses=answers, submission_key=uuid.uuid4())


def half_right(attempt):
    answers = right_answers(attempt)
    for question in attempt.snapshot["questions"][:3]:
        answers[question["key"]] = []
    return answers


def test_the_evaluation_summary_of_a_learner(programme, learner):
    assert learner_evaluation_summary(learner=learner, programme=programme) == EvaluationSummary(
        entry_score=None, exit_best_score=None, exit_passed=None, survey_answered=False, attempts=0
    )
    entry = quiz_create(programme=programme, kind="entry", title="Positionnement")
    exit_quiz = quiz_create(programme=programme, kind="exit", title="Finale", pass_mark=70)
    survey = quiz_create(programme=programme, kind="survey", title="Avis", questions=[likert("Satisfait ?")])
    cold = quiz_create(programme=programme, kind="survey", title="À froid", cold_survey_weeks=12,
                       questions=[free_text("Et depuis ?")])  # fmt: skip
    take(entry, learner, half_right)
    take(exit_quiz, learner, half_right)
    summary = learner_evaluation_summary(learner=learner, programme=programme)
    assert (summary.entry_score, summary.exit_best_score, summary.exit_passed) == (40.0, 40.0, False)
    take(cold, learner, lambda a: {})
    assert learner_evaluation_summary(learner=learner, programme=programme).survey_answered is False
    take(exit_quiz, learner)
    take(survey, learner, lambda a: {a.snapshot["questions"][0]["key"]: ["5"]})
    assert learner_evaluation_summary(learner=learner, programme=programme) == EvaluationSummary(
        entry_score=40.0, exit_best_score=100.0, exit_passed=True, survey_answered=True, attempts=5
    )


def test_results_per_learner(quiz, learner):
    other, idle = UserFactory(), UserFactory()
    take(quiz, learner, half_right)
    take(quiz, learner)
    take(quiz, other, half_right)
    results = {r.learner_id: r for r in quiz_results_for_learners(quiz=quiz, learners=User.objects.all())}
    mine = results[learner.pk]
    assert (mine.attempts, mine.best_score, mine.last_score, mine.passed) == (2, 100.0, 100.0, True)
    assert mine.last_duration is not None
    assert (results[other.pk].best_score, results[other.pk].passed) == (40.0, False)
    assert (results[idle.pk].attempts, results[idle.pk].best_score) == (0, None)
    scoped = quiz_results_for_learners(quiz=quiz, learners=User.objects.filter(pk=other.pk))
    assert [r.learner_id for r in scoped] == [other.pk]


def test_question_stats_with_the_most_frequent_wrong_answers(programme):
    quiz = quiz_create(programme=programme, questions=[single("Capitale ?", [("Paris", True), ("Lyon", False),
                                                                             ("Nantes", False)])])  # fmt: skip
    learners = [UserFactory() for _ in range(5)]

    def pick(label):
        def answer(attempt):
            question = attempt.snapshot["questions"][0]
            return {question["key"]: [next(c["id"] for c in question["choices"] if c["text"] == label)]}

        return answer

    for learner, label in zip(learners, ["Paris", "Lyon", "Lyon", "Nantes", "Paris"], strict=True):
        take(quiz, learner, pick(label))
    [stat] = question_stats(quiz=quiz, learners=User.objects.all())
    assert (stat.prompt, stat.answered, stat.success_rate) == ("Capitale ?", 5, 40.0)
    assert stat.frequent_wrong_answers == (("Lyon", 2), ("Nantes", 1))
    [scoped] = question_stats(quiz=quiz, learners=User.objects.filter(pk=learners[1].pk))
    assert (scoped.answered, scoped.success_rate) == (1, 0.0)


def test_entry_vs_exit_progress(programme, learner):
    entry = quiz_create(programme=programme, kind="entry", title="Positionnement")
    exit_quiz = quiz_create(programme=programme, kind="exit", title="Finale")
    take(entry, learner, half_right)
    take(exit_quiz, learner, half_right)
    take(exit_quiz, learner)
    [row] = entry_exit_progress(programme=programme, learners=User.objects.filter(pk=learner.pk))
    assert (row.entry_score, row.exit_best_score, row.progress) == (40.0, 100.0, 60.0)


def test_survey_aggregation_lists_free_texts_without_names(programme):
    survey = quiz_create(programme=programme, kind="survey", questions=[likert("Satisfait ?"), free_text("Un mot ?")])
    answers = [("5", "Très utile"), ("4", "Un peu long"), ("5", "")]
    for point, text in answers:
        take(survey, UserFactory(), lambda a, p=point, t=text: {a.snapshot["questions"][0]["key"]: [p],
                                                                a.snapshot["questions"][1]["key"]: [t]})  # fmt: skip
    likert_summary, free_summary = survey_aggregation(quiz=survey, learners=User.objects.all())
    assert likert_summary.distribution == (
        ("Très insatisfait", 0), ("Insatisfait", 0), ("Ni satisfait ni insatisfait", 0), ("Satisfait", 1),
        ("Très satisfait", 2),
    )  # fmt: skip
    assert likert_summary.average == 4.67
    assert free_summary.free_texts == ("Très utile", "Un peu long")
    assert not hasattr(free_summary, "learner")


def test_csv_export_is_scoped_and_safe_for_spreadsheets(quiz, learner):
    tricky = UserFactory(first_name="=HYPERLINK(1)", last_name="Dupont")
    take(quiz, learner)
    take(quiz, tricky, half_right)
    text = quiz_results_csv(quiz=quiz, learners=User.objects.all())
    lines = text.splitlines()
    assert lines[0] == "Apprenant;Courriel;Tentative;État;Début;Fin;Durée (s);Score (%);Réussi"
    assert "'=HYPERLINK(1) Dupont;" in text
    assert any(line.endswith(";100,0;oui") for line in lines)
    assert any(line.endswith(";40,0;non") for line in lines)
    only_mine = quiz_results_csv(quiz=quiz, learners=User.objects.filter(pk=learner.pk))
    assert len(only_mine.splitlines()) == 2 and tricky.email not in only_mine
