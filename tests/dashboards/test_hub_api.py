"""The Hub JSON API: bearer tokens scoped to one Hub, JSON errors that explain, aggregates only."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from dashboards.exceptions import HubTokenError
from dashboards.models import HubApiToken
from dashboards.services import hub_token_create, hub_token_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_a(hubs, national_admin):
    _token, secret = hub_token_create(hub=hubs.hub_a, name="Tableau du Hub", created_by=national_admin)
    return secret


def completion_url(hub) -> str:
    return reverse("dashboards_api:hub_completion", args=[hub.pk])


def get(client, url, secret=None, **params):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return client.get(url, params, headers=headers)


def test_a_token_is_stored_hashed_and_shown_once(hubs, national_admin):
    token, secret = hub_token_create(hub=hubs.hub_a, name="Outil", created_by=national_admin)
    assert len(secret) > 40 and secret.startswith("hub_")
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.token_hash, token.prefix, token.name}
    assert token.prefix == secret[:12]


def test_a_token_reads_its_hubs_figures(client, hubs, token_a):
    response = get(client, completion_url(hubs.hub_a), token_a)
    assert response.status_code == 200
    body = response.json()
    assert body["hub"] == {"id": hubs.hub_a.pk, "name": "Hub Grand Est"}
    assert body["total"]["enrolled"] == 4 and body["total"]["day1_completed"] == 2
    assert body["total"]["evaluation_passed"] == 0  # nobody took the exit evaluation in this fixture
    assert body["available"] == {"evaluation_passed": True, "attestation_issued": True}
    assert {cohort["title"] for cohort in body["cohorts"]} == {"Promotion Strasbourg", "Promotion Mulhouse"}
    assert [row["departement"] for row in body["departements"]] == ["67", "68"]
    assert "Testeur" not in response.content.decode()  # aggregates only: no learner's name
    assert HubApiToken.objects.get().last_used_at is not None


def test_the_api_returns_the_views_figures(client, hubs, token_a):
    body = get(client, completion_url(hubs.hub_a), token_a).json()
    client.force_login(hubs.coordinator_a)
    report = client.get(reverse("dashboards:completion")).context["report"]
    assert body["total"] == report.total.as_dict()


def test_a_token_of_hub_a_cannot_read_hub_b(client, hubs, token_a):
    response = get(client, completion_url(hubs.hub_b), token_a)
    assert response.status_code == 403
    assert response.json()["error"] == "wrong_hub"
    assert "Promotion Brest" not in response.content.decode()
    cohort = get(client, reverse("dashboards_api:hub_cohort", args=[hubs.hub_a.pk, hubs.brest.pk]), token_a)
    assert cohort.status_code == 404 and cohort.json()["error"] == "not_found"


def test_one_cohort_of_the_hub(client, hubs, token_a):
    response = get(client, reverse("dashboards_api:hub_cohort", args=[hubs.hub_a.pk, hubs.strasbourg.pk]), token_a)
    assert response.status_code == 200
    assert [cohort["title"] for cohort in response.json()["cohorts"]] == ["Promotion Strasbourg"]


def test_a_revoked_token_is_refused(client, hubs, national_admin):
    token, secret = hub_token_create(hub=hubs.hub_a, name="Ancien outil", created_by=national_admin)
    hub_token_revoke(token=token, actor=national_admin)
    response = get(client, completion_url(hubs.hub_a), secret)
    assert response.status_code == 401
    assert response.json() == {"error": "revoked_token", "message": "Ce jeton a été révoqué."}
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "missing_token"),
        ("Bearer", "malformed_token"),
        ("Basic dXNlcjpwYXNz", "malformed_token"),
        ("Bearer hub_not-a-real-token", "invalid_token"),
    ],
)
def test_bad_credentials_are_a_json_401_that_explains(client, hubs, token_a, header, code):
    headers = {"Authorization": header} if header else {}
    response = client.get(completion_url(hubs.hub_a), headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == code and response.json()["message"]


def test_a_session_cookie_is_not_a_token(client, hubs):
    client.force_login(hubs.coordinator_a)
    assert client.get(completion_url(hubs.hub_a)).status_code == 401


def test_bad_filters_are_a_json_400(client, hubs, token_a):
    response = get(client, completion_url(hubs.hub_a), token_a, date_from="demain")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_filters" and "date_from" in body["fields"]
    response = get(client, completion_url(hubs.hub_a), token_a, trainer=hubs.coordinator_b.pk)
    assert response.status_code == 400 and "trainer" in response.json()["fields"]
    ok = get(client, completion_url(hubs.hub_a), token_a, departement="68")
    assert [cohort["title"] for cohort in ok.json()["cohorts"]] == ["Promotion Mulhouse"]


def test_the_api_is_read_only(client, hubs, token_a):
    response = client.post(completion_url(hubs.hub_a), headers={"Authorization": f"Bearer {token_a}"})
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"


def test_revoking_is_idempotent_and_audited(hubs, national_admin):
    from core.models import AuditEntry

    token, _secret = hub_token_create(hub=hubs.hub_a, name="Outil", created_by=national_admin)
    first = hub_token_revoke(token=token, actor=national_admin).revoked_at
    assert hub_token_revoke(token=token, actor=national_admin).revoked_at == first
    assert AuditEntry.objects.filter(action="dashboards.hub_token_revoked").count() == 1
    assert AuditEntry.objects.filter(action="dashboards.hub_token_created").count() == 1


def test_an_expired_token_is_refused_with_its_date(client, hubs, national_admin):
    import datetime as dt

    from django.utils import timezone

    token, secret = hub_token_create(hub=hubs.hub_a, name="Outil de 2025", created_by=national_admin)
    assert timezone.now() + dt.timedelta(days=364) < token.expires_at < timezone.now() + dt.timedelta(days=366)
    assert get(client, completion_url(hubs.hub_a), secret).status_code == 200
    HubApiToken.objects.filter(pk=token.pk).update(expires_at=dt.datetime(2026, 1, 31, 12, tzinfo=dt.UTC))
    response = get(client, completion_url(hubs.hub_a), secret)
    assert response.status_code == 401
    assert response.json()["error"] == "expired_token"
    assert "31 janvier 2026" in response.json()["message"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert not HubApiToken.objects.active().filter(pk=token.pk).exists()
    with pytest.raises(HubTokenError) as exc:
        hub_token_create(hub=hubs.hub_a, name="Déjà expiré", created_by=national_admin, expires_at=timezone.now())
    assert exc.value.code == "expiry_past"


def test_past_the_rate_limit_a_token_gets_a_429_until_the_next_minute(client, hubs, token_a, monkeypatch):
    import datetime as dt

    from dashboards import services

    monkeypatch.setattr(services, "RATE_LIMIT_PER_MINUTE", 3)
    minute = dt.datetime(2026, 11, 30, 10, 15, 40, tzinfo=dt.UTC)
    monkeypatch.setattr(services.timezone, "now", lambda: minute)
    for _call in range(3):
        assert get(client, completion_url(hubs.hub_a), token_a).status_code == 200
    refused = get(client, completion_url(hubs.hub_a), token_a)
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited" and "3" in refused.json()["message"]
    assert refused["Retry-After"] == "20"
    assert get(client, completion_url(hubs.hub_a), token_a).status_code == 429  # refused calls count too
    other_hub, _secret = hub_token_create(hub=hubs.hub_b, name="Autre Hub", created_by=hubs.coordinator_b)
    assert get(client, completion_url(hubs.hub_b), _secret).status_code == 200  # one token's limit is its own
    minute += dt.timedelta(seconds=20)  # the next minute
    assert get(client, completion_url(hubs.hub_a), token_a).status_code == 200
    token = HubApiToken.objects.get(hub=hubs.hub_a)
    assert token.last_used_at == minute and token.rate_window_count == 1
