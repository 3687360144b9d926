"""A learner's first visit in a real browser (Debian's Chromium driven by Playwright)."""

import pytest

from tests.browser.conftest import register


def test_register_read_complete_and_meet_the_gate(live_server, page):
    register(page, live_server, "mai@example.org", "Nguyễn Thị Mai", "VN", "en", "health")

    assert page.get_by_role("heading", name="My learning").is_visible()
    page.get_by_role("link", name="Continue where you left off: First lesson").click()
    assert page.get_by_role("heading", name="First lesson").is_visible()
    page.get_by_role("button", name="Mark 'First lesson' as complete").click()
    assert page.url.endswith("/learn/introductory/basics/second")
    assert page.get_by_text("Lesson marked as complete.").is_visible()

    page.goto(f"{live_server}/learn/introductory")
    assert page.get_by_text("1 of 3 lessons").first.is_visible()

    response = page.goto(f"{live_server}/learn/advanced")
    assert response.status == 403
    assert page.get_by_role("heading", name="This course is locked").is_visible()
    page.get_by_role("link", name="Go to Fixture introduction").click()
    assert page.url.endswith("/learn/introductory")


@pytest.mark.parametrize("code", ["th", "km", "lo", "my"])
def test_a_page_in_each_complex_script_arrives_intact(live_server, page, code):
    """Switch the language with the footer form (no JavaScript) and read the page as shown."""
    from babel.messages.pofile import read_po

    from lms.config import ROOT

    with open(ROOT / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as file:
        strings = {m.id: m.string for m in read_po(file) if m.id}
    page.goto(f"{live_server}/login")
    page.select_option("#language-switcher", code)
    page.get_by_role("button", name="Change language").click()
    assert page.locator("html").get_attribute("lang") == code
    assert page.locator("h1").inner_text() == strings["Sign in"]
    assert page.get_by_label(strings["Email"]).is_visible()
    box = page.locator("h1").bounding_box()
    assert box["width"] > 20 and box["height"] > 10  # the text is laid out, not dropped
