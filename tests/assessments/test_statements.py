"""The xAPI record of an attempt: answered per question with its interaction, completed, passed/failed."""

from __future__ import annotations

import uuid

import orjson
import pytest

from assessments.services import attempt_start, attempt_submit
from assessments.statements import attempt_statements_record, question_iri, quiz_iri
from tests.assessments.factories import free_text, likert, quiz_create, right_answers
from xapi import handlers
from xapi.models import AuthorityKind, Statement
from xapi.recording import platform_statement_id
from xapi.vocabulary import ANSWERED, COMPLETED, FAILED, PASSED, activity_iri

pytestmark = pytest.mark.django_db
REGISTRATION = uuid.UUID("6b1d5d6e-2c2e-4f43-9d6a-3f2b9a1c0d11")


@pytest.fixture
def registration_resolver():
    def resolver(*, user, activity_id):
        return REGISTRATION if activity_id.startswith(quiz_iri(0)[:-1]) else None

    handlers.register_registration_resolver(resolver)
    yield
    handlers._registration_resolvers.remove(resolver)


def submitted(quiz, learner, capture, responses=None):
    attempt = attempt_start(quiz=quiz, learner=learner)
    with capture(execute=True):
        attempt = attempt_submit(
            attempt=attempt,
            learner=learner,
            responses=right_answers(attempt) if responses is None else responses(attempt),
            submission_key=uuid.uuid4(),
        )
    return attempt


def payloads(verb):
    return [orjson.loads(p) for p in Statement.objects.filter(verb_id=verb.id).values_list("payload", flat=True)]


def test_a_passed_attempt_is_recorded(quiz, learner, registration_resolver, django_capture_on_commit_callbacks):
    attempt = submitted(quiz, learner, django_capture_on_commit_callbacks)
    answered = {p["object"]["id"]: p for p in payloads(ANSWERED)}
    assert len(answered) == 5
    assert set(Statement.objects.values_list("authority_kind", flat=True)) == {AuthorityKind.PLATFORM}
    by_type = {p["object"]["definition"]["interactionType"]: p for p in answered.values()}
    assert set(by_type) == {"choice", "true-false", "fill-in", "sequencing"}
    questions = {q["type"]: q for q in attempt.snapshot["questions"]}
    single = answered[question_iri(quiz.pk, questions["single"]["key"])]
    assert single["object"]["definition"]["correctResponsesPattern"] == questions["single"]["correct"]
    assert [c["id"] for c in single["object"]["definition"]["choices"]] == sorted(
        c["id"] for c in questions["single"]["choices"]
    )  # one order whatever the learner saw (the definition does not change with each attempt's shuffle)
    assert single["result"] == {"response": questions["single"]["correct"][0], "success": True,
                                "score": {"scaled": 1.0, "raw": 1.0, "min": 0, "max": 1}}  # fmt: skip
    assert single["context"]["registration"] == str(REGISTRATION)
    assert single["context"]["contextActivities"]["parent"] == [{"id": quiz_iri(quiz.pk), "objectType": "Activity"}]
    assert {"id": activity_iri("module", quiz.module_id), "objectType": "Activity"} in single["context"][
        "contextActivities"
    ]["grouping"]
    fill_in = by_type["fill-in"]["object"]["definition"]
    assert fill_in["correctResponsesPattern"] == ["{case_matters=false}chaud"]
    assert by_type["sequencing"]["result"]["response"] == "[,]".join(questions["ordering"]["correct"])
    [completed] = payloads(COMPLETED)
    [passed] = payloads(PASSED)
    assert completed["object"]["id"] == passed["object"]["id"] == quiz_iri(quiz.pk)
    assert passed["result"]["success"] is True
    assert passed["result"]["score"] == {"scaled": 1.0, "raw": 5.0, "min": 0, "max": 5}
    assert passed["result"]["duration"].startswith("PT")
    assert passed["id"] == str(platform_statement_id(kind="quiz.passed", record_key=f"attempt:{attempt.pk}"))
    assert not payloads(FAILED)


def test_recording_again_stores_nothing_new(quiz, learner, django_capture_on_commit_callbacks):
    attempt = submitted(quiz, learner, django_capture_on_commit_callbacks)
    count = Statement.objects.count()
    assert count == 5 + 2
    attempt_statements_record(attempt=attempt)
    assert Statement.objects.count() == count


def wrong_first_answer(attempt) -> dict:
    first = attempt.snapshot["questions"][0]
    return {first["key"]: [next(c["id"] for c in first["choices"] if c["id"] not in first["correct"])]}


def test_a_failed_attempt_and_unanswered_questions(quiz, learner, django_capture_on_commit_callbacks):
    submitted(quiz, learner, django_capture_on_commit_callbacks, responses=wrong_first_answer)
    [answered] = payloads(ANSWERED)  # nothing answered, nothing asserted
    assert answered["result"]["success"] is False
    [failed] = payloads(FAILED)
    assert failed["result"]["success"] is False and failed["result"]["score"]["raw"] == 0


def test_a_survey_has_likert_and_long_fill_in_and_no_score(programme, learner, django_capture_on_commit_callbacks):
    survey = quiz_create(programme=programme, kind="survey", questions=[likert("Satisfait ?"), free_text("Un mot ?")])
    submitted(
        survey, learner, django_capture_on_commit_callbacks,
        responses=lambda a: {a.snapshot["questions"][0]["key"]: ["4"], a.snapshot["questions"][1]["key"]: ["Super"]},
    )  # fmt: skip
    answered = {p["object"]["definition"]["interactionType"]: p for p in payloads(ANSWERED)}
    assert answered["likert"]["result"] == {"response": "4"}
    assert [c["id"] for c in answered["likert"]["object"]["definition"]["scale"]] == ["1", "2", "3", "4", "5"]
    assert answered["long-fill-in"]["result"] == {"response": "Super"}
    [completed] = payloads(COMPLETED)
    assert "score" not in completed["result"] and completed["result"]["completion"] is True
    assert not payloads(PASSED) and not payloads(FAILED)


def test_an_entry_evaluation_is_completed_with_a_score_but_not_passed(
    programme, learner, django_capture_on_commit_callbacks
):
    entry = quiz_create(programme=programme, kind="entry")
    submitted(entry, learner, django_capture_on_commit_callbacks)
    [completed] = payloads(COMPLETED)
    assert completed["result"]["score"]["scaled"] == 1.0
    assert not payloads(PASSED) and not payloads(FAILED)


def test_the_command_records_closed_attempts_again(quiz, learner):
    from django.core.management import call_command

    attempt = attempt_start(quiz=quiz, learner=learner)
    attempt_submit(attempt=attempt, learner=learner, responses=right_answers(attempt), submission_key=uuid.uuid4())
    assert not Statement.objects.exists()  # the on-commit task did not run in this test transaction
    attempt_start(quiz=quiz, learner=learner)  # in progress: nothing to record
    call_command("quiz_statements_record", verbosity=0)
    assert Statement.objects.count() == 7
    call_command("quiz_statements_record", "--quiz", str(quiz.pk), verbosity=0)
    assert Statement.objects.count() == 7


def test_activity_definitions_do_not_change_with_the_shuffle(programme, learner, django_capture_on_commit_callbacks):
    """Two attempts see the choices and items in other orders; the questions' activity definitions stay the same, so
    the LRS does not rewrite its activity rows on every submission."""
    from assessments.statements import interaction_definition
    from xapi.models import Activity

    quiz = quiz_create(programme=programme, kind="practice", shuffle_choices=True)
    first = submitted(quiz, learner, django_capture_on_commit_callbacks)
    second = attempt_start(quiz=quiz, learner=learner)
    for _try in range(20):  # until a shuffle differs from the first attempt's
        if [q["choices"] for q in second.snapshot["questions"]] != [q["choices"] for q in first.snapshot["questions"]]:
            break
        second.delete()
        second = attempt_start(quiz=quiz, learner=learner)
    assert [q["choices"] for q in second.snapshot["questions"]] != [q["choices"] for q in first.snapshot["questions"]]
    for before, after in zip(first.snapshot["questions"], second.snapshot["questions"], strict=True):
        assert interaction_definition(before) == interaction_definition(after)
    ordering = next(q for q in first.snapshot["questions"] if q["type"] == "ordering")
    assert [c["id"] for c in interaction_definition(ordering)["choices"]] == ordering["correct"]  # the bank's order
    rows = dict(Activity.objects.values_list("activity_id", "definition"))
    with django_capture_on_commit_callbacks(execute=True):
        attempt_submit(attempt=second, learner=learner, responses=right_answers(second), submission_key=uuid.uuid4())
    assert dict(Activity.objects.values_list("activity_id", "definition")) == rows


def test_statements_carry_the_learners_enrolment_registration(quiz, learner, django_capture_on_commit_callbacks):
    """No resolver knows quiz IRIs: the training app's resolver answers for the quiz's programme."""
    from training.models import Enrolment

    enrolment = Enrolment.objects.get(learner=learner)
    attempt = submitted(quiz, learner, django_capture_on_commit_callbacks)
    assert attempt.registration == enrolment.registration
    verbs = (ANSWERED, COMPLETED, PASSED)
    registrations = {p["context"].get("registration") for verb in verbs for p in payloads(verb)}
    assert registrations == {str(enrolment.registration)}
    assert set(Statement.objects.values_list("registration", flat=True)) == {enrolment.registration}


def test_answered_statements_are_the_builders_byte_for_byte(programme, learner):
    """Only the first answer of each shape goes through ``build_platform_statement``; every other statement is a
    copy with its own id, object and result — and the same bytes as the builder would give."""
    from assessments.statements import attempt_statements
    from tests.assessments.factories import multiple, standard_questions

    questions = [
        *standard_questions(),
        multiple("Voyelles ?", [("a", True), ("b", False), ("e", True), ("i", True)]),
        likert("Clair ?"),
        free_text("Un mot ?"),
    ]
    quiz = quiz_create(programme=programme, kind="exit", questions=questions, shuffle_choices=True)
    attempt = attempt_start(quiz=quiz, learner=learner)
    snapshot = attempt.snapshot["questions"]
    responses = right_answers(attempt)
    voyelles = next(q for q in snapshot if q["prompt"] == "Voyelles ?")
    responses[voyelles["key"]] = voyelles["correct"][:2]  # partial credit: 2 right of 3
    responses[snapshot[0]["key"]] = [
        next(c["id"] for c in snapshot[0]["choices"] if c["id"] not in snapshot[0]["correct"])
    ]
    responses[snapshot[-2]["key"]], responses[snapshot[-1]["key"]] = ["4"], ["Très bien"]
    responses.pop(snapshot[2]["key"])  # one question left unanswered
    attempt = attempt_submit(attempt=attempt, learner=learner, responses=responses, submission_key=uuid.uuid4())
    fast, reference = attempt_statements(attempt), attempt_statements(attempt, derive=False)
    assert len(fast) == len(reference) == len(snapshot) - 1 + 2
    assert [orjson.dumps(s) for s in fast] == [orjson.dumps(s) for s in reference]
    assert len({s["id"] for s in fast}) == len(fast)
    raws = {s["result"]["score"]["raw"] for s in fast[:-2] if "score" in s.get("result", {})}
    assert {0.0, 1.0} < raws and any(0 < raw < 1 for raw in raws)  # right, wrong and partial answers were derived
