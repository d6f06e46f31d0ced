"""A learner passes the exit evaluation, finishes the training in the browser, sees the checklist turn complete,
downloads the attestation (read back with pypdf), opens the verification URL printed under the QR code → "valide";
after revocation → "révoquée"."""

from __future__ import annotations

import io
import re
import uuid
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Quiz
from assessments.services import attempt_start, attempt_submit
from certificates.models import Attestation, CompletionRuleSettings
from certificates.services import attestation_revoke
from core.demo import DEMO_ACCOUNTS
from core.models import User
from core.roles import Role
from courses.models import LessonPage, ModulePage, ProgramPage
from tests.assessments.factories import right_answers
from tests.certificates.factories import attend, cohort_with_sessions, countersign
from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory

LEARNER = next(a for a in DEMO_ACCOUNTS if a.role is Role.LEARNER)
COMPLETE_BUTTON = re.compile("Terminer la leçon|Complete the lesson")


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(LEARNER.email)
    page.get_by_label("Mot de passe").fill(LEARNER.password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text(f"Bonjour {LEARNER.first_name}")).to_be_visible()


def test_learner_finishes_downloads_and_verifies(page, live_server, demo_data, foreign_requests):
    programme = ProgramPage.objects.live().first()
    module = ModulePage.objects.live().descendant_of(programme).order_by("path").first()
    lessons = list(LessonPage.objects.live().child_of(module).order_by("path"))
    rule, _created = CompletionRuleSettings.objects.update_or_create(
        programme=programme, defaults={"exit_evaluation_passed": True, "survey_answered": False}
    )
    rule.required_modules.set([module])
    learner = User.objects.get(email=LEARNER.email)
    cohort, sessions = cohort_with_sessions(programme=programme, title="Promotion Strasbourg")
    enrolment = EnrolmentFactory(cohort=cohort, learner=learner)
    for session in sessions:
        attend(session, enrolment)
        if session.modality == "in_person":
            countersign(session, cohort.trainers.first())
    # the demo's exit evaluation, taken through the real services: its platform statements reach completion
    exit_quiz = Quiz.objects.get(programme=programme, kind="exit")
    attempt = attempt_start(quiz=exit_quiz, learner=learner)
    attempt_submit(attempt=attempt, learner=learner, responses=right_answers(attempt), submission_key=uuid.uuid4())

    _log_in(page, live_server)
    page.goto(f"{live_server.url}/attestations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes attestations")
    checklist = page.locator(".cafe-checklist")
    expect(checklist).to_have_attribute("data-eligible", "false")
    expect(checklist.locator("li[data-status=missing]")).to_contain_text(module.title)

    for lesson in lessons:  # the learner really finishes the required module, lesson by lesson
        page.goto(live_server.url + lesson.url)
        page.mouse.wheel(0, 400)
        button = page.get_by_role("button", name=COMPLETE_BUTTON)
        with page.expect_response(lambda r: r.url.endswith("/xapi/statements") and r.request.method == "POST"):
            button.click()
        expect(page.locator("[data-lesson-done]")).to_be_visible()

    download_link = page.get_by_role("link", name="Télécharger l’attestation (PDF)")
    for _attempt in range(20):  # the last statement's handlers may still be issuing: a learner would reload too
        page.goto(f"{live_server.url}/attestations/")
        if download_link.count():
            break
        page.wait_for_timeout(500)
    expect(checklist).to_have_attribute("data-eligible", "true")
    expect(page.get_by_role("heading", name="Tout est complet")).to_be_visible()
    attestation = Attestation.objects.get(learner=learner)
    with page.expect_download() as download:
        download_link.click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    flat = " ".join(text.split())
    for expected in (attestation.learner_name, programme.title, "17 h", "Résultats de l’évaluation des acquis",
                     "Évaluation de sortie Réussie — score : 100 %", attestation.code_display):  # fmt: skip
        assert expected in flat, expected
    url = re.search(r"https?://\S+/verifier/[0-9A-Z]+", text).group(0)
    assert url.endswith(f"/verifier/{attestation.code}")

    page.goto(live_server.url + urlparse(url).path)  # the printed URL names SITE_URL; the live server differs
    expect(page.locator("[data-verification]")).to_have_attribute("data-verification", "valid")
    expect(page.get_by_text("Attestation valide")).to_be_visible()

    attestation_revoke(attestation=attestation, actor=UserFactory(role=Role.NATIONAL_ADMIN), reason="Erreur")
    page.reload()
    expect(page.get_by_text("Attestation révoquée")).to_be_visible()
    expect(page.locator("[data-verification]")).to_contain_text("révoquée")
    assert foreign_requests == []
