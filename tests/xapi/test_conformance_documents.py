"""The parameter matrix of the document resources over real HTTP (Communication 2.3, 2.6, 2.7: XAPI-00196…00235,
XAPI-00255…00314; docs/xapi-conformance.md). Case ids start with the requirement id."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from xapi.models import Document

pytestmark = pytest.mark.django_db

STATE, ACTIVITY_PROFILE, AGENT_PROFILE = "/xapi/activities/state", "/xapi/activities/profile", "/xapi/agents/profile"
ACTIVITY = "http://example.org/activities/lesson-1"
AGENT = {"objectType": "Agent", "mbox": "mailto:learner@example.org"}


def call(lrs, method: str, path: str, params: dict, body: bytes = b'{"a": 1}', **headers):
    query = urlencode({k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()})
    extra = {f"HTTP_{name.upper()}": value for name, value in headers.items()}
    return lrs.client.generic(
        method, f"{path}?{query}", body, content_type="application/json", **lrs.headers(), **extra
    )


def state(**changes) -> dict:
    params = {"activityId": ACTIVITY, "agent": AGENT, "stateId": "s", **changes}
    return {k: v for k, v in params.items() if v is not None}


SINCE = "2020-01-01T00:00:00Z"
BAD = [
    ("XAPI-00196 DELETE agent not JSON", "DELETE", STATE, state(agent="not json")),
    ("XAPI-00197 GET agent not JSON", "GET", STATE, state(agent="not json")),
    ("XAPI-00198 POST agent not JSON", "POST", STATE, state(agent="{mbox")),
    ("XAPI-00199 PUT agent not JSON", "PUT", STATE, state(agent="mailto:a@example.org")),
    ("XAPI-00200 DELETE registration not a UUID", "DELETE", STATE, state(registration="abc")),
    ("XAPI-00201 GET registration not a UUID", "GET", STATE, state(registration="abc")),
    ("XAPI-00202 POST registration not a UUID", "POST", STATE, state(registration="abc")),
    ("XAPI-00203 PUT registration not a UUID", "PUT", STATE, state(registration="abc")),
    ("XAPI-00204 GET since not a timestamp", "GET", STATE, state(stateId=None, since="yesterday")),
    ("XAPI-00206 PUT without stateId", "PUT", STATE, state(stateId=None)),
    ("XAPI-00207 DELETE without activityId", "DELETE", STATE, state(activityId=None)),
    ("XAPI-00208 GET without activityId", "GET", STATE, state(activityId=None)),
    ("XAPI-00209 POST without activityId", "POST", STATE, state(activityId=None)),
    ("XAPI-00210 PUT without activityId", "PUT", STATE, state(activityId=None)),
    ("XAPI-00211 POST without stateId", "POST", STATE, state(stateId=None)),
    ("XAPI-00212 DELETE without agent", "DELETE", STATE, state(agent=None)),
    ("XAPI-00213 GET without agent", "GET", STATE, state(agent=None)),
    ("XAPI-00214 POST without agent", "POST", STATE, state(agent=None)),
    ("XAPI-00215 PUT without agent", "PUT", STATE, state(agent=None)),
    ("XAPI-00255 DELETE agent not an Agent", "DELETE", AGENT_PROFILE, {"agent": {"name": "x"}, "profileId": "p"}),
    ("XAPI-00256 POST agent not an Agent", "POST", AGENT_PROFILE, {"agent": "true", "profileId": "p"}),
    ("XAPI-00257 PUT agent not an Agent", "PUT", AGENT_PROFILE, {"agent": {"mbox": "a@e.org"}, "profileId": "p"}),
    ("XAPI-00258 GET agent not an Agent", "GET", AGENT_PROFILE, {"agent": "[]", "profileId": "p"}),
    ("XAPI-00260 GET since not a timestamp", "GET", AGENT_PROFILE, {"agent": AGENT, "since": "01/011/2015"}),
    ("XAPI-00261 GET without agent", "GET", AGENT_PROFILE, {"profileId": "p"}),
    ("XAPI-00262 DELETE without agent", "DELETE", AGENT_PROFILE, {"profileId": "p"}),
    ("XAPI-00263 POST without agent", "POST", AGENT_PROFILE, {"profileId": "p"}),
    ("XAPI-00264 PUT without agent", "PUT", AGENT_PROFILE, {"profileId": "p"}),
    ("XAPI-00265 DELETE without profileId", "DELETE", AGENT_PROFILE, {"agent": AGENT}),
    ("XAPI-00266 POST without profileId", "POST", AGENT_PROFILE, {"agent": AGENT}),
    ("XAPI-00267 PUT without profileId", "PUT", AGENT_PROFILE, {"agent": AGENT}),
    ("XAPI-00295 GET since not a timestamp", "GET", ACTIVITY_PROFILE, {"activityId": ACTIVITY, "since": "x"}),
    ("XAPI-00296 GET without activityId", "GET", ACTIVITY_PROFILE, {"profileId": "p"}),
    ("XAPI-00297 DELETE without activityId", "DELETE", ACTIVITY_PROFILE, {"profileId": "p"}),
    ("XAPI-00298 POST without activityId", "POST", ACTIVITY_PROFILE, {"profileId": "p"}),
    ("XAPI-00299 PUT without activityId", "PUT", ACTIVITY_PROFILE, {"profileId": "p"}),
    ("XAPI-00300 DELETE without profileId", "DELETE", ACTIVITY_PROFILE, {"activityId": ACTIVITY}),
    ("XAPI-00301 POST without profileId", "POST", ACTIVITY_PROFILE, {"activityId": ACTIVITY}),
    ("XAPI-00302 PUT without profileId", "PUT", ACTIVITY_PROFILE, {"activityId": ACTIVITY}),
    ("XAPI-00304 GET agent is not a parameter here", "GET", ACTIVITY_PROFILE, {"activityId": ACTIVITY, "agent": "x"}),
]


@pytest.mark.parametrize(("case", "method", "path", "params"), BAD, ids=[case[0] for case in BAD])
def test_bad_parameters_are_400_and_change_nothing(lrs, case, method, path, params):
    call(lrs, "PUT", STATE, state(stateId="kept"))
    response = call(lrs, method, path, params)
    assert response.status_code == 400, response.content
    assert response.json()["message"]
    assert list(Document.objects.values_list("document_id", flat=True)) == ["kept"]


@pytest.mark.parametrize("method", ["PUT", "POST", "GET", "DELETE"])
def test_xapi_00218_00219_00220_00227_state_accepts_a_registration(lrs, method):
    registration = str(uuid.uuid4())
    call(lrs, "PUT", STATE, state(registration=registration), b'{"a": 1}')
    response = call(lrs, method, STATE, state(registration=registration), b'{"b": 2}')
    assert response.status_code == (200 if method == "GET" else 204)


def test_xapi_00221_00222_00268_00275_00294_00303_lists_since(lrs):
    for path, params in (
        (STATE, state(stateId=None)),
        (AGENT_PROFILE, {"agent": AGENT}),
        (ACTIVITY_PROFILE, {"activityId": ACTIVITY}),
    ):
        key = "stateId" if path == STATE else "profileId"
        call(lrs, "PUT", path, {**params, key: "old"})
        Document.objects.filter(document_id="old").update(updated=timezone.now() - timedelta(hours=1))
        call(lrs, "PUT", path, {**params, key: "new"})
        since = (timezone.now() - timedelta(minutes=5)).isoformat()
        assert call(lrs, "GET", path, params).json() == ["new", "old"]
        assert call(lrs, "GET", path, {**params, "since": since}).json() == ["new"]
        Document.objects.all().delete()


def test_xapi_00205_00223_state_delete_with_since(lrs):
    call(lrs, "PUT", STATE, state())
    assert call(lrs, "DELETE", STATE, state(stateId=None, since="yesterday")).status_code == 400
    assert call(lrs, "DELETE", STATE, state(stateId=None, since=SINCE)).status_code == 204


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (STATE, state()),
        (AGENT_PROFILE, {"agent": AGENT, "profileId": "p"}),
        (ACTIVITY_PROFILE, {"activityId": ACTIVITY, "profileId": "p"}),
    ],
)
def test_xapi_00229_00232_00235_00278_00281_00284_00309_00313_00314_merges_need_json_objects(lrs, path, params):
    call(lrs, "POST", path, params, b'{"a": 1}')
    for body, content_type in ((b'{"a": ', "application/json"), (b"[1]", "application/json"), (b"x", "text/plain")):
        response = lrs.client.post(
            f"{path}?{urlencode({k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()})}",
            body,
            content_type=content_type,
            **lrs.headers(),
        )
        assert response.status_code == 400
    assert call(lrs, "GET", path, params).json() == {"a": 1}
    assert call(lrs, "POST", path, params, b'{"b": 2}').status_code == 204
    assert call(lrs, "GET", path, params).json() == {"a": 1, "b": 2}
