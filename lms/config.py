"""Configuration classes: absolute paths from the project root; LMS_* variables override."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
SECRET_KEY_FILE = INSTANCE / "secret_key"


def _secret_key() -> str | None:
    """The key from LMS_SECRET_KEY, else the one `flask lms init` wrote to instance/."""
    if key := os.environ.get("LMS_SECRET_KEY"):
        return key
    if SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text().strip()
    return None


class Config:
    SECRET_KEY = _secret_key()
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "LMS_DATABASE_URL", f"sqlite:///{INSTANCE / 'lms.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # How long a write waits for SQLite's lock before the request is answered 503.
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("LMS_SQLITE_BUSY_TIMEOUT_MS", 10_000))
    CONTENT_ROOT = Path(os.environ.get("LMS_CONTENT_ROOT", ROOT))
    STATIC_FOLDER = ROOT / "static"
    MIGRATIONS_DIR = ROOT / "lms" / "migrations"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 256 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("LMS_SECURE_COOKIES", "0") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None
    # National administrators see counts below this as "<N", so no one can be singled out.
    REPORT_MIN_COUNT = int(os.environ.get("LMS_REPORT_MIN_COUNT", 5))


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-secret"  # noqa: S105 - never used outside the test suite
