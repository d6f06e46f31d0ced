"""HTML → PDF. The only module that imports WeasyPrint (ARCHITECTURE.md: one module per third-party seam).

Documents (émargement sheets, proof files, attestations) are rendered from Django templates. The fetcher never goes
to the network: a template may reference `data:` URLs and files under the project's static directory, the collected
static root or the media root (signature images, provider stamp), nothing else. A missing resource is an error, not a
silently blank image.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
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


def html_to_pdf(html: str) -> bytes:
    """Render an HTML string; relative URLs resolve against `static/`."""
    base_url = (Path(settings.BASE_DIR) / "static").resolve().as_uri() + "/"
    try:
        return HTML(string=html, base_url=base_url, url_fetcher=LocalOnlyFetcher(_roots())).write_pdf()
    except FatalURLFetchingError as error:
        raise PdfResourceRefused(str(error.__cause__ or error)) from error


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context))
