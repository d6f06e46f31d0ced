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


@pytest.mark.django_db
def test_a_handler_hears_only_the_authorities_it_registered_for(
    lrs, registry, monkeypatch, django_capture_on_commit_callbacks
):
    """An LRS client's statement wakes no handler registered for the platform and the session: with a broker, no
    task is even sent; without one, nothing is built for the handlers."""
    from config.celery import app
    from xapi.tasks import statement_handlers_run_task

    completed = {"id": "http://adlnet.gov/expapi/verbs/completed"}
    registry._handlers.clear()
    registry.register_statement_handler("t.trusted", lambda s: None, verbs=[completed["id"]],
                                        authorities=["platform", "session"])  # fmt: skip
    sent = []
    monkeypatch.setattr(statement_handlers_run_task, "delay", sent.append)
    previous = app.conf.task_always_eager
    app.conf.update(task_always_eager=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert lrs.post(make_statement(0, verb=completed)).status_code == 200
        assert sent == []
        registry.register_statement_handler("t.any", lambda s: None, verbs=[completed["id"]])
        with django_capture_on_commit_callbacks(execute=True):
            assert lrs.post(make_statement(1, verb=completed)).status_code == 200
    finally:
        app.conf.update(task_always_eager=previous)
    assert len(sent) == 1 and len(sent[0]) == 1  # the task carries the one statement's pk


def test_run_handlers_calls_a_handler_only_for_its_verbs_and_authorities(registry):
    import uuid

    from xapi.handlers import StoredStatement

    completed = "http://adlnet.gov/expapi/verbs/completed"
    seen = []
    registry._handlers.clear()
    registry.register_statement_handler("t.platform", lambda s: seen.append(("platform", s.pk)), verbs=[completed],
                                        authorities=["platform"])  # fmt: skip
    registry.register_statement_handler("t.all", lambda s: seen.append(("all", s.pk)))
    statements = [StoredStatement(pk, uuid.uuid4(), completed, kind, {}) for pk, kind in
                  enumerate(["platform", "client", "session"])]  # fmt: skip
    assert registry.run_handlers(statements) == []
    assert seen == [("platform", 0), ("all", 0), ("all", 1), ("all", 2)]


@pytest.mark.parametrize(
    ("verb", "authority", "names"),
    [
        ("completed", "client", []),
        ("experienced", "client", []),
        ("answered", "client", []),
        ("passed", "client", []),
        ("voided", "client", []),
        ("experienced", "session", ["courses.lesson_progress"]),
        ("answered", "session", ["assessments.h5p_attempts"]),
        ("completed", "session", ["assessments.h5p_attempts", "courses.lesson_progress"]),
        ("passed", "platform", ["certificates.completion"]),
        ("voided", "platform", ["dashboards.module_completion"]),
        (
            "completed",
            "platform",
            ["certificates.completion", "courses.lesson_progress", "dashboards.module_completion"],
        ),
    ],
)
def test_the_domain_handlers_ignore_lrs_clients(verb, authority, names):
    """Only the learner's session and the platform move projections (ARCHITECTURE.md "Who may assert what"): the
    statements of an LRS client concern no handler, so they cost nothing after the commit."""
    from xapi.handlers import handlers_for

    verb_id = f"http://adlnet.gov/expapi/verbs/{verb}"
    assert sorted(name for name, _handler in handlers_for(verb_id, authority)) == names
