"""Demo cohort for ``seed_demo`` (after the courses' programme): a territory, a Hub, a cohort led by the demo
trainer with the demo learner enrolled, a remote half-day (day 1) and two in-person half-days (day 2).

Idempotent: a second run finds the cohort by title and creates nothing. Dates are computed from today (the next
working days that are not public holidays), so the demo always shows upcoming sessions.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.models import User
from training.models import Cohort, CohortStatus, Hub, Modality, Territory
from training.services import SessionData, cohort_create, enrolment_create, session_create

COHORT_TITLE = "Promotion de démonstration — Strasbourg"
TRAINER_EMAIL = "formateur@cafe-ia.example"
LEARNER_EMAIL = "apprenant@cafe-ia.example"
COORDINATOR_EMAIL = "coordination@cafe-ia.example"


def _working_day(territory: Territory, start: dt.date) -> dt.date:
    day = start
    while day.weekday() >= 5 or territory.public_holiday(day):
        day += dt.timedelta(days=1)
    return day


def seed_cohort() -> list[str]:
    from courses.models import DayPage, ModulePage, ProgramPage

    created: list[str] = []
    trainer = User.objects.filter(email=TRAINER_EMAIL).first()
    learner = User.objects.filter(email=LEARNER_EMAIL).first()
    programme = ProgramPage.objects.live().order_by("pk").first()
    if trainer is None or learner is None or programme is None:
        return created  # accounts and programme come from earlier seeders
    territory, made = Territory.objects.get_or_create(
        name="Alsace",
        defaults={
            "region": "Grand Est",
            "departements": ["67", "68"],
            "time_zone": "Europe/Paris",
            "holiday_subdivision": "6AE",
        },  # fmt: skip
    )
    if made:
        created.append(f"territory {territory.name}")
    hub, made = Hub.objects.get_or_create(name="Hub numérique inclusif Grand Est")
    hub.territories.add(territory)
    coordinator = User.objects.filter(email=COORDINATOR_EMAIL).first()
    if coordinator is not None:
        hub.coordinators.add(coordinator)
    if made:
        created.append(f"Hub {hub.name}")
    if Cohort.objects.filter(title=COHORT_TITLE).exists():
        return created
    cohort = cohort_create(
        programme=programme,
        title=COHORT_TITLE,
        territory=territory,
        departement="67",
        created_by=trainer,
        status=CohortStatus.OPEN,
        description="Promotion de démonstration : une classe virtuelle puis une journée en présentiel.",
    )
    created.append(f"cohort « {cohort.title} »")
    day1_modules = list(
        ModulePage.objects.child_of(DayPage.objects.child_of(programme).order_by("path").first()).live()
    )
    day1 = _working_day(territory, timezone.localdate() + dt.timedelta(days=3))
    day2 = _working_day(territory, day1 + dt.timedelta(days=7))
    sessions = [
        SessionData(date=day1, start_time=dt.time(9, 30), end_time=dt.time(11, 30), modality=Modality.REMOTE,
                    trainer=trainer, modules=day1_modules, visio_url="https://visio.cafe-ia.example/demo"),
        SessionData(date=day2, start_time=dt.time(9), end_time=dt.time(12, 30), modality=Modality.IN_PERSON,
                    trainer=trainer, venue_address="Médiathèque Malraux, 1 presqu'île André Malraux, 67100 Strasbourg",
                    room_capacity=20),
        SessionData(date=day2, start_time=dt.time(13, 30), end_time=dt.time(17), modality=Modality.IN_PERSON,
                    trainer=trainer, venue_address="Médiathèque Malraux, 1 presqu'île André Malraux, 67100 Strasbourg",
                    room_capacity=20),
    ]  # fmt: skip
    for data in sessions:
        session = session_create(cohort=cohort, data=data, actor=trainer)
        created.append(f"session {session}")
    enrolment_create(cohort=cohort, learner=learner, enrolled_by=trainer, notify=False)
    created.append(f"enrolment {learner.email}")
    return created
