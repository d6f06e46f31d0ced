"""What an attempt keeps of its quiz: the rules and the questions drawn, as they were when it started.

A snapshot question is a plain dict (JSON): ``key`` (the block id), ``type``, ``prompt``, ``points``,
``choices`` [{id, text}] in the order the learner sees them, ``correct`` (right choice ids; for ordering, the
right sequence), ``accepted`` (short-answer variants), ``explanation``, and for Likert the scale. Only the learner
page's *public* view of it (``public_question``) ever reaches a page before submission.
"""

from __future__ import annotations

import random
from typing import Any

from assessments.blocks import LIKERT_SCALES
from assessments.models import Quiz
from assessments.scoring import QuestionType

TRUE_FALSE_IDS = ("true", "false")
PUBLIC_FIELDS = ("key", "type", "prompt", "points", "choices")


def _item_id(list_value, index: int) -> str:
    bound = list_value.bound_blocks[index]
    return str(bound.id) if getattr(bound, "id", None) else f"item-{index}"


def question_snapshot(child, *, rng: random.Random, shuffle_choices: bool) -> dict[str, Any]:
    """The snapshot of one StreamField child of ``Quiz.questions``."""
    from django.utils.translation import gettext as _

    value, kind = child.value, QuestionType(child.block_type)
    data: dict[str, Any] = {
        "key": str(child.id),
        "type": kind.value,
        "prompt": value["prompt"],
        "points": int(value.get("points") or 1) if "points" in value else 0,
        "explanation": value.get("explanation") or "",
        "choices": [],
        "correct": [],
        "accepted": [],
    }
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        choices = [
            ({"id": _item_id(value["choices"], i), "text": item["text"]}, bool(item["correct"]))
            for i, item in enumerate(value["choices"])
        ]
        data["correct"] = [choice["id"] for choice, correct in choices if correct]
        data["choices"] = [choice for choice, _correct in choices]
        if shuffle_choices:
            rng.shuffle(data["choices"])
    elif kind == QuestionType.TRUE_FALSE:
        data["choices"] = [{"id": "true", "text": _("True")}, {"id": "false", "text": _("False")}]
        data["correct"] = [value["answer"]]
    elif kind == QuestionType.SHORT_ANSWER:
        data["accepted"] = [str(variant) for variant in value["accepted"]]
    elif kind == QuestionType.ORDERING:
        items = [{"id": _item_id(value["items"], i), "text": str(text)} for i, text in enumerate(value["items"])]
        data["correct"] = [item["id"] for item in items]
        shown = items[:]
        for _try in range(5):  # a shuffle that gives the answer away is drawn again (2 items: 1 in 2)
            rng.shuffle(shown)
            if shown != items:
                break
        data["choices"] = shown
    elif kind == QuestionType.LIKERT:
        data["scale"] = value["scale"]
        data["choices"] = [
            {"id": str(point), "text": str(label)}
            for point, label in enumerate(LIKERT_SCALES[value["scale"]], start=1)
        ]
    return data


def quiz_snapshot(*, quiz: Quiz, rng: random.Random | None = None) -> dict[str, Any]:
    """Draw and freeze the questions of a new attempt (random draw of N, shuffles) with the quiz's rules."""
    rng = rng or random.SystemRandom()
    children = list(quiz.questions)
    if quiz.draw_count and quiz.draw_count < len(children):
        drawn = set(rng.sample(range(len(children)), quiz.draw_count))
        children = [child for i, child in enumerate(children) if i in drawn]  # bank order unless shuffled
    if quiz.shuffle_questions:
        rng.shuffle(children)
    return {
        "quiz": {
            "title": quiz.title,
            "kind": quiz.kind,
            "pass_mark": quiz.pass_mark,
            "feedback_policy": quiz.feedback_policy,
        },
        "questions": [question_snapshot(child, rng=rng, shuffle_choices=quiz.shuffle_choices) for child in children],
    }


def public_question(question: dict[str, Any]) -> dict[str, Any]:
    """What a learner may see of a question before submitting: no right answer, no variant, no explanation."""
    return {field: question[field] for field in PUBLIC_FIELDS if field in question}
