"""The languages and countries the curriculum is made for. Plain data: no Flask, no Babel."""


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "mark for translation, later"
    """Marks a string for the catalogues; the interface translates it when it shows it."""
    return text


# Interface and content languages: code -> name in that language (shown as is, everywhere).
LOCALES = {
    "en": "English",
    "ms": "Bahasa Melayu",
    "km": "ខ្មែរ",
    "id": "Bahasa Indonesia",
    "lo": "ລາວ",
    "my": "မြန်မာ",
    "fil": "Filipino",
    "th": "ไทย",
    "tet": "Tetun",
    "vi": "Tiếng Việt",
}
DEFAULT_LOCALE = "en"

# The 11 ASEAN member states by ISO 3166 alpha-2 code, with their English names.
COUNTRY_NAMES = {
    "BN": N_("Brunei Darussalam"),
    "KH": N_("Cambodia"),
    "ID": N_("Indonesia"),
    "LA": N_("Lao PDR"),
    "MY": N_("Malaysia"),
    "MM": N_("Myanmar"),
    "PH": N_("Philippines"),
    "SG": N_("Singapore"),
    "TH": N_("Thailand"),
    "TL": N_("Timor-Leste"),
    "VN": N_("Viet Nam"),
}
OTHER_COUNTRY = "XX"  # a learner working outside the member states

# Each member state's time zone (the capital's), the default for people who work there.
COUNTRY_ZONES = {
    "BN": "Asia/Brunei",
    "KH": "Asia/Phnom_Penh",
    "ID": "Asia/Jakarta",
    "LA": "Asia/Vientiane",
    "MY": "Asia/Kuala_Lumpur",
    "MM": "Asia/Yangon",
    "PH": "Asia/Manila",
    "SG": "Asia/Singapore",
    "TH": "Asia/Bangkok",
    "TL": "Asia/Dili",
    "VN": "Asia/Ho_Chi_Minh",
}
# The zones a person can choose: the capitals', the other zones inside member states, and UTC.
ZONES = (*COUNTRY_ZONES.values(), "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura",
         "Asia/Kuching", "UTC")  # fmt: skip
