"""A learner plays the demo H5P activity in Chromium: statements reach the LRS, the attempt is recorded, the saved
state brings the answers back after a reload, and the attempt appears in the trainer's view of the cohort."""

from __future__ import annotations

import re

import orjson
from playwright.sync_api import expect

from core.demo import DEMO_ACCOUNTS
from core.roles import Role
from courses.models import LessonPage
from courses.models_h5p import H5PPackage
from xapi.models import AuthorityKind, Statement
from xapi.vocabulary import activity_iri

LEARNER = next(a for a in DEMO_ACCOUNTS if a.role is Role.LEARNER)
TRAINER = next(a for a in DEMO_ACCOUNTS if a.role is Role.TRAINER)


def _log_in(page, live_server, account=LEARNER):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(account.email)
    page.get_by_label("Mot de passe").fill(account.password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text(f"Bonjour {account.first_name}")).to_be_visible()


def _activity_lesson():
    package = H5PPackage.objects.get(original_filename="quiz-what-is-ai.h5p")
    lesson = next(p for p in LessonPage.objects.live() if any(b.block_type == "h5p_activity" for b in p.body))
    return package, lesson


def _quiz(page):
    return page.frame_locator("[data-h5p-player] iframe")


def test_learner_plays_an_h5p_activity(page, live_server, demo_data, foreign_requests):
    package, lesson = _activity_lesson()
    iri = activity_iri("h5p", package.pk)
    _log_in(page, live_server)
    page.goto(live_server.url + lesson.url)
    player = page.locator("[data-h5p-player]")
    expect(player).to_have_attribute("data-started", "true", timeout=20000)
    quiz = _quiz(page)
    quiz.get_by_label("produit un texte plausible à partir de ce qu’il a appris").check()
    quiz.get_by_label("La traduction automatique d’un texte").check()
    quiz.get_by_label("La reconnaissance d’un visage sur une photo").check()
    quiz.get_by_label("la partager telle quelle : l’IA ne se trompe pas").check()  # one wrong answer
    expect(player).to_have_attribute("data-state-saved", re.compile(r"[1-9]"), timeout=15000)
    quiz.get_by_role("button", name="Vérifier").click()
    expect(quiz.get_by_text("Score : 2 / 3")).to_be_visible()
    expect(player).to_have_attribute("data-statements-sent", re.compile(r"[1-9]"), timeout=15000)

    rows = Statement.objects.filter(object_key__startswith=iri).order_by("pk")
    verbs = [(row.object_key.removeprefix(iri), row.verb_id.rsplit("/", 1)[1]) for row in rows]
    assert ("", "completed") in verbs
    assert len([v for v in verbs if v[0].startswith("?subContentId=") and v[1] == "answered"]) == 3
    top = orjson.loads(rows.get(object_key=iri, verb_id__endswith="/completed").payload)
    assert top["result"]["score"]["raw"] == 2 and top["result"]["score"]["max"] == 3
    assert all(row.authority_kind == AuthorityKind.SESSION for row in rows)
    assert top["actor"]["account"]["name"] != "session"  # the server put the learner's pseudonym

    from assessments.models import H5PAttempt

    attempt = H5PAttempt.objects.get(package=package)
    assert (attempt.score_raw, attempt.score_max, attempt.success) == (2, 3, True)
    assert attempt.items.count() == 3

    page.reload()
    expect(page.locator("[data-h5p-player]")).to_have_attribute("data-started", "true", timeout=20000)
    quiz = _quiz(page)
    expect(quiz.get_by_label("La reconnaissance d’un visage sur une photo")).to_be_checked()
    expect(quiz.get_by_label("la partager telle quelle : l’IA ne se trompe pas")).to_be_checked()
    expect(quiz.get_by_text("Score : 2 / 3")).to_be_visible()

    # the attempt appears in the trainer's view of the learner's cohort, as practice
    from training.models import Cohort

    cohort = Cohort.objects.get(enrolments__learner__email=LEARNER.email)
    page.context.clear_cookies()
    _log_in(page, live_server, TRAINER)
    page.goto(f"{live_server.url}/formateur/promotions/{cohort.pk}/")
    expect(page.get_by_role("heading", name="Activités H5P")).to_be_visible()
    row = page.locator("table.h5p-results tr", has_text=f"{LEARNER.first_name} {LEARNER.last_name}")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(package.title)
    expect(row).to_contain_text("Entraînement")
    expect(row).to_contain_text("66,7 %")  # best and last score: 2 / 3
    expect(row).to_contain_text("(2 / 3)")
    assert foreign_requests == []
