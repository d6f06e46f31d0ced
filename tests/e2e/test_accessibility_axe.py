"""axe-core (npm, self-hosted, injected by Playwright) over the main public and learner pages: no serious or critical
violation. The script is read from node_modules and injected; no page loads it from anywhere."""

from pathlib import Path

import pytest
from django.conf import settings

from cms.models import AccessibilityPage, LegalPage
from courses.models import DayPage, FacilitationKitPage, LessonPage, ModulePage, ProgramPage
from tests.conftest import require
from tests.e2e.test_login_logout import LEARNER, _log_in

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def _violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def _public_urls() -> list[str]:
    lesson = LessonPage.objects.live().order_by("path").first()
    return [
        "/",
        "/connexion/",
        ProgramPage.objects.live().first().url,
        DayPage.objects.live().order_by("path").first().url,
        ModulePage.objects.live().order_by("path").first().url,
        lesson.url,
        FacilitationKitPage.objects.live().first().url,
        FacilitationKitPage.objects.live().first().url + "animation/",
        "/cours/recherche/?q=biais",
        AccessibilityPage.objects.live().first().url,
        LegalPage.objects.live().get(kind="mentions").url,
        LegalPage.objects.live().get(kind="privacy").url,
    ]


@pytest.fixture
def axe_available():
    require(AXE.exists(), "axe-core is not installed (npm ci)")


def test_public_pages_have_no_serious_or_critical_violation(page, live_server, demo_data, axe_available):
    report = {}
    for url in _public_urls():
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        found = _violations(page)
        if found:
            report[url] = found
    assert report == {}


def test_learner_pages_have_no_serious_or_critical_violation(page, live_server, demo_data, axe_available):
    _log_in(page, live_server, LEARNER)
    lesson = LessonPage.objects.live().order_by("path").first()
    module = ModulePage.objects.get(path=lesson.path[: -LessonPage.steplen])
    report = {}
    for url in (ProgramPage.objects.live().first().url, module.url, lesson.url, lesson.url + "?bloc=x"):
        page.goto(live_server.url + url)
        found = _violations(page)
        if found:
            report[url] = found
    # the comment form with an error message, as a learner sees it after a mistake
    page.goto(live_server.url + lesson.url)
    page.get_by_role("button", name="Publier mon commentaire").click()
    found = _violations(page)
    if found:
        report["comment error"] = found
    assert report == {}


def test_the_check_itself_catches_a_planted_violation(page, axe_available):
    markup = '<html lang="fr"><body><main><h1>Test</h1><img src="data:,"><button></button></main></body></html>'
    page.set_content(markup)
    assert {"image-alt", "button-name"} <= {v["id"] for v in _violations(page)}
