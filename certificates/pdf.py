"""The only place certificate PDFs are rendered (through ``core.pdf``, the project's one WeasyPrint import).

Two documents per attestation: the *attestation de fin de formation* (objectives, nature, duration, evaluation
results — Code du travail L6353-1) and the *certificat de réalisation* (the ministry's model). Both carry the
provider, a QR code to the public verification page and the printed code. They are rendered by a Celery task and
cached: ``pdf_fingerprint`` hashes everything they show, so a render with an unchanged fingerprint is a no-op.

Speed (decision 0051): one small print stylesheet (``documents.css``, parsed once per worker), one font family, the
provider's signature and stamp decoded and scaled to print size once per worker (cached by file, size and mtime),
and what a batch shares (the provider, each programme's objectives, the mail connection) read once per batch.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import os
from pathlib import Path

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image as PillowImage

from certificates.models import Attestation, Provider
from certificates.selectors import provider_get
from core.pdf import render_pdf
from courses.durations import duration_label

TEMPLATE_VERSION = 2  # part of the fingerprint: bump when the documents' templates change what they show
# the signature and the stamp are printed at most 50 × 22 mm: 600 × 300 px is more than 300 dpi
PRINT_IMAGE_SIZE = (600, 300)


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


def documents_context(attestation: Attestation, batch: DocumentsBatch | None = None) -> dict:
    batch = batch or DocumentsBatch()
    url = verification_url(attestation)
    return {
        "attestation": attestation,
        "objectives": batch.objectives(attestation),
        "nominal": duration_label(attestation.nominal_minutes),
        "in_person": duration_label(attestation.in_person_minutes) or "0 h",
        "remote": duration_label(attestation.remote_minutes) or "0 h",
        "completed": duration_label(attestation.completed_minutes) or "0 h",
        "exit_percent": round(attestation.exit_score * 100) if attestation.exit_score is not None else None,
        "verification_url": url,
        "qr_uri": qr_data_uri(url),
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


def attestation_pdf_bytes(attestation: Attestation, batch: DocumentsBatch | None = None) -> bytes:
    return _render("certificates/pdf/attestation.html", documents_context(attestation, batch))


def certificate_pdf_bytes(attestation: Attestation, batch: DocumentsBatch | None = None) -> bytes:
    return _render("certificates/pdf/certificat.html", documents_context(attestation, batch))


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
    context = documents_context(attestation, batch)
    attestation_pdf = _render("certificates/pdf/attestation.html", context)
    certificate_pdf = _render("certificates/pdf/certificat.html", context)
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
