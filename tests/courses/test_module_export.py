"""Module archives: built by the task, self-contained, attributed on every page, cached until the next publication."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.export import module_content_key, module_export_build, module_export_request
from courses.models import ModuleExport
from courses.models_export import ExportStatus
from tests.courses.conftest import lesson_page, publish


def _image(title):
    return Image.objects.create(title=title, file=get_test_image_file(f"{title}.png"))


def image_block(image, alt, credit):
    return {"type": "image", "value": {"image": image.pk, "alt_text": alt, "credit": credit, "caption": ""}}


@pytest.fixture
def rich_module(module):
    present, gone = _image("schema"), _image("disparue")
    document = Document.objects.create(title="Fiche", file=ContentFile(b"%PDF-1.4 fiche", name="fiche.pdf"))
    publish(
        module,
        lesson_page(
            title="Leçon illustrée",
            slug="illustree",
            body=[
                {"type": "text", "value": '<p>Voir <a href="/formation-test/">le programme</a>.</p>'},
                image_block(present, "Schéma d'un réseau de neurones", "Inria, CC BY-SA 4.0"),
                image_block(gone, "Photo d'atelier", "Café IA"),
                {"type": "download", "value": {"document": document.pk, "title": "Fiche mémo", "description": ""}},
            ],
        ),
    )
    publish(module, lesson_page(title="Deuxième leçon", slug="deuxieme"))
    Path(gone.file.path).unlink()  # the storage lost this file: the export must still succeed and say so
    return module


def _build(module, capture):
    with capture(execute=True):
        export = module_export_request(module=module)
    export.refresh_from_db()
    return export


def _archive(export) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(export.file.open("rb").read()))


@pytest.mark.django_db
def test_the_archive_holds_attributed_pages_local_media_a_pdf_and_the_missing_list(
    rich_module, django_capture_on_commit_callbacks
):
    export = _build(rich_module, django_capture_on_commit_callbacks)
    assert export.status == ExportStatus.DONE and export.progress == 100
    archive = _archive(export)
    names = archive.namelist()
    root = "module-test-v10/"
    assert f"{root}index.html" in names and f"{root}lecons/01-illustree.html" in names
    assert f"{root}lecons/02-deuxieme.html" in names and f"{root}module-test.pdf" in names
    pages = [name for name in names if name.endswith(".html")]
    for name in pages:
        markup = archive.read(name).decode()
        assert "data-attribution" in markup and "CC BY-SA 4.0" in markup and "Équipe pédagogique Café IA" in markup
        assert "<script" not in markup and "<link" not in markup
    lesson = archive.read(f"{root}lecons/01-illustree.html").decode()
    image_src = next(part.split('"')[0] for part in lesson.split('src="../')[1:])
    assert image_src.startswith("media/images/") and f"{root}{image_src}" in names  # the image travels along
    assert "Crédit : Inria, CC BY-SA 4.0" in lesson
    assert "Image absente de cet export : Photo d&#x27;atelier" in lesson
    assert 'href="../documents/' in lesson and any(n.startswith(f"{root}documents/") for n in names)
    assert 'href="http://testserver/formation-test/"' in lesson  # site links made absolute
    readme = archive.read(f"{root}LISEZMOI.txt").decode()
    assert "image « Photo d'atelier »" in readme and export.missing and "CC BY-SA 4.0" in readme

    pdf = PdfReader(io.BytesIO(archive.read(f"{root}module-test.pdf")))
    texts = [" ".join(page.extract_text().split()) for page in pdf.pages]
    assert all("CC BY-SA 4.0" in text for text in texts)  # the attribution footer is on every page
    whole = " ".join(texts)
    assert "Leçon illustrée" in whole and "Deuxième leçon" in whole and "Du contenu." in whole


@pytest.mark.django_db
def test_the_archive_is_cached_until_a_publication_changes_the_content(
    rich_module, django_capture_on_commit_callbacks
):
    first = _build(rich_module, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = module_export_request(module=rich_module)
    assert again.pk == first.pk and callbacks == []  # nothing queued: the archive is still valid
    assert module_export_build(export=again).file.name == first.file.name  # building twice is a no-op
    lesson = rich_module.get_children().live().last().specific
    lesson.title = "Deuxième leçon, revue"
    lesson.save_revision().publish()
    assert module_content_key(module=rich_module) != first.content_key
    second = _build(rich_module, django_capture_on_commit_callbacks)
    assert (
        second.pk != first.pk
        and "Deuxième leçon, revue" in _archive(second).read("module-test-v10/lecons/02-deuxieme.html").decode()
    )
    assert list(ModuleExport.objects.values_list("pk", flat=True)) == [second.pk]  # the old archive is gone


@pytest.mark.django_db
def test_a_failed_build_is_recorded_and_requeued_on_the_next_request(
    rich_module, django_capture_on_commit_callbacks, monkeypatch
):
    import courses.export

    def broken(**kwargs):
        raise RuntimeError("template broke")

    monkeypatch.setattr(courses.export, "module_archive_build", broken)
    failed = _build(rich_module, django_capture_on_commit_callbacks)
    assert failed.status == ExportStatus.FAILED and "template broke" in failed.error
    monkeypatch.undo()
    rebuilt = _build(rich_module, django_capture_on_commit_callbacks)
    assert rebuilt.pk == failed.pk and rebuilt.status == ExportStatus.DONE


@pytest.mark.django_db
def test_the_download_views(client, rich_module, django_capture_on_commit_callbacks):
    url = reverse("courses:module_export", args=[rich_module.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).status_code == 202  # queued: the task runs after the request's transaction
    response = client.get(url)
    assert response.status_code == 302
    download = client.get(response["Location"])
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    assert 'filename="module-test-v1.0.zip"' in download["Content-Disposition"]
    zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).testzip()
    state = client.get(reverse("courses:module_export_status", args=[rich_module.pk])).json()
    assert state["status"] == "done" and state["download_url"] == response["Location"]
    assert f'href="{url}"' in client.get(rich_module.url).content.decode()


@pytest.mark.django_db
def test_a_module_being_built_shows_its_progress_and_a_draft_module_has_no_archive(client, rich_module, day):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("courses.tasks.module_export_build_task.delay", lambda export_id: None)
        response = client.get(reverse("courses:module_export", args=[rich_module.pk]))
    assert response.status_code == 202 and "data-export-poll" in response.content.decode()
    state = client.get(reverse("courses:module_export_status", args=[rich_module.pk])).json()
    assert state == {"status": "pending", "progress": 0, "missing": []}
    rich_module.unpublish()
    assert client.get(reverse("courses:module_export", args=[rich_module.pk])).status_code == 404
    export = ModuleExport.objects.get()
    assert client.get(reverse("courses:module_export_download", args=[rich_module.pk, export.pk])).status_code == 404
