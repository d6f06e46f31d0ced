from __future__ import annotations

import datetime as dt

import pytest

from dashboards.selectors import (
    CompletionFilters,
    can_view_completion,
    cohort_roster,
    cohorts_for_coordinator,
    cohorts_for_hub,
    completion_report,
)
from tests.dashboards.factories import day1_complete
from tests.factories import UserFactory
from tests.training.factories import CohortFactory, EnrolmentFactory
from training.models import Cohort, EnrolmentState

pytestmark = pytest.mark.django_db


def _figures(report):
    return {row.cohort.title: row.figures.as_dict() for row in report.cohorts}


def test_a_coordinator_scope_is_their_hubs_cohorts_and_nothing_else(hubs):
    assert set(cohorts_for_coordinator(user=hubs.coordinator_a)) == {hubs.strasbourg, hubs.mulhouse}
    assert set(cohorts_for_coordinator(user=hubs.coordinator_b)) == {hubs.brest}
    assert set(cohorts_for_hub(hub=hubs.hub_a)) == {hubs.strasbourg, hubs.mulhouse}


def test_staff_see_every_cohort_and_others_none(hubs, national_admin, learner):
    assert set(cohorts_for_coordinator(user=national_admin)) == set(Cohort.objects.all())
    assert can_view_completion(national_admin)
    for user in (hubs.trainer_1, learner, hubs.learners["Ada"].learner):
        assert not can_view_completion(user)
        assert not cohorts_for_coordinator(user=user).exists()


def test_figures_per_cohort_departement_and_total(hubs):
    report = completion_report(cohorts=cohorts_for_coordinator(user=hubs.coordinator_a))
    figures = _figures(report)
    assert figures["Promotion Strasbourg"] == {
        "enrolled": 3,
        "day1_completed": 2,
        "day2_attended": 1,
        "evaluation_passed": None,
        "attestation_issued": None,
        "day1_completed_rate": 66.7,
        "day2_attended_rate": 33.3,
        "evaluation_passed_rate": None,
        "attestation_issued_rate": None,
    }
    # the cancelled and the invited enrolments do not count; Denis attended day 2 without completing day 1
    assert figures["Promotion Mulhouse"]["enrolled"] == 1
    assert figures["Promotion Mulhouse"]["day1_completed"] == 0
    assert figures["Promotion Mulhouse"]["day2_attended"] == 1
    assert "Promotion Brest" not in figures
    assert [(row.departement, row.cohorts, row.figures.enrolled) for row in report.departements] == [
        ("67", 1, 3),
        ("68", 1, 1),
    ]
    assert (report.total.enrolled, report.total.day1_completed, report.total.day2_attended) == (4, 2, 2)
    assert report.total.rate("day2_attended") == 50.0
    assert not report.evaluations_available and not report.attestations_available


def test_not_available_figures_are_none_never_zero(hubs):
    roster = cohort_roster(cohort=hubs.strasbourg)
    assert {row.evaluation_passed for row in roster} == {None}
    assert {row.attestation_issued for row in roster} == {None}


def test_roster_has_names_and_milestones_only(hubs):
    roster = cohort_roster(cohort=hubs.strasbourg)
    assert [(row.learner_name, row.day1_completed, row.day2_attended) for row in roster] == [
        ("Ada Testeur", True, True),
        ("Basile Testeur", True, False),
        ("Chloé Testeur", False, False),
    ]
    assert not hasattr(roster[0], "email")


def test_filters_by_trainer_departement_and_dates(hubs):
    scope = cohorts_for_coordinator(user=hubs.coordinator_a)
    by_trainer = completion_report(cohorts=scope, filters=CompletionFilters(trainer_id=hubs.trainer_2.pk))
    assert [row.cohort for row in by_trainer.cohorts] == [hubs.mulhouse]
    # trainer_1 also leads Brest (Hub B): the filter never widens the scope
    assert [row.cohort for row in completion_report(cohorts=scope, filters=CompletionFilters(
        trainer_id=hubs.trainer_1.pk)).cohorts] == [hubs.strasbourg]  # fmt: skip
    assert [row.cohort for row in completion_report(cohorts=scope, filters=CompletionFilters(
        departement="68")).cohorts] == [hubs.mulhouse]  # fmt: skip
    later = completion_report(cohorts=scope, filters=CompletionFilters(date_from=hubs.day + dt.timedelta(days=1)))
    assert [row.cohort for row in later.cohorts] == [hubs.mulhouse]
    window = CompletionFilters(date_from=hubs.day, date_to=hubs.day)
    assert [row.cohort for row in completion_report(cohorts=scope, filters=window).cohorts] == [hubs.strasbourg]


def test_a_cohort_without_sessions_counts_nobody_as_day_2_and_drops_out_of_date_filters(hubs):
    empty = CohortFactory(title="Promotion Colmar", territory=hubs.strasbourg.territory, departement="68")
    EnrolmentFactory(cohort=empty)
    scope = cohorts_for_coordinator(user=hubs.coordinator_a)
    assert _figures(completion_report(cohorts=scope))["Promotion Colmar"]["day2_attended"] == 0
    dated = completion_report(cohorts=scope, filters=CompletionFilters(date_from=dt.date(2000, 1, 1)))
    assert empty not in [row.cohort for row in dated.cohorts]


def test_a_moved_learner_keeps_day_1_done_in_their_first_cohort(hubs):
    """Day 1 is matched by the learner's actor, not by the enrolment's registration."""
    learner = UserFactory(first_name="Fanny", last_name="Déplacée")
    first = EnrolmentFactory(cohort=hubs.brest, learner=learner, state=EnrolmentState.CANCELLED)
    day1_complete(learner, hubs.programme)
    EnrolmentFactory(cohort=hubs.mulhouse, learner=learner, moved_from=first)
    roster = {row.learner_name: row for row in cohort_roster(cohort=hubs.mulhouse)}
    assert roster["Fanny Déplacée"].day1_completed


def test_query_count_does_not_grow_with_learners(hubs, django_assert_max_num_queries):
    scope = cohorts_for_coordinator(user=hubs.coordinator_a)
    with django_assert_max_num_queries(12) as captured:
        completion_report(cohorts=scope)
    baseline = len(captured.captured_queries)
    for _index in range(15):
        enrolment = EnrolmentFactory(cohort=hubs.strasbourg)
        day1_complete(enrolment.learner, hubs.programme)
    with django_assert_max_num_queries(baseline) as captured:
        report = completion_report(cohorts=scope)
    assert report.total.enrolled == 19
    assert report.total.day1_completed == 17
