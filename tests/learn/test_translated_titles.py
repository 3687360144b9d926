"""Course and module titles in the learner's language, from files beside course.yaml and
module.yaml, with the same fallback as lessons: national variant, translation, English."""

import shutil

import pytest

from lms.content.files import load_tree
from lms.store.importer import import_tree
from tests.conftest import SMALL_CONTENT

COURSE = "modules/introductory/course"
MODULE = "modules/introductory/01-basics/module"


@pytest.fixture
def titled(app, db, tmp_path):
    """The fixture curriculum with Thai titles, one of them also in a Thailand variant."""
    root = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, root)
    (root / f"{COURSE}.th.yaml").write_text(
        'title: "หลักสูตรทดสอบ"\nsummary: "หลักสูตรเล็ก ๆ สำหรับการทดสอบ"\n'
    )
    (root / f"{MODULE}.th.yaml").write_text('title: "พื้นฐาน"\n')
    (root / f"{MODULE}.th-TH.yaml").write_text('title: "พื้นฐาน (ประเทศไทย)"\n')
    tree = load_tree(root)
    assert tree.problems == []
    import_tree(db.session, tree)
    db.session.commit()


@pytest.mark.parametrize(
    ("locale", "country", "course", "module"),
    [
        ("th", "TH", "หลักสูตรทดสอบ", "1. พื้นฐาน (ประเทศไทย)"),
        ("th", "LA", "หลักสูตรทดสอบ", "1. พื้นฐาน"),
        ("km", "KH", "Fixture introduction", "1. Basics"),  # not translated: the English
    ],
)
def test_a_learner_reads_titles_in_their_language(
    client, make_user, login, titled, locale, country, course, module
):
    login(make_user(locale=locale, country=country))
    page = client.get("/learn/introductory").get_data(as_text=True)
    assert f"<h1>{course}</h1>" in page
    assert module in page
    index = client.get("/").get_data(as_text=True)
    assert course in index


def test_a_title_file_with_an_unknown_field_or_code_is_refused(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, root)
    (root / f"{COURSE}.th.yaml").write_text('title: "หลักสูตร"\nprice: 10\n')
    (root / f"{MODULE}.xx.yaml").write_text('title: "?"\n')
    (root / f"{MODULE}.id.yaml").write_text('summary: "tanpa judul"\n')
    problems = {(p.path, p.message) for p in load_tree(root).problems}
    assert problems == {
        (f"{COURSE}.th.yaml", "unknown field 'price'"),
        (f"{MODULE}.xx.yaml", "unsupported locale 'xx'"),
        (f"{MODULE}.id.yaml", "missing required field 'title'"),
    }
