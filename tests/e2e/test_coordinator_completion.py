"""A Hub coordinator sees their cohort in the completion view, drills down and exports it (CSV and XLSX downloaded
and read back); a coordinator of another Hub does not see it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from core.demo import DEMO_ACCOUNTS
from core.models import User
from core.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.training.factories import CohortFactory, EnrolmentFactory, HubFactory, TerritoryFactory, programme_ensure

COORDINATOR = next(a for a in DEMO_ACCOUNTS if a.role is Role.HUB_COORDINATOR)


def _log_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def _scenario():
    programme = programme_ensure()
    alsace = TerritoryFactory(name="Alsace e2e", departements=["67", "68"])
    bretagne = TerritoryFactory(name="Bretagne e2e", region="Bretagne", departements=["29"])
    coordinator = User.objects.get(email=COORDINATOR.email)
    HubFactory(name="Hub Grand Est e2e", territories=[alsace], coordinators=[coordinator])
    other = UserFactory(role=Role.HUB_COORDINATOR, email="autre-hub@exemple.fr")
    HubFactory(name="Hub Bretagne e2e", territories=[bretagne], coordinators=[other])
    cohort = CohortFactory(title="Promotion Colmar", territory=alsace, departement="68", programme=programme)
    for first_name in ("Aline", "Bruno"):
        EnrolmentFactory(cohort=cohort, learner=UserFactory(role=Role.LEARNER, first_name=first_name, last_name="Sim"))
    return cohort, other


def _download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return Path(info.value.path()).read_bytes()


def test_a_coordinator_sees_and_exports_their_cohort(page, live_server, demo_data, foreign_requests):
    _scenario()
    _log_in(page, live_server, COORDINATOR.email, COORDINATOR.password)
    page.goto(f"{live_server.url}/tableaux-de-bord/coordination/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Achèvement dans les territoires de mon Hub")
    table = page.get_by_role("table", name="Achèvement par promotion")
    row = table.get_by_role("row", name="Promotion Colmar")
    expect(row).to_contain_text("2")  # enrolled
    expect(page.get_by_role("img", name="Entonnoir d’achèvement")).to_be_visible()

    rows = list(csv.reader(io.StringIO(_download(page, "Apprenants (CSV)").decode("utf-8-sig")), delimiter=";"))
    # the demo Hub's own cohort (seed_demo) is also in this coordinator's scope: look at Colmar's rows
    assert sorted(line[2] for line in rows[1:] if line[0] == "Promotion Colmar") == ["Aline Sim", "Bruno Sim"]
    sheet = load_workbook(io.BytesIO(_download(page, "Apprenants (XLSX)")), read_only=True).active
    values = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert values[0] == rows[0]
    assert sorted(line[2] for line in values[1:] if line[0] == "Promotion Colmar") == ["Aline Sim", "Bruno Sim"]

    row.get_by_role("link", name="Promotion Colmar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Promotion Colmar")
    expect(page.get_by_role("table", name="Apprenants de la promotion et leurs étapes franchies")).to_contain_text(
        "Aline Sim"
    )
    assert foreign_requests == []


def test_a_coordinator_of_another_hub_does_not_see_it(page, live_server, demo_data):
    cohort, other = _scenario()
    _log_in(page, live_server, other.email, PASSWORD)
    page.goto(f"{live_server.url}/tableaux-de-bord/coordination/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Promotion Colmar")).to_have_count(0)
    response = page.goto(f"{live_server.url}/tableaux-de-bord/coordination/promotions/{cohort.pk}/")
    assert response.status == 404
