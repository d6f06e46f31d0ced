"""The demo learner reads a lesson, presses "Terminer la leçon", and the module page shows it as terminée."""

import re

import orjson
from playwright.sync_api import expect

from core.demo import DEMO_ACCOUNTS
from core.roles import Role
from courses.models import LessonPage, ModulePage
from xapi.models import AuthorityKind, Statement
from xapi.vocabulary import activity_iri

LEARNER = next(a for a in DEMO_ACCOUNTS if a.role is Role.LEARNER)
# French once the catalogue carries the new msgids; the English msgid until then
COMPLETE_BUTTON = re.compile("Terminer la leçon|Complete the lesson")


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(LEARNER.email)
    page.get_by_label("Mot de passe").fill(LEARNER.password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text(f"Bonjour {LEARNER.first_name}")).to_be_visible()


def test_learner_completes_a_lesson_and_sees_it_on_the_module(page, live_server, demo_data, foreign_requests):
    lesson = LessonPage.objects.live().order_by("path").first()
    module = ModulePage.objects.get(path=lesson.path[: -LessonPage.steplen])
    lesson_iri = activity_iri("lesson", lesson.pk)
    _log_in(page, live_server)

    with page.expect_response(lambda r: r.url.endswith("/xapi/statements") and r.request.method == "POST") as opened:
        page.goto(live_server.url + lesson.url)
    assert opened.value.status == 200
    page.mouse.wheel(0, 400)  # an interaction: the active-time clock runs
    button = page.get_by_role("button", name=COMPLETE_BUTTON)
    button.focus()
    with page.expect_response(lambda r: r.url.endswith("/xapi/statements") and r.request.method == "POST") as sent:
        page.keyboard.press("Enter")  # keyboard accessible
    assert sent.value.status == 200
    expect(page.get_by_role("status")).to_contain_text(re.compile("Leçon terminée|Lesson completed"))
    expect(page.locator("[data-lesson-done]")).to_be_visible()
    expect(button).to_be_hidden()

    completed = Statement.objects.get(object_key=lesson_iri, verb_id="http://adlnet.gov/expapi/verbs/completed")
    assert completed.authority_kind == AuthorityKind.SESSION
    result = orjson.loads(completed.payload)["result"]
    assert re.fullmatch(r"PT(\d+H)?(\d+M)?(\d+S)?", result["duration"]) and result["completion"] is True
    assert Statement.objects.filter(object_key=lesson_iri, verb_id__endswith="/experienced").count() == 1

    page.goto(live_server.url + module.url)
    item = page.locator("[data-module-progress] li", has_text=lesson.title)
    expect(item).to_have_attribute("data-lesson-status", "completed")
    expect(item).to_contain_text(re.compile("Terminée|Completed"))
    assert foreign_requests == []
