"""A newcomer's whole journey with the keyboard alone, in Chromium: register, read and complete
the lessons, take the quiz (a matching question included), see the result, open the
certificate and switch the language.

Only Tab, Shift+Tab, Space and Enter move and act. Text is typed into fields, and a choice in
a drop-down list is made by typing the start of it (the list's own type-ahead), which is
what a keyboard user does too. On every page focus is walked all the way round: each stop
must show a focus ring, and focus must leave the page and come back (never trapped).
"""

import shutil

import pytest

from tests.browser.a11y import focused, press, tab_to, walk
from tests.conftest import PASSWORD, SMALL_CONTENT

QUIZ = """title: Basics quiz
pass_mark: 100
shuffle_questions: false
shuffle_options: true
feedback: always
questions:
  - id: care-first
    type: true_false
    prompt: Care comes first.
    answer: true
    explanation: As the lesson says.
  - id: match-up
    type: matching
    prompt: Match the terms.
    pairs:
      - {id: act, left: Act, right: What is done}
      - {id: means, left: Means, right: How it is done}
      - {id: purpose, left: Purpose, right: Why it is done}
    explanation: Each term with its meaning.
"""
MATCHES = {"Act": "What", "Means": "How", "Purpose": "Why"}


@pytest.fixture
def content_root(tmp_path):
    """The introductory course cut to one module of two lessons and a two-question quiz."""
    root = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, root)
    shutil.rmtree(root / "modules" / "introductory" / "02-care")
    (root / "quizzes" / "introductory" / "02-care.yaml").unlink()
    (root / "quizzes" / "introductory" / "01-basics.yaml").write_text(QUIZ)
    second = root / "modules" / "introductory" / "01-basics" / "02-second.md"
    second.write_text(second.read_text().replace("[the care lesson](../02-care/01-third.md#top)",
                                                 "the next module"))  # fmt: skip
    return root


@pytest.fixture
def keyboard(js_context, live_server):
    """A page whose scripts are the test's own (to read focus); the site sends none."""
    page = js_context.new_page()
    page.goto(f"{live_server}/register")
    return page


def arrive(page, heading: str) -> None:
    """A new page: its heading is there, and focus goes round it untrapped."""
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=heading, level=1).is_visible(), heading
    walk(page)


def activate(page, target, key: str = "Enter") -> None:
    """Tab to a link or button and press it: a new page loads."""
    tab_to(page, target)
    with page.expect_navigation():
        page.keyboard.press(key)


def fill(page, label: str, text: str) -> None:
    """Tab to a field and type into it; for a drop-down list, type the start of a choice."""
    tab_to(page, page.get_by_label(label, exact=True))
    page.keyboard.type(text)


def register(page) -> None:
    arrive(page, "Create your account")
    for label, text in [("Email", "lan@example.org"), ("Full name", "Lan Pham"),
                        ("Country where you work", "Viet"), ("Sector", "Health"),
                        ("Type of organisation", "Gov"), ("Password", PASSWORD),
                        ("Repeat the password", PASSWORD)]:  # fmt: skip
        fill(page, label, text)
    tab_to(page, page.get_by_role("checkbox"))
    press(page, "Space")
    activate(page, page.get_by_role("button", name="Create account"))


def complete_the_lessons(page) -> None:
    arrive(page, "My learning")
    activate(page, page.get_by_role("link", name="Courses", exact=True))
    arrive(page, "Courses")
    activate(page, page.get_by_role("link", name="Fixture introduction"))
    arrive(page, "Fixture introduction")
    activate(page, page.get_by_role("link", name="Start: First lesson"))
    for lesson in ("First lesson", "Second lesson"):
        arrive(page, lesson)
        activate(page, page.get_by_role("button", name=f"Mark '{lesson}' as complete"), "Space")


def answer_the_quiz(page) -> None:
    """Send it unanswered first: focus is on the error summary, whose links lead back to the
    questions. Then answer, and send it again."""
    arrive(page, "Basics quiz")  # the module's lessons are done: its quiz comes next
    activate(page, page.get_by_role("button", name="Start the quiz"), "Space")
    arrive(page, "Basics quiz")
    activate(page, page.get_by_role("button", name="Submit answers"))
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert focused(page)["ring"]
    press(page, "Tab")
    press(page, "Enter")  # the first link: "Choose an answer to question 1."
    assert press(page, "Tab")["label"] == "True"  # the question's first answer is next
    press(page, "Space")
    for left, right in MATCHES.items():
        fill(page, left, right)
    activate(page, page.get_by_role("button", name="Submit answers"))


def test_the_whole_journey_by_keyboard(keyboard):
    page = keyboard
    register(page)
    complete_the_lessons(page)
    answer_the_quiz(page)
    arrive(page, "Results: Basics quiz")
    assert page.get_by_text("Passed", exact=True).is_visible()
    activate(page, page.get_by_role("link", name="View your certificate"))
    arrive(page, "Certificate of completion")
    fill(page, "Language", "Ti")  # Tiếng Việt
    activate(page, page.get_by_role("button", name="Change language"))
    assert page.locator("html").get_attribute("lang") == "vi"
    walk(page)
