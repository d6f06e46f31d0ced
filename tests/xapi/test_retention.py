import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import UserFactory
from xapi.actors import actor_for
from xapi.models import Statement
from xapi.vocabulary import activity_iri

pytestmark = pytest.mark.django_db
V = {"HTTP_X_EXPERIENCE_API_VERSION": "1.0.3"}


def _post(client, verb, kind="lesson", **extra):
    import orjson

    data = {"actor": {"mbox": "mailto:x@example.org"}, "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
            "object": {"id": activity_iri(kind, 1)}, **extra}  # fmt: skip
    response = client.post("/xapi/statements", orjson.dumps(data), content_type="application/json", **V)
    assert response.status_code == 200, response.content
    return response.json()[0]


def test_export_actor_returns_only_that_learners_records(client, tmp_path):
    learner, other = UserFactory(), UserFactory()
    client.force_login(learner)
    mine = _post(client, "experienced")
    client.force_login(other)
    _post(client, "experienced")
    path = tmp_path / "export.json"
    call_command("lrs_export_actor", str(learner.public_id), "-o", str(path), stderr=io.StringIO())
    data = json.loads(path.read_text())
    assert data["actor"] == actor_for(learner.public_id)
    assert [s["id"] for s in data["statements"]] == [mine]


def test_export_actor_refuses_an_unknown_id():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("lrs_export_actor", "00000000-0000-4000-8000-000000000000")
    with pytest.raises(CommandError):
        call_command("lrs_export_actor", "not-a-uuid")


def test_purge_keeps_evidence_still_due(client, learner, settings):
    client.force_login(learner)
    evidence = _post(client, "completed", result={"duration": "PT10M"})
    learning = _post(client, "answered", kind="h5p")
    three_years_ago = timezone.now() - timedelta(days=3 * 365)
    Statement.objects.update(stored=three_years_ago)
    out = io.StringIO()
    call_command("lrs_purge", "--dry-run", stdout=out)
    assert "1 learning statement(s)" in out.getvalue() and "0 evidence" in out.getvalue()
    assert Statement.objects.count() == 2
    call_command("lrs_purge", stdout=io.StringIO())
    assert [str(i) for i in Statement.objects.values_list("statement_id", flat=True)] == [evidence]
    assert not Statement.objects.filter(statement_id=learning).exists()
    Statement.objects.update(stored=timezone.now() - timedelta(days=7 * 365))
    call_command("lrs_purge", stdout=io.StringIO())
    assert Statement.objects.count() == 0
