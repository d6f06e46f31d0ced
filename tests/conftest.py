from __future__ import annotations

import os

import pytest

from core.roles import Role
from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_sessionstart(session):
    """Long test runs build a large heap of long-lived objects (Django, Wagtail, WeasyPrint, the URLconf): freeze it
    out of the collector's passes and collect young objects less often, as the web and Celery processes do
    (config.celery.tune_gc). Measured on the xAPI tests: 101 -> 85 s, the collector's time 18 -> 9 s."""
    from django.urls import get_resolver

    from config.celery import tune_gc

    get_resolver().url_patterns  # noqa: B018  (imports the views, Wagtail's admin...)
    tune_gc()


def require(condition: bool, reason: str) -> None:
    """Skip a test whose service is missing on a developer machine; under CI=true the same gap is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} — required under CI=true", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def learner(db):
    return UserFactory(role=Role.LEARNER)


@pytest.fixture
def trainer(db):
    return UserFactory(role=Role.TRAINER)


@pytest.fixture
def partner_author(db):
    return UserFactory(role=Role.PARTNER_AUTHOR)


@pytest.fixture
def hub_coordinator(db):
    return UserFactory(role=Role.HUB_COORDINATOR)


@pytest.fixture
def national_admin(db):
    return UserFactory(role=Role.NATIONAL_ADMIN)


@pytest.fixture
def base_data(db):
    """What data migrations create (role groups, home page), recreated after an earlier transactional test's flush.

    Serialized rollback cannot do it here: once Playwright runs its event loop, Django's connection object differs
    from the one that holds the serialized copy.
    """
    from cms.services import home_page_ensure
    from core.demo import seed_roles

    seed_roles()
    home_page_ensure()


@pytest.fixture(autouse=True)
def _migration_data_after_flush(request):
    """A transactional test (browser, worker) flushes the database, data migrations' rows included, and pytest's
    plugins do not always run those tests last: any database test that finds the role groups gone gets them back
    (one query when nothing is missing)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request, marker) else "db")
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name=Role.NATIONAL_ADMIN.value).exists():
        request.getfixturevalue("base_data")


def _is_transactional(request, marker) -> bool:
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty Django cache (rate-limit counters, the footer's legal links): the database is
    rolled back between tests, the per-process cache is not."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_lrs_credential_cache():
    """Each test starts with an empty per-process cache of LRS credentials (keys are reused across tests)."""
    from xapi import http

    http._client_cache.clear()
