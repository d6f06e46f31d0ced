"""H5P attempts from the LRS: Moodle's semantics, the learner's own session only, rebuild == incremental."""

from __future__ import annotations

import io

import orjson
import pytest
from django.core.management import call_command
from django.test import Client

from assessments.h5p import h5p_attempts_rebuild
from assessments.models import H5PAttempt, H5PAttemptItem
from courses.services_h5p import h5p_package_create
from tests.h5p import factories
from xapi.models import Statement
from xapi.vocabulary import activity_iri

pytestmark = pytest.mark.django_db
V = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}
PLACEHOLDER = {"objectType": "Agent", "account": {"homePage": "http://testserver", "name": "session"}}


@pytest.fixture
def package(media_root):
    return h5p_package_create(upload=io.BytesIO(factories.demo_package()), uploaded_by=None, filename="q.h5p")


def _statement(iri: str, verb: str, *, sub: str | None = None, raw=1, max_=1, success=True, **result) -> dict:
    object_id = f"{iri}?subContentId={sub}" if sub else iri
    definition = {
        "name": {"fr-FR": "Q"},
        "interactionType": "choice",
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
    }
    return {
        "actor": PLACEHOLDER,
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {"objectType": "Activity", "id": object_id, "definition": definition},
        "context": {"contextActivities": {"category": [{"id": "http://h5p.org/libraries/H5P.CafeIAQuiz-1.0"}]}},
        "result": {"score": {"raw": raw, "max": max_, "min": 0, "scaled": raw / max_}, "success": success, **result},
    }


@pytest.fixture(autouse=True)
def _handlers_run(django_capture_on_commit_callbacks):
    """Statement handlers run on commit: run them at once, as after a real request."""
    global _capture
    _capture = django_capture_on_commit_callbacks


def _send(client, data):
    with _capture(execute=True):
        return client.post("/xapi/statements", orjson.dumps(data), content_type="application/json", **V)


_capture = None


def _play(client, iri, *, score: int, subs=("a", "b", "c")):
    """One check of the quiz, as the relay sends it: the top-level result first, then its children."""
    batch = [_statement(iri, "completed", raw=score, max_=3, success=score >= 2, duration="PT1M5S", completion=True)]
    batch += [
        _statement(iri, "answered", sub=sub, raw=int(i < score), success=i < score, response="0")
        for i, sub in enumerate(subs)
    ]
    response = _send(client, batch)
    assert response.status_code == 200, response.content


def _snapshot():
    attempts = list(
        H5PAttempt.objects.order_by("statement_pk").values_list(
            "learner_actor", "package_id", "statement_id", "score_raw", "score_max", "success", "duration_seconds"
        )
    )
    items = sorted(
        H5PAttemptItem.objects.values_list("attempt__statement_id", "sub_content_id", "statement_id", "score_raw")
    )
    return attempts, items


def test_a_check_opens_an_attempt_with_its_questions(client, learner, package):
    client.force_login(learner)
    iri = activity_iri("h5p", package.pk)
    _play(client, iri, score=2)
    attempt = H5PAttempt.objects.get()
    assert (attempt.score_raw, attempt.score_max, attempt.success) == (2, 3, True)
    assert attempt.duration_seconds == 65 and attempt.completion is True
    assert sorted(attempt.items.values_list("sub_content_id", flat=True)) == ["a", "b", "c"]
    assert attempt.items.get(sub_content_id="c").success is False


def test_sub_content_statements_attach_to_the_last_attempt(client, learner, package):
    client.force_login(learner)
    iri = activity_iri("h5p", package.pk)
    _play(client, iri, score=1)
    _play(client, iri, score=3)
    first, second = H5PAttempt.objects.order_by("statement_pk")
    assert first.items.count() == 3 and second.items.count() == 3
    assert all(item.success for item in second.items.all())
    # a later sub-content statement alone belongs to the last attempt
    _send(client, _statement(iri, "answered", sub="d"))
    assert second.items.filter(sub_content_id="d").exists()


def test_statements_without_result_or_of_other_kinds_open_nothing(client, learner, package):
    client.force_login(learner)
    iri = activity_iri("h5p", package.pk)
    data = _statement(iri, "interacted")
    _send(client, data)
    no_result = _statement(iri, "completed")
    del no_result["result"]
    _send(client, no_result)
    orphan = _statement(iri, "answered", sub="x")  # no attempt before it
    _send(client, orphan)
    assert Statement.objects.count() == 3
    assert not H5PAttempt.objects.exists() and not H5PAttemptItem.objects.exists()


def test_each_learner_has_their_own_attempts(learner, package):
    from tests.factories import UserFactory

    iri = activity_iri("h5p", package.pk)
    one, two = Client(), Client()
    one.force_login(learner)
    two.force_login(UserFactory())
    _play(one, iri, score=1)
    _play(two, iri, score=3)
    _play(one, iri, score=2)
    assert sorted(H5PAttempt.objects.values_list("score_raw", flat=True)) == [1, 2, 3]
    for attempt in H5PAttempt.objects.all():
        assert attempt.items.count() == 3
    assert len(set(H5PAttempt.objects.values_list("learner_actor", flat=True))) == 2


def test_another_lrs_client_cannot_make_attempts_for_a_learner(package):
    from xapi.http import Authority
    from xapi.models import AuthorityKind
    from xapi.statements import statements_store

    iri = activity_iri("h5p", package.pk)
    data = _statement(iri, "completed", raw=3, max_=3)
    data["actor"] = {"objectType": "Agent", "account": {"homePage": "http://testserver", "name": "a" * 32}}
    authority = Authority(
        kind=AuthorityKind.CLIENT,
        agent={"objectType": "Agent", "account": {"homePage": "http://testserver", "name": "client"}},
        key="client:x",
        scopes=frozenset({"all"}),
    )
    statements_store(statements=[data], authority=authority, version="1.0.3", attachments={})
    assert Statement.objects.count() == 1 and not H5PAttempt.objects.exists()


def test_a_forged_platform_verb_is_refused(client, learner, package):
    client.force_login(learner)
    data = _statement(activity_iri("h5p", package.pk), "passed")
    response = _send(client, data)
    assert response.status_code == 403
    assert not Statement.objects.exists()


def test_rebuild_equals_the_incremental_result(learner, package):
    from tests.factories import UserFactory

    iri = activity_iri("h5p", package.pk)
    one, two = Client(), Client()
    one.force_login(learner)
    two.force_login(UserFactory())
    _play(one, iri, score=1)
    _play(two, iri, score=2, subs=("a", "b"))
    _play(one, iri, score=3)
    _send(one, _statement(iri, "answered", sub="late"))
    incremental = _snapshot()
    assert len(incremental[0]) == 3 and len(incremental[1]) == 9
    assert h5p_attempts_rebuild() == Statement.objects.count()
    assert _snapshot() == incremental
    H5PAttempt.objects.all().delete()
    call_command("rebuild_h5p_attempts", verbosity=0)
    assert _snapshot() == incremental


def test_an_attempt_handled_late_collects_its_questions(client, learner, package):
    """Handlers may run out of order (a retried task): the attempt takes back the items stored after it."""
    from assessments.h5p import h5p_statement_handle
    from xapi.statements import stored_statement

    client.force_login(learner)
    iri = activity_iri("h5p", package.pk)
    _play(client, iri, score=1)
    _play(client, iri, score=2)
    expected = _snapshot()
    second_top = H5PAttempt.objects.order_by("statement_pk").last()
    second_top.delete()  # as if its handler had not run yet: its items went nowhere (or to the first attempt)
    H5PAttemptItem.objects.filter(statement_pk__gt=second_top.statement_pk).delete()
    h5p_statement_handle(stored_statement(Statement.objects.get(pk=second_top.statement_pk)))
    assert _snapshot() == expected


def test_results_per_learner_and_activity(client, learner, package):
    from assessments.selectors_h5p import h5p_results_for_user, h5p_results_of
    from tests.factories import UserFactory

    client.force_login(learner)
    iri = activity_iri("h5p", package.pk)
    _play(client, iri, score=3)
    _play(client, iri, score=1)
    (mine,) = h5p_results_for_user(user=learner)
    assert (mine.attempts, mine.best_scaled, mine.last_raw, mine.last_max) == (2, 1.0, 1, 3)
    assert mine.total_seconds == 130
    assert h5p_results_for_user(user=UserFactory()) == []
    assert h5p_results_of(learner_actors=["someone-else"]) == []
