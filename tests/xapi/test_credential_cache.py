import base64

import orjson
import pytest

from tests.xapi.conftest import make_statement
from xapi import http
from xapi.clients import lrs_client_create
from xapi.models import LrsClient

pytestmark = pytest.mark.django_db


def _post(client, key, secret):
    auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
    return client.post("/xapi/statements", orjson.dumps(make_statement()), content_type="application/json",
                       HTTP_AUTHORIZATION=auth, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")  # fmt: skip


def test_a_credential_is_looked_up_once_per_cache_period(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _client, secret = lrs_client_create(name="cache", key="cache", scopes=["all"])
    assert _post(client, "cache", secret).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert _post(client, "cache", secret).status_code == 200
    assert captured.captured_queries  # the statement was stored...
    assert not any("xapi_lrsclient" in q["sql"] for q in captured.captured_queries)  # ...without a credential lookup


def test_a_revocation_takes_effect_when_the_cache_period_ends(client, monkeypatch):
    _client, secret = lrs_client_create(name="revoked", key="revoked", scopes=["all"])
    assert _post(client, "revoked", secret).status_code == 200
    LrsClient.objects.filter(key="revoked").update(is_active=False)  # e.g. from another process
    now = http.time.monotonic()
    monkeypatch.setattr(http.time, "monotonic", lambda: now + http.CLIENT_CACHE_SECONDS + 1)
    assert _post(client, "revoked", secret).status_code == 401


def test_unknown_keys_are_cached_too_but_creating_the_key_here_is_seen_at_once(client):
    assert _post(client, "later", "x" * 40).status_code == 401
    _client, secret = lrs_client_create(name="later", key="later", scopes=["all"])
    assert _post(client, "later", secret).status_code == 200
