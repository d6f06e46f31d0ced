"""Two Hubs, three cohorts, learners at every stage (see ``hubs`` for the expected figures)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from core.roles import Role
from tests.dashboards.factories import attend, day1_complete, in_person_session
from tests.factories import UserFactory
from tests.training.factories import (
    CohortFactory,
    EnrolmentFactory,
    HubFactory,
    TerritoryFactory,
    lesson_ensure,
    module_ensure,
    next_weekday,
    programme_ensure,
)
from training.models import AttendanceStatus, EnrolmentState


@pytest.fixture
def hubs(db):
    """Hub A (Alsace: 67, 68) and Hub B (Bretagne: 29).

    Hub A: "Promotion Strasbourg" (67, trainer_1): Ada (day 1 + day 2), Basile (day 1, absent one afternoon),
    Chloé (nothing); "Promotion Mulhouse" (68, trainer_2): Denis (day 2 only), plus a cancelled and an invited
    enrolment that do not count. Hub B: "Promotion Brest" (29): Erwan (day 1 + day 2).
    """
    programme = programme_ensure()
    module = module_ensure(programme)
    lesson_ensure(module)
    alsace = TerritoryFactory(name="Alsace", departements=["67", "68"], holiday_subdivision="6AE")
    bretagne = TerritoryFactory(name="Bretagne", region="Bretagne", departements=["29", "35"])
    coordinator_a = UserFactory(role=Role.HUB_COORDINATOR, first_name="Lucie", last_name="Moreau")
    coordinator_b = UserFactory(role=Role.HUB_COORDINATOR, first_name="Yann", last_name="Le Gall")
    hub_a = HubFactory(name="Hub Grand Est", territories=[alsace], coordinators=[coordinator_a])
    hub_b = HubFactory(name="Hub Bretagne", territories=[bretagne], coordinators=[coordinator_b])
    trainer_1 = UserFactory(role=Role.TRAINER, first_name="Karim", last_name="Benali")
    trainer_2 = UserFactory(role=Role.TRAINER, first_name="Inès", last_name="Roux")
    day = next_weekday()
    strasbourg = CohortFactory(
        title="Promotion Strasbourg", territory=alsace, departement="67", trainers=[trainer_1], programme=programme
    )
    mulhouse = CohortFactory(
        title="Promotion Mulhouse", territory=alsace, departement="68", trainers=[trainer_2], programme=programme
    )
    brest = CohortFactory(
        title="Promotion Brest", territory=bretagne, departement="29", trainers=[trainer_1], programme=programme
    )
    learners = {}
    for name, cohort in (("Ada", strasbourg), ("Basile", strasbourg), ("Chloé", strasbourg), ("Denis", mulhouse),
                         ("Erwan", brest)):  # fmt: skip
        learner = UserFactory(role=Role.LEARNER, first_name=name, last_name="Testeur")
        learners[name] = EnrolmentFactory(cohort=cohort, learner=learner)
    EnrolmentFactory(cohort=mulhouse, state=EnrolmentState.CANCELLED)
    EnrolmentFactory(cohort=mulhouse, state=EnrolmentState.INVITED)

    for name in ("Ada", "Basile", "Erwan"):
        day1_complete(learners[name].learner, programme)
    sessions = {}
    for cohort, when in ((strasbourg, day), (mulhouse, day + dt.timedelta(days=7)), (brest, day)):
        sessions[cohort.pk] = [in_person_session(cohort, day=when), in_person_session(cohort, day=when, morning=False)]
    attend(learners["Ada"], sessions[strasbourg.pk][0])
    attend(learners["Ada"], sessions[strasbourg.pk][1], AttendanceStatus.LATE)
    attend(learners["Basile"], sessions[strasbourg.pk][0])
    attend(learners["Basile"], sessions[strasbourg.pk][1], AttendanceStatus.ABSENT)
    attend(learners["Denis"], sessions[mulhouse.pk][0])
    attend(learners["Denis"], sessions[mulhouse.pk][1])
    attend(learners["Erwan"], sessions[brest.pk][0])
    attend(learners["Erwan"], sessions[brest.pk][1])
    return SimpleNamespace(
        programme=programme,
        hub_a=hub_a,
        hub_b=hub_b,
        coordinator_a=coordinator_a,
        coordinator_b=coordinator_b,
        trainer_1=trainer_1,
        trainer_2=trainer_2,
        strasbourg=strasbourg,
        mulhouse=mulhouse,
        brest=brest,
        learners=learners,
        day=day,
    )
