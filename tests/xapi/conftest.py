"""An LRS client over real HTTP requests (Django's test client): Basic credentials and the version header."""

from __future__ import annotations

import base64
import uuid

import orjson
import pytest

from xapi.clients import lrs_client_create


class LrsHttp:
    def __init__(self, client, key: str, secret: str, version: str = "1.0.3"):
        self.client, self.version = client, version
        self.auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()

    def headers(self, version: str | None = None, **extra) -> dict:
        headers = {"HTTP_AUTHORIZATION": self.auth, "HTTP_X_EXPERIENCE_API_VERSION": version or self.version}
        headers.update(extra)
        return {k: v for k, v in headers.items() if v is not None}

    def post(self, data, *, version=None, path="/xapi/statements", **extra):
        body = data if isinstance(data, bytes) else orjson.dumps(data)
        return self.client.post(path, body, content_type="application/json", **self.headers(version, **extra))

    def put(self, statement_id, data, *, version=None, **extra):
        body = data if isinstance(data, bytes) else orjson.dumps(data)
        path = f"/xapi/statements?statementId={statement_id}"
        return self.client.put(path, body, content_type="application/json", **self.headers(version, **extra))

    def get(self, params: dict | None = None, *, version=None, path="/xapi/statements", **extra):
        return self.client.get(path, params or {}, **self.headers(version, **extra))


@pytest.fixture
def lrs(client, db):
    _client, secret = lrs_client_create(name="test", key="test-key", scopes=["all"])
    return LrsHttp(client, "test-key", secret)


@pytest.fixture
def lrs_factory(client, db):
    def make(*scopes: str, version: str = "1.0.3") -> LrsHttp:
        key = f"key-{uuid.uuid4().hex[:8]}"
        _client, secret = lrs_client_create(name=key, key=key, scopes=list(scopes))
        return LrsHttp(client, key, secret, version)

    return make


def make_statement(n: int = 0, **overrides) -> dict:
    statement = {
        "actor": {"objectType": "Agent", "mbox": f"mailto:learner{n}@example.org", "name": f"Learner {n}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "experienced"}},
        "object": {
            "objectType": "Activity",
            "id": f"http://example.org/activities/lesson-{n}",
            "definition": {"name": {"fr-FR": f"Leçon {n}", "en-US": f"Lesson {n}"}},
        },
    }
    statement.update(overrides)
    return statement
