import pytest

from courses.models import DayPage, LessonPage
from courses.selectors import lesson_neighbours, module_lessons, page_attribution, programme_outline
from tests.courses.conftest import lesson_page, module_page, publish


@pytest.fixture
def second_module(day, licence):
    module = publish(day, module_page(title="Module deux", slug="module-deux"))
    return module, [publish(module, lesson_page(title=f"Leçon B{n}", slug=f"lecon-b{n}")) for n in (1, 2)]


@pytest.mark.django_db
def test_neighbours_follow_the_learner_path_across_modules(lessons, second_module):
    _module, others = second_module
    first = lesson_neighbours(lesson=lessons[0])
    assert first.previous is None and first.next.pk == lessons[1].pk
    boundary = lesson_neighbours(lesson=lessons[1])
    assert boundary.previous.pk == lessons[0].pk and boundary.next.pk == others[0].pk
    last = lesson_neighbours(lesson=others[1])
    assert last.previous.pk == others[0].pk and last.next is None


@pytest.mark.django_db
def test_the_outline_nests_days_modules_and_lessons_in_tree_order(programme, day, module, lessons, second_module):
    later_day = publish(programme, DayPage(title="Jour 2", slug="jour-2", modality="in_person", duration_minutes=420))
    outline = programme_outline(programme=programme)
    assert [node.page.pk for node in outline] == [day.pk, later_day.pk]
    assert [node.page.title for node in outline[0].children] == ["Module test", "Module deux"]
    assert [lesson.page.title for lesson in outline[0].children[0].children] == ["Leçon 1", "Leçon 2"]
    assert outline[1].children == ()


@pytest.mark.django_db
def test_the_outline_reads_in_three_queries(django_assert_num_queries, programme, day, module, lessons):
    with django_assert_num_queries(3):
        programme_outline(programme=programme)


@pytest.mark.django_db
def test_module_lessons_are_live_and_ordered(module, lessons):
    draft = lesson_page(title="Brouillon", slug="brouillon", live=False)
    module.add_child(instance=draft)
    assert [lesson.pk for lesson in module_lessons(module=module)] == [lesson.pk for lesson in lessons]


@pytest.mark.django_db
def test_a_lesson_is_attributed_with_its_module(module, lessons, partner):
    attribution = page_attribution(page=LessonPage.objects.get(pk=lessons[0].pk))
    assert attribution.title == "Leçon 1" and attribution.module_title == "Module test"
    assert attribution.authors == ("Équipe pédagogique Café IA",)
    assert attribution.partners == (partner,)
    assert attribution.licence.short_name == "CC BY-SA 4.0" and attribution.version == "1.0"
    assert attribution.source_url == f"http://testserver{lessons[0].url}"


@pytest.mark.django_db
def test_a_module_is_attributed_to_itself(module):
    attribution = page_attribution(page=module)
    assert attribution.title == "Module test" and attribution.module_title is None
