"""Real services: a Celery worker over Redis (or RabbitMQ) sharing the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from config.celery import app as celery_app
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def worker_database_url() -> str:
    """The URL of the *test* database, so that the worker sees what the test committed."""
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        name = settings["NAME"]
        if not name or name.startswith("file:") or ":memory:" in name:
            pytest.fail("the SQLite test database must be a file for the worker to share it (TEST_SQLITE_NAME)")
        return f"sqlite:///{name}"
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


@contextmanager
def private_broker(url: str = REDIS_URL) -> Iterator[dict[str, str]]:
    """Point this process's producer at the Redis broker `url`, under a key prefix of its own, and switch off eager
    Celery; yield the environment a worker needs to listen under the same prefix.

    Every key (queues, bindings, unacked messages) carries the prefix, so a worker left behind by another run on this
    machine (a killed pytest, a second suite beside this one on the same Redis database) never takes this test's tasks,
    and nothing needs flushing.
    """
    require(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")
    prefix = f"cafeia-test-{uuid.uuid4().hex[:12]}:"
    conf = celery_app.conf
    previous = {
        "task_always_eager": conf.task_always_eager,
        "broker_url": conf.broker_url,
        "broker_transport_options": conf.broker_transport_options,
    }
    _reset_producer_pool()
    conf.update(
        task_always_eager=False,
        broker_url=url,
        broker_transport_options={**(conf.broker_transport_options or {}), "global_keyprefix": prefix},
    )
    try:
        yield {"CELERY_BROKER_URL": url, "TEST_CELERY_KEYPREFIX": prefix}
    finally:
        conf.update(**previous)
        _reset_producer_pool()
        import redis

        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)


@pytest.fixture
def celery_worker_process(transactional_db, base_data, tmp_path):
    """Start `celery -A config worker` as a separate process and point this process's producer at the broker."""
    with private_broker() as broker_env:
        yield from _run_worker(broker_env, tmp_path)


def _run_worker(broker_env: dict[str, str], tmp_path: Path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        **broker_env,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": worker_database_url(),
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
         "-Q", "default,documents,xapi-forward", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_until_ready(process, tmp_path / "worker.log")
        yield {"process": process, "mail_dir": mail_dir, "log": tmp_path / "worker.log"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _reset_producer_pool() -> None:
    # Eager calls earlier in the session built a producer pool for the default broker URL (amqp://localhost,
    # where RabbitMQ may well answer); drop it so that the next send connects to the broker configured now.
    # kombu also keeps module-level pools keyed by connection: clear them too, or the next send to the previous
    # broker URL reuses a producer pool whose connections were closed here ("Acquire on closed pool").
    from kombu import pools

    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


def _wait_until_ready(process: subprocess.Popen, log_path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited early:\n{log_path.read_text()}")
        if "ready." in log_path.read_text():
            return
        time.sleep(0.2)
    pytest.fail(f"the Celery worker did not start in {timeout}s:\n{log_path.read_text()}")


def wait_for(predicate, *, timeout: float = 20, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
