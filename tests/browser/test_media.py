"""Paper, high contrast and stillness, in Chromium: a lesson printed for a workshop, the
forced-colours mode of Windows' contrast themes, and the reduced-motion preference."""

import io
import shutil

import pytest

from lms.models import Role
from tests.browser.a11y import axe_violations
from tests.browser.test_trainer_journey import add_user, sign_in
from tests.conftest import SMALL_CONTENT

LESSON = "/learn/introductory/basics/second"
SOURCES = "\n## Sources\n\n- Fixture Protocol, 2000, [the text](https://example.org/protocol).\n"


@pytest.fixture
def content_root(tmp_path):
    """The fixture curriculum, the second lesson ending with a sources list, as real ones do."""
    root = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, root)
    lesson = root / "modules" / "introductory" / "01-basics" / "02-second.md"
    lesson.write_text(lesson.read_text() + SOURCES)
    return root


def printed(page) -> str:
    """The page as Chromium prints it (print media), as text."""
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)


def test_a_printed_lesson_has_its_text_its_sources_and_its_links_but_no_controls(
    live_app, live_server, page
):
    add_user(live_app, "trainer@example.org", Role.TRAINER)
    sign_in(page, live_server, "trainer@example.org")
    page.goto(live_server + LESSON)
    paper = printed(page)
    assert "Second lesson" in paper and "Going on" in paper
    assert "a site (https://example.org)" in paper  # a link, as text with its address
    assert "Sources Fixture Protocol, 2000, the text (https://example.org/protocol)" in paper
    controls = ["Skip to content", "Sign out", "Translations", "Mark 'Second lesson'",
                "Change language", "Privacy notice", "Back to the course overview"]  # fmt: skip
    assert [control for control in controls if control in paper] == []


BORDERLESS = """() => [...document.querySelectorAll('button:not(.link), a.button')]
  .filter(b => getComputedStyle(b).borderTopStyle === 'none').map(b => b.outerHTML)"""
CHART_INK = """() => [...document.querySelectorAll('figure.chart rect, figure.chart text')]
  .map(e => getComputedStyle(e).fill)
  .filter(fill => fill !== getComputedStyle(document.body).color)"""
MOVING = """() => [...document.querySelectorAll('*')].filter(e => {
  const s = getComputedStyle(e);
  return s.animationName !== 'none' || s.scrollBehavior === 'smooth'
    || s.transitionDuration.split(',').some(d => parseFloat(d) > 0);
}).map(e => e.tagName)"""


@pytest.fixture
def admin_page(live_app, live_server, js_context):
    add_user(live_app, "admin@example.org", Role.ADMIN)
    page = js_context.new_page()
    sign_in(page, live_server, "admin@example.org")
    return page


PAGES = ["/learn/introductory", LESSON, "/learn/introductory/quizzes/basics", "/admin",
         "/admin/funnel", "/trainer"]  # fmt: skip


def test_forced_colours_keep_buttons_charts_and_focus_visible(live_server, admin_page):
    """In forced colours the system paints every colour: a button drawn only by its
    background would lose its edge, and a chart painted in a fixed ink could vanish."""
    admin_page.emulate_media(forced_colors="active")
    for path in PAGES:
        admin_page.goto(live_server + path)
        assert admin_page.evaluate(BORDERLESS) == [], path
        assert admin_page.evaluate(CHART_INK) == [], path
        assert axe_violations(admin_page) == [], path
    admin_page.keyboard.press("Tab")
    ring = admin_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring == "solid"


def test_nothing_moves_when_reduced_motion_is_asked_for(live_server, admin_page):
    admin_page.emulate_media(reduced_motion="reduce")
    for path in PAGES:
        admin_page.goto(live_server + path)
        assert admin_page.evaluate(MOVING) == [], path
