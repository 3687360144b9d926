"""Accessibility in Chromium: axe-core on every role's main pages at desktop and phone widths,
no page scrolling sideways at 320 CSS pixels or at 200% zoom, and the names a screen reader
hears, read from Chromium's accessibility tree."""

from collections.abc import Iterator
from datetime import timedelta
from html import unescape

import pytest

from lms.extensions import db
from lms.models import (
    Attendance,
    Course,
    Role,
    Seat,
    SeatStatus,
    SessionDay,
    TrainingSession,
    User,
)
from lms.models._types import utcnow
from tests.browser.a11y import accessibility_tree, axe_violations, sideways
from tests.browser.test_trainer_journey import add_user, sign_in
from tests.conftest import LESSONS_DONE, PASSWORD, BrowserClient, csrf_token, pass_quiz, translated

INTRO = "/learn/introductory"
LESSONS = ("basics/first", "basics/second", "care/third")
PUBLIC = ["/", "/login", "/register", "/verify", "/privacy"]
LEARNER = [
    "/",
    "/dashboard",
    INTRO,
    f"{INTRO}/basics/first",
    f"{INTRO}/quizzes/basics",
    f"{INTRO}/certificate",
    "/certificates",
    "/profile",
]
ADMIN = ["/admin", "/admin/donors", "/admin/funnel", "/admin/items", "/admin/learners",
         "/admin/audit"]  # fmt: skip


@pytest.fixture
def site(live_app):
    """A learner who has finished the introductory course, a trainer and an administrator."""
    add_user(live_app, "ana@example.org", full_name="Ana Santos")
    add_user(live_app, "trainer@example.org", Role.TRAINER)
    add_user(live_app, "admin@example.org", Role.ADMIN)
    live_app.test_client_class = BrowserClient
    client = live_app.test_client()
    with live_app.app_context():
        learner = db.session.query(User).filter_by(email="ana@example.org").one()
        client.post("/login", data={"email": learner.email, "password": PASSWORD,
                                    "csrf_token": csrf_token(client)})  # fmt: skip
        for path in LESSONS:
            url = f"{INTRO}/{path}"
            client.post(f"{url}/complete", data={"csrf_token": csrf_token(client, url)})
        pass_quiz(client, db, "introductory", "basics")
        pass_quiz(client, db, "introductory", "care")
        return {"learner": learner.id, **training_sessions(learner)}


def training_sessions(learner: User) -> dict[str, int]:
    """A session open for enrolment, with the learner on its register, and one held last
    week that the learner attended (its feedback form is open)."""
    trainer = db.session.query(User).filter_by(email="trainer@example.org").one()
    course = db.session.query(Course).filter_by(slug="advanced").one()
    made = {}
    for name, start in (("open", utcnow() + timedelta(days=20)),
                        ("held", utcnow() - timedelta(days=7))):  # fmt: skip
        session = TrainingSession(
            course_id=course.id, title=f"Workshop ({name})", country="TH", locale="th",
            timezone="Asia/Bangkok", venue="Bangkok", seats=20, created_by_id=trainer.id,
            enrol_by=start - timedelta(days=1),
            days=[SessionDay(starts_at=start, ends_at=start + timedelta(hours=8))],
        )  # fmt: skip
        db.session.add(session)
        db.session.flush()
        day = session.days[0].id
        db.session.add(Seat(
            session_id=session.id, status=SeatStatus.ENROLLED, user_id=learner.id,
            email=learner.email, full_name=learner.full_name, country="TH",
            sector=learner.sector, attended=[Attendance(day_id=day, marked_by_id=trainer.id)],
        ))  # fmt: skip
        made[name], made[f"{name}_day"] = session.id, day
    db.session.commit()
    return made


def visit(page, server: str, paths: list[str]) -> Iterator[str]:
    for path in paths:
        page.goto(server + path)
        yield path


def quiz_states(page, server: str) -> Iterator[str]:
    """The results of the passed attempt, a new attempt, and that attempt sent back unanswered."""
    page.goto(f"{server}{INTRO}/quizzes/basics")
    result = page.get_by_role("link", name="100% — passed").get_attribute("href")
    yield from visit(page, server, [result])
    page.goto(f"{server}{INTRO}/quizzes/basics")
    page.get_by_role("button", name="Start the quiz").click()
    yield "a quiz"
    page.get_by_role("button", name="Submit answers").click()
    yield "a quiz sent back unanswered"


def learner_states(page, server: str, site: dict) -> Iterator[str]:
    sign_in(page, server, "ana@example.org")
    yield from visit(page, server, LEARNER)
    yield from quiz_states(page, server)
    sessions = ["/sessions", f"/sessions/{site['open']}", f"/sessions/{site['held']}/feedback"]
    yield from visit(page, server, sessions)


def trainer_states(page, server: str, site: dict) -> Iterator[str]:
    sign_in(page, server, "trainer@example.org")
    yield from visit(page, server, ["/trainer"])
    module = page.locator("a[href*='/trainer/modules/']").first.get_attribute("href")
    yield from visit(page, server, [module])
    extra = ("/trainer/lessons/", "/trainer/quizzes/", "/trainer/titles/module/",
             "/trainer/titles/course/")  # the editor, the quiz and the titles pages # fmt: skip
    links = [page.locator(f"a[href*='{part}']").first.get_attribute("href") for part in extra]
    yield from visit(page, server, links)
    held = f"/trainer/sessions/{site['held']}"
    day = f"{held}/days/{site['held_day']}"
    sessions = ["/trainer/sessions", "/trainer/sessions/new", held, f"{held}/edit", day,
                f"{day}/import", f"{held}/report"]  # fmt: skip
    yield from visit(page, server, sessions)


def admin_states(page, server: str, learner: int) -> Iterator[str]:
    sign_in(page, server, "admin@example.org")
    yield from visit(page, server, [*ADMIN, "/admin/feedback", f"/admin/learners/{learner}"])


def states(role: str, page, server: str, site: dict) -> Iterator[str]:
    """Puts the page in each of the role's main states in turn, naming each."""
    if role == "visitor":
        return visit(page, server, PUBLIC)
    if role == "learner":
        return learner_states(page, server, site)
    if role == "trainer":
        return trainer_states(page, server, site)
    return admin_states(page, server, site["learner"])


ROLES = ["visitor", "learner", "trainer", "admin"]


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("role", ROLES)
def test_axe_finds_nothing_serious_on_the_main_pages(live_server, site, js_context, role, width):
    page = js_context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    found = []
    for state in states(role, page, live_server, site):
        found += [f"{state}: {problem}" for problem in axe_violations(page)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("role", ROLES)
def test_no_main_page_scrolls_sideways_at_320_pixels_or_at_200_percent_zoom(
    live_server, site, js_context, role
):
    """320 CSS pixels is a small phone, or a 1280-pixel window zoomed to 400%; 640 is that
    window at 200%."""
    page = js_context.new_page()
    wide = {}
    for state in states(role, page, live_server, site):
        for width in (320, 640):
            page.set_viewport_size({"width": width, "height": 640})
            if found := sideways(page):
                wide[f"{state} at {width}"] = found
    assert not wide, wide


VAGUE = {"submit", "change", "go", "ok", "send", "click here", "here", "more", "read more",
         "mark as complete", "button", "link", "start", "continue"}  # fmt: skip
# The fixture quiz's questions (English only), and what each asks for when left unanswered.
ASKS = {
    "Which option is right?": "Choose an answer to question %(n)d.",
    "Which two are right?": "Select at least one answer to question %(n)d.",
    "The sky is green.": "Choose an answer to question %(n)d.",
    "Match the terms.": "Choose a match for every item in question %(n)d.",
    "What do you do first?": "Choose an answer to question %(n)d.",
}
LESSON_TITLES = {"en": "First lesson", "th": "บทเรียนแรก (ประเทศไทย)"}  # the Thai (Thailand) variant


def named_controls(context, page) -> list[dict]:
    """Every control on the page, each with a name that says what it does."""
    controls = accessibility_tree(context, page)
    unnamed = [c for c in controls if not c["name"].strip() or c["name"].lower() in VAGUE]
    assert not unnamed, f"{page.url}: {unnamed}"
    return controls


def names(context, page, role: str) -> list[str]:
    return [c["name"] for c in named_controls(context, page) if c["role"] == role]


def answer_anything(page) -> None:
    """The first choice of every question, right or wrong: the results page is what counts."""
    for group in page.locator("fieldset.question").all():
        for select in group.locator("select").all():
            select.select_option(index=1)
        if group.locator("select").count() == 0:
            group.locator("input").first.check()


def words(app, locale: str):
    """The interface's words in `locale`, as a screen reader is given them (not HTML-escaped)."""
    return lambda message, **values: unescape(translated(app, locale, message, **values))


@pytest.mark.parametrize("locale", ["en", "th"])
def test_screen_readers_hear_what_each_control_does(live_app, live_server, js_context, locale):
    """Names from Chromium's accessibility tree on the lesson, quiz and results pages, and the
    progress bars' counts, in the learner's language (the catalogue's words for it)."""
    say = words(live_app, locale)
    add_user(live_app, "ben@example.org", full_name="Ben Tan", locale=locale)
    page = js_context.new_page()
    sign_in(page, live_server, "ben@example.org")

    page.goto(f"{live_server}{INTRO}/basics/first")
    buttons = names(js_context, page, "button")
    assert say("Mark '%(lesson)s' as complete", lesson=LESSON_TITLES[locale]) in buttons
    assert say("Change language") in buttons

    page.goto(f"{live_server}{INTRO}")
    bars = [c for c in named_controls(js_context, page) if c["role"] == "progressbar"]
    assert (bars[0]["name"], bars[0]["description"]) == (
        say("Progress in this course"),
        say(LESSONS_DONE, num=3, done=0),
    )
    modules = [say(LESSONS_DONE, num=2, done=0), say(LESSONS_DONE, num=1, done=0)]
    assert [bar["description"] for bar in bars[1:]] == modules

    page.goto(f"{live_server}{INTRO}/quizzes/basics")
    page.get_by_role("button", name=say("Start the quiz")).click()
    questions = [q.split(". ", 1) for q in names(js_context, page, "group")]
    assert sorted(prompt for _, prompt in questions) == sorted(ASKS)
    page.get_by_role("button", name=say("Submit answers")).click()
    asked = {say(ASKS[prompt], n=int(number)) for number, prompt in questions}
    assert asked <= set(names(js_context, page, "link"))  # the error summary's links

    answer_anything(page)
    page.get_by_role("button", name=say("Submit answers")).click()
    assert page.get_by_role(
        "heading", name=say("Results: %(quiz)s", quiz="Basics quiz")
    ).is_visible()
    named_controls(js_context, page)
