"""The in-person day in Chromium: the demo trainer creates a cohort, imports a CSV, opens the check-in screen; the demo
learner scans the QR code on a phone (decoded from a screenshot) and signs on the canvas; the trainer countersigns
and downloads the émargement PDF, read back here (text, and one signature image per present learner plus the
trainer's)."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import urlparse

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from core.demo import DEMO_ACCOUNTS
from core.roles import Role
from courses.models import ModulePage
from training.models import Attendance, Cohort, Enrolment

TRAINER = next(a for a in DEMO_ACCOUNTS if a.role is Role.TRAINER)
LEARNER = next(a for a in DEMO_ACCOUNTS if a.role is Role.LEARNER)
PARIS = __import__("zoneinfo").ZoneInfo("Europe/Paris")


@pytest.fixture
def frozen_now(monkeypatch):
    """A fixed instant, a working day next month at 09:10 in Strasbourg, shared by the live server's thread: the
    session is "now" whatever the day and hour the suite runs, and the rotating code is stable during the test."""
    import holidays
    from django.utils import timezone

    day = dt.date.today() + dt.timedelta(days=30)
    while day.weekday() >= 5 or day in holidays.country_holidays("FR", subdiv="6AE", years=day.year):
        day += dt.timedelta(days=1)
    now = dt.datetime.combine(day, dt.time(9, 10), tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


def log_in(page, live_server, account) -> None:
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(account.email)
    page.get_by_label("Mot de passe").fill(account.password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text(f"Bonjour {account.first_name}")).to_be_visible()


def draw(page, canvas_selector: str, wiggle: int = 0) -> None:
    page.wait_for_load_state("load")  # signature-pad.js (deferred) listens to the pointer
    canvas = page.locator(canvas_selector)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + 0.1 * w, y + 0.7 * h)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(
            x + (0.1 + step * 0.033) * w, y + (0.5 + 0.3 * ((-1) ** step) * (0.5 + wiggle / 10)) * h, steps=3
        )
    page.mouse.up()


def test_trainer_runs_an_in_person_half_day_with_qr_check_in(
    page, browser, live_server, demo_data, frozen_now, foreign_requests, tmp_path
):
    module = ModulePage.objects.live().order_by("path").first()
    log_in(page, live_server, TRAINER)

    # 1. a cohort
    page.goto(f"{live_server.url}/formateur/")
    page.get_by_role("link", name="Nouvelle promotion").click()
    page.get_by_label("Intitulé").fill("Promotion e2e Colmar")
    page.get_by_label("Territoire").select_option(label="Alsace")
    page.get_by_label("Département").fill("68")
    page.get_by_label("Statut").select_option(label="Inscriptions ouvertes")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Promotion e2e Colmar")
    cohort = Cohort.objects.get(title="Promotion e2e Colmar")

    # 2. its in-person half-day, now
    page.get_by_role("link", name="Ajouter une séance").click()
    page.get_by_label("Date").fill(frozen_now.date().isoformat())
    page.get_by_label("Début (heure locale)").fill("09:00")
    page.get_by_label("Fin (heure locale)").fill("12:30")
    page.get_by_label("En présentiel").check(force=True)  # DSFR draws the radio on its label
    page.get_by_label("Adresse du lieu").fill("Pôle média-culture, 1 rue de la Bibliothèque, 68000 Colmar")
    page.get_by_label("Capacité de la salle").fill("12")
    page.get_by_label(module.title).check(force=True)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("La séance a été enregistrée.")).to_be_visible()
    session = cohort.sessions.get()

    # 3. learners from a CSV (checked, then confirmed)
    page.goto(f"{live_server.url}/formateur/promotions/{cohort.pk}/inscrire/")
    csv_path = tmp_path / "apprenants.csv"
    csv_path.write_text(
        f"email;prénom;nom\n{LEARNER.email};Camille;Martin\nnouvelle.personne@exemple.fr;Lou;Nouvelle\npas-une-adresse;X;Y\n",
        encoding="utf-8",
    )
    page.get_by_label("Fichier CSV").set_input_files(str(csv_path))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_text("Prêt à confirmer")).to_be_visible()
    expect(page.get_by_text("n’est pas une adresse e-mail valide")).to_be_visible()
    assert not Enrolment.objects.filter(cohort=cohort).exists()  # nothing written before the confirmation
    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.get_by_text("Import terminé.")).to_be_visible()
    assert Enrolment.objects.filter(cohort=cohort).count() == 2

    # 4. the check-in screen on the room's display
    page.goto(f"{live_server.url}/formateur/seances/{session.pk}/")
    page.get_by_role("link", name="Ouvrir l’écran d’émargement").click()
    expect(page.locator("[data-checkin-qr] svg")).to_be_visible()
    code = page.locator("[data-checkin-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)

    # 5. the learner, on a phone, scans the QR code shown on the screen (decoded from a screenshot) and signs
    scanned = zxingcpp.read_barcode(Image.open(io.BytesIO(page.locator("[data-checkin-qr]").screenshot())))
    assert scanned is not None and scanned.format == zxingcpp.BarcodeFormat.QRCode
    qr_url = urlparse(scanned.text)
    assert qr_url.path == f"/formation/emargement/{session.pk}/" and qr_url.query == f"code={code}"
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, locale="fr-FR")
    learner_page = phone.new_page()
    log_in(learner_page, live_server, LEARNER)
    learner_page.goto(f"{live_server.url}{qr_url.path}?{qr_url.query}")  # the QR names SITE_URL, not the test server
    expect(learner_page.get_by_role("heading", level=1)).to_have_text("Votre signature")
    learner_page.get_by_role("button", name="Signer").click()  # blank pad: stopped in the browser
    expect(learner_page.get_by_text("Signez d’abord dans le cadre.")).to_be_visible()
    draw(learner_page, "canvas")
    learner_page.get_by_role("button", name="Signer").click()
    expect(learner_page.get_by_role("heading", level=1)).to_have_text("Signé")
    phone.close()
    signed = Attendance.objects.get(session=session)
    assert signed.enrolment.learner.email == LEARNER.email and signed.method == "qr" and signed.signature

    # 6. countersignature, then the PDF
    page.goto(f"{live_server.url}/formateur/seances/{session.pk}/")
    page.get_by_role("link", name="Contresigner la feuille").click()
    draw(page, "canvas", wiggle=3)
    page.get_by_role("button", name="Contresigner et verrouiller").click()
    expect(page.get_by_text("La feuille est contresignée et verrouillée.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger la feuille d’émargement (PDF)").click()
    pdf = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    trainer_name = f"{TRAINER.first_name} {TRAINER.last_name}"
    expected_texts = ["Feuille d’émargement", "Promotion e2e Colmar", module.title, "09:00", "12:30", trainer_name]
    for expected in expected_texts + ["MARTIN Camille", "NOUVELLE Lou", "Absent"]:
        assert expected in text, expected
    assert sum(len(p.images) for p in pdf.pages) == 2  # the present learner's signature + the trainer's
    assert foreign_requests == []
