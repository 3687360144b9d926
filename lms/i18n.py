"""Supported locales, countries and the locale selection for each request."""

from flask import g, request
from flask_babel import get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.content.codes import COUNTRY_NAMES, DEFAULT_LOCALE, LOCALES, OTHER_COUNTRY

__all__ = ["COUNTRIES", "DEFAULT_LOCALE", "LOCALES", "OTHER_COUNTRY"]

# Country names in the reader's language (the codes and English names live in content.codes).
COUNTRIES = {code: _l(name) for code, name in COUNTRY_NAMES.items()}
LOCALE_COOKIE = "lms_locale"
# Babel has no CLDR data for Tetum: run it as Timor-Leste Portuguese for dates and numbers.
# `flask translate compile` copies the Tetum catalogue to where that locale looks for it.
BABEL_ALIASES = {"tet": "pt_TL"}


def preferred_locale() -> str:
    """Saved preference, then the visitor's cookie, then Accept-Language, then English."""
    if current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    if (cookie := request.cookies.get(LOCALE_COOKIE)) in LOCALES:
        return cookie
    return request.accept_languages.best_match(LOCALES) or DEFAULT_LOCALE


def babel_locale(code: str) -> str:
    """Our locale code as Babel knows it (Tetum runs as pt_TL)."""
    return BABEL_ALIASES.get(code, code)


def select_locale() -> str:
    """Flask-Babel's locale selector: the preferred locale as Babel knows it."""
    return babel_locale(preferred_locale())


def current_locale() -> str:
    """The request's locale as one of LOCALES, for templates and content resolution."""
    code = str(get_locale())
    return next((ours for ours, babel in BABEL_ALIASES.items() if babel == code), code)


def country_name(code: str | None) -> str:
    """A country's name in the reader's language (the Jinja filter `country_name`)."""
    if code == OTHER_COUNTRY:
        return str(_l("Other country"))
    return str(COUNTRIES.get(code, code or ""))


def request_translations():
    """The request's catalogue, looked up once per request (templates call gettext a score of
    times per page, and Flask-Babel's own lookup walks the contexts every time)."""
    cached = g.get("lms_translations")
    if cached is None:
        cached = g.lms_translations = get_translations()
    return cached


def install_template_gettext(app) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        newstyle=True,
    )
