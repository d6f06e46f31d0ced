"""Demo seeder: the programme, its two days, the two modules and their lessons, published (``seed_demo``).

Idempotent: a page that exists under its parent with the same slug is left as editors made it, so a second run
creates nothing (no page, no revision). New pages are published through a revision, as an editor would.
"""

from __future__ import annotations

from collections.abc import Callable

from wagtail.models import Page

from cms.models import HomePage
from cms.partners import partner_add_author, partner_workspace_ensure, user_partner_ids
from cms.services import home_page_ensure
from cms.snippets import Partner, licence_default_ensure, partner_ensure
from core.models import User
from courses.demo_content import ai_and_work, facilitation_kit, what_is_ai
from courses.demo_content.programme import DAYS, PARTNERS, PROGRAMME
from courses.models import DayPage, FacilitationKitPage, LessonPage, ModulePage, ModulePartner, ProgramPage

DEMO_PARTNER_AUTHOR_EMAIL = "auteur@cafe-ia.example"  # a core.demo account
# Both modules belong to the remote day; the in-person day holds the facilitation kit.
MODULES_BY_DAY = {"jour-1-a-distance": [what_is_ai.MODULE, ai_and_work.MODULE], "jour-2-en-presentiel": []}
KITS_BY_DAY = {"jour-2-en-presentiel": [facilitation_kit.KIT]}


def _child_ensure(parent: Page, model: type[Page], slug: str, build: Callable[[], Page]) -> tuple[Page, bool]:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = build()
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _module(data: dict, partners: dict[str, Partner]) -> ModulePage:
    return ModulePage(
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        learning_objectives=[{"type": "objective", "value": item} for item in data["objectives"]],
        estimated_duration_minutes=data["duration"],
        authors=[{"type": "author", "value": name} for name in data["authors"]],
        version=data["version"],
        change_log=[
            {"type": "entry", "value": {"version": version, "date": day, "description": description}}
            for version, day, description in data["change_log"]
        ],
        partner_links=[ModulePartner(partner=partners[slug], sort_order=i) for i, slug in enumerate(data["partners"])],
    )


def _lesson(data: dict) -> LessonPage:
    return LessonPage(
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        estimated_duration_minutes=data["duration"],
        body=data["body"],
    )


def seed_programme() -> list[str]:
    """Create what is missing of the demo programme; return what was created."""
    created: list[str] = []
    licence, made = licence_default_ensure()
    if made:
        created.append(f"licence {licence.short_name}")
    partners = {}
    for item in PARTNERS:
        partners[item["slug"]], made = partner_ensure(**item)
        if made:
            created.append(f"partner {item['name']}")

    home = HomePage.objects.first() or home_page_ensure()[0]
    programme, made = _child_ensure(home, ProgramPage, PROGRAMME["slug"], lambda: ProgramPage(**PROGRAMME))
    if made:
        created.append(f"programme « {programme.title} »")
    for day_data in DAYS:
        day, made = _child_ensure(programme, DayPage, day_data["slug"], lambda d=day_data: DayPage(**d))
        if made:
            created.append(f"day « {day.title} »")
        for module_data in MODULES_BY_DAY[day_data["slug"]]:
            build_module = lambda m=module_data: _module(m, partners)  # noqa: E731
            module, made = _child_ensure(day, ModulePage, module_data["slug"], build_module)
            if made:
                created.append(f"module « {module.title} »")
            for lesson_data in module_data["lessons"]:
                lesson, made = _child_ensure(module, LessonPage, lesson_data["slug"], lambda d=lesson_data: _lesson(d))
                if made:
                    created.append(f"lesson « {lesson.title} »")
        for kit_data in KITS_BY_DAY.get(day_data["slug"], []):
            kit, made = _child_ensure(
                day, FacilitationKitPage, kit_data["slug"], lambda k=kit_data: FacilitationKitPage(**k)
            )
            if made:
                created.append(f"facilitation kit « {kit.title} »")
    created += _seed_partner_workspaces(partners)
    return created


def _seed_partner_workspaces(partners: dict[str, Partner]) -> list[str]:
    """Each partner gets its group and collection; the demo partner author writes for Inria."""
    created = []
    for partner in partners.values():
        if partner.group_id is None:
            created.append(f"workspace of {partner.name}")
        partner_workspace_ensure(partner=partner)
    author = User.objects.filter(email__iexact=DEMO_PARTNER_AUTHOR_EMAIL).first()
    if author is not None and partners["inria"].pk not in user_partner_ids(author):
        partner_add_author(partner=partners["inria"], user=author)
        created.append(f"{author.email} writes for Inria")
    return created
