"""The only place certificate PDFs are rendered (through ``core.pdf``, the project's one WeasyPrint import).

Two documents per attestation: the *attestation de fin de formation* (objectives, nature, duration, evaluation
results — Code du travail L6353-1) and the *certificat de réalisation* (the ministry's model). Both carry the
provider, a QR code to the public verification page and the printed code. They are rendered by a Celery task and
cached: ``pdf_fingerprint`` hashes everything they show, so a render with an unchanged fingerprint is a no-op.
"""

from __future__ import annotations

import hashlib
import json

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Attestation, Provider
from certificates.selectors import provider_get
from core.pdf import media_uri, render_pdf
from courses.durations import duration_label


def verification_url(attestation: Attestation) -> str:
    return settings.SITE_URL + reverse("certificates:verify", kwargs={"code": attestation.code})


def qr_data_uri(url: str) -> str:
    """A PNG data URL: WeasyPrint draws a PNG far faster than the same code as SVG rectangles; a fixed mask saves
    segno the evaluation of all eight (the code stays valid, only slightly less evenly balanced)."""
    return segno.make(url, error="m", mask=0).png_data_uri(scale=4, border=2, dark="#000091")


def _provider_context(provider: Provider) -> dict:
    def image(field):
        return media_uri(field.file.name) if field is not None and field.file else ""

    return {"provider": provider, "signature_uri": image(provider.signature), "stamp_uri": image(provider.stamp)}


def _objectives(attestation: Attestation) -> list[str]:
    programme = attestation.programme.specific
    return [str(block.value) for block in programme.objectives]


def documents_context(attestation: Attestation) -> dict:
    url = verification_url(attestation)
    return {
        "attestation": attestation,
        "objectives": _objectives(attestation),
        "nominal": duration_label(attestation.nominal_minutes),
        "in_person": duration_label(attestation.in_person_minutes) or "0 h",
        "remote": duration_label(attestation.remote_minutes) or "0 h",
        "completed": duration_label(attestation.completed_minutes) or "0 h",
        "exit_percent": round(attestation.exit_score * 100) if attestation.exit_score is not None else None,
        "verification_url": url,
        "qr_uri": qr_data_uri(url),
        **_provider_context(provider_get()),
    }


def documents_fingerprint(attestation: Attestation, provider: Provider) -> str:
    data = {
        "version": attestation.version,
        "status": attestation.status,
        "fields": [str(getattr(attestation, f)) for f in ("learner_name", "programme_title", "issued_at", "code")],
        "provider": [
            str(getattr(provider, f))
            for f in (
                "name",
                "address",
                "siret",
                "declaration_number",
                "signatory_name",
                "signatory_title",
                "signature_id",
                "stamp_id",
            )
        ],  # fmt: skip
        "template": 1,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def attestation_pdf_bytes(attestation: Attestation) -> bytes:
    return render_pdf("certificates/pdf/attestation.html", documents_context(attestation))


def certificate_pdf_bytes(attestation: Attestation) -> bytes:
    return render_pdf("certificates/pdf/certificat.html", documents_context(attestation))


def attestation_documents_render(*, attestation: Attestation, notify: bool = True) -> bool:
    """Render both PDFs unless the cached ones still match; tell the learner once per new version. Returns whether
    anything was rendered. Idempotent (a second run finds the fingerprint unchanged)."""
    attestation.refresh_from_db()
    provider = provider_get()
    fingerprint = documents_fingerprint(attestation, provider)
    if attestation.is_revoked or (
        attestation.pdf_fingerprint == fingerprint and attestation.attestation_pdf and attestation.certificate_pdf
    ):
        return False
    context = documents_context(attestation)
    attestation_pdf = render_pdf("certificates/pdf/attestation.html", context)
    certificate_pdf = render_pdf("certificates/pdf/certificat.html", context)
    old = [attestation.attestation_pdf.name, attestation.certificate_pdf.name]
    attestation.attestation_pdf.save(
        f"{attestation.public_id}-attestation.pdf", ContentFile(attestation_pdf), save=False
    )
    attestation.certificate_pdf.save(
        f"{attestation.public_id}-certificat.pdf", ContentFile(certificate_pdf), save=False
    )
    with transaction.atomic():
        updated = Attestation.objects.filter(pk=attestation.pk, version=attestation.version).update(
            attestation_pdf=attestation.attestation_pdf.name,
            certificate_pdf=attestation.certificate_pdf.name,
            pdf_fingerprint=fingerprint,
            pdf_rendered_at=timezone.now(),
        )
    storage = attestation.attestation_pdf.storage
    for name in old if updated else [attestation.attestation_pdf.name, attestation.certificate_pdf.name]:
        if name:
            storage.delete(name)  # superseded (or, when the record moved on meanwhile, this stale render)
    if updated and notify and attestation.notified_fingerprint != fingerprint:
        _notify_learner(attestation)
        Attestation.objects.filter(pk=attestation.pk).update(notified_fingerprint=fingerprint)
    return bool(updated)


def _notify_learner(attestation: Attestation) -> None:
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
    )
