"""A learner's browser session: own pseudonymous actor, CSRF, only what a browser can honestly observe."""

import orjson
import pytest
from django.test import Client

from xapi.actors import actor_for
from xapi.models import AuthorityKind, Statement
from xapi.vocabulary import activity_iri

pytestmark = pytest.mark.django_db
V = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}


def statement(verb: str, kind: str = "lesson", **extra) -> dict:
    data = {
        "actor": {"mbox": "mailto:someone-else@example.org"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": {"id": activity_iri(kind, 12)},
    }
    data.update(extra)
    return data


def post(client, data):
    return client.post("/xapi/statements", orjson.dumps(data), content_type="application/json", **V)


@pytest.fixture
def session(client, learner):
    client.force_login(learner)
    return client


def test_the_actor_sent_by_the_page_is_replaced_by_the_learners_pseudonym(session, learner):
    response = post(session, statement("experienced"))
    assert response.status_code == 200
    row = Statement.objects.get()
    payload = orjson.loads(row.payload)
    assert payload["actor"] == actor_for(learner.public_id)
    assert payload["authority"] == actor_for(learner.public_id)
    assert row.authority_kind == AuthorityKind.SESSION
    assert "someone-else" not in row.payload


def test_lesson_completed_needs_the_measured_active_time(session):
    response = post(session, statement("completed"))
    assert response.status_code == 400 and response.json()["error"] == "duration_required"
    assert post(session, statement("completed", result={"duration": "PT12M30S"})).status_code == 200


@pytest.mark.parametrize("verb", ["passed", "failed", "attended", "voided"])
def test_platform_verbs_are_refused_from_a_browser(session, verb):
    data = statement(verb)
    if verb == "voided":
        data["object"] = {"objectType": "StatementRef", "id": "6f1d0d1e-0000-4000-8000-000000000000"}
    response = post(session, data)
    assert response.status_code == 403
    assert Statement.objects.count() == 0


@pytest.mark.parametrize("kind", ["module", "program", "quiz"])
def test_a_browser_cannot_complete_a_module_programme_or_quiz(session, kind):
    response = post(session, statement("completed", kind=kind, result={"duration": "PT1M"}))
    assert response.status_code == 403


def test_h5p_interactions_are_accepted_on_h5p_activities(session):
    data = statement("answered", kind="h5p", result={"score": {"scaled": 1}, "success": True})
    assert post(session, data).status_code == 200
    assert post(session, statement("answered", kind="lesson")).status_code == 403


def test_foreign_activities_are_refused(session):
    data = statement("experienced")
    data["object"] = {"id": "http://example.org/not-ours"}
    assert post(session, data).status_code == 403


def test_csrf_is_required_for_session_statements(learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = post(client, statement("experienced"))
    assert response.status_code == 403 and response.json()["error"] == "csrf"
    client.get("/")  # a page with a form: sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post("/xapi/statements", orjson.dumps(statement("experienced")), content_type="application/json",
                           HTTP_X_CSRFTOKEN=token, **V)  # fmt: skip
    assert response.status_code == 200


def test_anonymous_browser_gets_401(client):
    assert post(client, statement("experienced")).status_code == 401


def test_a_session_reads_only_its_own_statements(session, learner, client_factory=None):
    post(session, statement("experienced"))
    other = Client()
    from tests.factories import UserFactory

    other.force_login(UserFactory())
    post(other, statement("experienced"))
    mine = session.get("/xapi/statements", **V).json()["statements"]
    assert [s["actor"] for s in mine] == [actor_for(learner.public_id)]
