"""The module-completion projection: filled by the platform's statements only, voided rows go, rebuild ==
incremental."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import call_command

from dashboards.models import ModuleCompletion
from dashboards.projection import module_completion_handle
from tests.dashboards.factories import day1_complete
from tests.factories import UserFactory
from tests.training.factories import lesson_ensure, module_ensure, programme_ensure
from xapi.actors import actor_for, actor_name
from xapi.handlers import StoredStatement
from xapi.models import AuthorityKind
from xapi.vocabulary import COMPLETED, VOIDED, activity_iri

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    module = module_ensure(programme_ensure())
    lesson_ensure(module)
    return module


def _rows() -> set[tuple]:
    return set(ModuleCompletion.objects.values_list("learner_actor", "module_id", "statement_id", "completed_at"))


def test_the_platforms_module_statement_fills_the_projection(module):
    learner = UserFactory()
    day1_complete(learner, programme_ensure())
    row = ModuleCompletion.objects.get()
    assert (row.learner_actor, row.module_id) == (actor_name(learner.public_id), module.pk)


def test_a_third_party_client_cannot_complete_a_module(module):
    learner = UserFactory()
    statement = StoredStatement(
        1,
        uuid.uuid4(),
        COMPLETED.id,
        AuthorityKind.CLIENT,
        {"actor": actor_for(learner.public_id), "object": {"id": activity_iri("module", module.pk)},
         "timestamp": "2026-01-01T10:00:00Z"},
    )  # fmt: skip
    module_completion_handle(statement)
    assert not ModuleCompletion.objects.exists()


def test_a_voided_completion_leaves_the_projection(module):
    day1_complete(UserFactory(), programme_ensure())
    completion = ModuleCompletion.objects.get()
    voiding = {"object": {"objectType": "StatementRef", "id": str(completion.statement_id)}}
    module_completion_handle(StoredStatement(2, uuid.uuid4(), VOIDED.id, AuthorityKind.PLATFORM, voiding))
    assert not ModuleCompletion.objects.exists()


def test_rebuild_equals_incremental(module):
    for _learner in range(3):
        day1_complete(UserFactory(), programme_ensure())
    incremental = _rows()
    assert len(incremental) == 3
    ModuleCompletion.objects.all().delete()
    call_command("rebuild_dashboards", verbosity=0)
    assert _rows() == incremental
