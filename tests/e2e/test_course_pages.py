from playwright.sync_api import expect

from courses.models import LessonPage, ModulePage, ProgramPage
from tests.e2e.test_login_logout import LEARNER, _log_in


def test_course_pages_render_in_french_without_foreign_requests(page, live_server, demo_data, foreign_requests):
    _log_in(page, live_server, LEARNER)
    urls = [ProgramPage.objects.live().first().url, ModulePage.objects.live().first().url]
    urls += [lesson.url for lesson in LessonPage.objects.live().order_by("path")[:3]]
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # let page scripts run; "networkidle" did not settle on lesson pages here
    expect(page.get_by_text("CC BY-SA 4.0").first).to_be_visible()
    assert foreign_requests == []
