"""A live server on loopback and Debian's Chromium driven by Playwright, without JavaScript."""

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from lms import create_app
from lms.config import TestConfig
from lms.content.files import load_tree
from lms.extensions import db
from lms.store.importer import import_tree
from tests.conftest import SMALL_CONTENT, missing

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def content_root(tmp_path) -> Path:
    """A copy of the fixture curriculum that a test may edit."""
    root = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, root)
    return root


@pytest.fixture
def live_app(tmp_path, content_root):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    config = type("Live", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url,
                                          "CONTENT_ROOT": content_root})  # fmt: skip
    app = create_app(config)
    with app.app_context():
        db.create_all()
        import_tree(db.session, load_tree(content_root))
        db.session.commit()
    return app


@pytest.fixture
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        missing("Chromium not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def register(page, server: str, email: str, name: str, country: str, locale: str, sector: str):
    """Create an account through the registration form, as a newcomer would."""
    page.goto(f"{server}/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Country where you work", exact=True).select_option(country)
    page.get_by_label("Preferred language").select_option(locale)
    page.get_by_label("Sector", exact=True).select_option(sector)
    page.get_by_label("Type of organisation", exact=True).select_option("government")
    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_label("Repeat the password").fill("a long enough passphrase")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Create account").click()


@pytest.fixture
def page(browser):
    return browser.new_page(java_script_enabled=False)  # the site must work without JS


@pytest.fixture
def js_context(browser):
    """A context where the test's own scripts run (axe, focus and width checks). The site sends
    no script and forbids inline ones (CSP), so this changes nothing it does."""
    context = browser.new_context(java_script_enabled=True, bypass_csp=True)
    yield context
    context.close()
