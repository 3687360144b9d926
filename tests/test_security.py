"""Security controls, each shown working: sessions that end, throttling, password reset,
headers, canonical URLs, bounded bodies, privacy, and security events in the log."""

import http.client
import json
import logging
import threading
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from lms import create_app
from lms.config import TestConfig
from lms.extensions import db as _db
from lms.extensions import limiter
from lms.models import AuditEntry, User
from tests.conftest import PASSWORD, SMALL_CONTENT, csrf_token, sign_in

# Sessions -------------------------------------------------------------------------------------


def cookie(client, name):
    found = client.get_cookie(name)
    return found.value if found else None


def test_signing_out_ends_a_copied_session_cookie(client, db, make_user, login):
    login(make_user())
    stolen = cookie(client, "session")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    client.set_cookie("session", stolen)
    assert client.get("/dashboard").status_code == 302


def test_remember_me_lasts_30_days_with_samesite_and_ends_at_sign_out(app, client, db, make_user):
    user = make_user()
    token = csrf_token(client)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "remember": "y", "csrf_token": token})  # fmt: skip
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember"))
    assert "SameSite=Lax" in header and "HttpOnly" in header
    expires = parsedate_to_datetime(header.split("Expires=")[1].split(";")[0])
    assert 29 <= (expires - datetime.now(UTC)).days <= 30
    remembered = cookie(client, "remember_token")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    other = app.test_client()  # another device, with the old cookie only
    other.set_cookie("remember_token", remembered)
    assert other.get("/dashboard").status_code == 302


def test_signing_in_starts_a_fresh_session(client, db, make_user):
    with client.session_transaction() as planted:
        planted["planted"] = "by someone else"
    sign_in(client, make_user())
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session


@pytest.mark.parametrize(("idle", "age"), [(121 * 60, 60), (60, 13 * 3600)])
def test_idle_and_old_sessions_end(client, db, make_user, login, idle, age):
    login(make_user())
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - idle
        session["signed_in_at"] = time.time() - age
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/dashboard").status_code == 302


def test_deleting_the_account_ends_its_sessions(client, db, make_user, login):
    user = make_user()
    login(user)
    stolen = cookie(client, "session")
    url = "/profile/delete"
    client.post(url, data={"csrf_token": csrf_token(client, url), "password": PASSWORD})
    client.set_cookie("session", stolen)
    assert client.get("/dashboard").status_code == 302


# Throttling ----------------------------------------------------------------------------------


@pytest.fixture
def throttled(tmp_path):
    """An app with the rate limits on (they are off elsewhere in the suite)."""
    url = f"sqlite:///{tmp_path / 'throttle.sqlite3'}"
    config = type("Throttled", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url,
                                               "RATELIMIT_ENABLED": True,
                                               "CONTENT_ROOT": SMALL_CONTENT})  # fmt: skip
    app = create_app(config)
    with app.app_context():
        _db.create_all()
        person = User(email="locked@example.org", full_name="Locked Out", country="TH",
                      locale="en", sector="health", organisation_type="ngo")  # fmt: skip
        person.set_password(PASSWORD)
        _db.session.add(person)
        _db.session.commit()
    limiter.reset()
    yield app
    limiter.reset()


def attempt(client, password):
    token = csrf_token(client)
    data = {"email": "locked@example.org", "password": password, "csrf_token": token}
    return client.post("/login", data=data)


def test_repeated_failures_lock_the_account_for_a_while(throttled):
    client = throttled.test_client()
    assert [attempt(client, "wrong password!").status_code for _ in range(5)] == [422] * 5
    locked = attempt(client, PASSWORD)  # even the right password, for now
    assert locked.status_code == 429
    assert "Too many failed sign-ins for this account" in locked.get_data(as_text=True)
    assert "<nav" in locked.get_data(as_text=True)  # in the site's layout
    assert "Retry-After" in locked.headers


def test_certificate_guessing_is_throttled(throttled):
    client = throttled.test_client()
    statuses = [client.get(f"/verify/{'A' * 32}").status_code for _ in range(61)]
    assert statuses[:60] == [404] * 60 and statuses[60] == 429


def test_behind_a_proxy_each_client_has_its_own_count(tmp_path):
    url = f"sqlite:///{tmp_path / 'proxy.sqlite3'}"
    config = type("Proxied", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, "PROXIES": 1,
                                             "RATELIMIT_ENABLED": True})  # fmt: skip
    app = create_app(config)
    with app.app_context():
        _db.create_all()
    limiter.reset()
    client = app.test_client()
    guess = f"/verify/{'A' * 32}"
    first = [client.get(guess, headers={"X-Forwarded-For": "203.0.113.1"}).status_code
             for _ in range(61)]  # fmt: skip
    assert first[-1] == 429
    assert client.get(guess, headers={"X-Forwarded-For": "203.0.113.2"}).status_code == 404
    limiter.reset()


def test_quiz_submissions_are_throttled_per_learner(throttled):
    client = throttled.test_client()
    attempt(client, PASSWORD)  # signed in
    url = "/learn/introductory/quizzes/basics/attempts/1"
    token = csrf_token(client, "/dashboard")
    statuses = [client.post(url, data={"csrf_token": token}).status_code for _ in range(31)]
    assert 429 not in statuses[:30] and statuses[30] == 429


# Password reset ------------------------------------------------------------------------------


def ask_reset(client, email):
    url = "/password/forgot"
    return client.post(url, data={"csrf_token": csrf_token(client, url), "email": email},
                       follow_redirects=True)  # fmt: skip


def logged_link(caplog) -> str:
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "lms.mail")
    return text.split("http://localhost")[1].split()[0]


def test_a_reset_link_works_once_and_the_reply_never_says_if_an_account_exists(
    client, db, make_user, login, caplog
):
    user = make_user()
    caplog.set_level(logging.INFO)
    known = ask_reset(client, user.email).get_data(as_text=True)
    unknown = ask_reset(client, "nobody@example.org").get_data(as_text=True)
    message = "If an account uses this address, a link to reset its password is on its way."
    assert message in known and message in unknown
    path = logged_link(caplog)  # no SMTP here: the link is in the server log, not the page
    assert path.startswith("/password/reset/") and path not in known
    form = {"csrf_token": csrf_token(client, path), "password": "a brand new passphrase",
            "confirm": "a brand new passphrase"}  # fmt: skip
    assert client.post(path, data=form).status_code == 302
    assert client.get(path).status_code == 400  # used: the password it named has changed
    sign_in(client, user, "a brand new passphrase")


def test_an_expired_reset_link_is_refused(client, db, make_user, monkeypatch):
    from lms.auth import services

    user = make_user()
    with client.application.test_request_context():
        token = services.reset_token(db.session.get(User, user.id))
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3601)
    page = client.get(f"/password/reset/{token}")
    assert page.status_code == 400 and "work for one hour" in page.get_data(as_text=True)


def test_an_administrator_sends_a_reset_to_a_learner_in_scope(client, db, make_user, login, caplog):
    from lms.models import Role
    from tests.trainer.steps import trainer

    learner = make_user(country="TH")
    login(trainer(make_user, "TH", role=Role.ADMIN, full_name="Thai Admin"))
    caplog.set_level(logging.INFO)
    page = f"/admin/learners/{learner.id}"
    client.post(f"{page}/reset", data={"csrf_token": csrf_token(client, page)})
    assert logged_link(caplog).startswith("/password/reset/")
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry.action)) == "password_reset_sent"


@pytest.fixture
def certify_one(db, make_user):
    from lms.certificates.services import issue
    from lms.models import Course

    def make():
        course = db.session.scalar(select(Course).filter_by(slug="introductory"))
        certificate = issue(make_user(), course)
        db.session.commit()
        return certificate

    return make


# Headers and canonical URLs ------------------------------------------------------------------


def test_every_page_sends_the_security_headers(client, db, make_user, login):
    public = client.get("/login")
    policy = public.headers["Content-Security-Policy"]
    for part in ("default-src 'self'", "object-src 'none'", "base-uri 'none'",
                 "frame-ancestors 'none'", "form-action 'self'"):  # fmt: skip
        assert part in policy
    assert "script-src" not in policy  # no inline script is allowed anywhere
    assert public.headers["X-Content-Type-Options"] == "nosniff"
    assert public.headers["Referrer-Policy"] == "same-origin"
    assert public.headers["X-Frame-Options"] == "DENY"
    login(make_user())
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"


def test_hsts_is_sent_when_https_is_on(tmp_path):
    config = type("Https", (TestConfig,), {"SESSION_COOKIE_SECURE": True,
                  "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'h.db'}"})  # fmt: skip
    app = create_app(config)
    with app.app_context():
        _db.create_all()
    assert "max-age=" in app.test_client().get("/login").headers["Strict-Transport-Security"]


def test_absolute_urls_ignore_the_host_header(app, db, content, certify_one):
    from lms.certificates.services import details

    certificate = certify_one()
    with app.test_request_context(base_url="http://verify-certificates.example"):
        assert details(certificate)["url"] == f"http://localhost/verify/{certificate.code}"


def test_with_a_base_url_other_hosts_are_refused(tmp_path, monkeypatch):
    config = type("Production", (TestConfig,), {"BASE_URL": "https://lms.example.org",
                  "BASE_URL_CONFIGURED": True,
                  "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})  # fmt: skip
    app = create_app(config)
    with app.app_context():
        _db.create_all()
    browser = app.test_client()
    assert browser.get("/login", headers={"Host": "lms.example.org"}).status_code == 200
    assert browser.get("/login", headers={"Host": "evil.example"}).status_code == 400


# Bounded bodies ------------------------------------------------------------------------------


@pytest.fixture
def live(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    app = create_app(type("Live", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    with app.app_context():
        _db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port
    server.shutdown()


def post_body(port: int, body: bytes, chunked: bool) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("POST", "/login")
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    if chunked:
        connection.putheader("Transfer-Encoding", "chunked")
        connection.endheaders()
        for start in range(0, len(body), 65536):
            part = body[start : start + 65536]
            connection.send(b"%x\r\n%s\r\n" % (len(part), part))
        connection.send(b"0\r\n\r\n")
    else:
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        connection.send(body)
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.parametrize("chunked", [False, True])
def test_an_over_long_body_is_refused_with_413_chunked_or_not(live, chunked):
    body = b"email=a%40example.org&password=" + b"x" * (2 * 1024 * 1024)
    assert post_body(live, body, chunked) == 413


# Privacy -------------------------------------------------------------------------------------


def test_the_privacy_notice_is_linked_from_registration_and_every_page(client, db):
    assert 'href="/privacy"' in client.get("/register").get_data(as_text=True)
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)
    assert "anonymous totals" in client.get("/privacy").get_data(as_text=True)


def test_consent_is_required_and_recorded_with_date_and_version(app, client, db):
    from tests.auth.test_accounts import VALID, register

    refused = register(client, consent=None)
    assert refused.status_code == 422 and "Please read the privacy notice" in refused.get_data(
        as_text=True)  # fmt: skip
    assert register(client).status_code == 302
    person = db.session.scalar(select(User))
    assert person.consented_at is not None
    assert person.consent_version == app.config["PRIVACY_NOTICE_VERSION"]
    assert person.email == VALID["email"].lower()


def test_download_my_data_holds_everything_about_the_learner(client, db, content, make_user,
                                                              login):  # fmt: skip
    from tests.certificates.test_certificates import finish_intro

    login(make_user(full_name="Ana Data"))
    certificate = finish_intro(client, db)
    response = client.get("/profile/data.json")
    data = json.loads(response.get_data(as_text=True))
    assert "attachment" in response.headers["Content-Disposition"]
    assert data["account"]["full_name"] == "Ana Data"
    assert len(data["lessons_completed"]) == 3 and data["quiz_attempts"]
    assert data["certificates"][0]["code"] == certificate.code


def test_deleting_an_account_erases_the_person_but_keeps_the_totals(
    client, db, content, make_user, login
):
    from lms.admin.reports import Filters, donor_report
    from tests.certificates.test_certificates import finish_intro

    person = make_user(full_name="Ana Gone", gender="woman")
    login(person)
    certificate = finish_intro(client, db)
    before = donor_report(Filters()).total.counts
    url = "/profile/delete"
    wrong = client.post(url, data={"csrf_token": csrf_token(client, url), "password": "no"})
    assert wrong.status_code == 422
    client.post(url, data={"csrf_token": csrf_token(client, url), "password": PASSWORD})
    db.session.rollback()
    gone = db.session.get(User, person.id)
    assert "Ana Gone" not in (gone.full_name, gone.email) and gone.gender is None
    assert donor_report(Filters()).total.counts == before
    page = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "The holder removed their account." in page and "Ana Gone" not in page
    token = csrf_token(client)
    again = client.post("/login", data={"email": person.email, "password": PASSWORD,
                                        "csrf_token": token})  # fmt: skip
    assert again.status_code == 422


def test_purge_inactive_is_a_dry_run_unless_applied(app, db, make_user):
    from datetime import UTC, datetime, timedelta

    old = make_user(full_name="Long Gone")
    old.created_at = datetime.now(UTC) - timedelta(days=800)
    recent = make_user(full_name="Still Here")
    db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["lms", "purge-inactive", "--older-than", "730"])
    assert f"would anonymise: account {old.id}" in dry.output and str(recent.id) not in dry.output
    assert db.session.get(User, old.id).full_name == "Long Gone"
    applied = runner.invoke(args=["lms", "purge-inactive", "--older-than", "730", "--apply"])
    assert "1 account(s) anonymised." in applied.output
    db.session.rollback()
    assert db.session.get(User, old.id).deleted_at is not None
    assert db.session.get(User, recent.id).full_name == "Still Here"


# Security events -----------------------------------------------------------------------------


def test_security_events_are_logged_with_who_and_when_but_no_secrets(
    client, db, make_user, login, caplog
):
    user = make_user(email="secret.person@example.org")
    caplog.set_level(logging.INFO, logger="lms.security")
    token = csrf_token(client)
    client.post("/login", data={"email": user.email, "password": "not the password",
                                "csrf_token": token})  # fmt: skip
    login(user)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    lines = [r.getMessage() for r in caplog.records if r.name == "lms.security"]
    events = [line.split()[1] for line in lines]
    assert events == ["sign_in_failed", "sign_in", "sign_out"]
    assert all(line.split()[0].endswith("+00:00") for line in lines)  # UTC
    assert f"account={user.id}" in lines[1]
    joined = "\n".join(lines)
    assert "secret.person" not in joined and PASSWORD not in joined
    assert "not the password" not in joined and token not in joined
