"""Error pages in the site's layout. A 500 rolls back the session so nothing half-done is saved."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from lms.completion import CourseLocked
from lms.database import give_up_writing

PAGES = {
    400: (
        _l("Something in the request was not right"),
        _l("The page could not understand what was sent. Please go back and try again."),
    ),
    403: (
        _l("You do not have access to this page"),
        _l("Your account does not have permission to see this page. If you think this is a "
           "mistake, contact your administrator."),
    ),
    404: (
        _l("Page not found"),
        _l("We could not find that page. It may have moved, or the address may be mistyped."),
    ),
    405: (
        _l("This action is not available here"),
        _l("The page cannot be used this way. Please use the links and buttons on the site."),
    ),
    413: (
        _l("What you sent is too large"),
        _l("Please send less data and try again. Nothing was saved."),
    ),
    429: (
        _l("Too many attempts"),
        _l("For your security, this was tried too many times in a short while. Please wait a "
           "few minutes, then try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("Nothing you sent was half-saved. Please try again in a moment."),
    ),
    503: (
        _l("The site is busy"),
        _l("Too many changes arrived at once. Nothing you sent was saved. Please try again in "
           "a few seconds."),
    ),
}  # fmt: skip
# Contention, not a fault: SQLite's lock wait ran out, or PostgreSQL chose this transaction as
# the loser of a serialisation conflict or deadlock. Trying again later succeeds.
BUSY_SQLSTATES = {"40001", "40P01", "55P03"}
RETRY_AFTER_SECONDS = 5
CSRF_PAGE = (
    _l("This form has expired"),
    _l("For your security, forms expire. Nothing was changed. Please go back, reload the page "
       "and try again."),
)  # fmt: skip


def _page(texts: tuple, status: int, error=None):
    """The page for a status, unless the error carries its own (a rate limit's, say)."""
    if getattr(error, "response", None) is not None:
        return error.response
    title, message = texts
    return render_template("errors/error.html", title=title, message=message), status


def register(app: Flask) -> None:
    for status, texts in PAGES.items():
        app.register_error_handler(status, lambda error, s=status, t=texts: _page(t, s, error))

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return _page(CSRF_PAGE, 400)

    @app.errorhandler(CourseLocked)
    def course_locked(error: CourseLocked):
        return render_template("errors/locked.html", locked=error), 403

    @app.errorhandler(500)
    def server_error(_error):
        give_up_writing()
        return _page(PAGES[500], 500)

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        if not is_contention(error):
            raise error  # a real fault: the 500 page, logged
        give_up_writing()
        page, status = _page(PAGES[503], 503)
        return page, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def is_contention(error: OperationalError) -> bool:
    """A lock or serialisation conflict that a retry will get past."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    return sqlstate in BUSY_SQLSTATES or "database is locked" in str(error.orig)
