from __future__ import annotations

import pytest

from core.demo import seed_accounts
from dashboards.demo import COORDINATOR_EMAIL, seed_coordinator_membership
from tests.training.factories import HubFactory

pytestmark = pytest.mark.django_db


def test_without_a_hub_the_seeder_does_nothing():
    seed_accounts()
    assert seed_coordinator_membership() == []


def test_the_demo_coordinator_joins_the_demo_hub_once():
    seed_accounts()
    hub = HubFactory(name="Hub démo")
    assert seed_coordinator_membership() == [f"coordinator {COORDINATOR_EMAIL} in Hub « Hub démo »"]
    assert seed_coordinator_membership() == []
    assert hub.coordinators.get().email == COORDINATOR_EMAIL
