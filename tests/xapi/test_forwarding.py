"""The outbox forwarder against a fake external LRS: a real local HTTP server (``http.server`` in a thread).

The fake behaves like a strict LRS (stores by id; same id and equivalent = accepted, different = 409; a statement
whose object id contains "reject" = 400 for the whole batch) and can be scripted to answer given status codes
first. The real thing, a second instance of this LRS and a real worker, is tests/integration/
test_forwarding_second_lrs.py.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from tests.factories import UserFactory
from tests.xapi.conftest import make_statement
from xapi import forwarding
from xapi.equivalence import statements_equivalent
from xapi.forward_tasks import outbox_forward_task
from xapi.forwarding import outbox_forward, outbox_resend
from xapi.http import platform
from xapi.models import ForwardDestination, OutboxEntry, OutboxState, Statement
from xapi.multipart import parse_multipart_mixed
from xapi.statements import statements_store

pytestmark = pytest.mark.django_db


class FakeLrs(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script: list[int | str] = []  # answers given before the normal behaviour: a status, or "hangup"
        self.requests: list[tuple[str, str, bytes, dict]] = []  # method, path + query, body, headers
        self.stored: dict[str, dict] = {}
        self.lock = threading.Lock()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/xapi/"

    def posts(self) -> list[list[dict]]:
        return [orjson.loads(body) for method, _path, body, _headers in self.requests if method == "POST"]


class _Handler(BaseHTTPRequestHandler):
    server: FakeLrs

    def log_message(self, *args) -> None:  # quiet
        pass

    def _answer(self, status: int, body: object = None) -> None:
        data = orjson.dumps(body) if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Experience-API-Version", "1.0.3")
        self.end_headers()
        self.wfile.write(data)

    def _scripted(self) -> bool:
        with self.server.lock:
            step = self.server.script.pop(0) if self.server.script else None
        if step is None:
            return False
        if step == "hangup":  # accept the request and close the connection without an answer
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        self._answer(int(step), {"error": f"scripted {step}"})
        return True

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append(("POST", self.path, body, dict(self.headers)))
        if self._scripted():
            return
        if self.headers["Content-Type"].startswith("multipart/mixed"):
            body, _parts = parse_multipart_mixed(body, self.headers["Content-Type"])
        statements = orjson.loads(body)
        for statement in statements:
            if "reject" in statement["object"]["id"]:
                return self._answer(400, {"error": f"invalid statement {statement['id']}"})
        with self.server.lock:
            for statement in statements:
                held = self.server.stored.get(statement["id"])
                if held is not None and not statements_equivalent(held, statement):
                    return self._answer(409, {"error": f"conflict on {statement['id']}"})
            for statement in statements:
                self.server.stored.setdefault(statement["id"], statement)
        self._answer(200, [s["id"] for s in statements])

    def do_GET(self) -> None:
        self.server.requests.append(("GET", self.path, b"", dict(self.headers)))
        if self._scripted():
            return
        query = parse_qs(urlsplit(self.path).query)
        statement = self.server.stored.get(query.get("statementId", [""])[0])
        if statement is None:
            return self._answer(404, {"error": "not found"})
        self._answer(200, statement)


@pytest.fixture
def fake_lrs():
    server = FakeLrs()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def forwarding_on(fake_lrs, settings):
    settings.XAPI_FORWARD_ENDPOINT = fake_lrs.endpoint
    settings.XAPI_FORWARD_USERNAME = "forwarder"
    settings.XAPI_FORWARD_PASSWORD = "secret"
    settings.XAPI_FORWARD_BATCH_SIZE = 100
    settings.XAPI_FORWARD_MAX_BACKOFF = 600
    settings.XAPI_FORWARD_DEAD_LETTER_ALERT = 10
    settings.XAPI_FORWARD_LEASE = 120
    return fake_lrs


def store(count: int, *, start: int = 0, reject: tuple[int, ...] = ()) -> list[str]:
    statements = []
    for n in range(start, start + count):
        statement = make_statement(n, id=str(uuid.uuid4()))
        if n in reject:
            statement["object"]["id"] = f"http://example.org/activities/reject-{n}"
        statements.append(statement)
    return statements_store(statements=statements, authority=platform(), version="1.0.3")


def states() -> dict[str, str]:
    return {str(sid): state for sid, state in OutboxEntry.objects.values_list("statement__statement_id", "state")}


def make_due() -> None:
    """As if time had passed: every pending row and the destination's backoff are due now."""
    past = timezone.now() - timedelta(seconds=1)
    OutboxEntry.objects.filter(state=OutboxState.PENDING).update(due_at=past)
    ForwardDestination.objects.update(retry_at=None)


def test_forwarding_off_does_nothing(settings):
    settings.XAPI_FORWARD_ENDPOINT = ""
    store(2)
    assert OutboxEntry.objects.count() == 0
    assert outbox_forward().claimed == 0


def test_a_batch_is_the_stored_json_joined_byte_for_byte_in_id_order(forwarding_on):
    ids = store(3) + store(2, start=3)
    report = outbox_forward()
    assert (report.claimed, report.sent, report.requests) == (5, 5, 1)
    [(method, path, body, headers)] = forwarding_on.requests
    assert (method, path) == ("POST", "/xapi/statements")
    payloads = Statement.objects.order_by("pk").values_list("payload", flat=True)
    assert body == b"[" + b",".join(p.encode() for p in payloads) + b"]"
    assert headers["X-Experience-API-Version"] == "1.0.3"
    assert headers["Authorization"].startswith("Basic ")
    assert [s["id"] for s in orjson.loads(body)] == ids
    assert set(states().values()) == {"sent"}
    assert OutboxEntry.objects.filter(sent_at__isnull=True).count() == 0
    assert outbox_forward().claimed == 0  # nothing due any more


def test_statements_stored_with_2_0_travel_with_a_2_0_header(forwarding_on):
    first = store(1)
    v2 = statements_store(statements=[make_statement(9)], authority=platform(), version="2.0.0")
    last = store(1, start=10)
    report = outbox_forward()
    assert report.sent == 3 and report.requests == 3  # runs of one version share a request, in id order
    versions = [headers["X-Experience-API-Version"] for _m, _p, _b, headers in forwarding_on.requests]
    assert versions == ["1.0.3", "2.0.0", "1.0.3"]
    assert [s["id"] for s in forwarding_on.posts()[1]] == v2 and first != last


def test_batches_respect_the_batch_size(forwarding_on, settings):
    settings.XAPI_FORWARD_BATCH_SIZE = 4
    store(10)
    assert [outbox_forward().sent for _ in range(4)] == [4, 4, 2, 0]
    assert [len(batch) for batch in forwarding_on.posts()] == [4, 4, 2]


def test_a_400_is_split_until_the_bad_statement_is_alone(forwarding_on):
    ids = store(8, reject=(5,))
    report = outbox_forward()
    assert (report.sent, report.dead) == (7, 1)
    # [0..7] 400 → [0..3] 200, [4..7] 400 → [4,5] 400 → [4] 200, [5] 400 → [6,7] 200
    assert [len(batch) for batch in forwarding_on.posts()] == [8, 4, 4, 2, 1, 1, 2]
    dead = OutboxEntry.objects.get(state=OutboxState.DEAD)
    assert str(dead.statement.statement_id) == ids[5]
    assert "HTTP 400" in dead.last_error and f"invalid statement {ids[5]}" in dead.last_error
    assert dead.attempts == 1
    assert set(forwarding_on.stored) == set(ids) - {ids[5]}
    assert ForwardDestination.objects.get().failures == 0


def test_401_pauses_the_destination_without_burning_attempts_and_alerts(forwarding_on, caplog):
    store(3)
    forwarding_on.script = [401]
    with caplog.at_level(logging.ERROR, logger="xapi.forwarding"):
        report = outbox_forward()
    assert report.paused and report.sent == report.dead == 0
    assert set(OutboxEntry.objects.values_list("state", "attempts")) == {("pending", 0)}
    assert OutboxEntry.objects.filter(due_at__gt=timezone.now()).count() == 0  # released, not leased
    destination = ForwardDestination.objects.get()
    assert destination.paused_at is not None and "HTTP 401" in destination.last_error
    assert AuditEntry.objects.filter(action="xapi.forward.paused").count() == 1
    assert any(r.levelno == logging.ERROR and "paused" in r.getMessage() for r in caplog.records)

    assert outbox_forward().paused  # paused: no request at all
    assert len(forwarding_on.requests) == 1

    forwarding.outbox_destination_resume(destination=destination, actor=None)
    assert outbox_forward().sent == 3
    assert AuditEntry.objects.filter(action="xapi.forward.resumed").count() == 1


def test_403_pause_lifts_itself_when_the_credentials_change(forwarding_on, settings):
    store(2)
    forwarding_on.script = [403]
    assert outbox_forward().paused
    assert outbox_forward().paused
    settings.XAPI_FORWARD_PASSWORD = "the-new-secret"
    assert outbox_forward().sent == 2


def test_409_with_an_equivalent_statement_is_success(forwarding_on):
    [statement_id] = store(1)
    ours = orjson.loads(Statement.objects.get().payload)
    theirs = {**ours, "stored": "2020-01-01T00:00:00.000Z", "authority": {"mbox": "mailto:other@example.org"}}
    theirs["verb"] = {**ours["verb"], "display": {"fr-FR": "a vécu"}}  # display is not part of the statement
    forwarding_on.stored[statement_id] = theirs
    forwarding_on.script = [409]  # an LRS that answers 409 even to an equivalent statement
    report = outbox_forward()
    assert (report.sent, report.dead) == (1, 0)
    assert [r[:2] for r in forwarding_on.requests] == [
        ("POST", "/xapi/statements"),
        ("GET", f"/xapi/statements?statementId={statement_id}"),
    ]


def test_409_with_a_different_statement_is_a_dead_letter_and_a_batch_is_split(forwarding_on):
    ids = store(4)
    different = orjson.loads(Statement.objects.get(statement_id=ids[2]).payload)
    different["verb"] = {"id": "http://adlnet.gov/expapi/verbs/completed"}
    forwarding_on.stored[ids[2]] = different
    report = outbox_forward()
    assert (report.sent, report.dead) == (3, 1)
    dead = OutboxEntry.objects.get(state=OutboxState.DEAD)
    assert str(dead.statement.statement_id) == ids[2]
    assert "HTTP 409" in dead.last_error and "different statement" in dead.last_error
    assert forwarding_on.stored[ids[2]] == different  # theirs is untouched


@pytest.mark.parametrize("answer", [500, 503, 502, 429, "hangup"])
def test_transient_failures_back_off_per_destination_up_to_the_ceiling(forwarding_on, settings, answer):
    settings.XAPI_FORWARD_MAX_BACKOFF = 4
    store(3)
    for expected in [1, 2, 4, 4, 4]:  # seconds: doubling up to the ceiling
        forwarding_on.script = [answer]
        before = timezone.now()
        report = outbox_forward()
        after = timezone.now()
        assert report.deferred == 3 and report.sent == report.dead == 0
        destination = ForwardDestination.objects.get()
        # the wait starts when the failure is recorded, somewhere between `before` and `after` (a loaded machine
        # can take more than half a second to get the answer): retry_at - expected lies in that interval
        waited_from = destination.retry_at - timedelta(seconds=expected)
        assert before - timedelta(milliseconds=50) <= waited_from <= after + timedelta(milliseconds=50)
        assert not outbox_forward().claimed  # the destination waits: nothing claimed, no request
        make_due()
    assert set(OutboxEntry.objects.values_list("state", "attempts")) == {("pending", 5)}
    assert len(forwarding_on.requests) == 5
    assert outbox_forward().sent == 3
    destination = ForwardDestination.objects.get()
    assert destination.failures == 0 and destination.retry_at is None and destination.last_success_at


def test_connection_refused_is_transient(forwarding_on, settings):
    store(2)
    forwarding_on.shutdown()
    forwarding_on.server_close()  # nothing listens on the port any more
    report = outbox_forward()
    assert report.deferred == 2 and "ConnectError" in report.error
    assert not OutboxEntry.objects.filter(state=OutboxState.DEAD).exists()


def test_a_crash_between_sending_and_marking_is_resent_and_accepted_by_id(forwarding_on, monkeypatch):
    ids = store(5)

    def crash(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(forwarding, "_record", crash)
    with pytest.raises(SystemExit):
        outbox_forward()
    monkeypatch.undo()
    assert set(forwarding_on.stored) == set(ids)  # delivered...
    assert set(states().values()) == {"pending"}  # ...but not marked: leased, not due until the lease ends
    assert outbox_forward().claimed == 0
    make_due()  # the lease ended
    report = outbox_forward()
    assert report.sent == 5
    assert len(forwarding_on.posts()) == 2 and forwarding_on.posts()[0] == forwarding_on.posts()[1]
    assert len(forwarding_on.stored) == 5  # each statement once at the destination


def test_results_are_written_only_while_the_lease_is_ours(forwarding_on, monkeypatch):
    store(2)
    real_post = forwarding.post_statements

    def slow_post(client, body, **kwargs):
        # meanwhile our lease ran out and another forwarder claimed the rows
        OutboxEntry.objects.update(due_at=timezone.now() + timedelta(minutes=5))
        return real_post(client, body, **kwargs)

    monkeypatch.setattr(forwarding, "post_statements", slow_post)
    report = outbox_forward()
    assert report.claimed == 2 and report.sent == 0
    assert set(states().values()) == {"pending"}  # the other forwarder will record its own result


def test_dead_letters_past_the_threshold_alert_once(forwarding_on, settings, caplog):
    settings.XAPI_FORWARD_DEAD_LETTER_ALERT = 2
    store(4, reject=(1,))
    outbox_forward()
    assert not AuditEntry.objects.filter(action="xapi.forward.dead_letters").exists()
    store(4, start=10, reject=(12, 13))
    with caplog.at_level(logging.ERROR, logger="xapi.forwarding"):
        outbox_forward()
    assert OutboxEntry.objects.filter(state=OutboxState.DEAD).count() == 3
    [alert] = AuditEntry.objects.filter(action="xapi.forward.dead_letters")
    assert alert.data["dead"] == 3
    assert any("dead letters" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)


def test_resend_puts_dead_letters_back_with_attempts_reset(forwarding_on):
    ids = store(2, reject=(1,))
    outbox_forward()
    dead = OutboxEntry.objects.get(state=OutboxState.DEAD)
    sent = OutboxEntry.objects.get(state=OutboxState.SENT)
    assert outbox_resend(entry_ids=[dead.pk, sent.pk]) == 1  # only dead letters move
    dead.refresh_from_db()
    assert (dead.state, dead.attempts, dead.last_error) == ("pending", 0, "")
    assert AuditEntry.objects.filter(action="xapi.forward.resent").count() == 1
    report = outbox_forward()  # still rejected by this LRS: dead again, with its answer
    assert report.dead == 1 and states()[ids[1]] == "dead"


def test_the_task_drains_every_due_batch(forwarding_on, settings):
    settings.XAPI_FORWARD_BATCH_SIZE = 40
    store(100)
    totals = outbox_forward_task.apply().get()
    assert totals == {"batches": 3, "sent": 100, "dead": 0, "deferred": 0}
    assert len(forwarding_on.stored) == 100


def test_the_task_stops_when_the_destination_fails(forwarding_on, settings):
    settings.XAPI_FORWARD_BATCH_SIZE = 10
    store(30)
    forwarding_on.script = [503]
    totals = outbox_forward_task.apply().get()
    assert totals == {"batches": 1, "sent": 0, "dead": 0, "deferred": 10}
    assert len(forwarding_on.requests) == 1


def test_admin_shows_a_destination_that_backs_off(forwarding_on, client, national_admin):
    store(1)
    forwarding_on.script = [503]
    outbox_forward()
    client.force_login(national_admin)
    page = client.get(reverse("xapi_forwarding:index"))
    assert page.status_code == 200 and "scripted 503" in page.content.decode()


# --- Wagtail admin --------------------------------------------------------------------------------------------


def test_admin_lists_dead_letters_and_resends_them(forwarding_on, client, national_admin):
    ids = store(3, reject=(2,))
    outbox_forward()
    client.force_login(national_admin)
    page = client.get(reverse("xapi_forwarding:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert ids[2] in html and ids[0] not in html  # only the dead letter is listed
    assert 'data-count="dead">1<' in html and 'data-count="sent">2<' in html
    dead = OutboxEntry.objects.get(state=OutboxState.DEAD)
    response = client.post(reverse("xapi_forwarding:resend"), {"entry": [dead.pk]})
    assert response.status_code == 302
    dead.refresh_from_db()
    assert dead.state == OutboxState.PENDING and dead.attempts == 0
    assert AuditEntry.objects.get(action="xapi.forward.resent").actor == national_admin


def test_admin_resumes_a_paused_destination(forwarding_on, client, national_admin):
    store(1)
    forwarding_on.script = [401]
    outbox_forward()
    destination = ForwardDestination.objects.get()
    client.force_login(national_admin)
    resume = reverse("xapi_forwarding:resume", args=[destination.pk])
    assert resume in client.get(reverse("xapi_forwarding:index")).content.decode()
    assert client.post(resume).status_code == 302
    destination.refresh_from_db()
    assert destination.paused_at is None
    assert outbox_forward().sent == 1


@pytest.mark.parametrize("role", ["partner_author", "learner"])
def test_admin_is_for_the_national_administration_only(forwarding_on, client, request, role):
    store(1, reject=(0,))
    outbox_forward()
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("xapi_forwarding:index"))
    # Wagtail turns PermissionDenied into a redirect (to the dashboard, or to the login for non-admin users)
    assert page.status_code == 302 and page["Location"] != reverse("xapi_forwarding:index")
    assert client.post(reverse("xapi_forwarding:resend"), {"all": "1"}).status_code == 302
    assert OutboxEntry.objects.get().state == OutboxState.DEAD  # not resent
    assert not AuditEntry.objects.filter(action="xapi.forward.resent").exists()


def test_admin_is_open_to_superusers(forwarding_on, client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("xapi_forwarding:index")).status_code == 200


def test_admin_menu_shows_the_page_to_national_admins_only(client, national_admin, partner_author):
    url = reverse("xapi_forwarding:index")
    client.force_login(national_admin)
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(partner_author)
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_beat_schedule_runs_the_forwarder_on_its_own_queue(settings):
    from config.celery import app

    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("outbox_forward_task")]
    assert entry["task"] in app.tasks and entry["task"] == outbox_forward_task.name
    assert app.amqp.router.route({}, entry["task"])["queue"].name == "xapi-forward"
    assert entry["schedule"] <= 10


def test_attachments_travel_with_their_statement_as_multipart(forwarding_on):
    import hashlib

    content = "Feuille d'émargement".encode()
    sha2 = hashlib.sha256(content).hexdigest()
    attachment = {"usageType": "http://example.org/usage/evidence", "display": {"fr-FR": "Preuve"},
                  "contentType": "text/plain", "length": len(content), "sha2": sha2}  # fmt: skip
    statement = make_statement(1, attachments=[attachment])
    statements_store(statements=[statement], authority=platform(), version="1.0.3",
                     attachments={sha2: ("text/plain", content)})  # fmt: skip
    assert outbox_forward().sent == 1
    [(_method, _path, body, headers)] = forwarding_on.requests
    assert headers["Content-Type"].startswith("multipart/mixed")
    json_part, parts = parse_multipart_mixed(body, headers["Content-Type"])
    assert parts == {sha2: ("text/plain", content)}
    assert orjson.loads(json_part)[0]["attachments"][0]["sha2"] == sha2
