"""The only place certificate PDFs are rendered (through ``core.pdf``, the project's one WeasyPrint import).

Two documents per attestation: the *attestation de fin de formation* (objectives, nature, duration, evaluation
results — Code du travail L6353-1) and the *certificat de réalisation* (the ministry's model). Both carry the
provider, a QR code to the public verification page and the printed code. They are rendered by a Celery task and
cached: ``pdf_fingerprint`` hashes everything they show, so a render with an unchanged fingerprint is a no-op.

Speed (decision 0051): one small print stylesheet (``documents.css``, parsed once per worker), one font family, the
provider's signature and stamp decoded and scaled to print size once per worker (cached by file, size and mtime),
and what a batch shares (the provider, each programme's objectives, the mail connection) read once per batch.

Overlay (decision 0052): what every learner of a batch shares (header, provider, titles, legal text, objectives,
table labels and borders, signatory, signature and stamp) is printed once per batch as a *background* in which each
learner's field is an invisible one-line slot; per learner, only the fields (name, dates, durations, result, QR code,
verification code and URL, date of issue) are rendered, at the slots' positions, as one small two-page document,
and stacked on the backgrounds (pikepdf). A learner whose fields do not fit their slots on one line, or use
characters outside the print font (Arabic, CJK... which need fontconfig's fallback fonts), gets the whole documents
rendered as before (`overlay_refusal` says why).
"""

from __future__ import annotations

import base64
import collections
import functools
import hashlib
import io
import json
import os
import threading
from pathlib import Path

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from PIL import Image as PillowImage

from certificates.models import Attestation, Provider
from certificates.selectors import provider_get
from core.pdf import font_metrics, html_to_pdf, html_to_pdf_with_anchors, overlay_pages, render_pdf
from courses.durations import duration_label

TEMPLATE_VERSION = 3  # part of the fingerprint: bump when the documents' templates change what they show
# the signature and the stamp are printed at most 50 × 22 mm: 600 × 300 px is more than 300 dpi
PRINT_IMAGE_SIZE = (600, 300)
USE_OVERLAY = True  # False: every document rendered whole (measurements, and a way out should the overlay misbehave)
FONTS_DIR = Path(settings.BASE_DIR) / "static" / "certificates" / "fonts"
BLANK_PNG_URI = (  # a 1 × 1 transparent PNG: the QR code's place in a background, laid out but not drawn
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
EXIT_LABEL = "Évaluation de sortie"  # printed with its result (read together by the learner and by text extraction)


class Document:
    def __init__(self, name: str, template: str, title: str, slots: tuple[str, ...]):
        self.name, self.template, self.title, self.slots = name, template, title, slots


ATTESTATION = Document(
    "attestation",
    "certificates/pdf/attestation.html",
    "Attestation de fin de formation",
    ("name", "dates", "completed", "exit_label", "exit", "qr", "code", "url", "done"),
)
CERTIFICATE = Document(
    "certificat",
    "certificates/pdf/certificat.html",
    "Certificat de réalisation",
    ("name", "dates", "completed", "qr", "code", "url", "done"),
)
# each field: the overlay's class (overlay.css), and the font, size (pt) and letter spacing its slot is measured with
FIELD_STYLE = {
    "name": ("name", "bold", 15.0, 0.0),
    "dates": ("td", "regular", 10.0, 0.0),
    "completed": ("td", "regular", 10.0, 0.0),
    "exit_label": ("th", "bold", 10.0, 0.0),
    "exit": ("td", "regular", 10.0, 0.0),
    "code": ("code", "bold", 10.0, 1.0),
    "url": ("url", "regular", 7.5, 0.0),
    "done": ("done", "regular", 10.0, 0.0),
}
FIT_MARGIN = 0.95  # a field must take at most 95 % of its slot's width (the measure is an upper bound already)
NAME_MAX_CHARS = 80  # and a name at most 80 characters, however narrow


def verification_url(attestation: Attestation) -> str:
    return settings.SITE_URL + reverse("certificates:verify", kwargs={"code": attestation.code})


def qr_data_uri(url: str) -> str:
    """A PNG data URL: WeasyPrint draws a PNG far faster than the same code as SVG rectangles; a fixed mask saves
    segno the evaluation of all eight (the code stays valid, only slightly less evenly balanced). One pixel per
    module: the stylesheet scales it up without interpolation (``image-rendering: pixelated``)."""
    return segno.make(url, error="m", mask=0).png_data_uri(scale=1, border=2, dark="#000091")


@functools.cache
def documents_stylesheet() -> str:
    return render_to_string("certificates/pdf/documents.css")


def _image_path(image) -> Path | None:
    if image is None or not image.file:
        return None
    return Path(settings.MEDIA_ROOT) / image.file.name


def image_data_uri(image) -> str:
    """A provider image (signature, stamp) as a ``data:`` URI scaled to print size; "" without an image."""
    path = _image_path(image)
    if path is None:
        return ""
    stat = path.stat()  # a missing file is an error, not a silently blank signature
    return _scaled_data_uri(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _scaled_data_uri(path: str, size: int, mtime_ns: int) -> str:
    with PillowImage.open(path) as original:
        original.load()
        picture = original.copy()
    picture.thumbnail(PRINT_IMAGE_SIZE)
    transparent = picture.mode in ("RGBA", "LA", "P", "PA") or "transparency" in picture.info
    buffer = io.BytesIO()
    if transparent:
        picture.save(buffer, "PNG", optimize=False)
        mime = "image/png"
    else:
        picture.convert("RGB").save(buffer, "JPEG", quality=90)  # embedded as is in the PDF (no re-encoding)
        mime = "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"


class DocumentsBatch:
    """What the documents of a batch share, read once: the provider (its images as print-size data URIs) and each
    programme's objectives. A single render makes its own."""

    def __init__(self, provider: Provider | None = None):
        self.provider = provider if provider is not None else provider_get()
        self._objectives: dict[int, list[str]] = {}
        self._backgrounds: dict[tuple, Background] = {}

    # read on first use, inside a document's own render: a missing file fails that render, not the whole batch
    @functools.cached_property
    def signature_uri(self) -> str:
        return image_data_uri(self.provider.signature)

    @functools.cached_property
    def stamp_uri(self) -> str:
        return image_data_uri(self.provider.stamp)

    def objectives(self, attestation: Attestation) -> list[str]:
        if attestation.programme_id not in self._objectives:
            programme = attestation.programme.specific
            self._objectives[attestation.programme_id] = [str(block.value) for block in programme.objectives]
        return self._objectives[attestation.programme_id]

    def fingerprint(self, attestation: Attestation) -> str:
        return documents_fingerprint(attestation, self.provider)

    def background(self, document: Document, attestation: Attestation) -> Background:
        """The document's background for this attestation's programme (what its learners share), once per batch."""
        key = (document.name, attestation.programme_id, attestation.programme_title, attestation.nominal_minutes)
        if key not in self._backgrounds:
            html = render_to_string(document.template, _background_context(attestation, self, document))
            self._backgrounds[key] = _background(html)
        return self._backgrounds[key]


class Background:
    """A background's PDF and its slots: field → (x1, y1, x2, y2) in CSS px on the page."""

    def __init__(self, pdf: bytes, slots: dict[str, tuple[float, float, float, float]], *, pages: int = 1):
        self.pdf, self.slots, self.pages = pdf, slots, pages


_backgrounds_lock = threading.Lock()
_backgrounds: collections.OrderedDict[str, Background] = collections.OrderedDict()
BACKGROUNDS_KEPT = 8  # per process, keyed by the background's whole HTML (images included): never stale


def _background(html: str) -> Background:
    """Render a background, or take it from the process's last few: a worker's chunks of one job share theirs."""
    key = hashlib.sha256(html.encode()).hexdigest()
    with _backgrounds_lock:
        if key in _backgrounds:
            _backgrounds.move_to_end(key)
            return _backgrounds[key]
    pdf, pages = html_to_pdf_with_anchors(html, stylesheets=[documents_stylesheet()])
    slots = {name.removeprefix("slot-"): rect for name, rect in pages[0].items() if name.startswith("slot-")}
    background = Background(pdf, slots, pages=len(pages))
    with _backgrounds_lock:
        _backgrounds[key] = background
        while len(_backgrounds) > BACKGROUNDS_KEPT:
            _backgrounds.popitem(last=False)
    return background


def learner_fields(attestation: Attestation) -> dict[str, str]:
    """What differs from one learner to the next, as printed (French document text, not translated): the same
    strings fill the whole documents and the overlays."""
    if attestation.started_on:
        dates = f"du {date_format(attestation.started_on, 'j F Y')} au {date_format(attestation.ended_on, 'j F Y')}"
    else:
        dates = "—"
    completed = duration_label(attestation.completed_minutes) or "0 h"
    in_person = duration_label(attestation.in_person_minutes) or "0 h"
    remote = duration_label(attestation.remote_minutes) or "0 h"
    if attestation.exit_passed:
        result = "Réussie"
    elif attestation.exit_passed is False:
        result = "Non réussie"
    else:
        result = "Non évaluée"
    if attestation.exit_score is not None:
        result += f" — score\u00a0: {round(attestation.exit_score * 100)}\u00a0%"
    return {
        "name": attestation.learner_name,
        "dates": dates,
        "completed": f"{completed} (présentiel\u00a0: {in_person}\u00a0; à distance\u00a0: {remote})",
        "exit_label": EXIT_LABEL,
        "exit": result,
        "code": attestation.code_display,
        "url": verification_url(attestation),
        "done": f"Fait le {date_format(timezone.localtime(attestation.issued_at), 'j F Y')}",
    }


def documents_context(attestation: Attestation, batch: DocumentsBatch | None = None) -> dict:
    batch = batch or DocumentsBatch()
    fields = learner_fields(attestation)
    return {
        "attestation": attestation,
        "f": fields,
        "objectives": batch.objectives(attestation),
        "nominal": duration_label(attestation.nominal_minutes),
        "verification_url": fields["url"],
        "qr_uri": qr_data_uri(fields["url"]),
        "provider": batch.provider,
        "signature_uri": batch.signature_uri,
        "stamp_uri": batch.stamp_uri,
    }


def _background_context(attestation: Attestation, batch: DocumentsBatch, document: Document) -> dict:
    return {
        "attestation": attestation,  # its programme's title only: the learner's fields are slots
        "background": True,
        "title": document.title,
        "f": {key: format_html('<span class="slot" id="slot-{}">X</span>', key) for key in FIELD_STYLE},
        "objectives": batch.objectives(attestation),
        "nominal": duration_label(attestation.nominal_minutes),
        "blank_uri": BLANK_PNG_URI,
        "provider": batch.provider,
        "signature_uri": batch.signature_uri,
        "stamp_uri": batch.stamp_uri,
    }


def documents_fingerprint(attestation: Attestation, provider: Provider) -> str:
    def image(field) -> str:
        path = _image_path(field)
        return f"{field.pk}:{field.file.name}:{os.path.getsize(path)}" if path is not None else ""

    data = {
        "version": attestation.version,
        "status": attestation.status,
        "fields": [str(getattr(attestation, f)) for f in ("learner_name", "programme_title", "issued_at", "code")],
        "provider": [
            str(getattr(provider, f))
            for f in ("name", "address", "siret", "declaration_number", "signatory_name", "signatory_title")
        ]
        + [image(provider.signature), image(provider.stamp)],
        "template": TEMPLATE_VERSION,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def notice_key(attestation: Attestation) -> str:
    """What the "your attestation is ready" e-mail is sent once for: a version of the attestation (issued, or
    re-issued after a correction). A re-render for any other reason (the provider's details, a new template) changes
    the documents' fingerprint but tells the learner nothing new, so it sends nothing."""
    return f"version:{attestation.version}"


def _render(template_name: str, context: dict) -> bytes:
    return render_pdf(template_name, context, stylesheets=[documents_stylesheet()])


@functools.cache
def overlay_stylesheet() -> str:
    return render_to_string("certificates/pdf/overlay.css")


def _font(weight: str):
    return font_metrics(str(FONTS_DIR / ("DejaVuSans-Bold-print.ttf" if weight == "bold" else "DejaVuSans-print.ttf")))


def overlay_refusal(fields: dict[str, str], background: Background, document: Document) -> str | None:
    """Why these fields cannot be printed over this background (None: they can): a background of more than one
    page or without one of the document's slots, a name longer than `NAME_MAX_CHARS`, a character the print font
    lacks (other scripts need fontconfig's fallback fonts), or a field wider than its slot."""
    if background.pages != 1:
        return "background-pages"
    if any(key not in background.slots for key in document.slots):
        return "background-slots"
    if len(fields["name"]) > NAME_MAX_CHARS:
        return "name-length"
    for key in document.slots:
        if key == "qr":
            continue
        _css, weight, size, spacing = FIELD_STYLE[key]
        font = _font(weight)
        if not font.covers(fields[key]):
            return f"{key}-font"
        x1, _y1, x2, _y2 = background.slots[key]
        if font.width(fields[key], size, letter_spacing_pt=spacing) > FIT_MARGIN * (x2 - x1) * 0.75:  # px → pt
            return f"{key}-width"
    return None


def _overlay_page(document: Document, background: Background, fields: dict[str, str], qr_uri: str) -> list[dict]:
    lines = []
    for key in document.slots:
        x1, y1, x2, y2 = (f"{value:.3f}" for value in background.slots[key])  # CSS px, not localised
        w, h = f"{float(x2) - float(x1):.3f}", f"{float(y2) - float(y1):.3f}"
        if key == "qr":
            lines.append({"image": qr_uri, "x": x1, "y": y1, "w": w, "h": h})
        else:
            lines.append({"css": FIELD_STYLE[key][0], "text": fields[key], "x": x1, "y": y1, "w": w})
    return lines


def _overlaid(attestation: Attestation, batch: DocumentsBatch, documents: tuple[Document, ...]) -> list[bytes] | None:
    """The documents through their batch's backgrounds, or None when the learner's fields do not fit them."""
    fields = learner_fields(attestation)
    backgrounds = [batch.background(document, attestation) for document in documents]
    if any(overlay_refusal(fields, b, d) for b, d in zip(backgrounds, documents, strict=True)):
        return None
    qr_uri = qr_data_uri(fields["url"])
    pages = [_overlay_page(d, b, fields, qr_uri) for d, b in zip(documents, backgrounds, strict=True)]
    overlay = html_to_pdf(
        render_to_string("certificates/pdf/overlay.html", {"pages": pages}), stylesheets=[overlay_stylesheet()]
    )
    titles = [f"{document.title} — {attestation.learner_name}" for document in documents]
    return overlay_pages([background.pdf for background in backgrounds], overlay, titles=titles)


def _full(attestation: Attestation, batch: DocumentsBatch, document: Document) -> bytes:
    context = documents_context(attestation, batch)
    context["title"] = f"{document.title} — {attestation.learner_name}"
    return _render(document.template, context)


def documents_pdf_bytes(
    attestation: Attestation, batch: DocumentsBatch | None = None, documents=(ATTESTATION, CERTIFICATE)
) -> list[bytes]:
    """The documents' PDFs: over the batch's backgrounds when the learner's fields fit them, else rendered whole."""
    batch = batch or DocumentsBatch()
    if USE_OVERLAY:
        overlaid = _overlaid(attestation, batch, tuple(documents))
        if overlaid is not None:
            return overlaid
    return [_full(attestation, batch, document) for document in documents]


def attestation_pdf_bytes(attestation: Attestation, batch: DocumentsBatch | None = None) -> bytes:
    return documents_pdf_bytes(attestation, batch, (ATTESTATION,))[0]


def certificate_pdf_bytes(attestation: Attestation, batch: DocumentsBatch | None = None) -> bytes:
    return documents_pdf_bytes(attestation, batch, (CERTIFICATE,))[0]


def attestation_documents_render(
    *,
    attestation: Attestation,
    notify: bool = True,
    batch: DocumentsBatch | None = None,
    connection=None,
    refresh: bool = True,
) -> bool:
    """Render both PDFs unless the cached ones still match; tell the learner once per version (``notice_key``).
    Returns whether anything was rendered. Idempotent (a second run finds the fingerprint unchanged).

    A bulk job passes its `batch` (provider and objectives read once), its mail `connection` (one SMTP session for
    the chunk) and ``refresh=False`` for the attestation it has just issued and read."""
    if refresh:
        attestation.refresh_from_db()
    batch = batch or DocumentsBatch()
    fingerprint = batch.fingerprint(attestation)
    if attestation.is_revoked or (
        attestation.pdf_fingerprint == fingerprint and attestation.attestation_pdf and attestation.certificate_pdf
    ):
        return False
    attestation_pdf, certificate_pdf = documents_pdf_bytes(attestation, batch)
    old = [attestation.attestation_pdf.name, attestation.certificate_pdf.name]
    attestation.attestation_pdf.save(
        f"{attestation.public_id}-attestation.pdf", ContentFile(attestation_pdf), save=False
    )
    attestation.certificate_pdf.save(
        f"{attestation.public_id}-certificat.pdf", ContentFile(certificate_pdf), save=False
    )
    notice = notice_key(attestation)
    notify = notify and attestation.notified_fingerprint != notice
    previous_notified = attestation.notified_fingerprint
    updated = Attestation.objects.filter(pk=attestation.pk, version=attestation.version).update(
        attestation_pdf=attestation.attestation_pdf.name,
        certificate_pdf=attestation.certificate_pdf.name,
        pdf_fingerprint=fingerprint,
        pdf_rendered_at=timezone.now(),
        **({"notified_fingerprint": notice} if notify else {}),  # one write; undone if the e-mail fails
    )
    storage = attestation.attestation_pdf.storage
    for name in old if updated else [attestation.attestation_pdf.name, attestation.certificate_pdf.name]:
        if name:
            storage.delete(name)  # superseded (or, when the record moved on meanwhile, this stale render)
    if not updated:
        return False
    attestation.pdf_fingerprint = fingerprint
    if notify:
        try:
            _notify_learner(attestation, connection=connection)
        except Exception:
            Attestation.objects.filter(pk=attestation.pk, notified_fingerprint=notice).update(
                notified_fingerprint=previous_notified
            )
            raise
        attestation.notified_fingerprint = notice
    return True


def mail_connection():
    """One connection for a batch's e-mails (SMTP: one session instead of one per learner)."""
    return get_connection()


def _notify_learner(attestation: Attestation, *, connection=None) -> None:
    context = {
        "attestation": attestation,
        "url": settings.SITE_URL + reverse("certificates:learner_home"),
        "verification_url": verification_url(attestation),
    }
    send_mail(
        subject=_("Your Café IA training attestation is ready"),
        message=render_to_string("certificates/emails/attestation_ready.txt", context),
        from_email=None,
        recipient_list=[attestation.learner.email],
        connection=connection,
    )
