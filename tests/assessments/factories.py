"""Quiz builders for the assessments tests: StreamField question values, a quiz saved like an editor would."""

from __future__ import annotations

from assessments.demo_content import free_text, likert, multiple, ordering, short_answer, single, true_false
from assessments.models import Quiz

__all__ = ["free_text", "likert", "multiple", "ordering", "quiz_create", "short_answer", "single", "true_false"]


def standard_questions() -> list[dict]:
    return [
        single("Capitale ?", [("Paris", True), ("Lyon", False), ("Nantes", False)], "C'est Paris."),
        multiple("Nombres pairs ?", [("2", True), ("3", False), ("4", True), ("5", False)]),
        true_false("L'eau bout à 100 °C au niveau de la mer.", True),
        short_answer("Le contraire de « froid » ?", ["chaud"]),
        ordering("Dans l'ordre :", ["un", "deux", "trois"]),
    ]


def quiz_create(*, programme, module=None, questions=None, **fields) -> Quiz:
    quiz = Quiz(
        programme=programme,
        module=module,
        title=fields.pop("title", "Quiz test"),
        questions=questions if questions is not None else standard_questions(),
        **fields,
    )
    quiz.full_clean()
    quiz.save()
    quiz.refresh_from_db()  # StreamField block and list item ids are the stored ones
    return quiz


def right_answers(attempt) -> dict[str, list[str]]:
    """The right raw responses of an attempt's snapshot (what a perfect learner sends)."""
    answers = {}
    for question in attempt.snapshot["questions"]:
        if question["type"] == "short_answer":
            answers[question["key"]] = [question["accepted"][0]]
        elif question["type"] in ("likert", "free_text"):
            answers[question["key"]] = []
        else:
            answers[question["key"]] = list(question["correct"])
    return answers
