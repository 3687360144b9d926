"""Supported locales, countries and the locale selection for each request; times shown
in the reader's zone and calendar."""

import re
from datetime import datetime

from babel import dates
from flask import g, has_request_context, request
from flask_babel import get_locale, get_timezone, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.content.codes import (
    COUNTRY_NAMES,
    COUNTRY_ZONES,
    DEFAULT_LOCALE,
    LOCALES,
    OTHER_COUNTRY,
    ZONES,
)
from lms.content.resolve import translated

__all__ = ["COUNTRIES", "DEFAULT_LOCALE", "LOCALES", "OTHER_COUNTRY", "ZONES"]

# Country names in the reader's language (the codes and English names live in content.codes).
COUNTRIES = {code: _l(name) for code, name in COUNTRY_NAMES.items()}
LOCALE_COOKIE = "lms_locale"
# Babel has no CLDR data for Tetum: run it as Timor-Leste Portuguese for dates and numbers.
# `flask translate compile` copies the Tetum catalogue to where that locale looks for it.
# English dates follow the day-month-year order of the region ("27 Nov 2026"), not the US one.
BABEL_ALIASES = {"en": "en_GB", "tet": "pt_TL"}
BUDDHIST_ERA_OFFSET = 543  # Thai readers count years from the Buddha's passing


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


def localised(item, key: str = "title") -> str:
    """A course's or module's title or summary in the reader's language and country, else
    the English (the Jinja filter `localised`)."""
    signed_in = has_request_context() and current_user.is_authenticated
    country = current_user.country if signed_in else None
    texts = item.translations or {}
    return translated(texts, current_locale(), country, key) or getattr(item, key)


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


# Time zones and dates -------------------------------------------------------------------


def select_timezone() -> str:
    """Flask-Babel's zone selector: the person's choice, else their country's zone, else UTC."""
    if has_request_context() and current_user.is_authenticated:
        return current_user.timezone or COUNTRY_ZONES.get(current_user.country, "UTC")
    return "UTC"


def zone_name(zone: str) -> str:
    """'Thailand Time' in the reader's language; UTC is known by its own name."""
    if zone == "UTC":
        return "UTC"
    return dates.get_timezone_location(dates.get_timezone(zone), locale=get_locale())


def format_day(value: datetime, width: str = "medium", zone: str | None = None) -> str:
    """The date in the reader's zone (or `zone`, a venue's) and calendar: '27 Nov 2026',
    '27 พ.ย. 2569'."""
    return _format(value, dates.get_date_format(width, get_locale()).pattern, _zone(zone))


def format_when(value: datetime, zone: str | None = None) -> str:
    """Date and time in the reader's zone (or `zone`, a venue's), with the zone named:
    '27 Nov 2026, 23:41 (Thailand Time)'."""
    locale = get_locale()
    time, day = dates.get_time_format("short", locale), dates.get_date_format("medium", locale)
    pattern = str(dates.get_datetime_format("medium", locale)).format(time.pattern, day.pattern)
    tz = _zone(zone)
    return f"{_format(value, pattern, tz)} ({zone_name(tz.zone)})"


def _zone(zone: str | None):
    """A venue's zone when given, else the reader's."""
    return dates.get_timezone(zone) if zone else get_timezone()


def _format(value: datetime, pattern: str, tz) -> str:
    local = value.astimezone(tz)
    if get_locale().language == "th":  # Babel knows only the Gregorian calendar
        era = f"'{local.year + BUDDHIST_ERA_OFFSET}'"
        pattern = re.sub(r"G+", "'พ.ศ.'", re.sub(r"y+", era, pattern))
    return dates.format_datetime(local, pattern, tzinfo=local.tzinfo, locale=get_locale())
