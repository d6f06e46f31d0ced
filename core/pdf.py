"""HTML → PDF. The only module that imports WeasyPrint (ARCHITECTURE.md: one module per third-party seam).

Documents (émargement sheets, proof files, attestations) are rendered from Django templates. The fetcher never goes
to the network: a template may reference `data:` URLs and files under the project's static directory, the collected
static root or the media root (signature images, provider stamp), nothing else. A missing resource is an error, not a
silently blank image.

Speed (issue 7: bulk attestations): each thread keeps one WeasyPrint ``FontConfiguration`` (building one loads
fontconfig's configuration and a fresh Pango font map, whose caches — font lookups, glyph metrics — are what make
text layout fast from the second document on), parsed stylesheets (``stylesheets=`` takes CSS text, parsed once)
and the decoded ``data:`` images (the key is the content itself, so a changed image is a new entry; ``file:`` images
are read again on every render, since a file can change under the same name).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per rendering step otherwise


class PdfResourceRefused(ValueError):
    """A template referenced a resource outside the allowed local roots, or one that does not exist."""


class LocalOnlyFetcher(URLFetcher):
    """`data:` URLs and files under the given roots; `http(s):` and other files are refused."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self._roots = [Path(root).resolve() for root in roots]

    def fetch(self, url, headers=None):
        if url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise PdfResourceRefused(f"PDF resource outside the static and media roots: {path}")
        return super().fetch(url, headers)


def _roots() -> list[Path]:
    return [Path(settings.BASE_DIR) / "static", Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)]


def static_uri(relative_path: str) -> str:
    """A `file:` URI for a file of the project's `static/` directory, for `<img src>` / `@font-face` in documents."""
    return (Path(settings.BASE_DIR) / "static" / relative_path).resolve().as_uri()


def media_uri(relative_path: str) -> str:
    """A `file:` URI for a stored media file (a signature image, a stamp)."""
    return (Path(settings.MEDIA_ROOT) / relative_path).resolve().as_uri()


class _ImageCache(dict):
    """WeasyPrint's image cache, kept between renders for ``data:`` URLs only, and bounded."""

    MAX_ENTRIES = 256

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and key.startswith("data:") and super().__contains__(key)


class _Renderer(threading.local):
    """Per thread (WeasyPrint's font configuration and caches are not meant to be shared between threads) and per
    process (built on first use, again after a fork)."""

    pid = 0

    def prepare(self) -> None:
        if self.pid != os.getpid():
            self.pid = os.getpid()
            self.font_config = FontConfiguration()
            self.images = _ImageCache()
            self.stylesheets: dict[str, CSS] = {}
        elif len(self.images) > _ImageCache.MAX_ENTRIES:
            self.images.clear()

    def stylesheet(self, text: str) -> CSS:
        key = hashlib.sha256(text.encode()).hexdigest()
        css = self.stylesheets.get(key)
        if css is None:
            if len(self.stylesheets) >= 32:
                self.stylesheets.clear()
            css = self.stylesheets[key] = CSS(
                string=text, base_url=_base_url(), url_fetcher=LocalOnlyFetcher(_roots()), font_config=self.font_config
            )
        return css


_renderer = _Renderer()


def _base_url() -> str:
    return (Path(settings.BASE_DIR) / "static").resolve().as_uri() + "/"


def html_to_pdf(html: str, *, stylesheets: Sequence[str] = ()) -> bytes:
    """Render an HTML string; relative URLs resolve against `static/`. `stylesheets`: CSS texts, parsed once per
    thread, applied with the user origin (above WeasyPrint's defaults, below the document's own styles)."""
    renderer = _renderer
    renderer.prepare()
    try:
        return HTML(string=html, base_url=_base_url(), url_fetcher=LocalOnlyFetcher(_roots())).write_pdf(
            font_config=renderer.font_config,
            cache=renderer.images,
            stylesheets=[renderer.stylesheet(text) for text in stylesheets],
        )
    except FatalURLFetchingError as error:
        raise PdfResourceRefused(str(error.__cause__ or error)) from error


def render_pdf(template_name: str, context: dict, *, stylesheets: Sequence[str] = ()) -> bytes:
    """Render a Django template to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context), stylesheets=stylesheets)
