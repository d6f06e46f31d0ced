"""Course page fixtures: a small published tree built with ``add_child`` under the home page (bakerydemo style)."""

from __future__ import annotations

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.models import HomePage
from cms.snippets import licence_default_ensure, partner_ensure
from courses.models import DayPage, LessonPage, ModulePage, ModulePartner, ProgramPage

RICH = "<p>Un texte.</p>"


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def program_page(**overrides) -> ProgramPage:
    fields = {
        "title": "Formation test",
        "slug": "formation-test",
        "objectives": [{"type": "objective", "value": "Expliquer ce qu'est l'IA."}],
        "audience": RICH,
        "prerequisites": RICH,
        "teaching_means": RICH,
        "technical_means": RICH,
        "supervision_means": RICH,
        "follow_up_means": RICH,
        "evaluation": RICH,
    }
    return ProgramPage(**(fields | overrides))


def module_page(**overrides) -> ModulePage:
    fields = {
        "title": "Module test",
        "slug": "module-test",
        "learning_objectives": [{"type": "objective", "value": "Repérer un biais."}],
        "estimated_duration_minutes": 90,
        "authors": [{"type": "author", "value": "Équipe pédagogique Café IA"}],
    }
    return ModulePage(**(fields | overrides))


def lesson_page(**overrides) -> LessonPage:
    fields = {
        "title": "Leçon test",
        "slug": "lecon-test",
        "estimated_duration_minutes": 30,
        "body": [{"type": "text", "value": "<h2>Une partie</h2><p>Du contenu.</p>"}],
    }
    return LessonPage(**(fields | overrides))


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def licence(db):
    return licence_default_ensure()[0]


@pytest.fixture
def partner(db):
    return partner_ensure(slug="inria", name="Inria", url="https://www.inria.fr/")[0]


@pytest.fixture
def image(db):
    return Image.objects.create(title="Schéma", file=get_test_image_file())


@pytest.fixture
def programme(home):
    return publish(home, program_page())


@pytest.fixture
def day(programme):
    return publish(
        programme, DayPage(title="Jour 1 — à distance", slug="jour-1", modality="remote", duration_minutes=600)
    )


@pytest.fixture
def module(day, licence, partner):
    return publish(day, module_page(partner_links=[ModulePartner(partner=partner)]))


@pytest.fixture
def lessons(module):
    return [publish(module, lesson_page(title=f"Leçon {n}", slug=f"lecon-{n}")) for n in (1, 2)]
