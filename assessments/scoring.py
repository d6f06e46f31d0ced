"""Quiz scoring: pure functions over the snapshot an attempt keeps (no Django import, tested without a database).

A question reaches this module as the dict stored in ``Attempt.snapshot`` (see ``assessments.snapshot``), read
into a frozen ``QuestionSpec``. A learner's raw answer is what the form sent for that question: a list of strings
(choice ids, an ordering of item ids, a text). ``response_clean`` turns it into a canonical response or raises
``ResponseError`` with a stable code; ``question_score`` scores a clean response; ``attempt_score`` does both for a
whole attempt. Rules (docs/decisions/0020-quiz-scoring.md):

- single choice, true/false: all or nothing;
- multiple choice: ``max(0, right picked − wrong picked) / right`` of the points ("right minus wrong"), so ticking
  every box earns nothing unless every box is right;
- short answer: all or nothing, compared without case, accents, surrounding or repeated spaces, or final punctuation;
- ordering: the share of items in their right position;
- Likert scale and free text: recorded, never scored (``max_points`` 0, ``correct`` None).
An unanswered question scores 0 (an expired attempt is closed with what was answered).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

FREE_TEXT_MAX_LENGTH = 5000
SHORT_ANSWER_MAX_LENGTH = 500


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    ORDERING = "ordering"
    LIKERT = "likert"
    FREE_TEXT = "free_text"


UNSCORED_TYPES = frozenset({QuestionType.LIKERT, QuestionType.FREE_TEXT})
CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE, QuestionType.LIKERT})


class ResponseError(ValueError):
    """A response that cannot belong to the question (never a wrong answer, which is simply scored)."""

    def __init__(self, code: str, *, question_key: str = "") -> None:
        super().__init__(f"{code} ({question_key})" if question_key else code)
        self.code = code
        self.question_key = question_key


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    type: QuestionType
    points: int = 1
    choices: tuple[str, ...] = ()  # choice or item ids, as displayed (single, multiple, true/false, likert, ordering)
    correct: tuple[str, ...] = ()  # the right choice ids; for ordering, the right sequence of item ids
    accepted: tuple[str, ...] = ()  # short answer: accepted variants, as written by the author

    @property
    def scored(self) -> bool:
        return self.type not in UNSCORED_TYPES

    @property
    def max_points(self) -> int:
        return self.points if self.scored else 0

    @classmethod
    def from_snapshot(cls, data: Mapping) -> QuestionSpec:
        return cls(
            key=str(data["key"]),
            type=QuestionType(data["type"]),
            points=int(data.get("points", 1)),
            choices=tuple(str(choice["id"]) for choice in data.get("choices", ())),
            correct=tuple(str(item) for item in data.get("correct", ())),
            accepted=tuple(str(item) for item in data.get("accepted", ())),
        )


Response = str | tuple[str, ...] | None  # the canonical form of an answer; None = not answered


@dataclass(frozen=True)
class QuestionResult:
    key: str
    response: Response
    score: Fraction
    max_points: int
    correct: bool | None  # None when the question is not scored

    @property
    def answered(self) -> bool:
        return self.response is not None


@dataclass(frozen=True)
class AttemptResult:
    questions: tuple[QuestionResult, ...]
    raw: Fraction
    max_points: int
    passed: bool | None  # None when nothing is scored (survey) or no pass mark applies

    @property
    def scaled(self) -> float | None:
        return float(self.raw / self.max_points) if self.max_points else None

    @property
    def percent(self) -> float | None:
        return None if self.scaled is None else round(self.scaled * 100, 2)


def normalize_text(value: str) -> str:
    """Case-, accent- and spacing-insensitive form of a short answer ("  Éthique. " → "ethique"); typographic
    apostrophes count as straight ones."""
    decomposed = unicodedata.normalize("NFKD", value.casefold().replace("’", "'").replace("‘", "'"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split()).rstrip(".!?;:").strip()


def response_clean(spec: QuestionSpec, raw: Sequence[str] | None) -> Response:
    """The canonical response to `spec` of the raw form values, or ResponseError. Empty means unanswered."""
    values = [value for value in (raw or ()) if not (isinstance(value, str) and value.strip() == "")]
    if not values:
        return None
    if any(not isinstance(value, str) for value in values):
        raise ResponseError("invalid_value", question_key=spec.key)
    if spec.type in (QuestionType.SHORT_ANSWER, QuestionType.FREE_TEXT):
        if len(values) != 1:
            raise ResponseError("too_many_values", question_key=spec.key)
        limit = SHORT_ANSWER_MAX_LENGTH if spec.type == QuestionType.SHORT_ANSWER else FREE_TEXT_MAX_LENGTH
        text = values[0].strip()
        if len(text) > limit:
            raise ResponseError("text_too_long", question_key=spec.key)
        return text
    unknown = [value for value in values if value not in spec.choices]
    if unknown:
        raise ResponseError("unknown_choice", question_key=spec.key)
    if len(set(values)) != len(values):
        raise ResponseError("duplicate_choice", question_key=spec.key)
    if spec.type == QuestionType.MULTIPLE:
        return tuple(choice for choice in spec.choices if choice in values)  # display order: one canonical form
    if spec.type == QuestionType.ORDERING:
        if len(values) != len(spec.choices):
            raise ResponseError("incomplete_ordering", question_key=spec.key)
        return tuple(values)
    if len(values) != 1:
        raise ResponseError("too_many_values", question_key=spec.key)
    return values[0]


def question_score(spec: QuestionSpec, response: Response) -> QuestionResult:
    """Score a clean response (see the module docstring for the rules)."""
    if not spec.scored:
        return QuestionResult(spec.key, response, Fraction(0), 0, None)
    share = Fraction(0) if response is None else _share(spec, response)
    return QuestionResult(spec.key, response, share * spec.points, spec.points, share == 1)


def _share(spec: QuestionSpec, response: str | tuple[str, ...]) -> Fraction:
    if spec.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return Fraction(int(response in spec.correct))
    if spec.type == QuestionType.MULTIPLE:
        right = set(spec.correct)
        if not right:
            return Fraction(0)
        picked = set(response)
        return Fraction(max(0, len(picked & right) - len(picked - right)), len(right))
    if spec.type == QuestionType.SHORT_ANSWER:
        accepted = {normalize_text(variant) for variant in spec.accepted}
        return Fraction(int(normalize_text(str(response)) in accepted))
    if spec.type == QuestionType.ORDERING:
        if not spec.correct:
            return Fraction(0)
        in_place = sum(1 for given, right in zip(response, spec.correct, strict=False) if given == right)
        return Fraction(in_place, len(spec.correct))
    raise ValueError(f"no scoring rule for {spec.type}")


def attempt_score(
    specs: Sequence[QuestionSpec], raw_responses: Mapping[str, Sequence[str]], *, pass_mark: int | None
) -> AttemptResult:
    """Validate and score every response of an attempt. Raises ResponseError for an answer to no question of the
    attempt or one that cannot belong to its question; then nothing is scored. `pass_mark` is a percentage."""
    keys = {spec.key for spec in specs}
    strays = sorted(set(raw_responses) - keys)
    if strays:
        raise ResponseError("unknown_question", question_key=strays[0])
    results = tuple(question_score(spec, response_clean(spec, raw_responses.get(spec.key))) for spec in specs)
    raw = sum((result.score for result in results), Fraction(0))
    max_points = sum(result.max_points for result in results)
    passed = None
    if max_points and pass_mark is not None:
        passed = raw * 100 >= pass_mark * max_points
    return AttemptResult(results, raw, max_points, passed)
