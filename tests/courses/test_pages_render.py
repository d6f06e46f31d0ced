"""The learner's view: pages render in French with DSFR landmarks, in order, with the attribution line, and
reference no other domain (a link to the licence is a link, not a request; no ``src`` leaves the site)."""

import re

import pytest
from django.utils.html import escape
from django.utils.translation import gettext

from courses.demo import seed_programme
from courses.models import DayPage, LessonPage, ModulePage, ProgramPage
from tests.courses.conftest import lesson_page, publish

EXTERNAL_URL = re.compile(r'\s(src|srcset|href|action|poster|data)="(https?://[^"]+)"')


def _html(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def _headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def _assert_headings_in_order(html: str) -> None:
    levels = _headings(html)
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, levels


def _assert_no_third_party_request(html: str, allowed_links: set[str]) -> None:
    for attribute, url in EXTERNAL_URL.findall(html):
        if url.startswith("http://testserver/"):
            continue
        assert attribute == "href" and url in allowed_links, (attribute, url)
    assert "<iframe" not in html


@pytest.fixture
def demo(db):
    seed_programme()
    return ProgramPage.objects.get()


@pytest.mark.django_db
def test_every_demo_page_renders_in_french_with_landmarks_and_ordered_headings(client, demo):
    licence_urls = {module.licence.url for module in ModulePage.objects.all()}
    pages = [demo, *DayPage.objects.all(), *ModulePage.objects.all(), *LessonPage.objects.all()]
    for page in pages:
        html = _html(client, page)
        assert '<html lang="fr"' in html
        assert '<main id="content"' in html and 'class="fr-breadcrumb"' in html
        assert f'<h1 id="page-title">{escape(page.title)}</h1>' in html
        _assert_headings_in_order(html)
        _assert_no_third_party_request(html, allowed_links=licence_urls)


@pytest.mark.django_db
def test_the_programme_lists_days_modules_and_lessons_in_order(client, demo):
    html = _html(client, demo)
    titles = [
        "Jour 1 — à distance",
        "Qu&#x27;est-ce que l&#x27;IA ?",
        "Ce qu&#x27;est l&#x27;intelligence artificielle",
        "Une brève histoire de l&#x27;IA",
        "Enjeux environnementaux et sociétaux",
        "IA &amp; Travail",
        "Des tâches, pas des métiers",
        "Utiliser l&#x27;IA au travail avec discernement",
        "Jour 2 — en présentiel",
    ]
    content = html.split(f"<h2>{gettext('Content')}</h2>")[1]
    positions = [content.find(title) for title in titles]
    assert -1 not in positions and positions == sorted(positions), list(zip(titles, positions, strict=True))
    assert "17 h" in html and "10 h" in html and "7 h" in html
    for heading in ("Objectives", "Audience and prerequisites", "Teaching means", "Evaluation of results"):
        assert f">{gettext(heading)}</h" in html
    assert 'href="/static/courses/css/programme-print.css" media="print"' in html


@pytest.mark.django_db
def test_a_lesson_shows_its_body_attribution_and_neighbours(client, demo):
    lessons = list(LessonPage.objects.live().order_by("path"))
    html = _html(client, lessons[4])  # last lesson of module 1: next is module 2's first
    assert "Enjeux environnementaux et sociétaux" in html
    assert "Un coût environnemental réel" in html  # body heading (h2)
    assert 'rel="prev"' in html and lessons[3].url in html
    assert 'rel="next"' in html and lessons[5].url in html
    attribution = html.split("data-attribution>")[1].split("</p>")[0]
    assert "Enjeux environnementaux et sociétaux" in attribution and "Qu&#x27;est-ce que l&#x27;IA ?" in attribution
    assert "Équipe pédagogique Café IA" in attribution and "Inria" in attribution
    assert (
        'href="https://creativecommons.org/licenses/by-sa/4.0/deed.fr" rel="license">CC BY-SA 4.0</a>' in attribution
    )
    assert f'href="http://testserver{lessons[4].url}"' in attribution  # the source


@pytest.mark.django_db
def test_a_module_lists_its_lessons_in_order_with_attribution(client, demo):
    module = ModulePage.objects.get(slug="ia-et-travail")
    html = _html(client, module)
    lessons = [escape(lesson.title) for lesson in LessonPage.objects.child_of(module).order_by("path")]
    positions = [html.find(title) for title in lessons]
    assert len(lessons) == 5 and positions == sorted(positions) and -1 not in positions
    attribution = html.split("data-attribution>")[1].split("</p>")[0]
    assert "LaborIA, France Num" in attribution and "version 1.0" in attribution


@pytest.mark.django_db
def test_an_external_video_is_a_button_until_the_learner_asks(client, module):
    video = {
        "title": "Conférence sur l'IA",
        "provider": "PeerTube",
        "embed_url": "https://video.example.org/videos/embed/abc",
        "transcript": "",
    }
    lesson = publish(module, lesson_page(body=[{"type": "external_video", "value": video}]))
    html = _html(client, lesson)
    assert 'data-embed-url="https://video.example.org/videos/embed/abc"' in html
    assert "<iframe" not in html and 'src="https://video.example.org' not in html
    assert '<script src="/static/courses/js/courses.js" defer></script>' in html
    _assert_no_third_party_request(html, allowed_links={module.licence.url})


@pytest.mark.django_db
def test_an_image_renders_with_its_alt_text_and_credit(client, module, image):
    block = {"image": image.pk, "alt_text": "Schéma d'un neurone artificiel", "credit": "Café IA, CC BY-SA 4.0"}
    lesson = publish(module, lesson_page(body=[{"type": "image", "value": block | {"caption": ""}}]))
    html = _html(client, lesson)
    assert 'alt="Schéma d&#x27;un neurone artificiel"' in html
    assert "Café IA, CC BY-SA 4.0" in html
    assert re.search(r'<img [^>]*src="/media/', html)


@pytest.mark.django_db
def test_an_unpublished_lesson_is_neither_listed_nor_a_neighbour(client, module, lessons):
    lessons[1].unpublish()
    html = _html(client, module)
    assert lessons[0].title in html and lessons[1].title not in html
    assert 'rel="next"' not in _html(client, lessons[0])
