"""A real worker over Redis: an invitation enqueued on commit is sent by the worker, which reads the committed user."""

import re

import pytest

from core.services import user_invite
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def test_invitation_round_trip_through_a_real_worker(celery_worker_process, client):
    user = user_invite(email="worker@exemple.fr", invited_by=None, first_name="Wanda")  # autocommit: on_commit fires

    mail_dir = celery_worker_process["mail_dir"]
    files = wait_for(lambda: sorted(mail_dir.glob("*.log")))
    assert files, f"no e-mail written by the worker:\n{celery_worker_process['log'].read_text()}"
    body = files[0].read_text()
    assert "worker@exemple.fr" in body
    assert "Bonjour Wanda" in body
    link = re.search(r"https?://[^/]+(/compte/activer/\S+)", body).group(1)
    assert client.get(link).status_code == 200  # the worker's token is valid for this process: same DB, same key
    assert "succeeded" in celery_worker_process["log"].read_text()
    user.refresh_from_db()
    assert not user.is_active


def test_a_test_broker_keeps_its_messages_under_its_own_prefix(db):
    """A worker left behind by another run (listening on the bare queue names of the same Redis database) never sees
    what a test sends: every key of the test's broker carries a prefix of its own, removed afterwards."""
    import redis

    from config.celery import app as celery_app
    from tests.integration.conftest import REDIS_URL, private_broker

    client = redis.Redis.from_url(REDIS_URL)
    bare_before = client.llen("default")
    with private_broker() as env:
        prefix = env["TEST_CELERY_KEYPREFIX"]
        celery_app.send_task("core.tasks.no_such_task", queue="default")
        assert client.llen(f"{prefix}default") == 1
        assert client.llen("default") == bare_before
    assert not list(client.scan_iter(match=f"{prefix}*"))
    assert celery_app.conf.task_always_eager  # eager again, as the rest of the suite expects
