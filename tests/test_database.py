"""The unit of work: one commit point per request, real rollbacks, writers that wait, races."""

import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, select

from lms import create_app
from lms.config import TestConfig
from lms.extensions import csrf
from lms.extensions import db as _db
from lms.learn.services import complete_lesson
from lms.models import Lesson, LessonCompletion, QuizAttempt, User
from tests.conftest import PASSWORD, SMALL_CONTENT, csrf_token, sign_in, start_quiz


def completions(db) -> int:
    db.session.rollback()  # a fresh transaction: what is committed now
    return db.session.scalar(select(func.count(LessonCompletion.id)))


@pytest.fixture
def first_lesson(db, content):
    return db.session.scalar(select(Lesson).where(Lesson.slug == "first"))


@pytest.fixture
def probe_routes(app, first_lesson, make_user):
    """Test-only routes that record a completion, then answer with the given status."""
    learner = make_user()
    ids = (learner.id, first_lesson.id)

    def record_then(status: int):
        _db.session.add(LessonCompletion(user_id=ids[0], lesson_id=ids[1]))
        _db.session.flush()
        if status == 500:
            raise RuntimeError("a fault after the write")
        return "", status

    view = csrf.exempt(record_then)
    app.add_url_rule("/probe/<int:status>", view_func=view, methods=["GET", "POST"])
    app.config["PROPAGATE_EXCEPTIONS"] = False  # show the 500 page, as in production


@pytest.mark.parametrize(
    ("method", "status", "saved"),
    [("POST", 302, 1), ("POST", 200, 1), ("POST", 422, 0), ("POST", 500, 0), ("GET", 200, 0)],
)
def test_a_request_is_committed_once_and_only_when_it_succeeds(
    client, db, probe_routes, method, status, saved
):
    response = client.open(f"/probe/{status}", method=method)
    assert response.status_code == status
    assert completions(db) == saved


def test_a_rollback_undoes_work_done_in_savepoints(db, first_lesson, make_user):
    learner = make_user()
    with db.session.begin_nested(), db.session.begin_nested():
        assert complete_lesson(learner, first_lesson)  # itself a savepoint
    db.session.rollback()
    assert completions(db) == 0


def test_an_inner_savepoint_rolls_back_alone(db, first_lesson, make_user):
    learner, other = make_user(), make_user()
    complete_lesson(learner, first_lesson)
    savepoint = db.session.begin_nested()
    complete_lesson(other, first_lesson)
    savepoint.rollback()
    db.session.commit()
    assert completions(db) == 1


def sqlite_app(tmp_path, busy_timeout_ms: int):
    url = f"sqlite:///{tmp_path / 'locks.sqlite3'}"
    config = type("Locks", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url,
                                          "SQLITE_BUSY_TIMEOUT_MS": busy_timeout_ms,
                                          "CONTENT_ROOT": SMALL_CONTENT})  # fmt: skip
    return create_app(config), tmp_path / "locks.sqlite3"


def hold_write_lock(path, seconds: float) -> threading.Thread:
    """Another writer (a CLI import, say) holding SQLite's write lock for a while."""
    locked = threading.Event()

    def hold():
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(seconds)
        connection.execute("COMMIT")
        connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    locked.wait(5)
    return thread


def signed_in_learner(app):
    from lms.content.files import load_tree
    from lms.store.importer import import_tree

    with app.app_context():
        _db.create_all()
        import_tree(_db.session, load_tree(SMALL_CONTENT))
        user = User(email="wait@example.org", full_name="Wait", country="TH", locale="en",
                    sector="health", organisation_type="government")  # fmt: skip
        user.set_password(PASSWORD)
        _db.session.add(user)
        _db.session.commit()
    client = app.test_client()
    token = csrf_token(client)
    client.post("/login", data={"email": "wait@example.org", "password": PASSWORD,
                                "csrf_token": token})  # fmt: skip
    return client


def complete_first(client):
    url = "/learn/introductory/basics/first"
    return client.post(f"{url}/complete", data={"csrf_token": csrf_token(client, url)})


def saved_completions(path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM lesson_completions").fetchone()[0]


def test_every_connection_is_tuned_for_its_database_and_stays_so(app, db):
    """SQLite: WAL and foreign keys. PostgreSQL: no JIT, which would add a compile step to
    every report over 100,000 learners. The settings outlive a rolled-back transaction."""
    db.session.rollback()
    if db.engine.dialect.name == "sqlite":
        settings = ("PRAGMA journal_mode", "PRAGMA foreign_keys")
        expected = ["wal", 1]
    else:
        settings, expected = ("SHOW jit",), ["off"]
    with db.engine.connect() as connection:
        assert [connection.exec_driver_sql(s).scalar() for s in settings] == expected


def test_on_sqlite_a_writer_waits_for_the_lock_instead_of_failing(tmp_path):
    app, path = sqlite_app(tmp_path, busy_timeout_ms=5000)
    client = signed_in_learner(app)
    holder = hold_write_lock(path, seconds=0.5)
    response = complete_first(client)
    holder.join()
    assert response.status_code == 302
    assert saved_completions(path) == 1


def test_on_sqlite_a_lock_held_too_long_is_a_503_that_saves_nothing(tmp_path):
    app, path = sqlite_app(tmp_path, busy_timeout_ms=100)
    client = signed_in_learner(app)
    csrf_token(client, "/learn/introductory/basics/first")  # read the page before the lock
    holder = hold_write_lock(path, seconds=1.5)
    response = complete_first(client)
    holder.join()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "The site is busy" in response.get_data(as_text=True)
    assert saved_completions(path) == 0
    assert complete_first(client).status_code == 302  # and trying again works


def race(*calls):
    """Run the calls at the same moment in threads; return their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait(timeout=10)
        results[index] = call()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_starts_of_one_quiz_open_one_attempt(app, db, content, make_user, login):
    learner = make_user()
    browsers = [app.test_client() for _ in range(4)]
    for browser in browsers:
        sign_in(browser, learner)
    url = "/learn/introductory/quizzes/basics"
    tokens = [csrf_token(browser, url) for browser in browsers]
    responses = race(*[
        lambda b=browser, t=token: b.post(f"{url}/start", data={"csrf_token": t})
        for browser, token in zip(browsers, tokens, strict=True)
    ])  # fmt: skip
    assert {r.status_code for r in responses} == {302}
    assert len({r.headers["Location"] for r in responses}) == 1  # all resume the same attempt
    db.session.rollback()
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_concurrent_registrations_with_one_email_make_one_account(app, db):
    browsers = [app.test_client() for _ in range(3)]
    forms = [
        {
            "email": "same@example.org",
            "full_name": f"Person {n}",
            "country": "TH",
            "locale": "en",
            "sector": "health",
            "organisation_type": "government",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "consent": "y",
            "csrf_token": csrf_token(browser, "/register"),
        }
        for n, browser in enumerate(browsers)
    ]
    responses = race(*[
        lambda b=browser, f=form: b.post("/register", data=f)
        for browser, form in zip(browsers, forms, strict=True)
    ])  # fmt: skip
    assert sorted(r.status_code for r in responses) == [302, 422, 422]
    refused = [r.get_data(as_text=True) for r in responses if r.status_code == 422]
    assert all("An account with this email already exists" in page for page in refused)
    db.session.rollback()
    assert db.session.scalar(select(func.count(User.id))) == 1


@pytest.mark.parametrize("huge", [2**31, 10**30])
def test_ids_beyond_the_database_range_are_not_found(client, db, content, make_user, login, huge):
    login(make_user())
    start_quiz(client, db, "introductory", "basics")
    assert client.get(f"/learn/introductory/quizzes/basics/attempts/{huge}").status_code == 404
    assert client.get("/learn/introductory/quizzes/basics/attempts/2147483647").status_code == 404
