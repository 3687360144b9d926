"""A trainer's work survives a content import, seen in a real browser."""

from lms.extensions import db
from lms.models import Role, User, UserCountry
from tests.conftest import PASSWORD

TRAINER_WORDS = "ข้อความที่ผู้ฝึกอบรมแก้ไขในเบราว์เซอร์"
THAI_TITLE = "บทเรียนแรก (ประเทศไทย)"  # the module page lists lessons by title


def add_user(app, email: str, role=Role.LEARNER, **profile) -> None:
    with app.app_context():
        user = User(email=email, full_name=profile.pop("full_name", email), country="TH",
                    locale=profile.pop("locale", "en"), sector="social_work",
                    organisation_type="government", role=role)  # fmt: skip
        user.set_password(PASSWORD)
        if role == Role.TRAINER:
            user.scopes = [UserCountry(country="TH")]
        db.session.add(user)
        db.session.commit()


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def open_thai_first_lesson(page) -> None:
    """Translations, then the Basics module's Thai (Thailand) cell, then its first lesson."""
    page.get_by_role("link", name="Translations").click()
    page.get_by_role("row", name="1. Basics").get_by_role("link").first.click()
    page.get_by_role("link", name=THAI_TITLE, exact=True).click()


def translate(page, old: str, new: str) -> None:
    """Edit the Thai text of the lesson's first section, beside its English source."""
    section = page.get_by_label("Section 1: เริ่มต้น")
    source = page.locator(".from-source").filter(has_text="## Start")
    assert source.is_visible() and source.get_attribute("lang") == "en"
    assert page.get_by_label("Title").input_value() == THAI_TITLE
    section.fill(section.input_value().replace(old, new))


def test_published_browser_work_survives_a_source_change_and_the_import_says_so(
    live_app, live_server, content_root, page
):
    add_user(live_app, "author@example.org", Role.TRAINER)
    add_user(live_app, "reviewer@example.org", Role.TRAINER, full_name="Somchai Reviewer")
    add_user(live_app, "reader@example.org", locale="th")

    # 1. A trainer edits the Thai variant; a second trainer approves and publishes it.
    sign_in(page, live_server, "author@example.org")
    open_thai_first_lesson(page)
    translate(page, "เนื้อหาฉบับประเทศไทย", TRAINER_WORDS)
    page.get_by_label("Estimated minutes").fill("7")
    page.get_by_role("button", name="Preview").click()
    assert page.locator("section.preview").get_by_text(TRAINER_WORDS).is_visible()
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit the saved draft for review").click()
    sign_out(page)
    sign_in(page, live_server, "reviewer@example.org")
    open_thai_first_lesson(page)
    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Send decision").click()
    assert page.get_by_text("Published.").is_visible()

    # 2. The English source changes and the content is imported again.
    source = content_root / "modules/introductory/01-basics/01-first.md"
    source.write_text(source.read_text().replace("## Start", "## Start\n\nA new source sentence."))
    result = live_app.test_cli_runner().invoke(args=["lms", "sync-content"])

    # 5. The import reported the conflict and left the Thai variant alone.
    assert result.exit_code == 3, result.output
    assert "01-first.th-TH.md: conflict: published in the browser on" in result.output
    assert "by Somchai Reviewer" in result.output
    assert "new version: modules/introductory/01-basics/01-first.md" in result.output

    # 4. The trainer sees the variant as outdated, with what changed in the source.
    page.get_by_role("link", name="Translations").click()
    page.get_by_role("row", name="1. Basics").get_by_role("link").first.click()
    item = page.get_by_role("listitem").filter(has=page.get_by_role("link", name=THAI_TITLE))
    assert item.get_by_text("outdated").is_visible()
    item.get_by_role("link", name=THAI_TITLE).click()
    assert page.get_by_text("+A new source sentence.").is_visible()
    sign_out(page)

    # 3. The Thai learner still reads the trainer's text.
    sign_in(page, live_server, "reader@example.org")
    page.goto(f"{live_server}/learn/introductory/basics/first")
    assert page.get_by_text(TRAINER_WORDS).is_visible()


def queue(page, base: str) -> dict[str, int]:
    """The work queue's counts on the trainer's page, as shown."""
    page.goto(f"{base}/trainer")
    return {kind: int(page.locator(f"#queue-{kind} .count").inner_text())
            for kind in ("waiting", "returned", "outdated")}  # fmt: skip


def test_a_second_trainer_reviews_through_the_diff_and_the_queue_follows_each_step(
    live_app, live_server, content_root, page
):
    add_user(live_app, "author@example.org", Role.TRAINER, full_name="Malee Author")
    add_user(live_app, "reviewer@example.org", Role.TRAINER, full_name="Somchai Reviewer")
    nothing = {"waiting": 0, "returned": 0, "outdated": 0}
    linked = f"{TRAINER_WORDS} [บทที่สอง](02-second.md)"

    # The author edits the Thai (Thailand) variant and sends it for review.
    sign_in(page, live_server, "author@example.org")
    assert queue(page, live_server) == nothing
    open_thai_first_lesson(page)
    translate(page, "เนื้อหาฉบับประเทศไทย", linked)
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit the saved draft for review").click()
    assert queue(page, live_server) == nothing  # nobody reviews their own work
    sign_out(page)

    # The reviewer finds it waiting, reads the diff, and returns it with a comment.
    sign_in(page, live_server, "reviewer@example.org")
    assert queue(page, live_server) == {**nothing, "waiting": 1}
    page.locator("#queue-waiting ~ ul").get_by_role("link", name=THAI_TITLE).click()
    assert page.get_by_role("heading", name="What changed since the published version").is_visible()
    assert page.get_by_text("-เนื้อหาฉบับประเทศไทย", exact=True).is_visible()
    assert page.get_by_text(f"+{linked}", exact=True).is_visible()
    page.get_by_label("Return with comments").check()
    page.get_by_label("Comments for the author").fill("Please name the 2008 Act.")
    page.get_by_role("button", name="Send decision").click()
    assert queue(page, live_server) == nothing
    sign_out(page)

    # The author sees it returned, with the comment, and sends it again.
    sign_in(page, live_server, "author@example.org")
    assert queue(page, live_server) == {**nothing, "returned": 1}
    page.locator("#queue-returned ~ ul").get_by_role("link", name=THAI_TITLE).click()
    assert page.locator("aside").get_by_text("Please name the 2008 Act.").is_visible()
    page.get_by_role("button", name="Submit the saved draft for review").click()
    assert queue(page, live_server) == nothing
    sign_out(page)

    # The reviewer follows a link in the preview to the learner's page, then approves.
    sign_in(page, live_server, "reviewer@example.org")
    assert queue(page, live_server) == {**nothing, "waiting": 1}
    page.locator("#queue-waiting ~ ul").get_by_role("link", name=THAI_TITLE).click()
    page.locator("article.preview").get_by_role("link", name="บทที่สอง").click()
    assert page.url == f"{live_server}/learn/introductory/basics/second"
    assert page.get_by_role("heading", name="Second lesson").is_visible()
    page.go_back()
    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Send decision").click()
    assert page.get_by_text("Published.").is_visible()
    assert queue(page, live_server) == nothing

    # The English source changes: the published variant is outdated for both of them.
    source = content_root / "modules/introductory/01-basics/01-first.md"
    source.write_text(source.read_text().replace("## Start", "## Start\n\nA new source sentence."))
    live_app.test_cli_runner().invoke(args=["lms", "sync-content"])
    assert queue(page, live_server) == {**nothing, "outdated": 1}
    sign_out(page)
    sign_in(page, live_server, "author@example.org")
    assert queue(page, live_server) == {**nothing, "outdated": 1}


def open_basics_quiz_translation(page) -> None:
    """Translations, the Basics module's Thai (Thailand) cell, then its quiz."""
    page.get_by_role("link", name="Translations").click()
    page.get_by_role("row", name="1. Basics").get_by_role("link").first.click()
    page.get_by_role("link", name="Translate the quiz").click()


def test_a_quiz_is_translated_side_by_side_reviewed_and_taken_in_thai(
    live_app, live_server, content_root, page, js_context
):
    """The English beside each field, a second trainer's approval, then a Thai learner meets
    the translated quiz; the form, with and without errors, has no serious accessibility fault."""
    from tests.browser.a11y import axe_violations

    add_user(live_app, "author@example.org", Role.TRAINER, full_name="Malee Author")
    add_user(live_app, "reviewer@example.org", Role.TRAINER, full_name="Somchai Reviewer")
    add_user(live_app, "reader@example.org", locale="th")

    sign_in(page, live_server, "author@example.org")
    open_basics_quiz_translation(page)
    assert page.get_by_text("Which option is right?").is_visible()  # the source, beside it
    page.get_by_role("button", name="Save draft").click()  # nothing typed yet: refused
    assert page.get_by_role("alert").get_by_text("Write the translation", exact=False).count()
    audit = js_context.new_page()
    sign_in(audit, live_server, "reviewer@example.org")
    audit.goto(page.url.replace("/save", ""))
    assert axe_violations(audit) == []
    audit.get_by_role("button", name="Save draft").click()  # the errors, as the author saw them
    assert axe_violations(audit) == []
    fields = page.locator("form.quiz-translation").locator("textarea, input[type=text]")
    for index in range(fields.count()):
        fields.nth(index).fill(f"ข้อความแปล {index}")
    page.get_by_role("button", name="Save draft").click()
    assert page.get_by_text("Draft saved.").is_visible()
    page.get_by_role("button", name="Submit the saved draft for review").click()
    sign_out(page)

    sign_in(page, live_server, "reviewer@example.org")
    open_basics_quiz_translation(page)
    assert page.get_by_label("Question · ไทย").first.input_value() == "ข้อความแปล 1"
    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Send decision").click()
    assert page.get_by_text("Published.").is_visible()
    sign_out(page)

    sign_in(page, live_server, "reader@example.org")
    page.goto(f"{live_server}/learn/introductory/quizzes/basics")
    assert page.get_by_role("heading", name="ข้อความแปล 0").is_visible()


def test_the_source_sits_beside_the_translation_on_a_wide_screen_and_above_it_on_a_phone(
    live_app, live_server, page
):
    add_user(live_app, "author@example.org", Role.TRAINER)
    sign_in(page, live_server, "author@example.org")
    open_thai_first_lesson(page)
    source = page.locator(".from-source").filter(has_text="## Start")
    section = page.get_by_label("Section 1: เริ่มต้น")
    for width, beside in ((1280, True), (360, False)):
        page.set_viewport_size({"width": width, "height": 900})
        left, right = source.bounding_box(), section.bounding_box()
        if beside:  # one row: the English on the left, the Thai on the right
            assert left["x"] + left["width"] <= right["x"] and abs(left["y"] - right["y"]) < 60
        else:  # stacked: the English first, then the box, each the width of the screen
            assert left["y"] + left["height"] <= right["y"] and right["width"] > width * 0.8
        assert page.evaluate("document.documentElement.scrollWidth") <= width
