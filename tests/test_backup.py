"""Backups restore into an empty database with every learner, attempt and certificate; a
server killed mid-write loses nothing it acknowledged."""

import secrets

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from lms import create_app
from lms.config import TestConfig
from lms.extensions import db as _db
from lms.models import Certificate, LessonCompletion, QuizAttempt, User
from tests.certificates.test_certificates import finish_intro
from tests.conftest import OperatorCliRunner

COUNTED = (User, LessonCompletion, QuizAttempt, Certificate)


def counts(session) -> dict[str, int]:
    return {model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in COUNTED}  # fmt: skip


def empty_database(url: str, tmp_path) -> str:
    """A new, empty database beside the test's own."""
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    name = f"restored_{secrets.token_hex(4)}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def test_a_backup_restores_every_learner_attempt_and_certificate(
    app, client, db, content, make_user, login, tmp_path, database_url
):
    login(make_user())
    finish_intro(client, db)
    make_user(country="VN")
    before = counts(db.session)
    assert before["Certificate"] == 1 and before["QuizAttempt"] >= 2
    backup = tmp_path / "lms.backup"
    result = app.test_cli_runner().invoke(args=["lms", "backup", str(backup)])
    assert result.exit_code == 0, result.output

    target = empty_database(database_url, tmp_path)
    restored = create_app(type("Restored", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": target}))
    restored.test_cli_runner_class = OperatorCliRunner
    result = restored.test_cli_runner().invoke(args=["lms", "restore", str(backup)])
    assert result.exit_code == 0, result.output
    with restored.app_context():
        assert counts(_db.session) == before
        again = restored.test_cli_runner().invoke(args=["lms", "restore", str(backup)])
        assert again.exit_code != 0 and "not empty" in again.output  # never over data
        _db.engine.dispose()
