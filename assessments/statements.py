"""The xAPI record of a closed attempt: ``answered`` per question, then ``completed`` and ``passed``/``failed``.

Platform statements (the platform's authority, deterministic ids, the attempt's own timestamps), so recording an
attempt twice — a retried task, ``quiz_statements_record`` after an outage — stores nothing new. They are built
with ``xapi.recording.build_platform_statement`` and completed here with what ``PlatformEvent`` does not carry:
the interaction definition of each question (type, choices or scale, ``correctResponsesPattern``) and responses
of unscored questions. All statements of an attempt are stored in one call (one transaction).

Entry evaluations (positionnement) and surveys are not pass/fail: they get ``completed`` only (with the score
for the entry evaluation), see docs/decisions/0021-quiz-attempts.md.
"""

from __future__ import annotations

from typing import Any

import orjson

from assessments.models import Attempt, AttemptAnswer, QuizKind
from assessments.scoring import QuestionType
from xapi.handlers import resolve_registration
from xapi.http import platform
from xapi.recording import PlatformEvent, build_platform_statement, platform_statement_id
from xapi.statements import statements_store
from xapi.validation import validate_statement
from xapi.vocabulary import ANSWERED, COMPLETED, FAILED, PASSED, activity_iri

SEP = "[,]"
INTERACTION_TYPES = {
    QuestionType.SINGLE: "choice",
    QuestionType.MULTIPLE: "choice",
    QuestionType.TRUE_FALSE: "true-false",
    QuestionType.SHORT_ANSWER: "fill-in",
    QuestionType.ORDERING: "sequencing",
    QuestionType.LIKERT: "likert",
    QuestionType.FREE_TEXT: "long-fill-in",
}
LANGUAGE = "fr-FR"


def quiz_iri(quiz_id: int) -> str:
    return activity_iri("quiz", quiz_id)


def question_iri(quiz_id: int, question_key: str) -> str:
    # prefixed by the quiz: a copied quiz keeps its blocks' ids, but its questions are other activities
    return activity_iri("question", f"{quiz_id}-{question_key}")


def interaction_definition(question: dict[str, Any]) -> dict[str, Any]:
    """The xAPI interaction definition of a snapshot question (name, description, type, choices, pattern)."""
    kind = QuestionType(question["type"])
    definition: dict[str, Any] = {
        "description": {LANGUAGE: question["prompt"]},
        "interactionType": INTERACTION_TYPES[kind],
    }
    components = [{"id": c["id"], "description": {LANGUAGE: c["text"]}} for c in _canonical_choices(question)]
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ORDERING):
        definition["choices"] = components
        definition["correctResponsesPattern"] = [SEP.join(question["correct"])]
    elif kind == QuestionType.TRUE_FALSE:
        definition["correctResponsesPattern"] = list(question["correct"])
    elif kind == QuestionType.SHORT_ANSWER:
        definition["correctResponsesPattern"] = ["{case_matters=false}" + variant for variant in question["accepted"]]
    elif kind == QuestionType.LIKERT:
        definition["scale"] = components
    return definition


def _canonical_choices(question: dict[str, Any]) -> list[dict]:
    """The choices in one order whatever the learner saw: attempts shuffle them, and an activity definition that
    changed with every attempt would rewrite the LRS's activity row on each of them. Items of an ordering question
    come in their right sequence (the bank's order); choices by id; true/false and Likert scales as they are."""
    choices = list(question.get("choices", ()))
    kind = question["type"]
    if kind == QuestionType.ORDERING:
        rank = {item_id: position for position, item_id in enumerate(question["correct"])}
        return sorted(choices, key=lambda c: (rank.get(c["id"], len(rank)), c["id"]))
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return sorted(choices, key=lambda c: c["id"])
    return choices


def response_string(kind: QuestionType, response) -> str:
    if response is None:
        return ""
    if isinstance(response, list | tuple):
        return SEP.join(response)
    return str(response)


def attempt_statements(attempt: Attempt, *, derive: bool = True) -> list[dict]:
    """Every statement of a closed attempt, built (not stored). `derive=False` builds every `answered` statement
    through the builder (the tests compare both)."""
    templates: dict[tuple[bool, bool], bytes] = {}
    quiz = attempt.quiz
    learner_id = attempt.learner.public_id
    at = attempt.closed_at
    quiz_activity = quiz_iri(quiz.pk)
    groupings = tuple(
        iri
        for iri in (
            activity_iri("module", quiz.module_id) if quiz.module_id else None,
            activity_iri("program", quiz.programme_id),
        )
        if iri
    )
    registration = attempt.registration
    questions = {q["key"]: q for q in attempt.snapshot.get("questions", [])}
    statements = []
    answers: list[AttemptAnswer] = list(attempt.answers.all())
    for answer in answers:
        question = questions[answer.question_key]
        if answer.response is None:
            continue  # nothing answered, nothing asserted
        kind = QuestionType(question["type"])
        scored = answer.max_points > 0
        event = PlatformEvent(
            kind="quiz.answered",
            record_key=f"attempt:{attempt.pk}:{answer.question_key}",
            learner_public_id=learner_id,
            verb=ANSWERED,
            object_iri=question_iri(quiz.pk, answer.question_key),
            object_name=question["prompt"][:250],
            at=at,
            registration=registration,
            parents=(quiz_activity,),
            groupings=groupings,
            score_scaled=answer.score / answer.max_points if scored else None,
            score_raw=answer.score if scored else None,
            score_max=answer.max_points if scored else None,
            success=answer.correct if scored else None,
        )
        data = build_platform_statement(event) if not derive else _answered_statement(event, templates)
        data["object"]["definition"].update(interaction_definition(question))
        data.setdefault("result", {})["response"] = response_string(kind, answer.response)
        statements.append(data)
    scored = bool(attempt.score_max)
    common = {
        "learner_public_id": learner_id,
        "object_iri": quiz_activity,
        "object_name": quiz.title,
        "at": at,
        "registration": registration,
        "groupings": groupings,
        "score_scaled": attempt.score_scaled if scored else None,
        "score_raw": attempt.score_raw if scored else None,
        "score_max": attempt.score_max if scored else None,
        "duration": attempt.duration,
    }
    statements.append(
        build_platform_statement(
            PlatformEvent(
                kind="quiz.completed", record_key=f"attempt:{attempt.pk}", verb=COMPLETED, completion=True, **common
            )  # fmt: skip
        )
    )
    if attempt.passed is not None and quiz.kind in (QuizKind.PRACTICE, QuizKind.EXIT):
        verb = PASSED if attempt.passed else FAILED
        statements.append(
            build_platform_statement(
                PlatformEvent(
                    kind=f"quiz.{verb.display}",
                    record_key=f"attempt:{attempt.pk}",
                    verb=verb,
                    success=attempt.passed,
                    completion=True,
                    **common,
                )  # fmt: skip
            )
        )
    return statements


def _answered_statement(event: PlatformEvent, templates: dict[tuple[bool, bool], bytes]) -> dict:
    """``build_platform_statement(event)`` for the answers of one attempt, which differ only by their id, object and
    result: the first answer of each shape (scored or not, with or without success) goes through the builder (its
    ``tincan`` objects cost about a millisecond a statement); the others copy its statement and change those parts.
    ``tests/assessments/test_statements.py`` checks that every statement is, byte for byte, the builder's."""
    shape = (event.score_scaled is not None, event.success is None)
    template = templates.get(shape)
    if template is None:
        data = build_platform_statement(event)
        templates[shape] = orjson.dumps(data)
        return data
    data = orjson.loads(template)
    data["id"] = str(platform_statement_id(kind=event.kind, record_key=event.record_key))
    data["object"]["id"] = event.object_iri
    data["object"]["definition"]["name"] = {LANGUAGE: event.object_name}
    if event.score_scaled is not None:
        score = data["result"]["score"]
        score["scaled"], score["raw"] = float(event.score_scaled), float(event.score_raw)
        score["min"], score["max"] = 0.0, float(event.score_max)
    if event.success is not None:
        data["result"]["success"] = bool(event.success)
    return data


def attempt_statements_record(*, attempt: Attempt) -> list[str]:
    """Store the statements of a closed attempt. Idempotent (deterministic ids, equivalent content)."""
    if not attempt.is_closed:
        return []
    statements = attempt_statements(attempt)
    for data in statements:
        validate_statement(data, version="1.0.3")
    return statements_store(statements=statements, authority=platform(), version="1.0.3")


def attempt_registration(*, attempt_learner, quiz):
    """The learner's enrolment registration: asked for the quiz's IRI, then for its programme's (the IRI the training
    app's resolver knows: a quiz belongs to a programme, whose active enrolment gives the registration). None when
    the learner is enrolled in no cohort of the programme (a practice quiz taken by a visitor, staff)."""
    return resolve_registration(user=attempt_learner, activity_id=quiz_iri(quiz.pk)) or resolve_registration(
        user=attempt_learner, activity_id=activity_iri("program", quiz.programme_id)
    )
