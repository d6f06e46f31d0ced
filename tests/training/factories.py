"""factory_boy factories for the training app (dashboards and certificates build on them too).

Course pages are Wagtail pages: ``programme_ensure`` / ``module_ensure`` add them with ``add_child`` under the home
page once per test database, and the factories reuse them.
"""

from __future__ import annotations

import datetime as dt

import factory

from core.roles import Role
from tests.factories import UserFactory
from training.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentState,
    Hub,
    Modality,
    Territory,
    TrainingSession,
)

RICH = "<p>Un texte.</p>"


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def programme_ensure(slug: str = "formation-cafe-ia-test", title: str = "Formation Café IA (test)"):
    """A published ProgramPage with one day and one module, created once (idempotent)."""
    from cms.models import HomePage
    from courses.models import ProgramPage

    existing = ProgramPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    home = HomePage.objects.first()
    if home is None:
        from cms.services import home_page_ensure

        home, _created = home_page_ensure()
    programme = ProgramPage(
        title=title,
        slug=slug,
        objectives=[{"type": "objective", "value": "Expliquer ce qu'est l'IA."}],
        audience=RICH,
        prerequisites=RICH,
        teaching_means=RICH,
        technical_means=RICH,
        supervision_means=RICH,
        follow_up_means=RICH,
        evaluation=RICH,
    )
    return _publish(home, programme)


def module_ensure(programme=None, *, slug: str = "module-comprendre-ia", title: str = "Comprendre l'IA", day: int = 1):
    """A published ModulePage (with a DayPage above it) in ``programme``; idempotent by slug."""
    from cms.snippets import licence_default_ensure
    from courses.models import DayPage, ModulePage

    programme = programme or programme_ensure()
    existing = ModulePage.objects.descendant_of(programme).filter(slug=slug).first()
    if existing is not None:
        return existing
    licence_default_ensure()
    day_slug = f"jour-{day}"
    day_page = DayPage.objects.child_of(programme).filter(slug=day_slug).first()
    if day_page is None:
        day_page = _publish(
            programme,
            DayPage(
                title=f"Jour {day}",
                slug=day_slug,
                modality="remote" if day == 1 else "in_person",
                duration_minutes=420,
            ),
        )
    module = ModulePage(
        title=title,
        slug=slug,
        learning_objectives=[{"type": "objective", "value": "Repérer un biais."}],
        estimated_duration_minutes=90,
        authors=[{"type": "author", "value": "Équipe pédagogique Café IA"}],
    )
    return _publish(day_page, module)


def lesson_ensure(module, *, slug: str = "lecon-1", title: str = "Leçon 1", minutes: int = 30):
    from courses.models import LessonPage

    existing = LessonPage.objects.child_of(module).filter(slug=slug).first()
    if existing is not None:
        return existing
    lesson = LessonPage(
        title=title,
        slug=slug,
        estimated_duration_minutes=minutes,
        body=[{"type": "text", "value": "<h2>Une partie</h2><p>Du contenu.</p>"}],
    )
    return _publish(module, lesson)


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Territoire {n}")
    region = "Grand Est"
    departements = factory.LazyFunction(lambda: ["67", "68", "57"])
    time_zone = "Europe/Paris"
    holiday_subdivision = ""


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hub {n}")

    @factory.post_generation
    def territories(self, create, extracted, **kwargs):
        if create and extracted:
            self.territories.add(*extracted)

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinators.add(*extracted)


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort; ``trainers=[...]`` are granted their object permissions through the service."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    programme = factory.LazyFunction(programme_ensure)
    title = factory.Sequence(lambda n: f"Promotion {n}")
    territory = factory.SubFactory(TerritoryFactory)
    departement = factory.LazyAttribute(lambda cohort: cohort.territory.departements[0])
    status = CohortStatus.OPEN
    capacity = 20

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        from training.services import cohort_trainer_add

        for trainer in extracted:
            cohort_trainer_add(cohort=self, trainer=trainer, actor=None)


def next_weekday(start: dt.date | None = None, weekday: int = 1) -> dt.date:
    """The next given weekday (Tuesday by default) at least 7 days away that is not a public holiday anywhere."""
    import holidays

    day = (start or dt.date.today()) + dt.timedelta(days=7)
    while day.weekday() != weekday or day in holidays.country_holidays("FR", subdiv="57", years=day.year):
        day += dt.timedelta(days=1)
    return day


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    cohort = factory.SubFactory(CohortFactory)
    date = factory.LazyFunction(next_weekday)
    start_time = dt.time(9, 0)
    end_time = dt.time(12, 30)
    modality = Modality.IN_PERSON
    venue_address = "1 place de la République, 67000 Strasbourg"
    room_capacity = 25
    trainer = factory.SubFactory(UserFactory, role=Role.TRAINER)

    @factory.post_generation
    def modules(self, create, extracted, **kwargs):
        if create and extracted:
            self.modules.add(*extracted)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    learner = factory.SubFactory(UserFactory, role=Role.LEARNER)
    state = EnrolmentState.ENROLLED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(TrainingSessionFactory)
    enrolment = factory.SubFactory(EnrolmentFactory, cohort=factory.SelfAttribute("..session.cohort"))
    status = AttendanceStatus.PRESENT
    method = AttendanceMethod.ROLL_CALL


def signature_png(*, blank: bool = False, size: tuple[int, int] = (400, 150), strokes: int = 3) -> bytes:
    """A canvas-like PNG (transparent background) with a few strokes, or blank."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if not blank:
        draw = ImageDraw.Draw(image)
        width, height = size
        for n in range(strokes):
            draw.line(
                [
                    (20 + n * 10, height - 30),
                    (width // 3, 20 + n * 5),
                    (2 * width // 3, height - 40),
                    (width - 20, 30),
                ],
                fill=(20, 20, 60, 255),
                width=4,
            )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
