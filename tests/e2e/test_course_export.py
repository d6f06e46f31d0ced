"""A module archive is downloaded, opened in Chromium with the network blocked, and its PDF read back."""

import io
import re
import zipfile
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.models import LessonPage, ModulePage


def _illustrate(lesson: LessonPage) -> None:
    image = Image.objects.create(title="Schéma", file=get_test_image_file("schema.png"))
    block = {"image": image, "alt_text": "Schéma d'un neurone artificiel", "credit": "Inria, CC BY-SA 4.0"}
    lesson.body.append(("image", block | {"caption": ""}))
    lesson.save_revision().publish()


def test_module_archive_works_offline_with_attribution_everywhere(page, browser, live_server, demo_data, tmp_path):
    module = ModulePage.objects.live().order_by("path").first()
    _illustrate(LessonPage.objects.live().child_of(module).order_by("path").first())

    page.goto(f"{live_server.url}{module.url}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger le module")).click()
    archive_path = tmp_path / "module.zip"
    download_info.value.save_as(archive_path)
    with zipfile.ZipFile(archive_path) as archive:
        archive.extractall(tmp_path / "out")
        pdf_name = next(name for name in archive.namelist() if name.endswith(".pdf"))
        pdf = PdfReader(io.BytesIO(archive.read(pdf_name)))
    pages = sorted((tmp_path / "out").rglob("*.html"))
    assert len(pages) == 1 + LessonPage.objects.live().child_of(module).count()

    offline = browser.new_context(offline=True)
    blocked: list[str] = []
    offline.route(re.compile(r"^https?://"), lambda route: (blocked.append(route.request.url), route.abort()))
    viewer = offline.new_page()
    images_seen = 0
    for html_file in pages:
        viewer.goto(Path(html_file).as_uri())
        expect(viewer.locator("[data-attribution]")).to_contain_text("CC BY-SA 4.0")
        expect(viewer.get_by_role("heading", level=1)).to_have_count(1)
        broken = viewer.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).length")
        assert broken == 0, html_file
        images_seen += viewer.evaluate("document.images.length")
    offline.close()
    assert images_seen >= 1 and blocked == []

    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert module.title in text and "CC BY-SA 4.0" in text
    for lesson in LessonPage.objects.live().child_of(module):
        assert lesson.title in text
