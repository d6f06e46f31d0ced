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


@pytest.mark.django_db
def test_a_broker_that_cannot_take_the_handlers_never_fails_the_request(
    lrs, registry, monkeypatch, django_capture_on_commit_callbacks
):
    from config.celery import app
    from xapi.tasks import statement_handlers_run_task

    def broker_down(*args, **kwargs):
        raise OSError("connection refused")

    registry.register_statement_handler("t.any", lambda s: None)
    monkeypatch.setattr(statement_handlers_run_task, "delay", broker_down)
    previous = app.conf.task_always_eager
    app.conf.update(task_always_eager=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = lrs.post(make_statement())
    finally:
        app.conf.update(task_always_eager=previous)
    assert response.status_code == 200
    assert Statement.objects.count() == 1
