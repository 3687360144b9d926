"""Fixtures: an app per test on a fresh SQLite file or the throwaway PostgreSQL cluster."""

import contextvars
import os
import re
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text

from lms import create_app
from lms.config import ROOT, TestConfig
from lms.content.files import load_tree
from lms.extensions import db as _db
from lms.models import Role, User
from lms.store.importer import import_tree
from tests import postgres

FIXTURES = Path(__file__).parent / "fixtures"
SMALL_CONTENT = FIXTURES / "content"
PASSWORD = "a long enough passphrase"


@pytest.fixture(scope="session")
def postgres_url():
    bindir = postgres.find_bindir()
    if bindir is None:
        missing("PostgreSQL binaries not installed (apt-get install postgresql)")
    with postgres.cluster(bindir) as url:
        yield url


def missing(component: str) -> None:
    """A component the tests need is absent: an error in CI (CI is set), else a visible skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{component}: CI must install it (see .ci/run)", pytrace=False)
    pytest.skip(component)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def app(database_url):
    config = type(
        "Config",
        (TestConfig,),
        {"SQLALCHEMY_DATABASE_URI": database_url, "CONTENT_ROOT": SMALL_CONTENT},
    )
    app = create_app(config)
    app.test_client_class = BrowserClient
    app.test_cli_runner_class = OperatorCliRunner
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        if database_url.startswith("postgresql"):
            tables = ", ".join(t.name for t in _db.metadata.sorted_tables)
            with _db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        _db.engine.dispose()


class BrowserClient(FlaskClient):
    """Requests as a browser makes them: each in its own app context, `g` and database session,
    as in production, never in the test's. The test's own transaction ends around every
    request, so the test reads what the request committed, and only that."""

    def open(self, *args, **kwargs):
        _end_test_transaction()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        _end_test_transaction()
        return response


class OperatorCliRunner(FlaskCliRunner):
    """`flask ...` as an operator runs it: its own app context and session, not the test's."""

    def invoke(self, *args, **kwargs):
        _end_test_transaction()
        result = contextvars.Context().run(super().invoke, *args, **kwargs)
        _end_test_transaction()
        return result


def _end_test_transaction() -> None:
    if not has_app_context():  # a request from another thread: the test's session is not here
        return
    session = _db.session
    if session.new or session.dirty or session.deleted:
        raise AssertionError("Commit the test's own changes first: a request cannot see them.")
    session.rollback()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def content(app, db):
    """The small fixture curriculum, imported."""
    import_tree(db.session, load_tree(SMALL_CONTENT))
    db.session.commit()


@pytest.fixture
def real_content(app, db):
    """The real curriculum from modules/, imported."""
    app.config["CONTENT_ROOT"] = ROOT
    import_tree(db.session, load_tree(ROOT))
    db.session.commit()


@pytest.fixture
def make_user(db):
    """Factory: a saved user with sensible defaults; keyword arguments override."""
    counter = iter(range(1, 10_000))

    def make(**overrides) -> User:
        n = next(counter)
        user = User(
            email=overrides.pop("email", f"learner{n}@example.org"),
            full_name=overrides.pop("full_name", f"Learner {n}"),
            country=overrides.pop("country", "TH"),
            locale=overrides.pop("locale", "en"),
            sector=overrides.pop("sector", "social_work"),
            organisation_type=overrides.pop("organisation_type", "government"),
            role=overrides.pop("role", Role.LEARNER),
            **overrides,
        )
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user

    return make


def csrf_token(client, url: str = "/login") -> str:
    """The CSRF token from a page's form, as a browser would submit it."""
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


PER_REQUEST = (
    re.compile(r"<input[^>]*\bname=\"csrf_token\"[^>]*>"),  # the token, in any attribute order
    re.compile(r"\bnonce=\"[^\"]*\""),
)


def same_for_every_request(page: str) -> str:
    """A page without the values that differ on every request, so two loads can be compared."""
    for pattern in PER_REQUEST:
        page = pattern.sub("", page)
    return page


@pytest.fixture
def login(client):
    """Sign a user in through the real form."""
    return lambda user, password=PASSWORD: sign_in(client, user, password)


def sign_in(client, user: User, password: str = PASSWORD):
    token = csrf_token(client, "/login")
    data = {"email": user.email, "password": password, "csrf_token": token}
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def correct_form(attempt) -> dict[str, list[str]]:
    """The form a learner who knows every answer would submit for this attempt."""
    from lms.content.questions import kind

    form: dict[str, list[str]] = {}
    for q in attempt.questions:
        form.update(kind(q).form(q, attempt.layout[q["id"]], kind(q).correct(q)))
    return form


def start_quiz(client, db, course: str, quiz: str):
    """Start an attempt through the real form; return the attempt from the database."""
    from lms.models import QuizAttempt

    token = csrf_token(client, f"/learn/{course}/quizzes/{quiz}")
    response = client.post(f"/learn/{course}/quizzes/{quiz}/start", data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    db.session.expire_all()
    return db.session.get(QuizAttempt, attempt_id)


def pass_quiz(client, db, course: str, quiz: str):
    attempt = start_quiz(client, db, course, quiz)
    url = f"/learn/{course}/quizzes/{quiz}/attempts/{attempt.id}"
    token = csrf_token(client, url)
    response = client.post(url, data={**correct_form(attempt), "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def translated(app, locale: str, message: str | tuple[str, str], **variables) -> str:
    """A message as the interface shows it in `locale`, HTML-escaped as in templates. A
    (singular, plural) pair is a plural message: pass its count as `num`."""
    from flask_babel import force_locale, gettext, ngettext
    from markupsafe import escape

    from lms.i18n import babel_locale

    with app.test_request_context(), force_locale(babel_locale(locale)):
        if isinstance(message, tuple):
            return str(escape(ngettext(*message, **variables)))
        return str(escape(gettext(message, **variables)))


LESSONS_DONE = ("%(done)d of %(num)d lesson complete", "%(done)d of %(num)d lessons complete")
