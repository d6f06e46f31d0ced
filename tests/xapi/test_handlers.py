import pytest

from tests.xapi.conftest import make_statement
from xapi import handlers
from xapi.models import Statement


@pytest.fixture
def registry():
    saved = dict(handlers._handlers)
    yield handlers
    handlers._handlers.clear()
    handlers._handlers.update(saved)


@pytest.mark.django_db
def test_handlers_run_after_commit_for_their_verbs(lrs, registry, django_capture_on_commit_callbacks):
    seen = []
    registry.register_statement_handler("t.completed", lambda s: seen.append(s.verb_id),
                                        verbs=["http://adlnet.gov/expapi/verbs/completed"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lrs.post([make_statement(0), make_statement(1, verb={"id": "http://adlnet.gov/expapi/verbs/completed"})])
    assert seen == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert seen == ["http://adlnet.gov/expapi/verbs/completed"]


@pytest.mark.django_db
def test_a_failing_handler_never_rejects_a_valid_statement(lrs, registry, django_capture_on_commit_callbacks):
    def broken(statement):
        raise RuntimeError("bug in a projection")

    calls = []
    registry.register_statement_handler("t.broken", broken)
    registry.register_statement_handler("t.ok", lambda s: calls.append(s.statement_id))
    with django_capture_on_commit_callbacks(execute=True):
        response = lrs.post(make_statement())
    assert response.status_code == 200
    assert Statement.objects.count() == 1
    assert len(calls) == 1  # the other handler still ran
