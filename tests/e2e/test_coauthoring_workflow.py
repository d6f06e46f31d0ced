"""In Chromium: a partner author edits a lesson of their module and submits it; the national admin approves and
publishes it. A learner's amendment proposal reaches the author, who accepts it into a draft; the learner is told."""

import re

from django.core import mail
from playwright.sync_api import expect

from core.demo import DEMO_ACCOUNTS
from core.roles import Role
from courses.models import LessonPage, ModulePage
from courses.models_feedback import AmendmentProposal, AmendmentStatus
from tests.e2e.test_login_logout import _log_in

AUTHOR = next(a for a in DEMO_ACCOUNTS if a.role is Role.PARTNER_AUTHOR)
ADMIN = next(a for a in DEMO_ACCOUNTS if a.role is Role.NATIONAL_ADMIN)
LEARNER = next(a for a in DEMO_ACCOUNTS if a.role is Role.LEARNER)


def _inria_lesson() -> LessonPage:
    module = ModulePage.objects.live().filter(partner_links__partner__slug="inria").order_by("path").first()
    return LessonPage.objects.live().child_of(module).order_by("path").first()


def _log_out(page, live_server):
    page.context.clear_cookies()


def _open_actions_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()


def test_partner_submits_and_the_national_admin_publishes(page, live_server, demo_data):
    lesson = _inria_lesson()
    _log_in(page, live_server, AUTHOR)
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    page.locator("#id_title").fill(f"{lesson.title} (relu)")
    _open_actions_menu(page)
    page.get_by_role("button", name=re.compile("Soumettre|Submit")).first.click()
    expect(page.locator(".messages")).to_contain_text(re.compile("soumise|submitted", re.I))
    assert LessonPage.objects.get(pk=lesson.pk).title == lesson.title  # not published by the submission

    _log_out(page, live_server)
    _log_in(page, live_server, ADMIN)
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    _open_actions_menu(page)
    page.get_by_role("button", name=re.compile("Approuver et publier|Approve and publish", re.I)).first.click()
    expect(page.locator(".messages")).to_contain_text(re.compile("mise à jour|updated", re.I))
    assert LessonPage.objects.get(pk=lesson.pk).title == f"{lesson.title} (relu)"
    page.goto(live_server.url + LessonPage.objects.get(pk=lesson.pk).url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{lesson.title} (relu)")


def test_an_amendment_proposal_round_trips(page, live_server, demo_data):
    lesson = _inria_lesson()
    block = next(b for b in lesson.body if b.block_type == "text")
    _log_in(page, live_server, LEARNER)
    page.goto(f"{live_server.url}{lesson.url}")
    page.locator(f"#bloc-{block.id}").get_by_role("link", name="Proposer un amendement à ce passage").click()
    expect(page.get_by_label("Passage à modifier")).to_have_value(block.id)
    page.get_by_label("Texte proposé").fill("Une formulation plus claire de ce passage.")
    page.get_by_label("Pourquoi cette modification ?").fill("Le passage actuel est difficile à suivre.")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_text("votre proposition a été transmise aux auteurs du module")).to_be_visible()
    proposal = AmendmentProposal.objects.get()

    _log_out(page, live_server)
    _log_in(page, live_server, AUTHOR)
    page.goto(f"{live_server.url}/admin/contributions/")
    page.get_by_role("link", name=lesson.title).click()
    expect(page.locator("[data-proposed]")).to_contain_text("Une formulation plus claire")
    page.get_by_role("button", name="Accepter : créer un brouillon avec ce texte").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{lesson.pk}/edit/"))
    proposal.refresh_from_db()
    assert proposal.status == AmendmentStatus.ACCEPTED
    draft = proposal.result_revision.as_object()
    assert "Une formulation plus claire de ce passage." in next(b for b in draft.body if b.id == block.id).value.source
    assert [m.to for m in mail.outbox if "amendement" in m.subject] == [[LEARNER.email]]
