"""Forwarding to a real second LRS over HTTP, with a real Celery worker that is SIGKILLed mid-batch.

The receiver is a second instance of this very LRS (``manage.py runserver`` on its own SQLite file, migrated, with
an ``lrs_client`` credential). The worker is ``celery -A config worker`` on the ``xapi-forward`` queue, sharing
this test's database, over Redis. A ticker thread stands in for Celery beat (it sends ``outbox_forward_task``
every half second instead of every 5 s, to keep the test short; the beat entry itself is checked in
tests/xapi/test_forwarding.py).

The story: 300 statements are stored here with forwarding on (outbox rows written); 20 of them already reached the
receiver (an earlier forwarder died before marking them sent); the worker forwards in batches of 10; once the
receiver holds some but not all, the receiver is frozen (SIGSTOP) so that the worker is stuck inside a POST, the
worker is SIGKILLed, and the receiver is killed too. A new worker retries against the dead receiver for longer than
the backoff ceiling (2 s), then the receiver comes back on the same port and database. The receiver must end up
holding every statement exactly once, equivalent to ours, and our outbox must say "sent" for all of them.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import orjson
import pytest
from django.test import override_settings

from config.celery import app as celery_app
from tests.conftest import require
from tests.integration.conftest import (
    ROOT,
    _wait_until_ready,
    port_open,
    private_broker,
    wait_for,
    worker_database_url,
)
from tests.xapi.conftest import make_statement
from xapi.equivalence import statements_equivalent
from xapi.http import platform
from xapi.models import ForwardDestination, OutboxEntry, OutboxState, Statement
from xapi.statements import statements_store

pytestmark = pytest.mark.integration

STATEMENTS = 300
ALREADY_DELIVERED = 20
BATCH_SIZE = 10
MAX_BACKOFF = 2  # seconds
LEASE = 5  # seconds: how soon the batch of the killed worker is due again
KEY, SECRET = "receiver", "receiver-secret-" + "s" * 32


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """The subprocesses of this test, each in its own session so that a kill reaches exactly what we started."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.logs: list[Path] = []
        self.running: list[subprocess.Popen] = []

    def start(self, name: str, args: list[str], env: dict) -> tuple[subprocess.Popen, Path]:
        log_path = self.tmp_path / f"{name}.log"
        self.logs.append(log_path)
        with log_path.open("w") as log:
            process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)  # fmt: skip
        self.running.append(process)
        return process, log_path

    def kill(self, process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        if process.poll() is None:
            os.killpg(process.pid, sig)
        if sig == signal.SIGKILL:
            process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def dump(self) -> str:
        return "\n".join(f"----- {path.name} -----\n{path.read_text(errors='replace')[-6000:]}" for path in self.logs)


class Receiver:
    """A second instance of this LRS: its own SQLite file, its own credential, served by runserver."""

    def __init__(self, processes: Processes, tmp_path: Path):
        self.processes = processes
        self.port = free_port()
        self.db = tmp_path / "receiver.sqlite3"
        self.endpoint = f"http://127.0.0.1:{self.port}/xapi/"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{self.db}",
            "DJANGO_DEBUG": "false",
            "CELERY_BROKER_URL": "",  # eager: the receiver has no worker
            "XAPI_FORWARD_ENDPOINT": "",  # the receiver forwards nothing
            "LOG_LEVEL": "WARNING",
        }
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def prepare(self) -> subprocess.Popen:
        """migrate, then `lrs_client create` (one Django start-up for both); returns the running process."""
        script = (
            "from django.core.management import call_command as c; c('migrate', interactive=False, verbosity=0); "
            f"c('lrs_client', 'create', 'receiver', '--key', {KEY!r}, '--secret', {SECRET!r}, '--scopes', 'all')"
        )
        process, _log = self.processes.start("receiver-setup", [sys.executable, "manage.py", "shell", "-c", script],
                                             self.env)  # fmt: skip
        return process

    def start(self) -> None:
        self.starts += 1
        self.process, log = self.processes.start(
            f"receiver-{self.starts}",
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{self.port}"],
            self.env,
        )
        if not wait_for(self._up, timeout=30, interval=0.2):
            pytest.fail(f"the receiver did not start:\n{log.read_text()}")

    def _up(self) -> bool:
        if self.process.poll() is not None:
            return True  # exited: let the caller see the log
        try:
            return httpx.get(self.endpoint + "about", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def count(self) -> int:
        """Statements in the receiver's database (read directly: polled every few milliseconds)."""
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM xapi_statement").fetchone()[0]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.endpoint, auth=(KEY, SECRET), timeout=10,
                            headers={"X-Experience-API-Version": "1.0.3"})  # fmt: skip

    def all_statements(self) -> list[dict]:
        """Every statement, through GET /xapi/statements and its `more` links."""
        statements = []
        with self.client() as client:
            page = client.get("statements", params={"limit": 100, "ascending": "true"})
            while True:
                assert page.status_code == 200, page.text
                body = page.json()
                statements.extend(body["statements"])
                if not body.get("more"):
                    return statements
                page = client.get(f"http://127.0.0.1:{self.port}{body['more']}")


class Ticker(threading.Thread):
    """Stands in for Celery beat: sends the periodic forwarder task to the broker every `interval` seconds."""

    def __init__(self, interval: float = 0.5):
        super().__init__(daemon=True)
        self.interval = interval
        self.stopped = threading.Event()
        self.sent = 0

    def run(self) -> None:
        while not self.stopped.is_set():
            celery_app.send_task("xapi.tasks.outbox_forward_task", expires=2)
            self.sent += 1
            self.stopped.wait(self.interval)


def start_worker(processes: Processes, receiver: Receiver, name: str, broker_env: dict[str, str]) -> subprocess.Popen:
    env = {
        **os.environ,
        **broker_env,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": worker_database_url(),
        "XAPI_FORWARD_ENDPOINT": receiver.endpoint,
        "XAPI_FORWARD_USERNAME": KEY,
        "XAPI_FORWARD_PASSWORD": SECRET,
        "XAPI_FORWARD_BATCH_SIZE": str(BATCH_SIZE),
        "XAPI_FORWARD_MAX_BACKOFF": str(MAX_BACKOFF),
        "XAPI_FORWARD_LEASE": str(LEASE),
    }
    process, log = processes.start(name, [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
        "-Q", "xapi-forward", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
    ], env)  # fmt: skip
    _wait_until_ready(process, log)
    return process


def store_statements(endpoint: str) -> list[str]:
    ids = []
    with override_settings(XAPI_FORWARD_ENDPOINT=endpoint, XAPI_FORWARD_USERNAME=KEY, XAPI_FORWARD_PASSWORD=SECRET):
        for start in range(0, STATEMENTS, 50):
            batch = [make_statement(n, id=str(uuid.uuid4())) for n in range(start, start + 50)]
            ids += statements_store(statements=batch, authority=platform(), version="1.0.3")
    return ids


def outbox_states() -> dict[str, int]:
    return {state: OutboxEntry.objects.filter(state=state).count() for state in OutboxState.values}


def test_every_statement_reaches_a_second_lrs_exactly_once_despite_kills_and_outages(transactional_db, tmp_path):
    require(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")
    started = time.monotonic()
    figures: dict[str, object] = {"statements": STATEMENTS, "batch_size": BATCH_SIZE}
    processes = Processes(tmp_path)
    receiver = Receiver(processes, tmp_path)
    ticker = Ticker()
    broker = contextlib.ExitStack()
    try:
        setup = receiver.prepare()  # slow (migrations): runs while we store and start the worker
        ids = store_statements(receiver.endpoint)  # eager Celery still: statement handlers run here
        assert OutboxEntry.objects.filter(state=OutboxState.PENDING).count() == STATEMENTS
        broker_env = broker.enter_context(private_broker())
        worker = start_worker(processes, receiver, "worker-1", broker_env)
        assert setup.wait(timeout=120) == 0, processes.dump()
        receiver.start()
        figures["setup_s"] = round(time.monotonic() - started, 1)

        # an earlier forwarder delivered the first 20 and died before marking them sent
        payloads = list(Statement.objects.order_by("pk").values_list("payload", flat=True)[:ALREADY_DELIVERED])
        with receiver.client() as client:
            body = b"[" + b",".join(p.encode() for p in payloads) + b"]"
            response = client.post("statements", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 200, response.text
        assert receiver.count() == ALREADY_DELIVERED

        # forward; kill the worker in the middle of a batch
        forwarding_started = time.monotonic()
        ticker.start()
        midway = ALREADY_DELIVERED + 4 * BATCH_SIZE
        assert wait_for(lambda: receiver.count() >= midway, timeout=30, interval=0.005), processes.dump()
        processes.kill(receiver.process, signal.SIGSTOP)  # frozen: the worker's next POST waits for an answer
        time.sleep(0.5)
        processes.kill(worker)  # SIGKILL, with a batch claimed and a request in flight
        processes.kill(receiver.process)  # and the receiver goes down
        down_since = time.monotonic()
        held_at_kill = receiver.count()
        figures["receiver_held_at_kill"] = held_at_kill
        assert held_at_kill < STATEMENTS, "forwarding finished before the kill: the test proved nothing"
        leased = OutboxEntry.objects.filter(state=OutboxState.PENDING, attempts=0, due_at__gt=_now()).count()
        figures["rows_leased_by_the_killed_worker"] = leased
        assert leased == BATCH_SIZE  # the batch the killed worker was sending: pending, due again after the lease

        # a new worker meets a dead receiver for longer than the backoff ceiling
        worker = start_worker(processes, receiver, "worker-2", broker_env)
        failures = wait_for(lambda: _failures() >= 3, timeout=30, interval=0.05)
        assert failures, f"the worker did not retry the dead receiver\n{processes.dump()}"
        destination = ForwardDestination.objects.get(endpoint=receiver.endpoint)
        assert "ConnectError" in destination.last_error
        # waits of 1 s, 2 s, then 4 s were it not for the ceiling
        assert (destination.retry_at - _now()).total_seconds() <= MAX_BACKOFF
        down_for = time.monotonic() - down_since
        figures["receiver_down_s"] = round(down_for, 1)
        figures["failed_attempts_while_down"] = destination.failures
        assert down_for > MAX_BACKOFF
        assert outbox_states()["dead"] == 0  # an outage kills nothing
        assert receiver.count() == held_at_kill

        # the receiver comes back: everything arrives
        receiver.start()
        drained = wait_for(lambda: outbox_states()["sent"] == STATEMENTS, timeout=40, interval=0.2)
        assert drained, f"outbox: {outbox_states()}\n{processes.dump()}"
        figures["forwarding_s"] = round(time.monotonic() - forwarding_started, 1)

        statements = receiver.all_statements()
        received_ids = [s["id"] for s in statements]
        assert len(received_ids) == STATEMENTS  # exactly once: no duplicate...
        assert set(received_ids) == set(ids)  # ...and none missing
        stored_here = Statement.objects.values_list("statement_id", "payload")
        ours = {str(statement_id): orjson.loads(payload) for statement_id, payload in stored_here}
        different = [s["id"] for s in statements if not statements_equivalent(ours[s["id"]], s)]
        assert not different, f"stored differently at the receiver: {different[:5]}"
        assert all(s["authority"]["account"]["name"] == KEY for s in statements)  # the receiver's own authority
        receiver_log = "\n".join(p.read_text() for p in processes.logs if p.name.startswith("receiver-"))
        assert '" 409 ' not in receiver_log and '" 400 ' not in receiver_log  # re-sent = accepted, never refused
        assert OutboxEntry.objects.filter(attempts__gt=1).exists()  # some rows went through the failures above
        figures["total_s"] = round(time.monotonic() - started, 1)
        sys.stdout.write("\n" + json.dumps(figures) + "\n")  # shown with -s
    except BaseException:
        sys.stdout.write(processes.dump())  # shown by pytest on failure
        raise
    finally:
        ticker.stopped.set()
        if ticker.is_alive():
            ticker.join(timeout=5)
        processes.stop_all()
        broker.close()


def _now():
    from django.utils import timezone

    return timezone.now()


def _failures() -> int:
    return ForwardDestination.objects.values_list("failures", flat=True).first() or 0
