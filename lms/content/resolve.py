"""Which version of a lesson a learner reads: national variant, regional translation, English."""

from collections.abc import Iterable
from typing import Protocol, TypeVar

REGIONAL_SOURCE = ("en", None)


class Versioned(Protocol):
    locale: str
    country: str | None


V = TypeVar("V", bound=Versioned)


def preference(locale: str, country: str | None) -> list[tuple[str, str | None]]:
    """The (locale, country) pairs to try, best first, without repeats."""
    return list(dict.fromkeys([(locale, country), (locale, None), REGIONAL_SOURCE]))


def translated(translations: dict[str, dict], locale: str, country: str | None, key: str):
    """A course's or module's text for a reader from its translations (code -> texts), or
    None for the English: the national variant first, then the regional translation."""
    for code in (f"{locale}-{country}" if country else None, locale):
        if code and (text := translations.get(code, {}).get(key)):
            return text
    return None


def pick(versions: Iterable[V], locale: str, country: str | None) -> V | None:
    """The best published version for a reader, given every published version of one lesson."""
    by_key = {(v.locale, v.country): v for v in versions}
    return next((by_key[key] for key in preference(locale, country) if key in by_key), None)
