from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import UserFactory
from tests.training.factories import (
    AttendanceFactory,
    CohortFactory,
    EnrolmentFactory,
    HubFactory,
    TerritoryFactory,
    TrainingSessionFactory,
)
from training.models import Cohort, Enrolment, EnrolmentState, Territory
from training.permissions import can_manage_cohort, cohorts_coordinated_by, cohorts_managed_by, is_training_staff


def test_territory_public_holidays_follow_alsace_moselle_and_overseas():
    mainland = Territory(name="Paris", departements=["75"], holiday_subdivision="")
    alsace = Territory(name="Alsace", departements=["67"], holiday_subdivision="6AE")
    guadeloupe = Territory(name="Guadeloupe", departements=["971"], holiday_subdivision="971")
    good_friday, st_stephen = dt.date(2026, 4, 3), dt.date(2026, 12, 26)
    assert mainland.public_holiday(good_friday) is None
    assert alsace.public_holiday(good_friday) and alsace.public_holiday(st_stephen)
    assert mainland.public_holiday(dt.date(2026, 7, 14))
    assert guadeloupe.public_holiday(dt.date(2026, 5, 27))  # abolition of slavery in Guadeloupe
    assert mainland.public_holiday(dt.date(2026, 5, 27)) is None


def test_territory_validates_time_zone_and_departements():
    territory = Territory(name="X", region="Y", departements=["99", "2A"], time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as exc:
        territory.clean_fields()
    assert set(exc.value.message_dict) == {"departements", "time_zone"}


@pytest.mark.django_db
def test_session_times_are_the_territory_local_time():
    guyane = TerritoryFactory(
        name="Guyane", departements=["973"], time_zone="America/Cayenne", holiday_subdivision="973"
    )
    session = TrainingSessionFactory(cohort__territory=guyane, date=dt.date(2026, 3, 10), start_time=dt.time(9))
    assert session.starts_at == dt.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("UTC"))
    assert session.ends_at.utcoffset() == dt.timedelta(hours=-3)


@pytest.mark.django_db
def test_cohort_departement_must_belong_to_territory(territory, programme):
    cohort = Cohort(programme=programme, title="T", territory=territory, departement="75")
    with pytest.raises(ValidationError) as exc:
        cohort.full_clean()
    assert "departement" in exc.value.message_dict
    assert Cohort._meta.get_field("capacity").default == 20


@pytest.mark.django_db
def test_one_enrolment_per_learner_and_cohort_and_registration_unique(cohort):
    first = EnrolmentFactory(cohort=cohort)
    other = EnrolmentFactory(cohort=cohort)
    assert first.registration != other.registration
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(cohort=cohort, learner=first.learner)
    assert set(Enrolment.objects.active().values_list("pk", flat=True)) == {first.pk, other.pk}
    first.state = EnrolmentState.WAITLISTED
    first.save()
    assert list(Enrolment.objects.holding_seat()) == [other]


@pytest.mark.django_db
def test_session_end_after_start_is_a_database_constraint(cohort, trainer):
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingSessionFactory(cohort=cohort, trainer=trainer, start_time=dt.time(14), end_time=dt.time(13))


@pytest.mark.django_db
def test_one_attendance_per_session_and_enrolment():
    attendance = AttendanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(session=attendance.session, enrolment=attendance.enrolment)


@pytest.mark.django_db
def test_trainer_object_permissions_both_directions(cohort, trainer, other_trainer):
    other_cohort = CohortFactory(trainers=[other_trainer])
    assert can_manage_cohort(trainer, cohort) and not can_manage_cohort(trainer, other_cohort)
    assert list(cohorts_managed_by(trainer)) == [cohort]
    assert list(cohorts_managed_by(other_trainer)) == [other_cohort]
    assert not is_training_staff(trainer)


@pytest.mark.django_db
def test_staff_see_all_and_learners_manage_nothing(cohort, national_admin, learner):
    CohortFactory()
    assert is_training_staff(national_admin)
    assert cohorts_managed_by(national_admin).count() == 2
    assert not cohorts_managed_by(learner).exists() and not can_manage_cohort(learner, cohort)


@pytest.mark.django_db
def test_coordinator_reads_only_their_hub_territories(cohort, territory, hub_coordinator):
    elsewhere = CohortFactory(territory=TerritoryFactory(name="Bretagne", departements=["35"]))
    HubFactory(territories=[territory], coordinators=[hub_coordinator])
    assert list(cohorts_coordinated_by(hub_coordinator)) == [cohort]
    assert elsewhere not in cohorts_coordinated_by(hub_coordinator)
    assert not can_manage_cohort(hub_coordinator, cohort)
    assert not cohorts_coordinated_by(UserFactory()).exists()
