from __future__ import annotations

import datetime as dt

import pytest

from core.models import AuditEntry
from tests.factories import UserFactory
from tests.training.factories import CohortFactory, EnrolmentFactory, TerritoryFactory, next_weekday
from training.exceptions import SessionError
from training.models import Modality, TrainingSession
from training.services import SessionData, session_create, session_update

pytestmark = pytest.mark.django_db


def data(trainer, **overrides) -> SessionData:
    values = {
        "date": next_weekday(),
        "start_time": dt.time(9),
        "end_time": dt.time(12, 30),
        "modality": Modality.IN_PERSON,
        "trainer": trainer,
        "venue_address": "Médiathèque, 1 rue du Dôme, Strasbourg",
        "room_capacity": 20,
    }
    return SessionData(**(values | overrides))


def refused(code: str, **kwargs) -> SessionError:
    with pytest.raises(SessionError) as exc:
        session_create(**kwargs)
    assert exc.value.code == code
    return exc.value


def test_creates_a_half_day_with_modules(cohort, trainer, module):
    session = session_create(cohort=cohort, data=data(trainer, modules=[module]), actor=trainer)
    assert list(session.modules.all()) == [module]
    assert session.starts_at.tzinfo is not None
    assert AuditEntry.objects.filter(action="training.session.created", target_id=str(session.pk)).exists()


def test_end_before_start_is_refused_in_french(cohort, trainer):
    error = refused("session_ends_before_start", cohort=cohort, data=data(trainer, end_time=dt.time(8)), actor=trainer)
    assert "avant" in str(error.message)
    assert not TrainingSession.objects.exists()


def test_more_than_a_half_day_is_refused(cohort, trainer):
    refused("session_too_long", cohort=cohort, data=data(trainer, end_time=dt.time(17)), actor=trainer)


def test_a_public_holiday_of_the_territory_is_refused_and_audited(cohort, trainer):
    good_friday = dt.date(2027, 3, 26)  # a holiday in Alsace-Moselle only
    error = refused("session_on_holiday", cohort=cohort, data=data(trainer, date=good_friday), actor=trainer)
    assert "férié" in str(error.message)
    assert AuditEntry.objects.filter(
        action="training.session.create.refused", data__code="session_on_holiday"
    ).exists()
    elsewhere = CohortFactory(territory=TerritoryFactory(name="Bretagne", departements=["35"]), trainers=[trainer])
    assert session_create(cohort=elsewhere, data=data(trainer, date=good_friday), actor=trainer).pk


def test_overseas_holiday_uses_the_overseas_calendar(trainer):
    reunion = TerritoryFactory(
        name="La Réunion", departements=["974"], time_zone="Indian/Reunion", holiday_subdivision="974"
    )
    cohort = CohortFactory(territory=reunion, trainers=[trainer])
    refused("session_on_holiday", cohort=cohort, data=data(trainer, date=dt.date(2027, 12, 20)), actor=trainer)


def test_a_trainers_overlapping_sessions_are_refused_even_across_time_zones(cohort, trainer):
    session_create(cohort=cohort, data=data(trainer), actor=trainer)
    refused(
        "trainer_overlap",
        cohort=cohort,
        data=data(trainer, start_time=dt.time(12), end_time=dt.time(13)),
        actor=trainer,
    )
    assert session_create(
        cohort=cohort, data=data(trainer, start_time=dt.time(13, 30), end_time=dt.time(17)), actor=trainer
    )
    # 12:00 in Martinique is 17:00 in Strasbourg (winter): it overlaps the afternoon above
    martinique = TerritoryFactory(
        name="Martinique", departements=["972"], time_zone="America/Martinique", holiday_subdivision="972"
    )
    remote = CohortFactory(territory=martinique, trainers=[trainer])
    day = data(trainer).date
    winter = day.month in (11, 12, 1, 2, 3)
    start = dt.time(11, 45) if winter else dt.time(10, 45)
    refused(
        "trainer_overlap",
        cohort=remote,
        data=data(
            trainer,
            date=day,
            start_time=start,
            end_time=dt.time(start.hour + 1),
            modality=Modality.REMOTE,
            visio_url="https://visio.example.fr/x",
        ),  # fmt: skip
        actor=trainer,
    )


def test_room_smaller_than_the_roster_is_refused(cohort, trainer):
    for _n in range(3):
        EnrolmentFactory(cohort=cohort)
    refused("room_too_small", cohort=cohort, data=data(trainer, room_capacity=2), actor=trainer)


def test_remote_needs_a_link_and_in_person_a_venue(cohort, trainer):
    refused("visio_url_required", cohort=cohort, data=data(trainer, modality=Modality.REMOTE), actor=trainer)
    refused("venue_required", cohort=cohort, data=data(trainer, venue_address=" "), actor=trainer)


def test_the_trainer_must_lead_the_cohort(cohort):
    stranger = UserFactory()
    refused("trainer_not_in_cohort", cohort=cohort, data=data(stranger), actor=stranger)


def test_a_module_of_another_programme_is_refused(cohort, trainer):
    from tests.training.factories import module_ensure, programme_ensure

    other = module_ensure(programme_ensure(slug="autre-formation", title="Autre"), slug="autre-module")
    refused("module_not_in_programme", cohort=cohort, data=data(trainer, modules=[other]), actor=trainer)


def test_update_revalidates_and_a_countersigned_session_is_locked(cohort, trainer):
    from django.utils import timezone

    session = session_create(cohort=cohort, data=data(trainer), actor=trainer)
    with pytest.raises(SessionError) as exc:
        session_update(session=session, data=data(trainer, end_time=dt.time(8)), actor=trainer)
    assert exc.value.code == "session_ends_before_start"
    updated = session_update(session=session, data=data(trainer, start_time=dt.time(9, 30)), actor=trainer)
    assert updated.start_time == dt.time(9, 30)
    TrainingSession.objects.filter(pk=session.pk).update(countersigned_at=timezone.now())
    with pytest.raises(SessionError) as exc:
        session_update(session=session, data=data(trainer), actor=trainer)
    assert exc.value.code == "sheet_locked"
