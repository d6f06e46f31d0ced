"""Races through real threads and database connections: double starts, double submits (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection

from assessments.models import Attempt, AttemptAnswer, AttemptStatus
from assessments.services import AttemptError, attempt_start, attempt_submit
from tests.assessments.factories import right_answers

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls) -> list:
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int, call) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001  (the test asserts on what each thread got)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_four_starts_at_once_open_one_attempt(quiz, learner):
    results = _race([lambda: attempt_start(quiz=quiz, learner=learner) for _ in range(4)])
    assert all(isinstance(result, Attempt) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert Attempt.objects.count() == 1


def test_the_same_submission_four_times_at_once_scores_once(quiz, learner):
    attempt = attempt_start(quiz=quiz, learner=learner)
    key, answers = uuid.uuid4(), right_answers(attempt)
    results = _race(
        [lambda: attempt_submit(attempt=attempt, learner=learner, responses=answers, submission_key=key)] * 4
    )
    assert all(isinstance(result, Attempt) and result.score_scaled == 1.0 for result in results), results
    assert AttemptAnswer.objects.count() == 5
    assert Attempt.objects.get().status == AttemptStatus.SUBMITTED


def test_two_tabs_submitting_at_once_one_wins(quiz, learner):
    attempt = attempt_start(quiz=quiz, learner=learner)
    answers = right_answers(attempt)
    results = _race(
        [lambda: attempt_submit(attempt=attempt, learner=learner, responses=answers, submission_key=uuid.uuid4())] * 2
    )
    codes = sorted(result.code if isinstance(result, AttemptError) else "ok" for result in results)
    assert codes == ["already_submitted", "ok"], results
    assert AttemptAnswer.objects.count() == 5
