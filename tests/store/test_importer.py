"""sync-content: idempotent import, one new version per edit, retirement, refusal of bad trees."""

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


def sync(app, root):
    return app.test_cli_runner().invoke(args=["lms", "sync-content", "--root", str(root)])


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
