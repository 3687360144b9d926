"""The closed lists a profile is made of. Keys are stored; labels are translated at display."""

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from lms.i18n import COUNTRIES, LOCALES, OTHER_COUNTRY, ZONES, zone_name

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


# The groups reports count people in: each stored gender's group; anything else, "not_stated".
GENDER_GROUP_OF = {"woman": "women", "man": "men", "another": "another"}


def gender_group_labels() -> dict[str, str]:
    """The groups reports count people in (stored genders fall into them)."""
    labels = {"women": _l("Women"), "men": _l("Men"), "another": _l("Another identity"),
              "not_stated": _l("Not stated")}  # fmt: skip
    return {key: str(label) for key, label in labels.items()}


def options(mapping: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in mapping.items()]


def unchosen(listed: list[SelectChoice]) -> list[SelectChoice]:
    """A list that starts with an empty 'Choose…', so nothing is chosen for the person."""
    return [SelectChoice("", _l("Choose…")), *listed]


def country_options() -> list[SelectChoice]:
    """The member states only (scopes of trainers and national administrators)."""
    return options(COUNTRIES)


def country_choices() -> list[SelectChoice]:
    return [*country_options(), SelectChoice(OTHER_COUNTRY, _l("Other country"))]


def locale_choices() -> list[SelectChoice]:
    """Each language named in itself, marked with its code so screen readers pronounce it."""
    return [SelectChoice(code, name, {"lang": code}) for code, name in LOCALES.items()]


def zone_choices() -> list[SelectChoice]:
    """Empty means the zone of the country where the person works; the rest by their names."""
    return [SelectChoice("", _l("The time of the country where I work")),
            *(SelectChoice(zone, zone_name(zone)) for zone in ZONES)]  # fmt: skip


def gender_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("Not given")), *options(GENDERS)]
