"""Variant naming in one place: the `<locale>[-<CC>]` code, its rules and the file paths.

The regional source is English with no country. A regional translation has a locale only
(`th`); a national variant has a locale and a country (`th-TH`).
"""

from dataclasses import dataclass

from lms.content.codes import COUNTRY_NAMES, DEFAULT_LOCALE, LOCALES


class VariantError(ValueError):
    """A variant code the curriculum does not accept; the message says why."""


@dataclass(frozen=True)
class Variant:
    locale: str
    country: str | None = None

    @classmethod
    def parse(cls, code: str) -> "Variant":
        """'th-TH' -> Variant('th', 'TH'). Raises VariantError, also for the regional source,
        which is never named by a code."""
        locale, _, country = code.partition("-")
        if locale not in LOCALES:
            raise VariantError(f"unsupported locale '{locale}'")
        if country and country not in COUNTRY_NAMES:
            raise VariantError(f"unsupported country code '{country}'")
        if locale == DEFAULT_LOCALE and not country:
            raise VariantError("the regional English source takes no '.en' suffix")
        return cls(locale, country or None)

    @property
    def code(self) -> str:
        return f"{self.locale}-{self.country}" if self.country else self.locale

    @property
    def is_regional_source(self) -> bool:
        return self.locale == DEFAULT_LOCALE and self.country is None


REGIONAL_SOURCE = Variant(DEFAULT_LOCALE)


def numbered(position: int, slug: str) -> str:
    """'01-understanding-trafficking': the order on disk, then the slug."""
    return f"{position:02d}-{slug}"


def file_name(stem: str, variant: Variant, extension: str) -> str:
    """'01-what-is-trafficking.th-TH.md'; the regional source has no code."""
    code = "" if variant.is_regional_source else f".{variant.code}"
    return f"{stem}{code}.{extension}"


def lesson_path(course: str, module: str, lesson: str, variant: Variant) -> str:
    """A lesson file's path from the content root; `module` and `lesson` are numbered names."""
    return f"modules/{course}/{module}/{file_name(lesson, variant, 'md')}"
