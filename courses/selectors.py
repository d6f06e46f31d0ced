"""Reads of the course tree for the learner's pages: outline, lessons, neighbours, attribution, breadcrumb.

Only live pages are listed. Lesson bodies are never loaded for listings (``defer_streamfields``).
Progress (the LRS projection of ``courses.progress``) is read at the end, for the signed-in learner only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from wagtail.models import Page

from cms.snippets import Licence, Partner
from courses.models import DayPage, LessonPage, ModulePage, ProgramPage
from courses.models_progress import LessonProgress
from xapi.actors import actor_name


@dataclass(frozen=True)
class OutlineNode:
    page: Page
    children: tuple[OutlineNode, ...] = ()


@dataclass(frozen=True)
class LessonNeighbours:
    previous: LessonPage | None
    next: LessonPage | None


@dataclass(frozen=True)
class Attribution:
    """The TASL line of Creative Commons: Title, Author, Source, Licence — for a module or one of its lessons."""

    title: str
    module_title: str | None  # set when the work is a lesson: "from the module …"
    version: str
    authors: tuple[str, ...]
    partners: tuple[Partner, ...]
    licence: Licence
    source_url: str


def _by_parent_path(pages) -> dict[str, list[Page]]:
    grouped: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        grouped[page.path[: -Page.steplen]].append(page)
    return grouped


def _module_nodes(modules, lessons_by_parent: dict[str, list[Page]]) -> tuple[OutlineNode, ...]:
    return tuple(
        OutlineNode(page=module, children=tuple(OutlineNode(page=lesson) for lesson in lessons_by_parent[module.path]))
        for module in modules
    )


def programme_outline(*, programme: ProgramPage) -> tuple[OutlineNode, ...]:
    """Days → modules → lessons of the programme, in tree order, in three queries."""
    days = DayPage.objects.live().child_of(programme).defer_streamfields().order_by("path")
    modules = ModulePage.objects.live().descendant_of(programme).defer_streamfields().order_by("path")
    lessons = LessonPage.objects.live().descendant_of(programme).defer_streamfields().order_by("path")
    modules_by_parent, lessons_by_parent = _by_parent_path(modules), _by_parent_path(lessons)
    return tuple(
        OutlineNode(page=day, children=_module_nodes(modules_by_parent[day.path], lessons_by_parent)) for day in days
    )


def day_outline(*, day: DayPage) -> tuple[OutlineNode, ...]:
    """The modules of a day with their lessons."""
    modules = ModulePage.objects.live().child_of(day).defer_streamfields().order_by("path")
    lessons = LessonPage.objects.live().descendant_of(day).defer_streamfields().order_by("path")
    return _module_nodes(modules, _by_parent_path(lessons))


def day_kits(*, day: DayPage):
    """The live facilitation kits of a day (listed after its modules)."""
    from courses.models import FacilitationKitPage

    return FacilitationKitPage.objects.live().child_of(day).defer_streamfields().order_by("path")


def module_lessons(*, module: ModulePage):
    """The live lessons of a module, in order (a queryset: the progress projection will annotate it)."""
    return LessonPage.objects.live().child_of(module).defer_streamfields().order_by("path")


def lesson_neighbours(*, lesson: LessonPage) -> LessonNeighbours:
    """The previous and next live lessons in the learner's path through the whole programme (across modules)."""
    programme = ProgramPage.objects.ancestor_of(lesson).first()
    scope = LessonPage.objects.live().defer_streamfields().order_by("path")
    scope = scope.descendant_of(programme) if programme else scope.sibling_of(lesson)
    previous = scope.filter(path__lt=lesson.path).last()
    following = scope.filter(path__gt=lesson.path).first()
    return LessonNeighbours(previous=previous, next=following)


def page_url(page: Page) -> str:
    """The page's public address, absolute: attribution lines are copied elsewhere and exported."""
    url = page.get_url() or ""
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def lesson_module(*, lesson: LessonPage) -> ModulePage:
    """The lesson's module, in one query (``get_parent().specific`` takes two)."""
    return ModulePage.objects.select_related("licence").get(path=lesson.path[: -Page.steplen])


def page_attribution(*, page: ModulePage | LessonPage, module: ModulePage | None = None) -> Attribution:
    """TASL attribution of a module, or of a lesson (credited with its module's authors, partners and licence)."""
    if module is None:
        module = page if isinstance(page, ModulePage) else lesson_module(lesson=page)
    links = module.partner_links.select_related("partner")
    return Attribution(
        title=page.title,
        module_title=None if module is page else module.title,
        version=module.version,
        authors=tuple(block.value for block in module.authors),
        partners=tuple(link.partner for link in links),
        licence=module.licence,
        source_url=page_url(page),
    )


def page_breadcrumb(*, page: Page) -> list[Page]:
    """The live ancestors shown in the DSFR breadcrumb, from the home page down (the tree's root excluded)."""
    return list(page.get_ancestors().filter(depth__gt=1).live().specific(defer=True))


# Learner progress (a projection of the LRS, see courses/progress.py). Scoped to the signed-in learner: the rows are
# read under their own pseudonymous actor name only, so nobody else's progress can be shown.


class LessonStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


@dataclass(frozen=True)
class LessonProgressItem:
    lesson: LessonPage
    status: LessonStatus


@dataclass(frozen=True)
class ModuleProgressSummary:
    module: ModulePage
    items: tuple[LessonProgressItem, ...]

    @property
    def completed(self) -> int:
        return sum(item.status is LessonStatus.COMPLETED for item in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def is_complete(self) -> bool:
        return bool(self.items) and self.completed == self.total


def learner_actor_of(user) -> str | None:
    """The actor name under which a signed-in user's progress is kept (None for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return actor_name(user.public_id)


def lesson_progress_for(*, user, lessons) -> dict[int, LessonProgress]:
    """The user's own progress rows for `lessons`, by lesson pk (empty for anonymous visitors)."""
    learner_actor = learner_actor_of(user)
    if learner_actor is None:
        return {}
    rows = LessonProgress.objects.filter(learner_actor=learner_actor, lesson__in=[lesson.pk for lesson in lessons])
    return {row.lesson_id: row for row in rows}


def _status(row: LessonProgress | None) -> LessonStatus:
    if row is None:
        return LessonStatus.NOT_STARTED
    return LessonStatus.COMPLETED if row.completed_at else LessonStatus.IN_PROGRESS


def lesson_progress_get(*, user, lesson: LessonPage) -> LessonProgressItem | None:
    """The user's status on one lesson; None for anonymous visitors (who see no progress)."""
    if learner_actor_of(user) is None:
        return None
    return LessonProgressItem(
        lesson=lesson, status=_status(lesson_progress_for(user=user, lessons=[lesson]).get(lesson.pk))
    )


def module_progress_get(*, user, module: ModulePage) -> ModuleProgressSummary | None:
    """Per-lesson status and the count of completed lessons of a module, for the user; None when anonymous."""
    if learner_actor_of(user) is None:
        return None
    lessons = list(module_lessons(module=module))
    rows = lesson_progress_for(user=user, lessons=lessons)
    items = tuple(LessonProgressItem(lesson=lesson, status=_status(rows.get(lesson.pk))) for lesson in lessons)
    return ModuleProgressSummary(module=module, items=items)


def programme_progress_get(*, user, programme: ProgramPage) -> tuple[ModuleProgressSummary, ...] | None:
    """Each module of the programme with the user's completion, in tree order (three queries); None when anonymous."""
    if learner_actor_of(user) is None:
        return None
    outline = programme_outline(programme=programme)
    modules = [module for day in outline for module in day.children]
    rows = lesson_progress_for(user=user, lessons=[lesson.page for module in modules for lesson in module.children])
    return tuple(
        ModuleProgressSummary(
            module=module.page,
            items=tuple(
                LessonProgressItem(lesson=c.page, status=_status(rows.get(c.page.pk))) for c in module.children
            ),
        )
        for module in modules
    )
