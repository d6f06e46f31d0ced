"""Bad input from editors: a lesson without title, an image without alt text, a module without licence.

Assertions are on error codes; the French messages come from the catalogue (English msgids), so the tests compare
with ``gettext`` of the msgid rather than with a literal.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import LessonPage, ModulePage
from tests.courses.conftest import lesson_page, module_page, publish


def _codes(error: ValidationError, field: str) -> set[str]:
    return {item.code for item in error.error_dict[field]}


def _image_block(image, alt_text: str = "", credit: str = "Café IA, CC BY-SA 4.0") -> dict:
    return {"type": "image", "value": {"image": image.pk, "alt_text": alt_text, "credit": credit, "caption": ""}}


@pytest.mark.django_db
def test_a_live_lesson_with_an_image_without_alt_text_fails_full_clean(module, image):
    lesson = lesson_page(body=[_image_block(image)])
    with pytest.raises(ValidationError) as exc:
        publish(module, lesson)
    assert "alt_text_required" in _codes(exc.value, "body")
    assert not LessonPage.objects.filter(slug="lecon-test").exists()


@pytest.mark.django_db
def test_an_image_with_alt_text_and_credit_is_accepted(module, image):
    lesson = publish(
        module, lesson_page(body=[_image_block(image, alt_text="Un réseau de neurones en trois couches")])
    )
    assert lesson.live


@pytest.mark.django_db
def test_a_draft_may_lack_alt_text_but_not_its_publication(module, image):
    draft = lesson_page(body=[_image_block(image)], live=False)
    module.add_child(instance=draft)  # drafts are only checked for title and slug, as in the admin
    with pytest.raises(ValidationError) as exc:
        draft.save_revision()
    assert "alt_text_required" in _codes(exc.value, "body")


@pytest.mark.django_db
def test_a_lesson_without_title_fails_with_its_own_message(module):
    lesson = lesson_page(title="", slug="sans-titre")
    lesson.path, lesson.depth = "x", module.depth + 1  # full_clean needs no tree position for field checks
    with pytest.raises(ValidationError) as exc:
        lesson.clean_fields()
    assert _codes(exc.value, "title") == {"title_required"}
    assert exc.value.error_dict["title"][0].message == gettext(
        "Give the lesson a title: a lesson without a title cannot be published."
    )


@pytest.mark.django_db
def test_a_module_without_licence_fails_full_clean(day):
    module = module_page(licence=None)
    with pytest.raises(ValidationError) as exc:
        publish(day, module)
    assert exc.value.error_dict["licence"][0].message == gettext(
        "Choose the licence of the module: a module without a licence cannot be published."
    )


@pytest.mark.django_db
def test_a_new_module_defaults_to_cc_by_sa(licence):
    assert module_page().licence == licence
    assert licence.short_name == "CC BY-SA 4.0"


@pytest.mark.django_db
def test_an_external_video_must_use_https(module):
    video = {"title": "Vidéo", "provider": "PeerTube", "embed_url": "http://video.example/embed/1", "transcript": ""}
    with pytest.raises(ValidationError) as exc:
        publish(module, lesson_page(body=[{"type": "external_video", "value": video}]))
    assert "embed_url_not_https" in _codes(exc.value, "body")


def _admin_lesson_data(**overrides) -> dict:
    data = {
        "title": "Leçon publiée depuis l'admin",
        "slug": "lecon-admin",
        "summary": "",
        "estimated_duration_minutes": "20",
        "body": streamfield([("text", rich_text("<p>Du texte.</p>"))]),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    return nested_form_data(data | overrides)


@pytest.mark.django_db
def test_the_admin_refuses_to_publish_an_image_without_alt_text(client, national_admin, module, image):
    client.force_login(national_admin)
    url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", module.pk))
    body = streamfield([("image", {"image": image.pk, "alt_text": "", "credit": "Café IA", "caption": ""})])
    response = client.post(url, _admin_lesson_data(body=body))
    assert response.status_code == 200  # the form again, with errors
    assert not LessonPage.objects.filter(slug="lecon-admin").exists()
    message = gettext(
        "Describe the image in an alternative text: a page with an image without one cannot be published."
    )
    assert escape(json.dumps(message)[1:-1]) in response.content.decode()  # block errors travel as escaped JSON


@pytest.mark.django_db
def test_the_admin_refuses_a_lesson_without_title(client, national_admin, module):
    client.force_login(national_admin)
    url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", module.pk))
    response = client.post(url, _admin_lesson_data(title=""))
    assert response.status_code == 200
    assert not LessonPage.objects.filter(slug="lecon-admin").exists()
    message = gettext("Give the lesson a title: a lesson without a title cannot be published.")
    assert escape(message) in response.content.decode()


@pytest.mark.django_db
def test_the_admin_publishes_a_complete_lesson(client, national_admin, module):
    client.force_login(national_admin)
    url = reverse("wagtailadmin_pages:add", args=("courses", "lessonpage", module.pk))
    response = client.post(url, _admin_lesson_data())
    assert response.status_code == 302
    assert LessonPage.objects.get(slug="lecon-admin").live


@pytest.mark.django_db
def test_the_admin_refuses_a_module_without_licence(client, national_admin, day, licence):
    client.force_login(national_admin)
    url = reverse("wagtailadmin_pages:add", args=("courses", "modulepage", day.pk))
    data = nested_form_data(
        {
            "title": "Module sans licence",
            "slug": "module-sans-licence",
            "summary": "",
            "learning_objectives": streamfield([("objective", "Repérer un biais.")]),
            "estimated_duration_minutes": "60",
            "licence": "",
            "authors": streamfield([("author", "Équipe pédagogique Café IA")]),
            "partner_links": inline_formset([]),
            "version": "1.0",
            "change_log": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not ModulePage.objects.filter(slug="module-sans-licence").exists()
    message = gettext("Choose the licence of the module: a module without a licence cannot be published.")
    assert escape(message) in response.content.decode()
