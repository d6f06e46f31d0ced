"""Module archives: the commons reusable offline (decision 0033).

An archive holds the module's page and one page per lesson (self-contained HTML: inline style, no script, images
and documents copied beside them), a PDF of the whole module and a LISEZMOI.txt; the TASL attribution is on every
page of both. Media missing from storage do not fail the export: they are listed in LISEZMOI.txt and on the pages.
Built by ``module_export_build_task``; one archive per state of the content (``module_content_key``).
"""

from __future__ import annotations

import hashlib
import html
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from courses.models import LessonPage, ModulePage
from courses.models_export import ExportStatus, ModuleExport
from courses.selectors import module_lessons, page_attribution

logger = logging.getLogger(__name__)

_MEDIA = re.compile(r'(?P<attr>src|href)="' + re.escape(settings.MEDIA_URL) + r'(?P<path>[^"?#]+)"')
_DOCUMENT = re.compile(r'(?P<attr>src|href)="/documents/(?P<id>\d+)/(?P<name>[^"?#]+)"')
_IMG = re.compile(r"<img\b[^>]*>")
_SITE_LINK = re.compile(r'href="(/[^"]*)"')
_VIDEO = re.compile(r"<video\b.*?</video>", re.S)


@dataclass
class Assets:
    """Files to copy into the archive (archive name → path on disk) and what could not be found."""

    files: dict[str, Path] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def note_missing(self, what: str) -> None:
        if what not in self.missing:
            self.missing.append(what)


def module_content_key(*, module: ModulePage) -> str:
    """Changes whenever the module or one of its lessons is published, unpublished, added or removed."""
    lessons = module_lessons(module=module).values_list("pk", "live_revision_id")
    parts = [f"{module.pk}.{module.live_revision_id}", *(f"{pk}.{rev}" for pk, rev in lessons), settings.SITE_URL]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _missing_image(tag: str) -> str:
    alt = re.search(r'alt="([^"]*)"', tag)
    label = _("Image missing from this export")
    return f'<span class="missing">[{label}{" : " + alt.group(1) if alt and alt.group(1) else ""}]</span>'


def _localise(markup: str, *, prefix: str, assets: Assets, for_pdf: bool = False) -> str:
    """Point media and documents at their copies in the archive (or at file: URIs for the PDF)."""
    from core.pdf import media_uri  # WeasyPrint is imported only by the processes that render

    def image(match: re.Match) -> str:
        tag = match.group(0)
        src = _MEDIA.search(tag)
        if src is None:
            return tag
        path = Path(settings.MEDIA_ROOT) / src.group("path")
        if not path.is_file():  # Wagtail renders a lost original as "not-found": name the image by its alt text
            alt = re.search(r'alt="([^"]*)"', tag)
            assets.note_missing(f"image « {html.unescape(alt.group(1)) if alt else ''} » ({src.group('path')})")
            return _missing_image(tag)
        assets.files[f"media/{src.group('path')}"] = path
        target = media_uri(src.group("path")) if for_pdf else f"{prefix}media/{src.group('path')}"
        return tag.replace(src.group(0), f'src="{target}"')

    def document(match: re.Match) -> str:
        item = get_document_model().objects.filter(pk=match.group("id")).first()
        absolute = f'{match.group("attr")}="{settings.SITE_URL}/documents/{match.group("id")}/{match.group("name")}"'
        if for_pdf:
            return absolute
        if item is None or not item.file or not Path(item.file.path).is_file():
            assets.note_missing(f"documents/{match.group('name')}")
            return absolute
        name = f"documents/{item.pk}-{Path(item.file.name).name}"
        assets.files[name] = Path(item.file.path)
        return f'{match.group("attr")}="{prefix}{name}"'

    markup = _IMG.sub(image, markup)
    if for_pdf:
        markup = _VIDEO.sub(lambda m: f"<p>[{_('Video: see the online version')}]</p>", markup)
    markup = _DOCUMENT.sub(document, markup)
    return _SITE_LINK.sub(lambda m: f'href="{settings.SITE_URL}{m.group(1)}"', markup)


def _lesson_filename(number: int, lesson: LessonPage) -> str:
    return f"lecons/{number:02d}-{lesson.slug}.html"


def _style() -> str:
    return Path(finders.find("courses/css/export.css")).read_text(encoding="utf-8")


def _render_lessons(module: ModulePage, lessons: list[LessonPage], assets: Assets, export: ModuleExport):
    """Each lesson's HTML page (for the archive) and its body localised for the PDF."""
    pages, pdf_sections = {}, []
    for number, lesson in enumerate(lessons, start=1):
        body = render_to_string("courses/export/lesson_body.html", {"page": lesson, "export": True})
        context = {
            "page": lesson,
            "module": module,
            "attribution": page_attribution(page=lesson, module=module),
            "body": _localise(body, prefix="../", assets=assets),
            "previous": _lesson_filename(number - 1, lessons[number - 2])[7:] if number > 1 else None,
            "next": _lesson_filename(number + 1, lessons[number])[7:] if number < len(lessons) else None,
            "style": _style(),
        }
        pages[_lesson_filename(number, lesson)] = render_to_string("courses/export/lesson.html", context)
        pdf_sections.append(
            {
                "page": lesson,
                "attribution": context["attribution"],
                "body": _localise(body, prefix="", assets=Assets(), for_pdf=True),
            }
        )
        export.progress = int(80 * number / max(len(lessons), 1))
        export.save(update_fields=["progress"])
    return pages, pdf_sections


def module_archive_build(*, module: ModulePage, export: ModuleExport) -> tuple[bytes, list[str]]:
    """The ZIP bytes of the module and the media found missing."""
    module = ModulePage.objects.select_related("licence").get(pk=module.pk)
    lessons = list(LessonPage.objects.live().child_of(module).order_by("path"))
    assets = Assets()
    attribution = page_attribution(page=module)
    pages, pdf_sections = _render_lessons(module, lessons, assets, export)
    links = [(lesson, _lesson_filename(n, lesson)) for n, lesson in enumerate(lessons, start=1)]
    folder = f"{module.slug}-v{slugify(module.version)}"
    pdf_name = f"{module.slug}.pdf"
    pages["index.html"] = render_to_string(
        "courses/export/module.html",
        {"page": module, "attribution": attribution, "links": links, "pdf_name": pdf_name, "style": _style()},
    )
    from core.pdf import html_to_pdf

    pdf = html_to_pdf(
        render_to_string(
            "courses/export/module_pdf.html", {"page": module, "attribution": attribution, "sections": pdf_sections}
        )
    )
    readme = render_to_string(
        "courses/export/LISEZMOI.txt",
        {"page": module, "attribution": attribution, "missing": assets.missing, "exported_at": timezone.now()},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, markup in pages.items():
            archive.writestr(f"{folder}/{name}", markup)
        for name, path in assets.files.items():
            archive.write(path, f"{folder}/{name}")
        archive.writestr(f"{folder}/{pdf_name}", pdf)
        archive.writestr(f"{folder}/LISEZMOI.txt", html.unescape(readme))
    return buffer.getvalue(), assets.missing


def module_export_current(*, module: ModulePage) -> ModuleExport | None:
    """The archive (ready or not) of the module's current content, if one was requested."""
    return ModuleExport.objects.filter(module=module, content_key=module_content_key(module=module)).first()


@transaction.atomic
def module_export_request(*, module: ModulePage) -> ModuleExport:
    """The archive of the module's current content: the existing one, or a new one queued. Idempotent."""
    export, created = ModuleExport.objects.get_or_create(module=module, content_key=module_content_key(module=module))
    if not created and export.status == ExportStatus.FAILED:
        export.status, export.error, export.progress = ExportStatus.PENDING, "", 0
        export.save(update_fields=["status", "error", "progress"])
        created = True
    if created:
        from courses.tasks import module_export_build_task

        transaction.on_commit(lambda: module_export_build_task.delay(export.pk))
    return export


def module_export_build(*, export: ModuleExport) -> ModuleExport:
    """Build the archive (a no-op once it is done). Older archives of the module are deleted afterwards."""
    if export.status == ExportStatus.DONE and export.file:
        return export
    export.status, export.progress = ExportStatus.RUNNING, 0
    export.save(update_fields=["status", "progress"])
    try:
        data, missing = module_archive_build(module=export.module, export=export)
    except Exception as error:
        logger.exception("module export %s failed", export.pk)
        export.status, export.error = ExportStatus.FAILED, str(error)[:2000]
        export.save(update_fields=["status", "error"])
        return export
    name = f"{export.module.slug}-v{slugify(export.module.version)}-{export.content_key[:8]}.zip"
    export.file.save(name, ContentFile(data), save=False)
    export.status, export.progress, export.missing, export.finished_at = (
        ExportStatus.DONE,
        100,
        missing,
        timezone.now(),
    )
    export.save(update_fields=["file", "status", "progress", "missing", "finished_at"])
    for old in ModuleExport.objects.filter(module=export.module).exclude(pk=export.pk):
        old.file.delete(save=False)
        old.delete()
    return export
