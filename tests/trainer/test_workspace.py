"""The trainers' workspace: scope on every route, the review workflow, drift, history."""

import pytest
from flask import url_for
from sqlalchemy import func, select

from lms.content.files import load_tree
from lms.models import Lesson, LessonVersion, Role, VersionStatus
from lms.store.importer import import_tree
from tests.conftest import LESSONS_DONE, csrf_token, sign_in, translated
from tests.trainer.steps import (
    THAI_TEXT,
    decide,
    post,
    publish_in_browser,
    review_page,
    save,
    sign_out,
    start,
    submit,
    trainer,
    workspace,
)

FIRST_SOURCE = "modules/introductory/01-basics/01-first.md"


def all_routes(app, lesson, version_id):
    values = {
        "lesson_id": lesson.id,
        "code": "th-TH",
        "module_id": lesson.module_id,
        "version_id": version_id,
        "kind": "module",
        "owner_id": lesson.module_id,
    }
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("trainer."):
                url = url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    yield method, url


def test_learners_and_other_countries_are_refused_on_every_route(
    app, client, db, lesson, make_user, login
):
    routes = list(all_routes(app, lesson, version_id=1))
    assert len(routes) >= 10
    login(make_user())  # a learner
    token = csrf_token(client, "/dashboard")
    for method, url in routes:
        assert client.open(url, method=method, data={"csrf_token": token}).status_code == 403, url
    client.post("/logout", data={"csrf_token": token})
    login(trainer(make_user, "ID"))  # a trainer of another country
    token = csrf_token(client, "/trainer")
    own = ("/trainer", "/trainer/notifications")  # every trainer's own page and setting
    for method, url in routes:
        if url not in own:
            response = client.open(
                url, method=method, data={"csrf_token": token, "text": THAI_TEXT}
            )
            assert response.status_code == 403, url
    assert (
        db.session.scalar(
            select(LessonVersion).where(
                LessonVersion.locale == "th", LessonVersion.lesson_id == lesson.id
            )
        )
        is None
    )


def test_the_regional_source_cannot_be_edited_here(client, lesson, make_user, login):
    login(trainer(make_user, role=Role.ADMIN))  # a regional administrator
    assert client.get(workspace(lesson, "en")).status_code == 404
    assert client.get(workspace(lesson, "th")).status_code == 200  # a regional translation


def test_trainers_cannot_edit_regional_translations(client, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    assert client.get(workspace(lesson, "th")).status_code == 403


def test_start_edit_preview_submit_and_a_second_trainer_publishes(
    client, db, lesson, make_user, login
):
    author, reviewer = trainer(make_user, "TH"), trainer(make_user, "TH")
    login(author)
    start(client, lesson)
    page = client.get(workspace(lesson)).get_data(as_text=True)
    assert (
        "The second lesson" not in page and "Going on" in page
    )  # the English source, to translate
    preview = save(client, lesson, action="preview")
    assert "เนื้อหาภาษาไทย" in preview.get_data(
        as_text=True
    ) and "Preview (not saved)" in preview.get_data(as_text=True)
    assert save(client, lesson).status_code == 302
    versions = db.session.scalars(
        select(LessonVersion)
        .where(
            LessonVersion.locale == "th",
            LessonVersion.country == "TH",
            LessonVersion.lesson_id == lesson.id,
        )
        .order_by(LessonVersion.id)
    ).all()
    assert [v.status for v in versions] == [VersionStatus.RETIRED, VersionStatus.DRAFT]
    assert versions[-1].author_id == author.id
    assert 'href="../../introductory/care/third"' in versions[-1].html
    submit(client, lesson)
    own = (csrf_token(client, workspace(lesson)), str(versions[-1].id))
    assert decide(client, lesson, seen=own).status_code == 403  # nobody reviews their own work
    sign_out(client)
    login(reviewer)
    decide(client, lesson, comment="Good")
    assert (
        versions[-1].status == VersionStatus.PUBLISHED
        and versions[-1].reviewed_by_id == reviewer.id
    )


def test_a_returned_draft_carries_the_comments(client, db, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    start(client, lesson)
    save(client, lesson)
    submit(client, lesson)
    sign_out(client)
    login(trainer(make_user, "TH", role=Role.ADMIN))
    decide(client, lesson, decision="return", comment="Use the 2008 Act's name")
    page = client.get(workspace(lesson)).get_data(as_text=True)
    assert "Use the 2008 Act&#39;s name" in page
    draft = db.session.scalar(
        select(LessonVersion).where(LessonVersion.status == VersionStatus.DRAFT)
    )
    assert draft.review_comment == "Use the 2008 Act's name"


def test_a_text_with_problems_is_kept_and_nothing_is_saved(client, db, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    start(client, lesson)
    before = db.session.scalar(select(LessonVersion.id).order_by(LessonVersion.id.desc()))
    bad = THAI_TEXT.replace("../02-care/01-third.md", "99-gone.md")
    response = save(client, lesson, text=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Section 1, line 3: broken link to" in page  # where it is in the fields
    assert "99-gone.md" in page  # the text is still in the editor
    untitled = save(client, lesson, text=THAI_TEXT.replace("title: บทเรียนที่สอง\n", ""))
    assert untitled.status_code == 422
    assert '<p class="error" id="title-error">This field is required.</p>' in untitled.get_data(
        as_text=True
    )
    assert db.session.scalar(select(LessonVersion.id).order_by(LessonVersion.id.desc())) == before


def test_script_in_an_edit_is_sanitised_like_published_content(
    client, db, lesson, make_user, login
):
    login(trainer(make_user, "TH"))
    start(client, lesson)
    response = save(
        client, lesson, text=THAI_TEXT + "\n<script>alert(1)</script>\n", action="preview"
    )
    assert "<script>alert(1)" not in response.get_data(as_text=True)


def test_drift_after_a_source_edit_shows_the_changes_and_can_be_marked_current(
    app, client, db, tree, lesson, make_user, login
):
    publish_in_browser(client, lesson, make_user, login)
    source = tree / "modules/introductory/01-basics/02-second.md"
    source.write_text(
        source.read_text().replace("## Going on", "## Going on\n\nA NEW PARAGRAPH IN THE SOURCE.")
    )
    import_tree(db.session, load_tree(tree))
    db.session.commit()
    page = client.get(workspace(lesson)).get_data(as_text=True)
    assert "The regional source has changed" in page
    assert '<span class="added">+A NEW PARAGRAPH IN THE SOURCE.</span>' in page
    assert "status outdated" in client.get(f"/trainer/modules/{lesson.module_id}/th-TH").get_data(
        as_text=True
    )
    post(client, f"{workspace(lesson)}/mark-current", workspace(lesson))
    assert "The regional source has changed" not in client.get(workspace(lesson)).get_data(
        as_text=True
    )


def test_history_view_and_restore(client, db, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    start(client, lesson)
    save(client, lesson)
    save(client, lesson, text=THAI_TEXT.replace("เนื้อหาภาษาไทย", "ฉบับที่สาม"))
    first = db.session.scalars(
        select(LessonVersion)
        .where(LessonVersion.lesson_id == lesson.id, LessonVersion.country == "TH")
        .order_by(LessonVersion.id)
    ).all()[1]
    assert "เนื้อหาภาษาไทย" in client.get(f"{workspace(lesson)}/versions/{first.id}").get_data(
        as_text=True
    )
    post(client, f"{workspace(lesson)}/versions/{first.id}/restore", workspace(lesson))
    newest = db.session.scalars(
        select(LessonVersion)
        .where(LessonVersion.lesson_id == lesson.id, LessonVersion.country == "TH")
        .order_by(LessonVersion.id.desc())
    ).first()
    assert newest.status == VersionStatus.DRAFT and "เนื้อหาภาษาไทย" in newest.markdown


def test_the_matrix_shows_status_per_module_and_variant(client, db, lesson, make_user, login):
    publish_in_browser(client, lesson, make_user, login)
    page = client.get("/trainer").get_data(as_text=True)
    table = page.split('<table class="matrix">')[1].split("</table>")[0]
    assert "ไทย" in table and "Bahasa Indonesia" not in table  # only the trainer's country
    assert "<small>2/2</small>" in table  # with the file-made first lesson, Basics is complete
    assert "<small>0/1</small>" in table  # nothing yet for Care


def test_a_learner_in_thailand_reads_the_published_variant(client, db, lesson, make_user, login):
    publish_in_browser(client, lesson, make_user, login)
    sign_out(client)
    login(make_user(locale="th", country="TH"))
    assert "เนื้อหาภาษาไทย" in client.get("/learn/introductory/basics/second").get_data(as_text=True)


def test_a_national_lesson_added_in_the_browser_counts_once_published(
    app, client, db, lesson, make_user, login
):
    login(trainer(make_user, "TH"))
    module_page = f"/trainer/modules/{lesson.module_id}/th-TH"
    response = post(
        client, f"{module_page}/national", module_page, slug="thai-hotlines", title="สายด่วน 1300"
    )
    assert response.status_code == 302
    national = db.session.scalar(select(Lesson).where(Lesson.slug == "thai-hotlines"))
    assert national.country == "TH"
    learner = make_user(country="TH", locale="th")
    sign_out(client)
    login(learner)
    page = client.get("/learn/introductory").get_data(as_text=True)
    assert translated(app, "th", LESSONS_DONE, num=3, done=0) in page  # a draft does not count


def test_export_variants_writes_files_that_import_idempotently(
    app, client, db, tree, lesson, make_user, login
):
    publish_in_browser(client, lesson, make_user, login)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["lms", "export-variants", "--root", str(tree)])
    assert "wrote modules/introductory/01-basics/02-second.th-TH.md" in result.output
    written = (tree / "modules/introductory/01-basics/02-second.th-TH.md").read_text()
    assert "เนื้อหาภาษาไทย" in written and "source_hash:" in written
    before = db.session.scalar(select(func.count(LessonVersion.id)))
    result = runner.invoke(args=["lms", "sync-content", "--root", str(tree)])
    assert result.exit_code == 0, result.output
    assert " 0 new, 0 retired" in " " + result.output.splitlines()[-1]
    assert db.session.scalar(select(func.count(LessonVersion.id))) == before


def test_a_variant_can_start_from_an_existing_translation(client, db, tree, make_user, login):
    first = db.session.scalar(select(Lesson).where(Lesson.slug == "first"))
    login(trainer(make_user, "LA"))
    page = client.get(workspace(first, "th-LA")).get_data(as_text=True)
    assert 'value="th"' in page  # the regional Thai translation is offered
    start(client, first, source="th", code="th-LA")
    draft = db.session.scalar(select(LessonVersion).where(LessonVersion.country == "LA"))
    assert draft.status == VersionStatus.DRAFT and "เนื้อหาภาษาไทยระดับภูมิภาค" in draft.markdown


def test_a_decision_applies_only_to_the_version_the_reviewer_read(app, db, lesson, make_user):
    author, reviewer = app.test_client(), app.test_client()
    sign_in(author, trainer(make_user, "TH"))
    start(author, lesson)
    save(author, lesson)
    submit(author, lesson)
    sign_in(reviewer, trainer(make_user, "TH"))
    seen = review_page(reviewer, lesson)
    save(author, lesson, text=THAI_TEXT.replace("เนื้อหาภาษาไทย", "ข้อความที่ไม่ได้ตรวจ"))
    submit(author, lesson)
    refused = decide(reviewer, lesson, seen=seen)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "A newer draft was saved after you opened this page" in page
    assert '<span class="added">+ดู [บทเรียนการดูแล](../02-care/01-third.md) ข้อความที่ไม่ได้ตรวจ' in page
    assert published_thai(db, lesson) is None
    assert decide(reviewer, lesson).status_code == 302  # read again, then decided
    assert "ข้อความที่ไม่ได้ตรวจ" in published_thai(db, lesson).markdown


def published_thai(db, lesson):
    return db.session.scalar(
        select(LessonVersion).filter_by(
            lesson_id=lesson.id, country="TH", status=VersionStatus.PUBLISHED
        )
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("".join("  " * i + "- x\n" for i in range(100)), "Section 1, line 18: too deeply nested"),
        ("[" * 20_000 + "\n", "Section 1, line 5: too many '[' in one paragraph"),
    ],
)
def test_the_editor_refuses_texts_built_to_stall_it(client, db, lesson, make_user, login, body,
                                                    message):  # fmt: skip
    import time

    login(trainer(make_user, "TH"))
    start(client, lesson)
    text = "---\ntitle: ช้า\n---\n\n## ส่วน\n\nข้อความ\n\n" + body
    started = time.perf_counter()
    response = save(client, lesson, text=text, action="preview")
    assert response.status_code == 422 and time.perf_counter() - started < 5
    assert message in response.get_data(as_text=True)


def test_check_content_reports_a_stalling_file_with_its_line(app, tree):
    lesson = tree / "modules/introductory/01-basics/02-second.md"
    lesson.write_text(lesson.read_text() + "\n" + ">" * 50 + " deep\n")
    result = app.test_cli_runner().invoke(args=["lms", "check-content", "--root", str(tree)])
    assert result.exit_code == 1
    assert "modules/introductory/01-basics/02-second.md:" in result.output
    assert "too deeply nested" in result.output
