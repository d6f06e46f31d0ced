"""The facilitation mode steps through the kit with the keyboard, then again offline after a reload."""

import re

from playwright.sync_api import expect

from courses.models import FacilitationKitPage


def _step_through(page, total: int) -> None:
    expect(page.locator("[data-progress]")).to_contain_text("1")
    for number in range(2, total + 1):
        page.keyboard.press("ArrowRight")
        expect(page.locator(f"#etape-{number}")).to_be_visible()
        expect(page.locator(f"#etape-{number - 1}")).to_be_hidden()
        expect(page.locator(f"#step-title-{number}")).to_be_focused()
    page.keyboard.press("ArrowRight")  # past the last step: stays there
    expect(page.locator(f"#etape-{total}")).to_be_visible()
    page.keyboard.press("Home")
    expect(page.locator("#etape-1")).to_be_visible()


def test_facilitation_mode_keyboard_timer_and_offline_reload(page, context, live_server, demo_data, foreign_requests):
    kit = FacilitationKitPage.objects.live().get()
    url = f"{live_server.url}{kit.url}animation/"
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    total = page.locator("[data-step]").count()
    assert total == 6

    # the timer of step 1 counts down from 05:00 with Space, pauses, and R resets it
    page.locator("#step-title-1").focus()
    page.keyboard.press(" ")
    expect(page.locator("#etape-1 [data-time]")).not_to_have_text("05:00", timeout=3000)
    page.keyboard.press(" ")
    expect(page.locator("#etape-1 [data-timer-toggle]")).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("r")
    expect(page.locator("#etape-1 [data-time]")).to_have_text("05:00")

    _step_through(page, total)
    expect(page.locator("body")).to_have_attribute("data-offline-ready", "true", timeout=10000)
    page.reload()  # now controlled by the service worker
    expect(page.locator("body")).to_have_attribute("data-offline-ready", "true", timeout=10000)

    context.set_offline(True)
    try:
        response = page.reload()
        assert response is not None and response.ok and response.from_service_worker  # the cached copy
        expect(page.get_by_role("heading", level=1)).to_have_text(kit.title)
        _step_through(page, total)
        page.keyboard.press("End")
        expect(page.locator("#etape-6")).to_be_visible()
        expect(page.locator("#etape-6 [data-time]")).to_have_text("05:00")
        assert re.search(r"#etape-6$", page.url)
    finally:
        context.set_offline(False)
    assert foreign_requests == []


def test_the_kit_page_links_its_three_renderings(page, live_server, demo_data, foreign_requests):
    kit = FacilitationKitPage.objects.live().get()
    page.goto(f"{live_server.url}{kit.url}")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    page.get_by_role("link", name=re.compile("mode animation|facilitation mode", re.I)).click()
    expect(page.locator("#etape-1")).to_be_visible()
    assert foreign_requests == []
