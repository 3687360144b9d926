"""Configuration classes: absolute paths from the project root; LMS_* variables override."""

import os
from datetime import timedelta
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
    # Enough connections for every thread of a worker (gunicorn.conf.py; LMS_THREADS).
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}
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
    # Absolute URLs (certificate QR codes, emailed links) start here, never at the Host header.
    BASE_URL = os.environ.get("LMS_BASE_URL", "http://127.0.0.1:5000")
    BASE_URL_CONFIGURED = "LMS_BASE_URL" in os.environ
    # Behind nginx (deploy/nginx.conf) set LMS_PROXIES=1: the client's address and scheme then
    # come from the proxy's X-Forwarded-For and X-Forwarded-Proto, for rate limits and logs.
    PROXIES = int(os.environ.get("LMS_PROXIES", 0))
    EXTRA_TRUSTED_HOSTS = [h for h in os.environ.get("LMS_TRUSTED_HOSTS", "").split(",") if h]
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("LMS_SECURE_COOKIES", "0") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None
    MAIL_SERVER = os.environ.get("LMS_MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("LMS_MAIL_PORT", 587))
    MAIL_USE_TLS = os.environ.get("LMS_MAIL_USE_TLS", "1") == "1"
    MAIL_USERNAME = os.environ.get("LMS_MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("LMS_MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("LMS_MAIL_FROM", "no-reply@localhost")
    PRIVACY_NOTICE_VERSION = "2026-11"
    RATELIMIT_STORAGE_URI = os.environ.get("LMS_RATELIMIT_STORAGE_URI", "memory://")
    # Off only for load tests and benchmarks, which send many requests from one address.
    RATELIMIT_ENABLED = os.environ.get("LMS_RATELIMIT_ENABLED", "1") == "1"
    RATELIMIT_HEADERS_ENABLED = True
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A session ends after this long without a request, and in any case after the maximum.
    SESSION_IDLE_MINUTES = int(os.environ.get("LMS_SESSION_IDLE_MINUTES", 120))
    SESSION_MAX_HOURS = int(os.environ.get("LMS_SESSION_MAX_HOURS", 12))
    # National administrators see counts below this as "<N", so no one can be singled out.
    REPORT_MIN_COUNT = int(os.environ.get("LMS_REPORT_MIN_COUNT", 5))


class TestConfig(Config):
    TESTING = True
    RATELIMIT_ENABLED = False  # the throttling tests turn it on
    BASE_URL = "http://localhost"
    SECRET_KEY = "test-only-secret"  # noqa: S105 - never used outside the test suite
