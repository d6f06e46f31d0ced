"""The national admin issues Hub tokens in the Wagtail admin (secret shown once) and revokes them."""

from __future__ import annotations

import re

import pytest

from dashboards.models import HubApiToken

pytestmark = pytest.mark.django_db

INDEX = "/admin/hub_api_tokens/"


def test_the_national_admin_issues_a_token_and_sees_the_secret_once(client, hubs, national_admin):
    client.force_login(national_admin)
    response = client.post(f"{INDEX}new/", {"hub": hubs.hub_a.pk, "name": "Tableau du Hub"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    secret = re.search(r"<code>(hub_[\w-]+)</code>", html).group(1)
    token = HubApiToken.objects.get()
    assert token.hub == hubs.hub_a and token.created_by == national_admin
    assert secret not in client.get(INDEX).content.decode()  # never shown again
    api = client.get(f"/api/hubs/{hubs.hub_a.pk}/completion/", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200


def test_the_national_admin_revokes_a_token(client, hubs, national_admin):
    from dashboards.services import hub_token_create

    token, secret = hub_token_create(hub=hubs.hub_a, name="Outil", created_by=national_admin)
    client.force_login(national_admin)
    response = client.post(f"{INDEX}edit/{token.pk}/", {"name": "Outil", "revoke": "on"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == national_admin
    api = client.get(f"/api/hubs/{hubs.hub_a.pk}/completion/", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401


def test_coordinators_and_trainers_cannot_issue_tokens(client, hubs):
    for user in (hubs.coordinator_a, hubs.trainer_1):
        client.force_login(user)
        response = client.post(f"{INDEX}new/", {"hub": hubs.hub_a.pk, "name": "Pirate"})
        assert response.status_code in (302, 403)
    assert not HubApiToken.objects.exists()


def test_the_admin_chooses_the_expiry_and_a_past_one_is_refused(client, hubs, national_admin):
    client.force_login(national_admin)
    refused = client.post(f"{INDEX}new/", {"hub": hubs.hub_a.pk, "name": "Passé", "expires_at": "2020-01-01 10:00"})
    assert refused.status_code == 200 and not HubApiToken.objects.exists()
    assert "La date d’expiration doit être dans le futur." in refused.content.decode()
    client.post(f"{INDEX}new/", {"hub": hubs.hub_a.pk, "name": "Court", "expires_at": "2099-06-30 18:00"})
    token = HubApiToken.objects.get()
    assert (token.expires_at.year, token.expires_at.month, token.expires_at.day) == (2099, 6, 30)
