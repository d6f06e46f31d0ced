"""Concurrent writes of one statement id, through real threads and database connections (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from tests.xapi.conftest import LrsHttp, make_statement
from xapi.clients import lrs_client_create
from xapi.models import Statement, StatementAgent

pytestmark = pytest.mark.integration


def _race(calls) -> list[int]:
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = [0] * len(calls)

    def run(index: int, call) -> None:
        try:
            barrier.wait()
            statuses[index] = call().status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return statuses


@pytest.fixture
def http(transactional_db):
    _client, secret = lrs_client_create(name="race", key="race", scopes=["all"])
    return lambda: LrsHttp(Client(), "race", secret)


def test_two_puts_of_the_same_statement_at_once_store_it_once(http):
    statement_id = str(uuid.uuid4())
    statuses = _race([lambda: http().put(statement_id, make_statement(1)) for _ in range(4)])
    assert statuses == [204, 204, 204, 204]
    assert Statement.objects.filter(statement_id=statement_id).count() == 1
    assert StatementAgent.objects.filter(agent_key="mbox:learner1@example.org", direct=True).count() == 1


def test_two_puts_of_different_statements_with_one_id_at_once_conflict(http):
    statement_id = str(uuid.uuid4())
    statuses = _race([lambda: http().put(statement_id, make_statement(1)),
                      lambda: http().put(statement_id, make_statement(2))])  # fmt: skip
    assert sorted(statuses) == [204, 409]
    assert Statement.objects.filter(statement_id=statement_id).count() == 1


def test_parallel_batches_lose_nothing(http):
    batches = [[make_statement(100 * b + i) for i in range(50)] for b in range(4)]
    statuses = _race([lambda batch=batch: http().post(batch) for batch in batches])
    assert statuses == [200] * 4
    assert Statement.objects.count() == 200
