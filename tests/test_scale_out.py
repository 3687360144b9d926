"""Two app servers on one PostgreSQL database: a learner moves between them mid-course, and a
publish on one is seen on the other at once."""

import re
import subprocess
import sys
import urllib.request
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode

import pytest

from lms import create_app
from lms.config import ROOT, TestConfig
from lms.extensions import db as _db
from lms.models import QuizAttempt, Role, User, UserCountry
from tests.conftest import LESSONS_DONE, PASSWORD, SMALL_CONTENT, correct_form, translated
from tests.test_backup import empty_database
from tests.test_serving import environment, free_port, migrate, start, stop
from tests.trainer.steps import THAI_TEXT, edit_fields


class Browser:
    """One person's browser: its cookies go to whichever server it talks to."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )

    def get(self, port: int, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
                return response.status, response.read().decode()
        except HTTPError as error:
            return error.code, error.read().decode()

    def post(self, port: int, path: str, form_page: str, **data) -> tuple[int, str]:
        _status, page = self.get(port, form_page)
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        body = urlencode({**data, "csrf_token": token}, doseq=True).encode()
        try:
            with self.opener.open(f"http://127.0.0.1:{port}{path}", body, timeout=10) as response:
                return response.status, response.headers.get("Location", "")
        except HTTPError as error:
            return error.code, error.headers.get("Location", "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def two_servers(postgres_url, tmp_path):
    url = empty_database(postgres_url, tmp_path)
    ports = [free_port(), free_port()]
    envs = [environment(url, port, LMS_RATELIMIT_ENABLED="0") for port in ports]
    migrate(envs[0])
    sync = [sys.executable, "-m", "flask", "--app", "wsgi", "lms", "sync-content", "--root",
            str(SMALL_CONTENT)]  # fmt: skip
    subprocess.run(sync, cwd=ROOT, env=envs[0], check=True, capture_output=True)
    app = create_app(type("Shared", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        for email, role, locale in [("learner@example.org", Role.LEARNER, "th"),
                                    ("author@example.org", Role.TRAINER, "en"),
                                    ("reviewer@example.org", Role.TRAINER, "en")]:  # fmt: skip
            person = User(email=email, full_name=email, country="TH", locale=locale,
                          sector="health", organisation_type="ngo", role=role)  # fmt: skip
            person.set_password(PASSWORD)
            if role == Role.TRAINER:
                person.scopes = [UserCountry(country="TH")]
            _db.session.add(person)
        _db.session.commit()
    servers = [start(env, port) for env, port in zip(envs, ports, strict=True)]
    yield app, ports
    for server in servers:
        stop(server)
    with app.app_context():
        _db.engine.dispose()


def sign_in(browser: Browser, port: int, email: str) -> None:
    assert browser.post(port, "/login", "/login", email=email, password=PASSWORD)[0] == 302


@pytest.mark.postgres
def test_a_learner_moves_between_servers_mid_course(two_servers):
    app, (a, b) = two_servers
    learner = Browser()
    sign_in(learner, a, "learner@example.org")
    lesson = "/learn/introductory/basics/first"
    assert learner.post(a, f"{lesson}/complete", lesson)[0] == 302
    status, page = learner.get(b, "/learn/introductory")  # same session, other server
    done = translated(app, "th", LESSONS_DONE, num=3, done=1)
    assert status == 200 and done in page  # and the progress made on A
    assert learner.get(b, "/dashboard")[0] == 200
    for path in ("basics/second", "care/third"):
        assert learner.post(b, f"/learn/introductory/{path}/complete",
                            f"/learn/introductory/{path}")[0] == 302  # fmt: skip
    quiz = "/learn/introductory/quizzes/basics"
    status, location = learner.post(a, f"{quiz}/start", quiz)  # started on A
    attempt_id = int(location.rsplit("/", 1)[1])
    with app.app_context():
        attempt = _db.session.get(QuizAttempt, attempt_id)
        answers = correct_form(attempt)
    url = f"{quiz}/attempts/{attempt_id}"
    assert learner.post(b, url, url, **answers)[0] == 302  # submitted on B
    with app.app_context():
        assert _db.session.get(QuizAttempt, attempt_id).passed is True


@pytest.mark.postgres
def test_a_publish_on_one_server_is_seen_on_the_other_at_once(two_servers):
    _app, (a, b) = two_servers
    reader = Browser()
    sign_in(reader, b, "learner@example.org")
    lesson = "/learn/introductory/basics/second"
    assert "เนื้อหาภาษาไทย" not in reader.get(b, lesson)[1]  # B has cached the outline now
    author, reviewer = Browser(), Browser()
    sign_in(author, a, "author@example.org")
    workspace = _workspace_url(author, a)
    author.post(a, f"{workspace}/start", workspace, **{"from": "source"})
    author.post(a, f"{workspace}/edit", workspace, **edit_fields(THAI_TEXT), action="save")
    author.post(a, f"{workspace}/submit", workspace)
    sign_in(reviewer, a, "reviewer@example.org")
    _status, page = reviewer.get(a, workspace)
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', page).group(1)
    assert reviewer.post(a, f"{workspace}/review", workspace, decision="approve",
                         version_id=version)[0] == 302  # published on A  # fmt: skip
    assert "เนื้อหาภาษาไทย" in reader.get(b, lesson)[1]  # read on B, straight away


def _workspace_url(browser: Browser, port: int) -> str:
    _status, page = browser.get(port, "/trainer")
    module = re.search(r'href="(/trainer/modules/\d+/th-TH)"', page).group(1)
    _status, page = browser.get(port, module)
    return re.findall(r'href="(/trainer/lessons/\d+/th-TH)"', page)[1]  # the second lesson
