"""A training session from start to finish in a real browser: a trainer creates it, a certified
learner enrols, the facilitator keeps the register on a phone, and the certificate follows."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from lms.auth.services import set_scope
from lms.certificates.services import new_code
from lms.extensions import db
from lms.models import Certificate, Course, Role, SessionDay, User
from tests.browser.test_trainer_journey import sign_in, sign_out
from tests.conftest import PASSWORD

PHONE = {"width": 360, "height": 740}
LEARNER = "Hajah Siti Nurhaliza"
WALK_IN = "Pengiran Muda Hakim"
MIN_TARGET = 24  # px: the smallest touch target WCAG 2.2 accepts (2.5.8, level AA)


def add_bruneian(app, email: str, full_name: str, role=Role.LEARNER) -> None:
    """An account in Brunei; trainers are scoped to it, learners hold the introductory
    certificate (the advanced course's prerequisite), as if they had completed it."""
    with app.app_context():
        user = User(email=email, full_name=full_name, country="BN", locale="en",
                    sector="social_work", organisation_type="government", role=role)  # fmt: skip
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        if role == Role.TRAINER:
            set_scope(user, ["BN"])
        else:
            intro = db.session.scalar(select(Course.id).filter_by(slug="introductory"))
            db.session.add(Certificate(
                code=new_code(), user_id=user.id, course_id=intro, full_name=full_name,
                locale="en", country="BN", sector=user.sector,
                organisation_type=user.organisation_type, course_version="fixed",
                issued_at=datetime(2025, 3, 1, tzinfo=UTC),
            ))  # fmt: skip
        db.session.commit()


def create_session(page, base: str) -> str:
    """The trainer's "New session" form: two days from the day after tomorrow, Brunei time."""
    today = datetime.now(ZoneInfo("Asia/Brunei")).date()
    first, second, deadline = (today + timedelta(days=n) for n in (2, 3, 1))
    page.goto(f"{base}/trainer/sessions/new")
    form = page.get_by_role("main")  # the footer has its own language menu
    form.get_by_label("Title").fill("Referral workshop, Bandar Seri Begawan")
    form.get_by_label("Course", exact=True).select_option(label="Fixture advanced practice")
    form.get_by_label("Country", exact=True).select_option("BN")
    form.get_by_label("Language", exact=True).select_option("en")
    form.get_by_label("Venue time zone").select_option("Asia/Brunei")
    form.get_by_label("Days").fill(f"{first} 09:00-17:00\n{second} 09:00-16:00")
    form.get_by_label("Enrolment deadline").fill(f"{deadline} 17:00")
    form.get_by_label("Seats").fill("10")
    form.get_by_label("Venue", exact=True).fill("Bandar Seri Begawan, Community hall")
    form.get_by_label("Facilitators").fill("facilitator@example.org")
    page.get_by_role("button", name="Create the session").click()
    assert page.get_by_text("The session is created.").is_visible()
    return page.url  # /trainer/sessions/<id>


def held_last_week(app) -> None:
    """Time passes: the session's days are a week ago (attendance waits for a day to begin)."""
    with app.app_context():
        for day in db.session.scalars(select(SessionDay)):
            day.starts_at -= timedelta(days=9)
            day.ends_at -= timedelta(days=9)
        db.session.commit()


def overflow(page) -> list[str]:
    """The elements wider than the viewport, if the page scrolls sideways (for the report)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        return [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > width)
            .map(e => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}`
                      + ` right=${Math.round(e.getBoundingClientRect().right)}`);
    }""")


def assert_fits_a_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], overflow(page)


def targets(page) -> list[dict]:
    """Each register line's touch target: its checkbox and the label that ticks it too."""
    found = []
    for box in page.locator("form.register input[type=checkbox]").all():
        label = page.locator(f"label[for='{box.get_attribute('id')}']").bounding_box()
        tick = box.bounding_box()
        left, top = min(tick["x"], label["x"]), min(tick["y"], label["y"])
        right = max(tick["x"] + tick["width"], label["x"] + label["width"])
        bottom = max(tick["y"] + tick["height"], label["y"] + label["height"])
        found.append({"x": left, "y": top, "width": right - left, "height": bottom - top})
    return found


def too_small(found: list[dict]) -> list[dict]:
    """WCAG 2.2, 2.5.8: a target under 24 by 24 px passes if a 24 px circle on its centre
    touches no other target (the spacing exception)."""
    radius = MIN_TARGET / 2

    def touches(target, other) -> bool:
        cx, cy = target["x"] + target["width"] / 2, target["y"] + target["height"] / 2
        nx = min(max(cx, other["x"]), other["x"] + other["width"])
        ny = min(max(cy, other["y"]), other["y"] + other["height"])
        return (cx - nx) ** 2 + (cy - ny) ** 2 < radius**2

    return [t for t in found if min(t["width"], t["height"]) < MIN_TARGET
            and any(touches(t, other) for other in found if other is not t)]  # fmt: skip


def mark_present(page, day: int) -> None:
    """On a phone: the day's register, the learner ticked by tapping her name, then saved."""
    page.get_by_role("link", name=f"Attendance, day {day}").click()
    assert page.get_by_role("heading", name="Attendance").is_visible()
    assert_fits_a_phone(page)
    assert len(targets(page)) == 2 and too_small(targets(page)) == [], targets(page)
    page.get_by_text(LEARNER).tap()  # the label is part of the target
    assert page.get_by_label(LEARNER).is_checked()
    page.get_by_role("button", name="Save attendance").tap()
    expect(page.get_by_text("Attendance saved.")).to_be_visible()  # tap does not wait for the page
    assert page.get_by_label(LEARNER).is_checked()  # kept after the save
    assert not page.get_by_label(WALK_IN).is_checked()
    assert_fits_a_phone(page)


def add_walk_in(page) -> None:
    """Someone without an account on the register, so the phone's list has two lines."""
    form = page.locator("form").filter(has=page.get_by_role("button", name="Add to the register"))
    form.get_by_label("Full name").fill(WALK_IN)
    form.get_by_label("Organisation", exact=True).fill("Royal Brunei Police Force")
    form.get_by_label("Country where they work").select_option("BN")
    form.get_by_label("Sector").select_option("law_enforcement")
    form.get_by_label("Type of organisation").select_option("government")
    form.get_by_role("button", name="Add to the register").click()
    assert page.get_by_text(f"{WALK_IN} is on the register.").is_visible()


def test_a_session_is_created_enrolled_kept_on_a_phone_and_certified(
    live_app, live_server, browser, page
):
    add_bruneian(live_app, "trainer@example.org", "Awang Trainer", Role.TRAINER)
    add_bruneian(live_app, "facilitator@example.org", "Dayang Facilitator", Role.TRAINER)
    add_bruneian(live_app, "siti@example.org", LEARNER)

    # 1. A trainer of Brunei creates the session and names the facilitator.
    sign_in(page, live_server, "trainer@example.org")
    session_url = create_session(page, live_server)
    assert page.get_by_text("Dayang Facilitator").is_visible()
    assert page.get_by_text("Completing the session takes 2 days of attendance.").is_visible()
    add_walk_in(page)
    sign_out(page)

    # 2. A certified learner of Brunei finds it through the main navigation and enrols.
    learner = browser.new_context(java_script_enabled=False).new_page()
    sign_in(learner, live_server, "siti@example.org")
    menu = learner.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name="Training sessions").click()
    learner.get_by_role("link", name="Referral workshop, Bandar Seri Begawan").click()
    learner.get_by_role("button", name="Enrol").click()
    assert learner.get_by_text("You are enrolled.").first.is_visible()

    # 3. The workshop takes place (its days move to last week), and the facilitator keeps the
    # register on a 360-pixel phone, day 1 then day 2.
    held_last_week(live_app)
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                java_script_enabled=True, bypass_csp=True)  # fmt: skip
    facilitator = phone.new_page()
    sign_in(facilitator, live_server, "facilitator@example.org")
    facilitator.goto(session_url)
    assert_fits_a_phone(facilitator)
    mark_present(facilitator, 1)
    assert not facilitator.get_by_text("Certificates issued").count()
    facilitator.get_by_role("link", name="Back to the session").click()
    mark_present(facilitator, 2)
    assert facilitator.get_by_text("Certificates issued: 1.").is_visible()

    # 4. The learner has the advanced certificate; the report shows her as having completed.
    learner.goto(f"{live_server}/learn/advanced/certificate")
    assert learner.get_by_role("heading", name="Certificate of completion").is_visible()
    assert learner.locator(".certificate .name").inner_text() == LEARNER
    assert learner.locator(".certificate .course").inner_text() == "Fixture advanced practice"
    facilitator.goto(f"{session_url}/report")
    row = facilitator.locator("#participants tbody tr").filter(has_text=LEARNER)
    assert row.get_by_role("rowheader").inner_text() == LEARNER
    assert row.locator("td").nth(1).inner_text() == "2"  # days attended
    assert row.locator("td").nth(2).inner_text() == "Yes"  # completed
    assert_fits_a_phone(facilitator)  # wide tables scroll in their own region
    learner.context.close()
    phone.close()
