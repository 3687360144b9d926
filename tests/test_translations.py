"""Interface catalogues: every locale complete, no fuzzy entries, placeholders intact, and
nothing in the code that the catalogues have not caught up with."""

import re

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from lms.cli import EXTRACT
from lms.config import ROOT
from lms.i18n import DEFAULT_LOCALE, LOCALES
from tests.conftest import csrf_token, translated

PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]|%%")
TRANSLATED = sorted(set(LOCALES) - {DEFAULT_LOCALE})


def catalogue(code: str):
    with open(ROOT / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file)


@pytest.fixture(scope="module")
def current_messages(tmp_path_factory) -> set[str]:
    """The msgids in the code today, extracted afresh."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", *EXTRACT, "-o", str(pot),
                                str(ROOT / "lms")])  # fmt: skip
    with open(pot, "rb") as file:
        return {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(file)
            if message.id
        }


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_is_complete_and_not_fuzzy(code, current_messages):
    messages = [m for m in catalogue(code) if m.id]
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in messages}
    assert current_messages <= ids, sorted(current_messages - ids)[:5]
    for message in messages:
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        assert not message.fuzzy, message.id
        assert all(strings), message.id


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_match(code):
    for message in catalogue(code):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        allowed = [sorted(PLACEHOLDER.findall(i)) for i in ids]
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) in allowed, (message.id, string)


@pytest.mark.parametrize("code", ["th", "km", "lo", "my", "vi", "tet"])
def test_pages_are_served_in_the_chosen_language(client, code):
    """The catalogue is compiled and used: a visitor's page comes back translated."""
    title = dict((m.id, m.string) for m in catalogue(code) if m.id)["Courses"]
    client.set_cookie("lms_locale", code)
    page = client.get("/").get_data(as_text=True)
    assert f'<html lang="{code}">' in page
    assert f"<h1>{title}</h1>" in page


@pytest.mark.parametrize("code", ["th", "tet"])
def test_the_forms_own_messages_are_in_the_readers_language(app, client, code):
    """WTForms writes some messages itself; ours translate them (not Portuguese for Tetum)."""
    client.set_cookie("lms_locale", code)
    form = {"email": "not an address", "csrf_token": csrf_token(client, "/register")}
    page = client.post("/register", data=form).get_data(as_text=True)
    for message in ("Invalid email address.", "This field is required."):
        shown = translated(app, code, message)
        assert shown != message and shown in page
