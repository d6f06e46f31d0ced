"""Staff edit completion rules and the provider in Wagtail; roles that must not see attestations get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Site

from certificates.models import Attestation, CompletionRuleSettings, IssuanceJob, Provider
from certificates.selectors import provider_get
from tests.training.factories import HubFactory

pytestmark = pytest.mark.django_db


def test_national_admin_edits_a_programme_rule_in_wagtail(client, national_admin, programme):
    client.force_login(national_admin)
    assert client.get("/admin/completion_rules/").status_code == 200
    response = client.post(
        "/admin/completion_rules/new/",
        {"programme": programme.pk, "modules_completed": "on", "in_person_attended_and_signed": "on",
         "auto_issue": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = CompletionRuleSettings.objects.get(programme=programme)
    assert (rule.exit_evaluation_passed, rule.survey_answered, rule.modules_completed) == (False, False, True)


def test_provider_is_a_site_setting_printed_on_documents(client, national_admin, finished_enrolment):
    site = Site.objects.get(is_default_site=True)
    client.force_login(national_admin)
    assert client.get(f"/admin/settings/certificates/provider/{site.pk}/").status_code == 200
    Provider.objects.update_or_create(
        site=site,
        defaults={"name": "Association Café IA", "siret": "12345678900011", "declaration_number": "11755555575"},
    )
    assert provider_get().name == "Association Café IA"
    from certificates.pdf import attestation_pdf_bytes
    from tests.certificates.test_documents import text_of

    text, _pages = text_of(attestation_pdf_bytes(Attestation.objects.get()))
    assert "Association Café IA" in text and "12345678900011" in text and "11755555575" in text


def test_trainer_pages_and_learner_pages_refuse_other_roles(client, finished_enrolment, hub_coordinator, learner):
    cohort = finished_enrolment.cohort
    HubFactory(territories=[cohort.territory], coordinators=[hub_coordinator])
    attestation = Attestation.objects.get()
    for user in (hub_coordinator, learner):
        client.force_login(user)
        assert client.get(reverse("certificates:cohort", args=[cohort.pk])).status_code == 404
        assert client.get(reverse("certificates:cohort_archive", args=[cohort.pk])).status_code == 404
        assert client.post(reverse("certificates:cohort_issue", args=[cohort.pk])).status_code == 404
        assert client.get(reverse("certificates:attestation_pdf", args=[attestation.public_id])).status_code == 404
        assert (
            client.post(reverse("certificates:revoke", args=[attestation.public_id]), {"reason": "x"}).status_code
            == 404
        )
    assert Attestation.objects.get().status == "issued"


def test_bulk_issuance_from_the_trainer_page_shows_progress(
    client, finished_enrolment, django_capture_on_commit_callbacks
):
    cohort = finished_enrolment.cohort
    client.force_login(cohort.trainers.first())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:cohort_issue", args=[cohort.pk]))
    job = IssuanceJob.objects.get()
    assert response.url == reverse("certificates:job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "<progress" in page and 'value="1"' in page
    progress = client.get(response.url, HTTP_ACCEPT="application/json").json()
    assert progress == {"status": "done", "processed": 1, "total": 1, "issued": 1, "percent": 100}


def test_trainer_issue_refused_shows_missing_items_and_staff_override(client, cohort_sessions, national_admin):
    from tests.training.factories import EnrolmentFactory

    cohort, _sessions = cohort_sessions
    enrolment = EnrolmentFactory(cohort=cohort)
    client.force_login(cohort.trainers.first())
    page = client.post(reverse("certificates:enrolment_issue", args=[enrolment.pk]), follow=True).content.decode()
    assert "ne remplit pas encore les conditions" in page
    client.force_login(national_admin)
    client.post(reverse("certificates:enrolment_issue", args=[enrolment.pk]), {"reason": ""})
    assert not Attestation.objects.filter(learner=enrolment.learner).exists()
    client.post(reverse("certificates:enrolment_issue", args=[enrolment.pk]), {"reason": "Rattrapage individuel"})
    assert Attestation.objects.get(learner=enrolment.learner).override_reason == "Rattrapage individuel"
