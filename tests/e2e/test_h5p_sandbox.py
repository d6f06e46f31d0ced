"""A malicious H5P package, played by a signed-in learner, cannot read the session cookie or the CSRF token, reach
the lesson page, or record anything as the learner (its attempts are written into its own page for this test)."""

from __future__ import annotations

import io
import json

from playwright.sync_api import expect

from core.demo import DEMO_ACCOUNTS
from core.roles import Role
from courses.models import LessonPage
from courses.services_h5p import h5p_package_create
from h5p.build import package_bytes
from xapi.models import Statement
from xapi.vocabulary import activity_iri

LEARNER = next(a for a in DEMO_ACCOUNTS if a.role is Role.LEARNER)


def _probe_lesson(live_server) -> LessonPage:
    lesson = LessonPage.objects.live().order_by("path").last()
    h5p_json = {
        "title": "Sonde",
        "language": "fr",
        "mainLibrary": "H5P.CafeIAProbe",
        "embedTypes": ["iframe"],
        "preloadedDependencies": [{"machineName": "H5P.CafeIAProbe", "majorVersion": 1, "minorVersion": 0}],
    }
    content = {"origin": live_server.url, "lessonIri": activity_iri("lesson", lesson.pk)}
    data = package_bytes(h5p_json=h5p_json, content=content, libraries=("H5P.CafeIAProbe-1.0",))
    package = h5p_package_create(upload=io.BytesIO(data), uploaded_by=None, filename="probe.h5p")
    lesson.body.append(("h5p_activity", {"package": package, "heading": "Sonde", "instructions": ""}))
    lesson.save_revision().publish()
    return lesson


def test_package_javascript_cannot_act_as_the_learner(page, live_server, demo_data, foreign_requests):
    lesson = _probe_lesson(live_server)
    before = Statement.objects.count()
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(LEARNER.email)
    page.get_by_label("Mot de passe").fill(LEARNER.password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text(f"Bonjour {LEARNER.first_name}")).to_be_visible()
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("sessionid") and cookies.get("csrftoken")

    page.goto(live_server.url + lesson.url)
    frame = page.frame_locator("[data-h5p-player] iframe")
    expect(frame.locator("#probe-done")).to_have_text("done", timeout=20000)
    results = json.loads(frame.locator("#probe-results").text_content())

    for key in ("cookie", "parentCookie", "topCookie", "topCsrfInput", "parentDocument", "topLocation"):
        assert results[key].startswith("blocked:"), (key, results[key])
    assert results["localStorage"] in ("blocked:SecurityError", "read:0")  # never the site's storage
    assert not results["postWithCookies"].startswith("status:2"), results
    assert results["postSameOrigin"] in ("status:401", "status:403") or results["postSameOrigin"].startswith(
        "blocked:"
    ), results
    assert results["readMainPage"].startswith("blocked:"), results
    assert results["relayForgery"] == "read:sent"  # the lesson page received it, and relayed nothing
    serialised = json.dumps(results)
    assert cookies["sessionid"] not in serialised and cookies["csrftoken"] not in serialised

    page.wait_for_timeout(1000)  # let any relayed request land
    assert not Statement.objects.filter(verb_id__endswith="/passed").exists()
    assert not Statement.objects.filter(object_key=activity_iri("lesson", lesson.pk), verb_id__endswith="/passed")
    assert not Statement.objects.filter(payload__contains="victim@example.org").exists()
    assert Statement.objects.count() - before <= 1  # at most the lesson's own "experienced"
    assert foreign_requests == []
