import re

import pytest
from django.utils.html import strip_tags

from core.demo import seed_demo
from courses.demo import seed_programme
from courses.demo_content import ai_and_work, what_is_ai
from courses.models import DayPage, LessonPage, ModulePage, ProgramPage


def _words(blocks: list[dict]) -> int:
    text = " ".join(strip_tags(" ".join(_strings(block["value"]))) for block in blocks)
    return len(re.findall(r"\w+(?:['’]\w+)*", text))


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return [value] if isinstance(value, str) else []


@pytest.mark.django_db
def test_the_seeder_is_idempotent():
    first = seed_programme()
    counts = [model.objects.count() for model in (ProgramPage, DayPage, ModulePage, LessonPage)]
    assert counts == [1, 2, 2, 10]
    assert seed_programme() == []
    assert [model.objects.count() for model in (ProgramPage, DayPage, ModulePage, LessonPage)] == counts
    assert "programme « Formation des animateurs et animatrices Café IA »" in first


@pytest.mark.django_db
def test_seed_demo_runs_the_courses_seeder_after_the_home_page():
    report = dict(seed_demo())
    assert any(item.startswith("lesson ") for item in report["courses.programme"])
    assert dict(seed_demo())["courses.programme"] == []


@pytest.mark.django_db
def test_the_demo_programme_is_published_and_lasts_17_hours():
    seed_programme()
    programme = ProgramPage.objects.get()
    days = DayPage.objects.child_of(programme).order_by("path")
    assert programme.total_duration_minutes == 17 * 60 == sum(day.duration_minutes for day in days)
    assert [(day.modality, day.duration_minutes) for day in days] == [("remote", 600), ("in_person", 420)]
    assert all(page.live and page.has_unpublished_changes is False for page in LessonPage.objects.all())
    assert all(page.live_revision_id for page in ModulePage.objects.all())


@pytest.mark.django_db
def test_demo_modules_are_cc_by_sa_with_their_partners():
    seed_programme()
    modules = {m.slug: m for m in ModulePage.objects.all()}
    assert {m.licence.short_name for m in modules.values()} == {"CC BY-SA 4.0"}
    partners = {slug: [link.partner.name for link in m.partner_links.all()] for slug, m in modules.items()}
    assert partners == {"qu-est-ce-que-l-ia": ["Inria"], "ia-et-travail": ["LaborIA", "France Num"]}


@pytest.mark.django_db
def test_the_remote_day_schedule_adds_up_to_its_duration():
    seed_programme()
    for day in DayPage.objects.all():
        minutes = sum(
            (slot["end"].hour * 60 + slot["end"].minute) - (slot["start"].hour * 60 + slot["start"].minute)
            for half_day in day.schedule
            for slot in half_day.value["slots"]
        )
        assert minutes == day.duration_minutes, day.title


def test_module_durations_are_the_sum_of_their_lessons():
    for module in (what_is_ai.MODULE, ai_and_work.MODULE):
        assert sum(lesson["duration"] for lesson in module["lessons"]) == module["duration"]


@pytest.mark.parametrize("module", [what_is_ai.MODULE, ai_and_work.MODULE], ids=lambda m: m["slug"])
def test_each_demo_lesson_is_substantial(module):
    assert len(module["lessons"]) >= 5
    for lesson in module["lessons"]:
        assert 250 <= _words(lesson["body"]) <= 450, (lesson["title"], _words(lesson["body"]))
