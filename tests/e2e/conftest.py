"""Browser tests in Debian's Chromium (never `playwright install`), against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from tests.conftest import require

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the tests only touch the database between page calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(os.path.exists(CHROMIUM), f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def demo_data(transactional_db):
    """Transactional (the live server runs in another thread). A transactional test flushes the database after it,
    data migrations included: ``seed_demo`` recreates the role groups and the home page too."""
    call_command("seed_demo", "--quiet-accounts", verbosity=0)


@pytest.fixture
def foreign_requests(page, live_server):
    """Every request the page makes to another origin than the live server (there must be none)."""
    own = urlparse(live_server.url).netloc
    seen: list[str] = []

    def record(request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.netloc != own:
            seen.append(request.url)

    page.on("request", record)
    return seen
