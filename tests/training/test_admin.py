from __future__ import annotations

import pytest

from training.models import Territory

pytestmark = pytest.mark.django_db


def test_national_admin_creates_a_territory_in_wagtail(client, national_admin):
    client.force_login(national_admin)
    listing = client.get("/admin/territories/")
    assert listing.status_code == 200
    response = client.post(
        "/admin/territories/new/",
        {
            "name": "Guyane",
            "region": "Guyane",
            "departements": '["973"]',
            "time_zone": "America/Cayenne",
            "holiday_subdivision": "973",
        },  # fmt: skip
    )
    assert response.status_code == 302, response.content[:500]
    assert Territory.objects.get(name="Guyane").zone.key == "America/Cayenne"


def test_trainers_and_learners_have_no_admin_access(client, trainer, learner):
    for user in (trainer, learner):
        client.force_login(user)
        assert client.get("/admin/territories/").status_code in (302, 403)
