"""The coordinator's completion view, a cohort's roster and the trainer's overview: who sees what, read-only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

COMPLETION = reverse("dashboards:completion")


def roster_url(cohort) -> str:
    return reverse("dashboards:cohort_roster", args=[cohort.pk])


def test_a_coordinator_sees_their_hubs_cohorts_with_figures(client, hubs):
    client.force_login(hubs.coordinator_a)
    response = client.get(COMPLETION)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Promotion Strasbourg" in html and "Promotion Mulhouse" in html
    assert "Promotion Brest" not in html
    assert html.count("<h1") == 1
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert 'role="img"' in html and "<desc" in html  # the funnel has a text alternative
    assert "non disponible" in html  # evaluations and attestations: not faked
    report = response.context["report"]
    assert (report.total.enrolled, report.total.day1_completed, report.total.day2_attended) == (4, 2, 2)


def test_a_coordinator_of_another_hub_sees_nothing_of_it(client, hubs):
    client.force_login(hubs.coordinator_b)
    html = client.get(COMPLETION).content.decode()
    assert "Promotion Strasbourg" not in html and "Promotion Mulhouse" not in html
    assert "Promotion Brest" in html
    assert client.get(roster_url(hubs.strasbourg)).status_code == 404
    assert client.get(reverse("dashboards:cohort_roster_export", args=[hubs.strasbourg.pk, "csv"])).status_code == 404


def test_drill_down_shows_names_and_milestones_but_no_contact_details(client, hubs):
    client.force_login(hubs.coordinator_a)
    response = client.get(roster_url(hubs.strasbourg))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Testeur" in html and "Chloé Testeur" in html
    assert "Denis Testeur" not in html
    assert hubs.learners["Ada"].learner.email not in html
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", html.split("<main", 1)[1].split("</main>", 1)[0])


@pytest.mark.parametrize("role", ["trainer", "learner"])
def test_trainers_and_learners_have_no_coordinator_view(client, hubs, role):
    user = hubs.trainer_1 if role == "trainer" else hubs.learners["Ada"].learner
    client.force_login(user)
    assert client.get(COMPLETION).status_code == 403
    assert client.get(roster_url(hubs.strasbourg)).status_code == 403
    assert client.get(reverse("dashboards:completion_export", args=["xlsx"])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, hubs):
    response = client.get(COMPLETION)
    assert response.status_code == 302 and "connexion" in response["Location"]


def test_staff_see_every_cohort(client, hubs, national_admin):
    client.force_login(national_admin)
    html = client.get(COMPLETION).content.decode()
    assert all(title in html for title in ("Promotion Strasbourg", "Promotion Mulhouse", "Promotion Brest"))
    assert client.get(roster_url(hubs.brest)).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_every_dashboard_is_read_only(client, hubs, method):
    client.force_login(hubs.coordinator_a)
    for url in (COMPLETION, roster_url(hubs.strasbourg), reverse("dashboards:completion_export", args=["csv"])):
        assert getattr(client, method)(url).status_code == 405


def test_filters_narrow_the_view_and_bad_filters_are_a_french_400(client, hubs):
    client.force_login(hubs.coordinator_a)
    html = client.get(COMPLETION, {"departement": "68"}).content.decode()
    assert "Promotion Mulhouse" in html and "Promotion Strasbourg" not in html
    response = client.get(COMPLETION, {"date_from": "2030-05-01", "date_to": "2030-01-01"})
    assert response.status_code == 400
    assert "Le début de la période doit précéder sa fin." in response.content.decode()
    # a trainer of the scope only: trainer_2 is one, coordinator_b's trainers are not choices
    assert client.get(COMPLETION, {"trainer": hubs.trainer_2.pk}).status_code == 200
    assert client.get(COMPLETION, {"trainer": hubs.coordinator_b.pk}).status_code == 400
    assert client.get(COMPLETION, {"date_from": "pas une date"}).status_code == 400


def test_the_trainer_overview_lists_only_their_own_cohorts(client, hubs):
    client.force_login(hubs.trainer_2)
    response = client.get(reverse("dashboards:trainer_overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Promotion Mulhouse" in html and "Promotion Strasbourg" not in html
    assert client.get(reverse("dashboards:trainer_cohort_roster", args=[hubs.mulhouse.pk])).status_code == 200
    assert client.get(reverse("dashboards:trainer_cohort_roster", args=[hubs.strasbourg.pk])).status_code == 404


def test_a_learner_or_coordinator_has_no_trainer_overview(client, hubs):
    client.force_login(hubs.learners["Ada"].learner)
    assert client.get(reverse("dashboards:trainer_overview")).status_code == 403
    client.force_login(hubs.coordinator_a)
    assert client.get(reverse("dashboards:trainer_overview")).status_code == 403


def test_the_cohort_table_pages_through_many_cohorts_and_totals_cover_all(client, hubs):
    from tests.training.factories import CohortFactory

    for number in range(55):
        CohortFactory(title=f"Promotion extra {number:02d}", territory=hubs.strasbourg.territory, departement="67")
    client.force_login(hubs.coordinator_a)
    first = client.get(COMPLETION)
    assert len(first.context["cohort_page"].object_list) == 50
    assert len(first.context["report"].cohorts) == 57
    second = client.get(COMPLETION, {"departement": "67", "page": 2}).content.decode()
    assert "page 2 sur 2" in second and "departement=67&amp;page=1" in second
