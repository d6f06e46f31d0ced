"""core/pdf.py: real PDFs read back; no network, no file outside the allowed roots."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from core.pdf import PdfResourceRefused, html_to_pdf


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_html_is_rendered_to_a_pdf_whose_text_reads_back():
    data = html_to_pdf("<html lang='fr'><body><h1>Feuille d’émargement</h1><p>Durée : 17 h</p></body></html>")
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Feuille d’émargement" in text
    assert "Durée : 17 h" in text


def test_a_remote_url_is_refused_instead_of_fetched():
    with pytest.raises(PdfResourceRefused, match="disallowed protocol"):
        html_to_pdf('<img src="https://example.org/tracker.png">')


def test_a_local_file_outside_static_and_media_is_refused():
    with pytest.raises(PdfResourceRefused, match="outside the static and media roots"):
        html_to_pdf('<img src="file:///etc/passwd">')


def test_a_missing_static_file_is_an_error_not_a_blank_image():
    with pytest.raises(PdfResourceRefused):
        html_to_pdf('<img src="img/does-not-exist.png">')


def test_data_urls_are_allowed():
    pixel = (
        "data:image/png;base64,"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    assert html_to_pdf(f'<p>signature</p><img src="{pixel}" alt="">').startswith(b"%PDF-")


def test_core_pdf_is_the_only_module_that_imports_weasyprint():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = ("config", "core", "cms", "xapi", "courses", "training", "assessments", "certificates", "dashboards")
    importers = sorted(
        str(path.relative_to(root))
        for app in apps
        for path in (root / app).rglob("*.py")
        if "import weasyprint" in (text := path.read_text()) or "from weasyprint" in text
    )
    assert importers == ["core/pdf.py"]
