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
