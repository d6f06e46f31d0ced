"""Two partners, each with a module, a lesson, an image and a document, and one author each (co-authoring tests)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.partners import partner_add_author, partner_create
from courses.models import LessonPage, ModulePage, ModulePartner
from tests.courses.conftest import lesson_page, module_page, publish
from tests.factories import UserFactory


@dataclass
class PartnerSide:
    partner: object
    author: object
    module: ModulePage
    lesson: LessonPage
    image: Image
    document: Document


def partner_side(day, *, name: str, slug: str) -> PartnerSide:
    partner = partner_create(name=name, slug=slug)
    module = publish(
        day, module_page(title=f"Module {name}", slug=f"module-{slug}", partner_links=[ModulePartner(partner=partner)])
    )
    lesson = publish(module, lesson_page(title=f"Leçon {name}", slug=f"lecon-{slug}"))
    author = UserFactory(email=f"auteur@{slug}.example")
    partner_add_author(partner=partner, user=author)
    partner.refresh_from_db()
    image = Image.objects.create(
        title=f"Image {name}", file=get_test_image_file(f"{slug}.png"), collection=partner.collection
    )
    document = Document.objects.create(
        title=f"Document {name}", file=ContentFile(b"%PDF-1.4 test", name=f"{slug}.pdf"), collection=partner.collection
    )
    return PartnerSide(partner, author, module, lesson, image, document)


def lesson_form_data(lesson: LessonPage, *, text: str, action: str | None = None) -> dict:
    """The admin edit form of a lesson, as the browser posts it (one text block)."""
    data = {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": lesson.summary,
        "estimated_duration_minutes": lesson.estimated_duration_minutes,
        "body": streamfield([("text", rich_text(text))]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    if action:
        data[action] = "1"
    return nested_form_data(data)
