import pytest
from wagtail.models import Page

from cms.models import HomePage
from courses.models import DayPage, FacilitationKitPage, LessonPage, ModulePage, ProgramPage


@pytest.mark.django_db
def test_the_tree_is_programme_day_module_lesson(home, programme, day, module, lessons):
    assert ProgramPage.can_create_at(home)
    assert DayPage.can_create_at(programme)
    assert ModulePage.can_create_at(day)
    assert LessonPage.can_create_at(module)


@pytest.mark.django_db
def test_no_page_type_skips_a_level(home, programme, day, module, lessons):
    root = Page.get_first_root_node()
    assert not ProgramPage.can_create_at(root)
    assert not ProgramPage.can_create_at(day)
    assert not DayPage.can_create_at(home)
    assert not ModulePage.can_create_at(programme)
    assert not ModulePage.can_create_at(home)
    assert not LessonPage.can_create_at(day)
    assert not LessonPage.can_create_at(lessons[0])
    assert not HomePage.can_create_at(programme)


def test_page_type_rules_are_declared():
    assert ProgramPage.parent_page_types == ["cms.HomePage"]
    assert ProgramPage.subpage_types == ["courses.DayPage"]
    assert DayPage.subpage_types == ["courses.ModulePage", "courses.FacilitationKitPage"]
    assert ModulePage.subpage_types == ["courses.LessonPage"]
    assert LessonPage.subpage_types == []
    assert FacilitationKitPage.parent_page_types == ["courses.DayPage"] and FacilitationKitPage.subpage_types == []


@pytest.mark.django_db
def test_lessons_are_searchable_by_their_body(lessons):
    from wagtail.search.backends import get_search_backend

    results = get_search_backend().search("contenu", LessonPage)
    assert {page.pk for page in results} == {lesson.pk for lesson in lessons}
