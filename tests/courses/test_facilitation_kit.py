"""The facilitation kit: its rules, the printable page, the PDF read back, the facilitation mode and its worker."""

import copy
import io
import re

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from courses.demo_content.facilitation_kit import KIT
from courses.models import DayPage, FacilitationKitPage
from tests.courses.conftest import publish


@pytest.fixture
def day_two(programme):
    return publish(
        programme, DayPage(title="Jour 2 — en présentiel", slug="jour-2", modality="in_person", duration_minutes=420)
    )


@pytest.fixture
def kit(day_two, licence):
    return publish(day_two, FacilitationKitPage(**copy.deepcopy(KIT)))


@pytest.mark.django_db
def test_the_demo_kit_is_a_one_hour_session_for_twenty_with_real_content(kit):
    assert kit.steps_total_minutes == kit.duration_minutes == 60 and kit.max_participants == 20
    assert len(kit.steps) == 6 and len(kit.debate_cards) == 6 and kit.materials and kit.action_items
    words = " ".join(
        [step.value["instructions"].source for step in kit.steps]
        + [prompt for step in kit.steps for prompt in step.value["prompts"]]
        + [card.value["question"] + card.value["starter"] for card in kit.debate_cards]
    )
    assert len(re.sub("<[^>]+>", " ", words).split()) > 500


@pytest.mark.django_db
def test_steps_must_fill_the_session_and_be_complete(day_two, licence):
    data = copy.deepcopy(KIT) | {"slug": "court", "duration_minutes": 45}
    page = day_two.add_child(instance=FacilitationKitPage(**(data | {"live": False})))
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert [e.code for e in error.value.error_dict["steps"]] == ["steps_duration_mismatch"]
    assert "60 minutes" in str(error.value.error_dict["steps"][0].message % error.value.error_dict["steps"][0].params)
    data = copy.deepcopy(KIT) | {"slug": "incomplet"}
    data["steps"][0]["value"]["goal"] = ""
    page = day_two.add_child(instance=FacilitationKitPage(**(data | {"live": False})))
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "goal_required" in [e.code for e in error.value.error_dict["steps"]]


@pytest.mark.django_db
def test_the_kit_page_shows_every_part_with_its_attribution_and_links(client, kit):
    html = client.get(kit.url).content.decode()
    assert html.count("<h1") == 1 and "Le mot qui vient" in html and "Cartes débat" in html
    assert "Post-it et feutres" in html and "Fiche « passage à l&#x27;action »" in html or "passage à l" in html
    assert 'href="/formation-test/jour-2/kit-animation-cafe-ia/animation/"' in html
    assert 'href="/formation-test/jour-2/kit-animation-cafe-ia/pdf/"' in html
    assert "data-attribution" in html and "CC BY-SA 4.0" in html and 'media="print"' in html


@pytest.mark.django_db
def test_the_facilitation_mode_is_one_self_contained_document(client, kit):
    response = client.get(kit.url + "animation/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<link" not in html and "<script src" not in html and "<img" not in html  # nothing to fetch offline
    assert re.findall(r'data-seconds="(\d+)"', html) == ["300", "600", "600", "1200", "600", "300"]
    assert html.count("hidden>") >= 5 and "Épisode" not in html
    assert "Votre employeur propose un outil d&#x27;IA" in html or "Votre employeur propose un outil d'IA" in html
    assert 'register("service-worker/", { scope: "./" })' in html and "CC BY-SA 4.0" in html


@pytest.mark.django_db
def test_the_service_worker_caches_only_the_facilitation_mode(client, kit):
    response = client.get(kit.url + "animation/service-worker/")
    script = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/formation-test/jour-2/kit-animation-cafe-ia/animation/"
    assert 'const MODE_URL = "/formation-test/jour-2/kit-animation-cafe-ia/animation/"' in script
    assert f'const CACHE = PREFIX + "{kit.live_revision_id}"' in script


@pytest.mark.django_db
def test_the_kit_pdf_reads_back_with_steps_cards_sheet_and_attribution(client, kit):
    response = client.get(kit.url + "pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for expected in (
        "Kit d'animation",
        "Trois repères pour comprendre",
        "Faut-il limiter certains usages",
        "Paperboard",
        "La question que je garde",
        "CC BY-SA 4.0",
        "Équipe pédagogique Café IA",
    ):
        assert expected in flat, expected
    assert len(reader.pages) >= 3  # the cards and the action sheet start their own pages
