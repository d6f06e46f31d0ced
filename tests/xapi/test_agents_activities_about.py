"""The agents, activities and about resources over real HTTP."""

from __future__ import annotations

import base64
import json
import uuid
from urllib.parse import urlencode

import pytest

from xapi.clients import lrs_client_create
from xapi.models import Activity

pytestmark = pytest.mark.django_db

ACTIVITY = "http://example.org/activities/lesson-1"
DEFINITION = {"name": {"fr-FR": "Leçon 1"}, "type": "http://adlnet.gov/expapi/activities/lesson"}


@pytest.fixture
def auth() -> str:
    key = f"meta-{uuid.uuid4().hex[:8]}"
    _client, secret = lrs_client_create(name=key, key=key, scopes=["statements/write"])
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


@pytest.fixture
def get(client, auth):
    def get(path: str, params: dict | None = None, *, version: str = "1.0.3", method: str = "GET", **extra):
        encoded = urlencode({k: json.dumps(v) if isinstance(v, dict) else v for k, v in (params or {}).items()})
        headers = {"HTTP_AUTHORIZATION": auth, "HTTP_X_EXPERIENCE_API_VERSION": version, **extra}
        return client.generic(method, f"{path}?{encoded}", **{k: v for k, v in headers.items() if v is not None})

    return get


# --- agents ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agent", "person"),
    [
        (
            {"objectType": "Agent", "name": "Ada", "mbox": "mailto:ada@example.org"},
            {"objectType": "Person", "name": ["Ada"], "mbox": ["mailto:ada@example.org"]},
        ),
        ({"mbox_sha1sum": "a" * 40}, {"objectType": "Person", "mbox_sha1sum": ["a" * 40]}),
        ({"openid": "http://ada.example.org"}, {"objectType": "Person", "openid": ["http://ada.example.org"]}),
        (
            {"account": {"homePage": "http://testserver", "name": "3f2a"}},
            {"objectType": "Person", "account": [{"homePage": "http://testserver", "name": "3f2a"}]},
        ),
    ],
)
@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_agents_returns_the_person_of_the_agent(get, agent, person, version):
    response = get("/xapi/agents", {"agent": agent}, version=version)
    assert response.status_code == 200
    assert response.json() == person
    assert response["Content-Type"] == "application/json"
    assert response["X-Experience-API-Version"] == version
    assert response["ETag"].startswith('"')


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({}, "agent parameter is required"),
        ({"agent": "not json"}, "not valid JSON"),
        ({"agent": {"mbox": "ada@example.org"}}, "agent.mbox"),
        ({"agent": {"name": "nobody"}}, "exactly one"),
        ({"agent": {"objectType": "Group", "mbox": "mailto:team@example.org"}}, "an Agent, not a Group"),
        ({"agent": {"mbox": "mailto:ada@example.org"}, "Agent": "x"}, "did you mean 'agent'"),
    ],
)
def test_agents_bad_input_is_400(get, params, fragment):
    response = get("/xapi/agents", params)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_agents_head_and_methods(get):
    params = {"agent": {"mbox": "mailto:ada@example.org"}}
    head = get("/xapi/agents", params, method="HEAD")
    assert head.status_code == 200 and head.content == b""
    assert get("/xapi/agents", params, method="POST").status_code == 405
    assert get("/xapi/agents", params, method="DELETE").status_code == 405


def test_agents_needs_credentials(client):
    response = client.get("/xapi/agents?" + urlencode({"agent": '{"mbox": "mailto:a@example.org"}'}),
                          HTTP_X_EXPERIENCE_API_VERSION="1.0.3")  # fmt: skip
    assert response.status_code == 401


# --- activities --------------------------------------------------------------------------------------------------


def test_an_unknown_activity_is_still_an_activity_object(get):
    response = get("/xapi/activities", {"activityId": ACTIVITY})
    assert response.status_code == 200
    assert response.json() == {"objectType": "Activity", "id": ACTIVITY}


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_a_known_activity_returns_its_canonical_definition(get, version):
    Activity.objects.create(activity_id=ACTIVITY, definition=DEFINITION)
    response = get("/xapi/activities", {"activityId": ACTIVITY}, version=version)
    assert response.json() == {"objectType": "Activity", "id": ACTIVITY, "definition": DEFINITION}
    assert response["X-Experience-API-Version"] == version


def test_an_activity_learned_from_a_statement(client, auth, get):
    statement = {
        "actor": {"mbox": "mailto:ada@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": ACTIVITY, "definition": DEFINITION},
    }
    posted = client.post("/xapi/statements", json.dumps(statement), content_type="application/json",
                         HTTP_AUTHORIZATION=auth, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")  # fmt: skip
    assert posted.status_code == 200
    assert get("/xapi/activities", {"activityId": ACTIVITY}).json()["definition"] == DEFINITION


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({}, "activityId parameter is required"),
        ({"activityId": "lesson 1"}, "Invalid activityId"),
        ({"activityId": ACTIVITY, "agent": {"mbox": "mailto:a@example.org"}}, "Unexpected parameter(s) 'agent'"),
    ],
)
def test_activities_bad_input_is_400(get, params, fragment):
    response = get("/xapi/activities", params)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_activities_is_read_only(get, method):
    assert get("/xapi/activities", {"activityId": ACTIVITY}, method=method).status_code == 405


# --- about -------------------------------------------------------------------------------------------------------


def test_about_needs_neither_credentials_nor_a_version_header(client):
    response = client.get("/xapi/about")
    assert response.status_code == 200
    assert response.json() == {"version": ["1.0.3", "2.0.0"], "extensions": {}}
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_about_does_not_reject_any_version_header(client):
    """Communication 2.8: "An LRS MUST NOT reject requests based on their version header"."""
    for version in ("0.9", "1.1.0", "nonsense", "2.0.0"):
        assert client.get("/xapi/about", HTTP_X_EXPERIENCE_API_VERSION=version).status_code == 200


def test_about_head_methods_and_parameters(client):
    head = client.head("/xapi/about")
    assert head.status_code == 200 and head.content == b""
    assert client.post("/xapi/about").status_code == 405
    assert client.get("/xapi/about?foo=bar").status_code == 400


def test_other_resources_require_the_version_header(client, auth):
    response = client.get("/xapi/activities?" + urlencode({"activityId": ACTIVITY}), HTTP_AUTHORIZATION=auth)
    assert response.status_code == 400
    assert response["X-Experience-API-Version"] == "1.0.3"
