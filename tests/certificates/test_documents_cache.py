"""What the PDF rendering keeps between documents (decision 0051) and when a cached render is no longer valid."""

from __future__ import annotations

import base64
import io
import os

import pytest
from django.core import mail
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.models import Site

import core.pdf
from certificates.models import Attestation, Provider
from certificates.pdf import (
    DocumentsBatch,
    attestation_documents_render,
    attestation_pdf_bytes,
    documents_fingerprint,
    image_data_uri,
)

pytestmark = pytest.mark.django_db


def wagtail_image(title: str, size=(2000, 800), mode="RGBA", fmt="PNG"):
    buffer = io.BytesIO()
    PillowImage.new(mode, size, (10, 20, 145, 200) if mode == "RGBA" else (10, 20, 145)).save(buffer, fmt)
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title}.{fmt.lower()}")
    )


def provider_with_images() -> Provider:
    provider = Provider.for_site(Site.objects.get(is_default_site=True))
    provider.name = "Association Café IA"
    provider.signature = wagtail_image("signature")
    provider.stamp = wagtail_image("cachet", mode="RGB", fmt="JPEG")
    provider.save()
    return provider


def image_widths(pdf: bytes) -> list[int]:
    xobjects = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]
    return sorted(int(x.get_object()["/Width"]) for x in xobjects.values())


def test_signature_and_stamp_are_printed_scaled_to_print_size(finished_enrolment):
    provider_with_images()
    pdf = attestation_pdf_bytes(Attestation.objects.get())
    widths = image_widths(pdf)
    assert len(widths) == 3  # the QR code, the signature, the stamp
    assert widths[0] < 60  # the QR code: one pixel per module
    assert widths[1:] == [600, 600]  # 2000 px wide originals, scaled once to 600 px


def test_a_replaced_image_file_is_read_again(finished_enrolment):
    provider = provider_with_images()
    first = image_data_uri(provider.signature)
    assert image_data_uri(provider.signature) is first  # cached in the process
    path = provider.signature.file.path
    PillowImage.new("RGBA", (300, 100), (200, 0, 0, 255)).save(path, "PNG")  # same name, new content
    os.utime(path, ns=(1, 1))
    second = image_data_uri(provider.signature)
    assert second != first
    assert PillowImage.open(io.BytesIO(base64.b64decode(second.split(",", 1)[1]))).size == (300, 100)


def test_the_cached_documents_are_rendered_again_when_the_record_or_the_provider_changes(finished_enrolment):
    attestation = Attestation.objects.get()
    rendered = attestation.pdf_fingerprint
    assert rendered and attestation_documents_render(attestation=attestation) is False  # unchanged: cached

    provider = Provider.for_site(Site.objects.get(is_default_site=True))
    provider.name = "Organisme renommé"
    provider.save()
    assert attestation_documents_render(attestation=attestation) is True
    attestation.refresh_from_db()
    assert attestation.pdf_fingerprint != rendered
    assert "Organisme renommé" in PdfReader(attestation.attestation_pdf.open("rb")).pages[0].extract_text()

    renamed = attestation.pdf_fingerprint
    Attestation.objects.filter(pk=attestation.pk).update(learner_name="Amélie Poulain-Dupont", version=2)
    assert attestation_documents_render(attestation=attestation) is True
    attestation.refresh_from_db()
    assert attestation.pdf_fingerprint != renamed
    assert "Amélie Poulain-Dupont" in PdfReader(attestation.certificate_pdf.open("rb")).pages[0].extract_text()


def test_a_re_render_for_the_provider_alone_does_not_tell_the_learner_again(finished_enrolment):
    attestation = Attestation.objects.get()
    told = [m for m in mail.outbox if attestation.learner.email in m.to]
    assert len(told) == 1

    provider = Provider.for_site(Site.objects.get(is_default_site=True))
    provider.name = "Organisme renommé"
    provider.save()
    assert attestation_documents_render(attestation=attestation) is True  # the documents follow the provider...
    assert "Organisme renommé" in PdfReader(attestation.certificate_pdf.open("rb")).pages[0].extract_text()
    assert [m for m in mail.outbox if attestation.learner.email in m.to] == told  # ...the learner is not told again

    Attestation.objects.filter(pk=attestation.pk).update(learner_name="Amélie Poulain-Dupont", version=2)
    assert attestation_documents_render(attestation=attestation) is True  # a new version: told once
    assert attestation_documents_render(attestation=attestation) is False
    assert len([m for m in mail.outbox if attestation.learner.email in m.to]) == 2


def test_the_fingerprint_follows_the_provider_images_files(finished_enrolment):
    attestation = Attestation.objects.get()
    provider = provider_with_images()
    before = documents_fingerprint(attestation, provider)
    provider.signature = wagtail_image("signature-2", size=(1000, 400))
    assert documents_fingerprint(attestation, provider) != before


def test_a_batch_reads_the_provider_and_the_objectives_once(finished_enrolment, django_assert_num_queries):
    attestation = Attestation.objects.select_related("programme").get()
    batch = DocumentsBatch()
    attestation_pdf_bytes(attestation, batch)
    with django_assert_num_queries(0):
        attestation_pdf_bytes(attestation, batch)


def test_core_pdf_keeps_one_font_configuration_and_parses_a_stylesheet_once():
    css = "p { color: #000091; }"
    core.pdf.html_to_pdf("<p>Un</p>", stylesheets=[css])
    renderer = core.pdf._renderer
    font_config, parsed = renderer.font_config, renderer.stylesheet(css)
    core.pdf.html_to_pdf("<p>Deux</p>", stylesheets=[css])
    assert renderer.font_config is font_config and renderer.stylesheet(css) is parsed


def test_core_pdf_caches_data_images_only_and_bounded(settings, tmp_path):
    pixel = (
        "data:image/png;base64,"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    core.pdf.html_to_pdf(f'<img src="{pixel}" alt="">')
    assert pixel in core.pdf._renderer.images
    settings.MEDIA_ROOT = str(tmp_path)
    path = tmp_path / "logo.png"
    PillowImage.new("RGB", (4, 4), (255, 0, 0)).save(path)
    uri = path.resolve().as_uri()
    first = core.pdf.html_to_pdf(f'<img src="{uri}" alt="">')
    assert uri not in core.pdf._renderer.images  # a file may change under the same name: read on every render
    PillowImage.new("RGB", (8, 8), (0, 255, 0)).save(path)
    assert image_widths(core.pdf.html_to_pdf(f'<img src="{uri}" alt="">')) == [8] != image_widths(first)
    for n in range(core.pdf._ImageCache.MAX_ENTRIES + 2):
        core.pdf._renderer.images[f"data:test/{n}"] = None
    core.pdf.html_to_pdf("<p>Trois</p>")
    assert len(core.pdf._renderer.images) <= core.pdf._ImageCache.MAX_ENTRIES


def test_a_missing_signature_file_is_reported_per_learner_not_the_end_of_the_chunk(finished_enrolment):
    from certificates.models import IssuanceJob
    from certificates.services import issuance_job_process

    provider = provider_with_images()
    os.remove(provider.signature.file.path)
    cohort = finished_enrolment.cohort
    job = IssuanceJob.objects.create(cohort=cohort, created_by=cohort.trainers.first(), total=1, with_pdf=True)
    issuance_job_process(job_id=job.pk, enrolment_ids=[finished_enrolment.pk])
    job.refresh_from_db()
    assert job.status == "done" and job.processed == 1
    assert [row["code"] for row in job.refused] == ["error"]
