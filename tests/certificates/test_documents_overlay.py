"""Documents printed over a batch's background (decision 0052): the learner's lines land where a whole render puts
them, the metadata is the learner's, and what does not fit its slot (long names, scripts outside the print font, a
long site URL) is rendered whole."""

from __future__ import annotations

import io
from collections import Counter

import pikepdf
import pytest
from pypdf import PdfReader

import certificates.pdf as documents
from certificates.models import Attestation
from certificates.pdf import (
    ATTESTATION,
    CERTIFICATE,
    DocumentsBatch,
    attestation_pdf_bytes,
    certificate_pdf_bytes,
    documents_pdf_bytes,
    learner_fields,
    overlay_refusal,
)
from tests.certificates.test_documents import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def attestation(finished_enrolment):
    attestation = Attestation.objects.select_related("programme").get()
    attestation.exit_passed, attestation.exit_score = True, 0.85
    return attestation


@pytest.fixture
def whole_renders(monkeypatch):
    """Counts the documents rendered whole (the fallback)."""
    calls = []
    full = documents._full
    monkeypatch.setattr(documents, "_full", lambda *args: calls.append(args[2].name) or full(*args))
    return calls


def placed_text(pdf: bytes) -> Counter:
    """Each piece of text with where it is drawn (points, rounded to 0.5)."""
    found: Counter = Counter()

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found[(text.strip(), round(x * 2) / 2, round(y * 2) / 2)] += 1

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_ordinary_names_are_printed_over_the_background_where_a_whole_render_puts_them(
    attestation, whole_renders, monkeypatch
):
    for name in ("Amélie Poulain", "Анна-Мария Достоевская", "Ελευθερία Παπαδοπούλου", "Nguyễn Thị Minh Khai"):
        attestation.learner_name = name
        overlaid = documents_pdf_bytes(attestation, DocumentsBatch())
        assert whole_renders == []
        monkeypatch.setattr(documents, "USE_OVERLAY", False)
        whole = documents_pdf_bytes(attestation, DocumentsBatch())
        monkeypatch.setattr(documents, "USE_OVERLAY", True)
        whole_renders.clear()
        for over, full in zip(overlaid, whole, strict=True):
            assert placed_text(over) == placed_text(full), name
            assert text_of(over)[1] == 1


def test_the_overlaid_documents_read_back_with_the_learner_s_metadata(attestation, whole_renders):
    attestation_pdf, certificate_pdf = documents_pdf_bytes(attestation, DocumentsBatch())
    assert whole_renders == []
    text, _pages = text_of(attestation_pdf)
    flat = " ".join(text.split())
    for expected in ("Attestation de fin de formation", "Amélie Poulain", "Formation Café IA (test)", "17 h",
                     "Expliquer ce qu'est l'IA", "Évaluation de sortie Réussie — score : 85 %", "7 h",
                     attestation.code_display, f"/verifier/{attestation.code}", "Fait le "):  # fmt: skip
        assert expected in flat, expected
    text, _pages = text_of(certificate_pdf)
    assert "Certificat de réalisation" in text and "Amélie Poulain" in text and "Durée effectivement suivie" in text
    for pdf, title in (
        (attestation_pdf, "Attestation de fin de formation"),
        (certificate_pdf, "Certificat de réalisation"),
    ):
        with pikepdf.open(io.BytesIO(pdf)) as opened:
            assert str(opened.docinfo["/Title"]) == f"{title} — Amélie Poulain"
            assert str(opened.Root.Lang) == "fr"
            assert "/Names" not in opened.Root or "/Dests" not in opened.Root.Names  # the slots' anchors are gone


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Maximilienne-Éléonore-Anne-Charlotte de La Tour d'Auvergne-Lauraguais " * 2, "name-length"),
        ("Maximilienne-Éléonore-Anne-Charlotte de La Tour d'Auvergne", "name-width"),
        ("محمد بن عبد الله", "name-font"),
        ("王秀英 张伟", "name-font"),
        ("Amélie \u202eniaeluoP", "name-font"),  # a bidi control reorders what follows
    ],
    ids=["long", "wide", "arabic", "cjk", "bidi"],
)
def test_what_does_not_fit_its_slot_is_rendered_whole(attestation, whole_renders, name, reason):
    attestation.learner_name = name
    batch = DocumentsBatch()
    background = batch.background(ATTESTATION, attestation)
    assert overlay_refusal(learner_fields(attestation), background, ATTESTATION) == reason
    attestation_pdf, _certificate_pdf = documents_pdf_bytes(attestation, batch)
    assert whole_renders == ["attestation", "certificat"]
    with pikepdf.open(io.BytesIO(attestation_pdf)) as opened:
        assert str(opened.docinfo["/Title"]) == f"Attestation de fin de formation — {name}"


def test_a_site_url_too_long_for_its_slot_renders_whole(attestation, whole_renders, settings):
    settings.SITE_URL = "https://" + "formation-des-animateurs." * 4 + "example.fr"
    text, pages = text_of(certificate_pdf_bytes(attestation))
    assert whole_renders == ["certificat"] and pages == 1


def test_a_batch_renders_each_background_once_and_a_process_keeps_the_last_few(attestation, monkeypatch):
    rendered = []
    original = documents.html_to_pdf_with_anchors
    monkeypatch.setattr(documents, "html_to_pdf_with_anchors", lambda *a, **k: rendered.append(1) or original(*a, **k))
    monkeypatch.setattr(documents, "_backgrounds", type(documents._backgrounds)())
    batch = DocumentsBatch()
    for name in ("Amélie Poulain", "Jean Dupont", "Zoé Martin"):
        attestation.learner_name = name
        documents_pdf_bytes(attestation, batch)
    assert len(rendered) == 2  # one per document
    attestation_pdf_bytes(attestation, DocumentsBatch())  # another batch (chunk) of the same job: the same HTML
    assert len(rendered) == 2
    attestation.programme_title = "Autre intitulé"
    certificate_pdf_bytes(attestation, DocumentsBatch())
    assert len(rendered) == 3


def test_slots_are_measured_from_the_background_layout(attestation):
    batch = DocumentsBatch()
    attestation_background = batch.background(ATTESTATION, attestation)
    certificate_background = batch.background(CERTIFICATE, attestation)
    assert set(ATTESTATION.slots) <= set(attestation_background.slots)
    assert set(CERTIFICATE.slots) <= set(certificate_background.slots)
    x1, y1, x2, y2 = attestation_background.slots["qr"]
    assert round((x2 - x1) * 25.4 / 96) == round((y2 - y1) * 25.4 / 96) == 28  # the QR code's 28 mm square
    # the name sits under the title on both, the code under the QR code
    for background in (attestation_background, certificate_background):
        assert background.slots["name"][1] < background.slots["dates"][1] < background.slots["qr"][1]
        assert background.slots["qr"][3] < background.slots["code"][1] < background.slots["url"][1]


def test_a_background_longer_than_a_page_renders_whole(attestation, whole_renders, monkeypatch):
    many = [
        f"Objectif pédagogique numéro {n} de la formation, formulé longuement pour occuper sa ligne" for n in range(60)
    ]
    monkeypatch.setattr(DocumentsBatch, "objectives", lambda self, attestation: many)
    batch = DocumentsBatch()
    assert batch.background(ATTESTATION, attestation).pages > 1
    attestation_pdf, certificate_pdf = documents_pdf_bytes(attestation, batch)
    assert whole_renders == ["attestation", "certificat"]
    assert "numéro 59" in text_of(attestation_pdf)[0]
