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

Overlays (decision 0052): a document's invariant part is rendered once (`html_to_pdf_with_anchors` also returns where
its elements with an ``id`` were laid out), the per-recipient lines are rendered as a small document of positioned
text, and `overlay_pages` stacks each page of the latter on a background with pikepdf (qpdf, C++: a few
milliseconds). `FontMetrics` tells whether a text fits a slot in a given font without laying it out.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import re
import threading
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pikepdf
from django.conf import settings
from django.template.loader import render_to_string
from fontTools.ttLib import TTFont
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


Rect = tuple[float, float, float, float]  # x1, y1, x2, y2 in CSS px (1/96 in) from the page's top left corner


def html_to_pdf_with_anchors(html: str, *, stylesheets: Sequence[str] = ()) -> tuple[bytes, list[dict[str, Rect]]]:
    """`html_to_pdf`, and for each page the border box of every element with an ``id`` laid out on it."""
    renderer = _renderer
    renderer.prepare()
    try:
        document = HTML(string=html, base_url=_base_url(), url_fetcher=LocalOnlyFetcher(_roots())).render(
            font_config=renderer.font_config,
            cache=renderer.images,
            stylesheets=[renderer.stylesheet(text) for text in stylesheets],
        )
    except FatalURLFetchingError as error:
        raise PdfResourceRefused(str(error.__cause__ or error)) from error
    anchors = [{name: _rect(value) for name, value in page.anchors.items()} for page in document.pages]
    return document.write_pdf(), anchors


def _rect(value) -> Rect:
    if len(value) == 4:  # WeasyPrint >= 66: the whole box
        return tuple(float(v) for v in value)
    raise ValueError(f"unexpected anchor shape from WeasyPrint: {value!r}")  # (x, y) only: no width to measure


def overlay_pages(backgrounds: Sequence[bytes], overlay: bytes, *, titles: Sequence[str]) -> list[bytes]:
    """Page i of `overlay` drawn over the first page of ``backgrounds[i]``; one PDF per background, its metadata
    title set to ``titles[i]`` (the rest of its metadata and its ``lang`` are the background's).

    The overlay's content is appended to the page's own content stream (its resources renamed), not wrapped in a
    form XObject: the result reads like a document rendered in one piece (text extraction in drawing order, the
    images among the page's own). The background's named destinations (the anchors its slots were measured with)
    are dropped."""
    results = []
    with pikepdf.open(io.BytesIO(overlay)) as top:
        for index, (background, title) in enumerate(zip(backgrounds, titles, strict=True)):
            with pikepdf.open(io.BytesIO(background)) as pdf:
                _stack(pdf, pdf.pages[0], top, top.pages[index])
                pdf.docinfo["/Title"] = title
                names = pdf.Root.get("/Names")
                if names is not None and "/Dests" in names:
                    del names["/Dests"]
                out = io.BytesIO()
                pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none)
                results.append(out.getvalue())
    return results


_RESOURCE_KINDS = ("/Font", "/XObject", "/ExtGState", "/Pattern", "/Shading", "/ColorSpace", "/Properties")


def _stack(pdf: pikepdf.Pdf, page: pikepdf.Page, source: pikepdf.Pdf, top: pikepdf.Page) -> None:
    resources = page.obj.get("/Resources")
    if resources is None:
        resources = page.obj.Resources = pikepdf.Dictionary()
    top_resources = top.obj.get("/Resources", pikepdf.Dictionary())
    renamed: dict[str, pikepdf.Name] = {}
    for kind in _RESOURCE_KINDS:
        if kind not in top_resources:
            continue
        if kind not in resources:
            resources[kind] = pikepdf.Dictionary()
        target = resources[kind]
        for key, value in top_resources[kind].items():
            new = f"/ov{key[1:]}"
            while new in target:
                new += "x"
            target[new] = pdf.copy_foreign(value if value.is_indirect else source.make_indirect(value))
            renamed[key] = pikepdf.Name(new)
    instructions = []
    for operands, operator in pikepdf.parse_content_stream(top):
        operands = [renamed.get(str(o), o) if isinstance(o, pikepdf.Name) else o for o in operands]
        instructions.append((operands, operator))
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\nq\n" + pikepdf.unparse_content_stream(instructions) + b"\nQ\n"))


class FontMetrics:
    """A TrueType font's character coverage and advance widths (fontTools), to tell whether a text fits a slot
    without laying it out: the sum of the advances is an upper bound of the shaped width for the scripts such a font
    covers (kerning and ligatures only narrow Latin, Greek and Cyrillic text)."""

    def __init__(self, path: Path | str):
        font = TTFont(str(path), lazy=True)
        self._cmap = font.getBestCmap()
        metrics = font["hmtx"].metrics
        self._advances = {code: metrics[glyph][0] for code, glyph in self._cmap.items()}
        self._units = font["head"].unitsPerEm
        font.close()

    def covers(self, text: str) -> bool:
        """Every character has a glyph here (a format character such as a bidi control never counts as covered:
        it changes the layout of what follows)."""
        return all(
            char in " \t\n\r\f" or (ord(char) in self._cmap and unicodedata.category(char) != "Cf") for char in text
        )

    def width(self, text: str, size_pt: float, *, letter_spacing_pt: float = 0.0) -> float:
        """Width in points of `text` on one line, white space collapsed as HTML does (an upper bound)."""
        text = collapse_white_space(text)
        units = sum(self._advances.get(ord(char), self._units) for char in text)
        return units * size_pt / self._units + letter_spacing_pt * len(text)


@functools.lru_cache(maxsize=8)
def font_metrics(path: str) -> FontMetrics:
    return FontMetrics(path)


def collapse_white_space(text: str) -> str:
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip()


def render_pdf(template_name: str, context: dict, *, stylesheets: Sequence[str] = ()) -> bytes:
    """Render a Django template to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context), stylesheets=stylesheets)
