"""sync-content: idempotent import, one new version per edit, retirement, refusal of bad trees."""

import re
import shutil

import pytest
from sqlalchemy import func, select

from lms.content.files import load_tree
from lms.content.resolve import pick
from lms.models import Lesson, LessonVersion, VersionStatus
from lms.store.importer import import_tree
from tests.conftest import SMALL_CONTENT

FIRST = "modules/introductory/01-basics/01-first.md"


@pytest.fixture
def tree_dir(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, target)
    return target


def sync(app, root, *options):
    runner = app.test_cli_runner()
    return runner.invoke(args=["lms", "sync-content", "--root", str(root), *options])


def count_versions(db, **filters):
    query = select(func.count(LessonVersion.id)).filter_by(**filters)
    return db.session.scalar(query)


def test_first_import_creates_a_published_version_per_file(app, db, tree_dir):
    result = sync(app, tree_dir)
    assert result.exit_code == 0, result.output
    assert count_versions(db) == 8
    assert count_versions(db, status=VersionStatus.PUBLISHED) == 8


def test_resync_of_unchanged_files_creates_nothing(app, db, tree_dir):
    sync(app, tree_dir)
    result = sync(app, tree_dir)
    assert "0 new, 0 retired, 12 unchanged" in result.output  # 8 lesson and 4 quiz files
    assert count_versions(db) == 8


def test_editing_one_lesson_creates_exactly_one_version(app, db, tree_dir):
    sync(app, tree_dir)
    path = tree_dir / FIRST
    path.write_text(path.read_text().replace("The first lesson body.", "An edited body."))
    result = sync(app, tree_dir)
    assert "1 new, 0 retired" in result.output
    assert count_versions(db) == 9
    versions = db.session.scalars(
        select(LessonVersion).where(LessonVersion.source_path == FIRST).order_by(LessonVersion.id)
    ).all()
    assert [v.status for v in versions] == [VersionStatus.RETIRED, VersionStatus.PUBLISHED]
    assert "An edited body." in versions[-1].html


def test_a_removed_lesson_is_retired_not_deleted(app, db, tree_dir):
    sync(app, tree_dir)
    (tree_dir / "modules/advanced/01-practice/02-referral.md").unlink()
    result = sync(app, tree_dir)
    assert result.exit_code == 0, result.output
    assert "1 retired" in result.output
    referral = db.session.scalar(select(Lesson).where(Lesson.slug == "referral"))
    assert referral is not None and referral.retired_at is not None
    assert [v.status for v in referral.versions] == [VersionStatus.RETIRED]


def test_invalid_content_is_refused_and_the_last_good_version_still_serves(app, db, tree_dir):
    sync(app, tree_dir)
    path = tree_dir / FIRST
    path.write_text("no front matter any more\n")
    result = sync(app, tree_dir)
    assert result.exit_code == 1
    assert f"{FIRST}:1: missing front matter" in result.output
    assert "Nothing imported" in result.output
    served = db.session.scalar(
        select(LessonVersion).where(
            LessonVersion.source_path == FIRST, LessonVersion.status == VersionStatus.PUBLISHED
        )
    )
    assert "The first lesson body." in served.html


def test_import_renders_sanitised_html_with_lesson_links(app, db, tree_dir):
    sync(app, tree_dir)
    html = db.session.scalar(select(LessonVersion.html).where(LessonVersion.source_path == FIRST))
    assert "<script" not in html
    assert 'href="../../introductory/basics/second"' in html


def test_variants_record_their_source_hash(app, db, tree_dir):
    sync(app, tree_dir)
    source, thai = (
        db.session.scalar(select(LessonVersion).filter_by(source_path=path))
        for path in (FIRST, FIRST.replace(".md", ".th.md"))
    )
    assert source.source_hash is None
    assert thai.source_hash == source.content_hash


def test_sync_tree_refuses_a_tree_with_problems(db):
    from tests.conftest import FIXTURES

    with pytest.raises(ValueError, match="refusing"):
        import_tree(db.session, load_tree(FIXTURES / "broken"))


@pytest.mark.parametrize(
    ("locale", "country", "expected"),
    [
        ("th", "TH", ("th", "TH")),
        ("th", "LA", ("th", None)),
        ("km", "KH", ("en", None)),
        ("en", "TH", ("en", None)),
    ],
)
def test_resolution_prefers_national_then_regional_translation_then_english(
    locale, country, expected
):
    class V:
        def __init__(self, locale, country):
            self.locale, self.country = locale, country

    versions = [V("en", None), V("th", None), V("th", "TH")]
    chosen = pick(versions, locale, country)
    assert (chosen.locale, chosen.country) == expected


# Work done in the browser is never replaced or retired by an import -------------------------

THAI_FILE = "modules/introductory/01-basics/01-first.th-TH.md"
TRAINER_TEXT = """---
title: บทเรียนแรก (ฉบับของผู้ฝึกอบรม)
---

## เริ่มต้น

ข้อความที่ผู้ฝึกอบรมเขียนในเบราว์เซอร์
"""


@pytest.fixture
def browser_thai(app, client, db, tree_dir, make_user, login):
    """A Thailand trainer's text for the first lesson, published in the browser over the
    imported Thai file."""
    from tests.trainer.steps import publish_in_browser, sign_out

    sync(app, tree_dir)
    first = db.session.scalar(select(Lesson).where(Lesson.slug == "first"))
    publish_in_browser(client, first, make_user, login, text=TRAINER_TEXT)
    sign_out(client)
    return first


def thai_reader_sees(client, make_user, login) -> str:
    login(make_user(country="TH", locale="th"))
    return client.get("/learn/introductory/basics/first").get_data(as_text=True)


def edit(path, old, new):
    path.write_text(path.read_text().replace(old, new))


@pytest.mark.parametrize("file_edited_too", [False, True])
def test_a_file_that_disagrees_with_browser_work_is_a_conflict_and_the_rest_imports(
    app, client, db, tree_dir, browser_thai, make_user, login, file_edited_too
):
    edit(tree_dir / FIRST, "The first lesson body.", "An unrelated new sentence.")
    if file_edited_too:
        edit(tree_dir / THAI_FILE, "เนื้อหาฉบับประเทศไทย", "แก้ไขในไฟล์")
    result = sync(app, tree_dir)
    assert result.exit_code == 3
    assert re.search(
        rf"{THAI_FILE}: conflict: published in the browser on \d{{4}}-\d\d-\d\d \d\d:\d\d UTC "
        r"by Somchai Reviewer\. Left as it is\.",
        result.output,
    ), result.output
    assert f"new version: {THAI_FILE}" not in result.output
    assert f"flask lms sync-content --use-file {THAI_FILE}" in result.output
    assert "export-variants" in result.output
    assert "1 new, 0 retired, 10 unchanged, 1 conflict(s)." in result.output
    page = thai_reader_sees(client, make_user, login)
    assert "ข้อความที่ผู้ฝึกอบรมเขียนในเบราว์เซอร์" in page and "แก้ไขในไฟล์" not in page
    english = db.session.scalar(
        select(LessonVersion).filter_by(source_path=FIRST, status=VersionStatus.PUBLISHED)
    )
    assert "An unrelated new sentence." in english.html


def test_choosing_the_file_replaces_browser_work_which_stays_in_the_history(
    app, client, db, tree_dir, browser_thai, make_user, login
):
    edit(tree_dir / THAI_FILE, "เนื้อหาฉบับประเทศไทย", "แก้ไขในไฟล์")
    result = sync(app, tree_dir, "--use-file", THAI_FILE)
    assert result.exit_code == 0, result.output
    assert f"new version: {THAI_FILE}" in result.output
    assert "แก้ไขในไฟล์" in thai_reader_sees(client, make_user, login)
    statuses = db.session.scalars(
        select(LessonVersion.status)
        .where(LessonVersion.lesson_id == browser_thai.id, LessonVersion.country == "TH")
        .order_by(LessonVersion.id)
    ).all()
    assert statuses == [VersionStatus.RETIRED, VersionStatus.RETIRED, VersionStatus.PUBLISHED]


def test_exported_browser_work_is_in_the_files_so_later_file_edits_import(
    app, client, db, tree_dir, browser_thai
):
    exported = app.test_cli_runner().invoke(
        args=["lms", "export-variants", "--root", str(tree_dir)]
    )
    assert f"wrote {THAI_FILE}" in exported.output
    assert "0 new, 0 retired, 12 unchanged, 0 conflict(s)." in sync(app, tree_dir).output
    edit(tree_dir / THAI_FILE, "ข้อความที่ผู้ฝึกอบรมเขียนในเบราว์เซอร์", "แก้ไขหลังส่งออก")
    result = sync(app, tree_dir)
    assert result.exit_code == 0, result.output
    assert "1 new, 0 retired, 11 unchanged, 0 conflict(s)." in result.output


def test_lessons_made_in_the_browser_are_never_retired(app, client, db, tree_dir, make_user, login):
    from tests.trainer.steps import decide, post, save, sign_out, submit, trainer

    sync(app, tree_dir)
    first = db.session.scalar(select(Lesson).where(Lesson.slug == "first"))
    login(trainer(make_user, "TH"))
    module_page = f"/trainer/modules/{first.module_id}/th-TH"
    post(client, f"{module_page}/national", module_page, slug="thai-hotlines", title="สายด่วน")
    national = db.session.scalar(select(Lesson).where(Lesson.slug == "thai-hotlines"))
    saved = save(
        client, national, text="---\ntitle: สายด่วน 1300\nnational: true\n---\n\nโทร 1300\n"
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    submit(client, national)
    sign_out(client)
    login(trainer(make_user, "TH"))
    decide(client, national)
    sign_out(client)
    result = sync(app, tree_dir)
    assert result.exit_code == 0, result.output
    assert "0 new, 0 retired, 12 unchanged, 0 conflict(s)." in result.output
    login(make_user(country="TH", locale="th"))
    assert client.get("/learn/introductory/basics/thai-hotlines").status_code == 200


def test_a_removed_file_whose_lesson_has_browser_work_keeps_the_lesson(
    app, client, db, tree_dir, browser_thai, make_user, login
):
    for path in (tree_dir / "modules/introductory/01-basics").glob("01-first*.md"):
        path.unlink()
    result = sync(app, tree_dir)
    assert result.exit_code == 3, result.output
    assert f"{FIRST}: removed from the files, but a text of it was published in the browser" in (
        result.output
    )
    assert "0 retired" in result.output
    assert "ข้อความที่ผู้ฝึกอบรมเขียนในเบราว์เซอร์" in thai_reader_sees(client, make_user, login)


def test_a_quiz_translation_cannot_change_the_rules(app, db, tree_dir):
    sync(app, tree_dir)
    source = (tree_dir / "quizzes/introductory/01-basics.yaml").read_text()
    thai = tree_dir / "quizzes/introductory/01-basics.th.yaml"
    thai.write_text(source.replace("pass_mark: 70", "pass_mark: 5"))
    result = sync(app, tree_dir)
    assert result.exit_code == 1
    assert (
        "quizzes/introductory/01-basics.th.yaml:2: 'pass_mark' is 5 here but 70 in the source"
        in result.output
    )
    assert "Nothing imported" in result.output
