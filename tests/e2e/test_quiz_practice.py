"""A practice quiz with immediate feedback, from the lesson's quiz block, with the keyboard only."""

from __future__ import annotations

from playwright.sync_api import expect

from assessments.models import Attempt, AttemptStatus
from core.demo import DEMO_ACCOUNTS
from core.roles import Role
from courses.models import LessonPage

LEARNER = next(a for a in DEMO_ACCOUNTS if a.role is Role.LEARNER)


def test_practice_quiz_with_immediate_feedback(page, live_server, demo_data, foreign_requests):
    lesson = LessonPage.objects.get(slug="ce-qu-est-l-ia")
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(LEARNER.email)
    page.get_by_label("Mot de passe").fill(LEARNER.password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text(f"Bonjour {LEARNER.first_name}")).to_be_visible()

    page.goto(live_server.url + lesson.url)
    card = page.get_by_role("link", name="S'entraîner : qu'est-ce que l'IA ?")
    expect(page.get_by_text("Pas encore tenté")).to_be_visible()
    card.click()
    page.get_by_role("button", name="Commencer").click()
    attempt = Attempt.objects.get(learner__email=LEARNER.email)
    first = attempt.snapshot["questions"][0]
    assert first["explanation"] not in page.content()

    wrong = next(c for c in first["choices"] if c["id"] not in first["correct"])
    radio = page.locator(f'input[name="q-{first["key"]}"][value="{wrong["id"]}"]')
    radio.focus()
    page.keyboard.press("Space")
    check = page.locator(f"#question-{first['key']}").get_by_role("button", name="Vérifier cette réponse")
    check.focus()
    page.keyboard.press("Enter")

    fieldset = page.locator(f"#question-{first['key']}")
    expect(fieldset.get_by_role("status")).to_contain_text("Ce n’est pas tout à fait ça.")
    expect(fieldset.get_by_role("status")).to_contain_text(first["explanation"])
    expect(fieldset.locator("input").first).to_be_disabled()
    for question in attempt.snapshot["questions"][1:]:  # the explanations of questions not checked stay unknown
        if question["explanation"]:
            assert question["explanation"] not in page.content()

    page.get_by_role("button", name="Envoyer mes réponses").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Votre résultat")
    expect(page.locator("#quiz-score")).to_have_text("Score : 0,0 %")
    attempt.refresh_from_db()
    assert (
        attempt.status == AttemptStatus.SUBMITTED and attempt.answers.get(question_key=first["key"]).correct is False
    )
    page.goto(live_server.url + lesson.url)
    expect(page.get_by_text("Votre meilleur score : 0,0 %")).to_be_visible()
    assert foreign_requests == []
