"""Independent xAPI clients round-trip statements and documents over real HTTP (live server)."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import require
from xapi.clients import lrs_client_create
from xapi.models import Document, Statement

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def credentials(transactional_db):
    _client, secret = lrs_client_create(name="external", key=f"ext-{uuid.uuid4().hex[:6]}", scopes=["all"])
    return _client.key, secret


def test_tincan_objects_round_trip_over_http(live_server, credentials):
    from tincan import Activity, Agent, AgentAccount, LanguageMap, RemoteLRS, Result, StateDocument, Verb
    from tincan import Statement as TincanStatement

    key, secret = credentials
    lrs = RemoteLRS(endpoint=f"{live_server.url}/xapi/", username=key, password=secret, version="1.0.3")
    agent = Agent(account=AgentAccount(home_page="https://example.org", name="tincan-learner"))
    statement = TincanStatement(
        id=uuid.uuid4(),
        actor=agent,
        verb=Verb(id="http://adlnet.gov/expapi/verbs/experienced", display=LanguageMap({"en-US": "experienced"})),
        object=Activity(id="https://example.org/activities/tincan-lesson"),
        result=Result(duration=timedelta(minutes=3), completion=True),
        timestamp=datetime(2026, 11, 1, 10, 0, tzinfo=UTC),
    )
    saved = lrs.save_statement(statement)
    assert saved.success, saved.data
    fetched = lrs.retrieve_statement(statement.id)
    assert fetched.success, fetched.data
    assert fetched.content.verb.id == "http://adlnet.gov/expapi/verbs/experienced"
    assert fetched.content.result.duration == timedelta(minutes=3)
    query = lrs.query_statements({"agent": agent, "limit": 5})
    assert query.success and [str(s.id) for s in query.content.statements] == [str(statement.id)]
    state = lrs.save_state(StateDocument(
        id="resume", activity=Activity(id="https://example.org/activities/tincan-lesson"), agent=agent,
        content='{"page": 2}', content_type="application/json"))  # fmt: skip
    assert state.success, state.data
    back = lrs.retrieve_state(Activity(id="https://example.org/activities/tincan-lesson"), agent, "resume")
    assert back.success and json.loads(back.content.content) == {"page": 2}
    assert Statement.objects.filter(statement_id=statement.id).exists()


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_npm_xapi_client_round_trip(live_server, credentials, version):
    node = shutil.which("node")
    require(node is not None, "Node.js is not installed")
    require((ROOT / "node_modules/@xapi/xapi").is_dir(), "npm dev dependencies are not installed (npm ci)")
    key, secret = credentials
    result = subprocess.run(
        [node, str(ROOT / "tests/integration/xapi_client_roundtrip.mjs"), f"{live_server.url}/xapi/", key, secret,
         version],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["fetchedVerb"] == "http://adlnet.gov/expapi/verbs/completed"
    assert out["fetchedDuration"] == "PT4M20S"
    assert out["listedIds"] == [out["sentId"]]
    assert out["voidedId"] == out["sentId"]
    assert out["state"] == {"page": 3}
    assert "1.0.3" in out["versions"] and "2.0.0" in out["versions"]
    assert Statement.objects.get(statement_id=out["sentId"]).voided
    assert Document.objects.filter(document_id="resume").exists()
