"""The closed lists a profile is made of. Keys are stored; labels are translated at display."""

from flask_babel import lazy_gettext as _l

from lms.i18n import COUNTRIES, LOCALES, OTHER_COUNTRY

SECTORS = {
    "law_enforcement": _l("Law enforcement"),
    "prosecution_judiciary": _l("Prosecution and judiciary"),
    "social_work": _l("Social work and child protection"),
    "health": _l("Health"),
    "labour_inspection": _l("Labour inspection"),
    "immigration_border": _l("Immigration and border"),
    "shelter_ngo": _l("Shelter and NGO services"),
    "education": _l("Education"),
    "other": _l("Other"),
}
ORGANISATION_TYPES = {
    "government": _l("Government"),
    "ngo": _l("NGO or civil society"),
    "international": _l("International organisation"),
    "other": _l("Other"),
}
GENDERS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "another": _l("Another identity"),
    "undisclosed": _l("Prefer not to say"),
}


def country_choices() -> list[tuple[str, str]]:
    return [*COUNTRIES.items(), (OTHER_COUNTRY, _l("Other country"))]


def locale_choices() -> list[tuple[str, str]]:
    return list(LOCALES.items())
