"""CSV and XLSX exports hold exactly what the view shows, read back from the bytes."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig")), delimiter=";"))


def _xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(_body(response)), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_learner_exports_hold_the_scoped_learners(client, hubs):
    client.force_login(hubs.coordinator_a)
    response = client.get(reverse("dashboards:completion_export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="completion-learners-')
    assert response["Cache-Control"] == "private, no-store"
    rows = _csv(response)
    assert rows[0][:4] == ["Promotion", "Département", "Apprenant", "Inscription"]
    names = sorted(row[2] for row in rows[1:])
    assert names == ["Ada Testeur", "Basile Testeur", "Chloé Testeur", "Denis Testeur"]
    ada = next(row for row in rows if row[2] == "Ada Testeur")
    assert ada[4:] == ["oui", "oui", "non disponible", "non disponible"]

    xlsx = _xlsx(client.get(reverse("dashboards:completion_export", args=["xlsx"])))
    assert xlsx[0] == rows[0]
    assert sorted(row[2] for row in xlsx[1:]) == names
    assert AuditEntry.objects.filter(action="dashboards.export", actor=hubs.coordinator_a).count() == 2


def test_cohort_exports_and_filters_follow_the_view(client, hubs):
    client.force_login(hubs.coordinator_a)
    url = reverse("dashboards:completion_export", args=["xlsx"])
    rows = _xlsx(client.get(url, {"niveau": "promotions"}))
    assert [row[0] for row in rows[1:]] == ["Promotion Strasbourg", "Promotion Mulhouse"]
    strasbourg = rows[1]
    header = rows[0]
    assert strasbourg[header.index("Inscrits")] == 3
    assert strasbourg[header.index("Jour 1 terminé")] == 2
    assert strasbourg[header.index("Jour 1 terminé (%)")] == 66.7
    filtered = _csv(client.get(reverse("dashboards:completion_export", args=["csv"]), {"departement": "68"}))
    assert [row[2] for row in filtered[1:]] == ["Denis Testeur"]


def test_a_roster_export_is_one_cohort_and_another_hubs_is_a_404(client, hubs):
    client.force_login(hubs.coordinator_b)
    rows = _csv(client.get(reverse("dashboards:cohort_roster_export", args=[hubs.brest.pk, "csv"])))
    assert [row[2] for row in rows[1:]] == ["Erwan Testeur"]
    assert client.get(reverse("dashboards:cohort_roster_export", args=[hubs.mulhouse.pk, "xlsx"])).status_code == 404
    assert client.get("/tableaux-de-bord/coordination/export.pdf").status_code == 404


def test_a_name_cannot_inject_a_formula(client, hubs):
    learner = hubs.learners["Chloé"].learner
    learner.first_name, learner.last_name = '=HYPERLINK("http://x")', "-1+1"
    learner.save()
    client.force_login(hubs.coordinator_a)
    xlsx = _xlsx(client.get(reverse("dashboards:cohort_roster_export", args=[hubs.strasbourg.pk, "xlsx"])))
    csv_rows = _csv(client.get(reverse("dashboards:cohort_roster_export", args=[hubs.strasbourg.pk, "csv"])))
    for rows in (xlsx, csv_rows):
        assert '\'=HYPERLINK("http://x") -1+1' in [row[2] for row in rows]
