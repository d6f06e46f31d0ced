from playwright.sync_api import expect

from core.demo import DEMO_ACCOUNTS
from core.roles import Role

LEARNER = next(a for a in DEMO_ACCOUNTS if a.role is Role.LEARNER)
ADMIN = next(a for a in DEMO_ACCOUNTS if a.role is Role.NATIONAL_ADMIN)


def _log_in(page, live_server, account):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(account.email)
    page.get_by_label("Mot de passe").fill(account.password)
    page.get_by_role("button", name="Se connecter").click()


def test_learner_logs_in_lands_home_and_logs_out(page, live_server, demo_data, foreign_requests):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se former pour animer un Café IA")
    _log_in(page, live_server, LEARNER)
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_text(f"Bonjour {LEARNER.first_name}")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()
    expect(page.get_by_text(f"Bonjour {LEARNER.first_name}")).to_have_count(0)
    assert foreign_requests == []


def test_wrong_password_shows_the_french_error(page, live_server, demo_data):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(LEARNER.email)
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("Adresse électronique ou mot de passe incorrect.")


def test_login_works_on_a_phone(browser, live_server, demo_data):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    _log_in(page, live_server, LEARNER)
    expect(page.get_by_text(f"Bonjour {LEARNER.first_name}")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"horizontal scroll on a phone: {width}px"
    context.close()


def test_admin_pages_make_no_foreign_request(page, live_server, demo_data, foreign_requests):
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(ADMIN.email)
    page.locator("#id_password").fill(ADMIN.password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in ("/admin/", "/admin/pages/", "/admin/users/", "/admin/images/", "/admin/account/"):
        response = page.goto(live_server.url + path)
        assert response.status < 400, path
        page.wait_for_load_state("networkidle")
    assert foreign_requests == []
