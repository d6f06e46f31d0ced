"""Scoring rules, without a database: every type, partial credit, unscored survey questions, bad responses."""

from fractions import Fraction

import pytest

from assessments.scoring import (
    QuestionSpec,
    QuestionType,
    ResponseError,
    attempt_score,
    normalize_text,
    question_score,
    response_clean,
)

SINGLE = QuestionSpec("s", QuestionType.SINGLE, 2, choices=("a", "b", "c"), correct=("b",))
MULTIPLE = QuestionSpec("m", QuestionType.MULTIPLE, 1, choices=("a", "b", "c", "d"), correct=("a", "c"))
TRUE_FALSE = QuestionSpec("t", QuestionType.TRUE_FALSE, 1, choices=("true", "false"), correct=("false",))
SHORT = QuestionSpec("a", QuestionType.SHORT_ANSWER, 1, accepted=("Données d'entraînement", "corpus"))
ORDERING = QuestionSpec("o", QuestionType.ORDERING, 1, choices=("z", "y", "x", "w"), correct=("w", "x", "y", "z"))
LIKERT = QuestionSpec("l", QuestionType.LIKERT, 0, choices=("1", "2", "3", "4", "5"))
FREE = QuestionSpec("f", QuestionType.FREE_TEXT, 0)
ALL = (SINGLE, MULTIPLE, TRUE_FALSE, SHORT, ORDERING, LIKERT, FREE)


def score(spec, raw):
    return question_score(spec, response_clean(spec, raw))


@pytest.mark.parametrize(("raw", "points", "correct"), [(["b"], 2, True), (["a"], 0, False), ([], 0, False)])
def test_single_choice_is_all_or_nothing(raw, points, correct):
    result = score(SINGLE, raw)
    assert (result.score, result.correct, result.max_points) == (points, correct, 2)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["a", "c"], Fraction(1)),  # both right
        (["a"], Fraction(1, 2)),  # one of two right
        (["a", "b"], Fraction(0)),  # one right, one wrong: right minus wrong
        (["a", "c", "b"], Fraction(1, 2)),
        (["a", "b", "c", "d"], Fraction(0)),  # ticking every box earns nothing
        (["b", "d"], Fraction(0)),  # never below zero
        ([], Fraction(0)),
    ],
)
def test_multiple_choice_partial_credit_is_right_minus_wrong(raw, expected):
    result = score(MULTIPLE, raw)
    assert result.score == expected
    assert result.correct is (expected == 1)


def test_multiple_choice_response_is_canonical_in_display_order():
    assert response_clean(MULTIPLE, ["c", "a"]) == ("a", "c")


def test_true_false():
    assert score(TRUE_FALSE, ["false"]).correct is True
    assert score(TRUE_FALSE, ["true"]).score == 0


@pytest.mark.parametrize(
    "raw",
    ["données d'entraînement", "DONNEES D'ENTRAINEMENT", "  donnees   d’entrainement. ", "Corpus", "corpus !"],
)
def test_short_answer_ignores_case_accents_spaces_and_final_punctuation(raw):
    assert score(SHORT, [raw]).correct is True


@pytest.mark.parametrize("raw", ["données", "corpus d'entraînement", "c0rpus"])
def test_short_answer_refuses_other_answers(raw):
    assert score(SHORT, [raw]).score == 0


def test_normalize_text():
    assert normalize_text("  Éthique  Numérique. ") == "ethique numerique"
    assert normalize_text("Œuvre") == "œuvre"  # a ligature is a letter, not an accent


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["w", "x", "y", "z"], Fraction(1)),
        (["w", "x", "z", "y"], Fraction(1, 2)),
        (["z", "y", "x", "w"], Fraction(0)),
    ],
)
def test_ordering_scores_items_in_their_right_position(raw, expected):
    assert score(ORDERING, raw).score == expected


def test_likert_and_free_text_are_recorded_but_not_scored():
    likert = score(LIKERT, ["4"])
    free = score(FREE, ["Très utile, merci."])
    assert (likert.response, likert.max_points, likert.correct, likert.score) == ("4", 0, None, 0)
    assert (free.response, free.max_points, free.correct) == ("Très utile, merci.", 0, None)
    assert not LIKERT.scored and not FREE.scored


@pytest.mark.parametrize(
    ("spec", "raw", "code"),
    [
        (SINGLE, ["zz"], "unknown_choice"),
        (SINGLE, ["a", "b"], "too_many_values"),
        (MULTIPLE, ["a", "a"], "duplicate_choice"),
        (MULTIPLE, ["a", "e"], "unknown_choice"),
        (TRUE_FALSE, ["maybe"], "unknown_choice"),
        (ORDERING, ["w", "x", "y"], "incomplete_ordering"),
        (ORDERING, ["w", "w", "y", "z"], "duplicate_choice"),
        (ORDERING, ["w", "x", "y", "q"], "unknown_choice"),
        (LIKERT, ["6"], "unknown_choice"),
        (SHORT, ["a", "b"], "too_many_values"),
        (SHORT, ["x" * 501], "text_too_long"),
        (FREE, ["x" * 5001], "text_too_long"),
        (SINGLE, [3], "invalid_value"),
    ],
)
def test_responses_that_cannot_belong_to_the_question_are_rejected(spec, raw, code):
    with pytest.raises(ResponseError) as error:
        response_clean(spec, raw)
    assert error.value.code == code
    assert error.value.question_key == spec.key


def test_blank_values_mean_unanswered():
    assert response_clean(SHORT, ["   "]) is None
    assert response_clean(MULTIPLE, None) is None
    result = score(SHORT, [""])
    assert (result.answered, result.score, result.correct) == (False, 0, False)


def test_attempt_score_totals_and_pass_mark():
    responses = {"s": ["b"], "m": ["a"], "t": ["true"], "a": ["corpus"], "o": ["w", "x", "y", "z"], "l": ["5"]}
    result = attempt_score(ALL, responses, pass_mark=60)
    assert result.max_points == 6  # 2 + 1 + 1 + 1 + 1, survey questions excluded
    assert result.raw == Fraction(9, 2)
    assert result.scaled == 0.75 and result.percent == 75.0
    assert result.passed is True
    assert attempt_score(ALL, responses, pass_mark=80).passed is False
    assert attempt_score(ALL, responses, pass_mark=75).passed is True  # the mark itself passes


def test_attempt_score_rejects_an_answer_to_no_question_of_the_attempt():
    with pytest.raises(ResponseError) as error:
        attempt_score(ALL, {"s": ["b"], "elsewhere": ["a"]}, pass_mark=50)
    assert error.value.code == "unknown_question"


def test_a_survey_has_no_score_and_no_pass():
    result = attempt_score((LIKERT, FREE), {"l": ["3"]}, pass_mark=50)
    assert (result.max_points, result.scaled, result.passed) == (0, None, None)


def test_no_pass_mark_means_no_pass_or_fail():
    assert attempt_score((SINGLE,), {"s": ["b"]}, pass_mark=None).passed is None


def test_specs_read_from_the_snapshot():
    spec = QuestionSpec.from_snapshot(
        {"key": "k", "type": "multiple", "points": 3, "choices": [{"id": "a", "text": "A"}], "correct": ["a"]}
    )
    assert spec == QuestionSpec("k", QuestionType.MULTIPLE, 3, choices=("a",), correct=("a",))
