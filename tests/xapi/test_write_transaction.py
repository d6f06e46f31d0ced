"""The write path outside any atomic block (a real request): on PostgreSQL the write is one prepared statement, a
transaction of its own in autocommit, after one prepared lookup (decision 0007, session 4). These tests run without
the test transaction, so that path is the one taken on PostgreSQL; on SQLite they check the same behaviour through
Django's transaction."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from tests.xapi import test_statements_api as api
from tests.xapi.conftest import make_statement
from xapi import handlers
from xapi.models import OutboxEntry, Statement, StatementActivity, StatementAgent

pytestmark = pytest.mark.django_db(transaction=True)


def _idle() -> bool:
    """No transaction left open on the connection (PostgreSQL: the server's own status)."""
    assert not connection.in_atomic_block
    if connection.vendor != "postgresql" or connection.connection is None:
        return True
    from psycopg.pq import TransactionStatus

    return connection.connection.info.transaction_status == TransactionStatus.IDLE


def test_post_one_statement(lrs):
    api.test_post_one_statement_sets_what_the_lrs_owns(lrs)
    assert _idle()


def test_post_a_batch(lrs):
    api.test_post_a_batch_returns_ids_in_order_and_indexes_agents_and_activities(lrs)
    assert _idle()


def test_repeats_and_conflicts_leave_nothing_open_and_store_nothing(lrs):
    api.test_put_then_same_statement_again_is_accepted_without_change(lrs)
    assert _idle()
    Statement.objects.all().delete()
    api.test_same_id_different_content_is_a_409(lrs)
    assert _idle()
    assert lrs.post(make_statement(7)).status_code == 200  # the connection is usable after the rollback
    assert Statement.objects.count() == 2


def test_an_invalid_voiding_rolls_back(lrs):
    api.test_voiding(lrs)
    assert _idle()


def test_voiding_on_arrival(lrs):
    api.test_voiding_before_the_target_arrives_voids_it_on_arrival(lrs)
    assert _idle()


def test_a_batch_written_with_copy_is_committed_with_its_side_rows_and_outbox_rows(lrs, settings):
    settings.XAPI_FORWARD_ENDPOINT = "http://forward.example.org/xapi/"
    ids = [str(uuid.uuid4()) for _ in range(100)]
    response = lrs.post([make_statement(i, id=ids[i]) for i in range(100)])
    assert response.status_code == 200
    assert response.json() == ids
    assert _idle()
    assert Statement.objects.count() == 100
    assert OutboxEntry.objects.count() == 100
    assert StatementAgent.objects.filter(direct=True).count() == 100
    assert StatementActivity.objects.filter(direct=True).count() == 100
    # a second batch that repeats one id with other content: 409, nothing of it stored, nothing left open
    again = [make_statement(200 + i) for i in range(99)] + [make_statement(1, id=ids[0])]
    assert lrs.post(again).status_code == 409
    assert _idle()
    assert Statement.objects.count() == 100 and OutboxEntry.objects.count() == 100


def test_handlers_run_once_the_statements_are_committed(lrs):
    seen = []

    def handler(statement):
        # committed: visible from another connection's point of view as well as this one's
        assert _idle()
        seen.append(Statement.objects.filter(statement_id=statement.statement_id).exists())

    saved = dict(handlers._handlers)
    handlers.register_statement_handler("t.committed", handler)
    try:
        assert lrs.post([make_statement(0), make_statement(1)]).status_code == 200
    finally:
        handlers._handlers.clear()
        handlers._handlers.update(saved)
    assert seen == [True, True]


VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def _voiding(target: str) -> dict:
    return {"actor": make_statement()["actor"], "verb": {"id": VOIDED},
            "object": {"objectType": "StatementRef", "id": target}}  # fmt: skip


def test_one_batch_voids_its_own_statement_a_stored_one_and_one_voided_in_advance(lrs):
    """Voided flags in the write itself: a target in the same batch (either order), a target stored earlier, and a
    statement arriving after its voiding statement."""
    stored_earlier, in_advance = str(uuid.uuid4()), str(uuid.uuid4())
    lrs.put(stored_earlier, make_statement(1))
    assert lrs.post(_voiding(in_advance)).status_code == 200
    same_batch, after_its_voider = str(uuid.uuid4()), str(uuid.uuid4())
    batch = [
        make_statement(2, id=same_batch),
        _voiding(same_batch),
        _voiding(after_its_voider),
        make_statement(3, id=after_its_voider),
        _voiding(stored_earlier),
        make_statement(4, id=in_advance),
        make_statement(5),
    ]
    assert lrs.post(batch).status_code == 200
    assert _idle()
    voided = dict(Statement.objects.values_list("statement_id", "voided"))
    assert {str(k) for k, v in voided.items() if v} == {same_batch, after_its_voider, stored_earlier, in_advance}
    assert sum(not v for v in voided.values()) == 5  # the 4 voiding statements and statement 5
    for target in (same_batch, after_its_voider, stored_earlier, in_advance):
        assert lrs.get({"statementId": target}).status_code == 404
        assert lrs.get({"voidedStatementId": target}).json()["id"] == target


def test_definitions_are_learned_and_merged_in_the_same_write(lrs):
    from xapi.models import Activity

    assert lrs.post(make_statement(3)).status_code == 200
    taught = make_statement(3)
    taught["object"]["definition"] = {"name": {"de-DE": "Lektion 3"}, "type": "http://example.org/types/lesson"}
    new = make_statement(4)
    assert lrs.post([taught, new]).status_code == 200
    assert _idle()
    merged = Activity.objects.get(activity_id="http://example.org/activities/lesson-3").definition
    assert merged["name"] == {"fr-FR": "Leçon 3", "en-US": "Lesson 3", "de-DE": "Lektion 3"}
    assert merged["type"] == "http://example.org/types/lesson"
    assert Activity.objects.get(activity_id="http://example.org/activities/lesson-4").definition["name"]["en-US"]


def test_on_postgresql_the_write_is_two_prepared_statements_of_fixed_text(lrs, settings):
    """Whatever the batch size, the same two SQL texts, prepared once on the connection and planned once (decision
    0007, session 4)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    settings.XAPI_FORWARD_ENDPOINT = "http://forward.example.org/xapi/"
    for size in (1, 3, 1, 70, 2, 1):
        assert lrs.post([make_statement(i) for i in range(size)]).status_code == 200
    assert _idle()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        prepared = cursor.fetchall()
    texts = {sql for sql, _generic, _custom in prepared}
    assert len(texts) == 2  # the lookup and the write (psycopg may prepare one text per parameter types)
    assert sum(generic for _sql, generic, _custom in prepared) >= 6 * 2
    assert all(custom == 0 for _sql, _generic, custom in prepared)
    assert OutboxEntry.objects.count() == 1 + 3 + 1 + 70 + 2 + 1
    assert StatementActivity.objects.filter(direct=True).count() == Statement.objects.count() == 78
