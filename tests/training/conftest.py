from __future__ import annotations

import pytest

from core.roles import Role
from tests.factories import UserFactory
from tests.training.factories import CohortFactory, TerritoryFactory, module_ensure, programme_ensure


@pytest.fixture
def programme(db):
    return programme_ensure()


@pytest.fixture
def module(programme):
    return module_ensure(programme)


@pytest.fixture
def territory(db):
    return TerritoryFactory(name="Alsace", region="Grand Est", departements=["67", "68"], holiday_subdivision="6AE")


@pytest.fixture
def trainer(db):
    return UserFactory(role=Role.TRAINER)


@pytest.fixture
def other_trainer(db):
    return UserFactory(role=Role.TRAINER)


@pytest.fixture
def cohort(territory, trainer, programme):
    return CohortFactory(territory=territory, trainers=[trainer], programme=programme, title="Promotion Strasbourg")
