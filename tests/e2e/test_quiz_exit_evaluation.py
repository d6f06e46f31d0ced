"""A learner takes the exit evaluation in Chromium and sees their result; the page never received the answers;
the trainer of their cohort then reads the cohort's results."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from playwright.sync_api import expect

from assessments.models import Attempt, AttemptStatus, Quiz
from core.demo import DEMO_ACCOUNTS
from core.models import User
from core.roles import Role

LEARNER = next(a for a in DEMO_ACCOUNTS if a.role is Role.LEARNER)
TRAINER = next(a for a in DEMO_ACCOUNTS if a.role is Role.TRAINER)


def _log_in(page, live_server, account):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(account.email)
    page.get_by_label("Mot de passe").fill(account.password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text(f"Bonjour {account.first_name}")).to_be_visible()


def _secrets(attempt: Attempt) -> list[str]:
    """What must not reach the browser before submission: explanations, accepted variants, the right order."""
    secrets = []
    for question in attempt.snapshot["questions"]:
        secrets += [question["explanation"]] if question["explanation"] else []
        secrets += question["accepted"]
        if question["type"] == "ordering":
            secrets.append("[,]".join(question["correct"]))
    return [s for s in secrets if s]


def _answer_everything(page, attempt: Attempt) -> None:
    for question in attempt.snapshot["questions"]:
        key, kind = question["key"], question["type"]
        if kind in ("single", "true_false", "multiple"):
            for choice_id in question["correct"]:
                box = page.locator(f'input[name="q-{key}"][value="{choice_id}"]')
                box.focus()
                page.keyboard.press("Space")  # keyboard: radios and checkboxes toggle with Space
                expect(box).to_be_checked()
        elif kind == "short_answer":
            page.locator(f'input[name="q-{key}"]').fill(question["accepted"][0].upper())
        elif kind == "ordering":
            for rank, item_id in enumerate(question["correct"], start=1):
                page.locator(f'select[name="q-{key}-{item_id}"]').select_option(str(rank))


def test_learner_takes_the_exit_evaluation(page, live_server, demo_data, foreign_requests):
    quiz = Quiz.objects.get(kind="exit")
    received: list[str] = []

    def keep(response):
        kind = response.request.resource_type
        if kind in ("document", "script", "xhr", "fetch") and response.url.startswith(live_server.url):
            with contextlib.suppress(Exception):  # a redirect has no body to read
                received.append(response.text())

    _log_in(page, live_server, LEARNER)
    page.goto(f"{live_server.url}/evaluations/quiz/{quiz.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Évaluation finale")
    page.on("response", keep)
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_role("button", name="Envoyer mes réponses")).to_be_visible()
    attempt = Attempt.objects.get(quiz=quiz, learner__email=LEARNER.email)
    assert len(page.locator("#quiz-form fieldset").all()) == 6
    assert len(page.locator("#quiz-form fieldset > legend").all()) == 6

    # the attempt page's HTML and scripts, and what the DOM holds, carry no answer
    dom = page.content()
    bodies = [*received, dom]
    for secret in _secrets(attempt):
        assert not any(secret in body for body in bodies), secret
    assert not any(re.search(r'"(correct|accepted|explanation)"', body) for body in bodies)
    assert page.evaluate("() => JSON.stringify(Object.keys(window).filter(k => /quiz|answer/i.test(k)))") == "[]"

    _answer_everything(page, attempt)
    with page.expect_response(lambda r: "/enregistrer/" in r.url) as saved:  # autosave after a change
        page.locator("#quiz-form input, #quiz-form select").last.dispatch_event("change")
    assert saved.value.status == 200
    page.get_by_role("button", name="Envoyer mes réponses").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Votre résultat")
    expect(page.locator("#quiz-score")).to_have_text("Score : 100,0 %")
    expect(page.get_by_text("Réussi", exact=True)).to_be_visible()
    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed) == (AttemptStatus.SUBMITTED, True)
    assert foreign_requests == []


def test_trainer_sees_the_cohort_results(page, live_server, demo_data):
    """The demo trainer leads the demo learner's cohort: from the cohort page to the exit evaluation's results and
    their CSV export."""
    from uuid import uuid4

    from assessments.services import attempt_start, attempt_submit
    from tests.assessments.factories import right_answers
    from training.models import Cohort

    quiz = Quiz.objects.get(kind="exit")
    learner = User.objects.get(email=LEARNER.email)
    attempt = attempt_start(quiz=quiz, learner=learner)
    attempt_submit(attempt=attempt, learner=learner, responses=right_answers(attempt), submission_key=uuid4())
    cohort = Cohort.objects.get(enrolments__learner=learner)

    _log_in(page, live_server, TRAINER)
    page.goto(f"{live_server.url}/formateur/promotions/{cohort.pk}/")
    expect(page.get_by_role("link", name="Attestations", exact=True)).to_have_attribute(
        "href", f"/attestations/promotions/{cohort.pk}/"
    )
    page.get_by_role("link", name=f"Voir les résultats — {quiz.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Résultats : Évaluation finale")
    expect(page.get_by_text(f"Promotion : {cohort.title}")).to_be_visible()
    row = page.get_by_role("table").first.get_by_role("row", name=re.compile(learner.get_full_name()))
    expect(row).to_contain_text("100,0 %")
    expect(row).to_contain_text("Réussi")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les résultats (CSV)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert LEARNER.email in content and ";100,0;oui" in content
