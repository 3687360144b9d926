"""The fixture curriculum, imported, for the trainers' workspace tests."""

import shutil

import pytest
from sqlalchemy import select

from lms.content.files import load_tree
from lms.models import Lesson
from lms.store.importer import import_tree
from tests.conftest import SMALL_CONTENT


@pytest.fixture
def tree(app, db, tmp_path):
    """The fixture curriculum, imported from a copy the test may edit."""
    root = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, root)
    import_tree(db.session, load_tree(root))
    db.session.commit()
    return root


@pytest.fixture
def lesson(db, tree):
    """The second lesson of Basics: no Thai version yet, and a link to another lesson."""
    return db.session.scalar(select(Lesson).where(Lesson.slug == "second"))
