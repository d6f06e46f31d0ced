"""Search across the published lessons (Wagtail search; PostgreSQL full text with the French configuration)."""

from __future__ import annotations

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator

from courses.models import LessonPage

SEARCH_PAGE_SIZE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def lesson_search(*, query: str, page_number: int | str | None = 1) -> PaginatorPage | None:
    """A page of live lessons matching `query`, best first; None for an empty query."""
    query = (query or "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    if not query:
        return None
    results = LessonPage.objects.live().defer_streamfields().search(query, operator="and")
    return Paginator(results, SEARCH_PAGE_SIZE).get_page(page_number)


def lesson_modules(lessons) -> dict[int, str]:
    """The module title of each lesson of a results page, by lesson pk (one query)."""
    from courses.models import ModulePage

    parents = {lesson.path[: -LessonPage.steplen]: lesson.pk for lesson in lessons}
    modules = ModulePage.objects.filter(path__in=parents).values_list("path", "title")
    return {parents[path]: title for path, title in modules}
