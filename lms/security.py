"""Response headers that keep pages from being framed, sniffed, leaked or cached, and absolute
URLs that come from configuration, never from the request's Host header."""

import logging
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, request, session, url_for

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
ONE_YEAR = 365 * 24 * 3600
events = logging.getLogger("lms.security")


def log_event(event: str, user=None, **fields) -> None:
    """One security event: what, which account (its id only), when in UTC, and from where.
    Never an email, a password or a token."""
    details = " ".join(f"{key}={value}" for key, value in sorted(fields.items()))
    account = getattr(user, "id", None) or "-"
    address = request.remote_addr if request else "-"
    moment = datetime.now(UTC).isoformat(timespec="seconds")
    events.info(f"{moment} {event} account={account} from={address} {details}".rstrip())


def external_url(endpoint: str, **values) -> str:
    """An absolute URL on the configured base (certificates' QR codes, emailed links)."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.setdefault("Strict-Transport-Security", f"max-age={ONE_YEAR}; includeSubDomains")
    if request.endpoint != "static" and "_user_id" in session:
        headers["Cache-Control"] = "no-store"  # pages about a person stay out of every cache
    return response


def bound_chunked_body() -> None:
    """A chunked body has no length to check up front, and the form parser would cut it
    silently: read it now, within MAX_CONTENT_LENGTH, so a larger one is a plain 413."""
    if request.content_length is None and request.headers.get("Transfer-Encoding"):
        body = request.get_data(cache=True)  # stops quietly at the limit...
        if len(body) >= current_app.config["MAX_CONTENT_LENGTH"]:
            request.stream.read(1)  # ...and reading past it raises 413


def refuse_other_hosts() -> None:
    """With LMS_BASE_URL set, a request naming any other host is refused (400)."""
    trusted = current_app.config["TRUSTED_HOST_NAMES"]
    if trusted and request.host.rsplit(":", 1)[0].lower() not in trusted:
        abort(400)


def register(app: Flask) -> None:
    app.config["TRUSTED_HOST_NAMES"] = (
        {urlsplit(app.config["BASE_URL"]).hostname, *app.config["EXTRA_TRUSTED_HOSTS"]}
        if app.config.get("BASE_URL_CONFIGURED")
        else set()
    )
    app.before_request(refuse_other_hosts)
    app.before_request(bound_chunked_body)
    app.after_request(add_headers)
