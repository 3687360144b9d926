"""Every word of the interface in the reader's language, checked on the pages as rendered.

Each main page is rendered in English and in a locale. Any text that comes out the same in
both is an English string left untranslated, unless it came from the content or the person
(titles and lessons not yet translated, a name, an email), or is a code or a number. The
check reads the pages, not the catalogues, so it also catches strings that extraction misses.
"""

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po

from lms.config import ROOT
from lms.content.files import load_tree
from lms.i18n import DEFAULT_LOCALE, LOCALES
from lms.models import User
from tests.conftest import SMALL_CONTENT, csrf_token, start_quiz

TRANSLATED = sorted(set(LOCALES) - {DEFAULT_LOCALE})
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
SIGNED_IN_PAGES = (
    "/dashboard",
    "/learn/introductory",
    "/learn/introductory/basics/first",
    "/learn/introductory/quizzes/basics",
    "/profile",
    "/certificates",
    "/privacy",
    "/sessions",
)
NUMBERED = re.compile(r"^\d+\. ")  # "1. Basics": a module's number before its title
NEUTRAL = re.compile(r"^[\W\d_]*$|^PDF$|^JSON$|^UTC$|^ASEAN$")  # numbers, marks, acronyms


class TextCollector(HTMLParser):
    """The text a reader sees or hears: text nodes and the attributes read aloud."""

    def __init__(self):
        super().__init__()
        self.texts: set[str] = set()
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in ("script", "style")
        self.texts |= {value.strip() for name, value in attrs if name in SHOWN_ATTRIBUTES and value}

    def handle_endtag(self, tag):
        self.skipping -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.add(" ".join(data.split()))


def shown_texts(page: str) -> set[str]:
    collector = TextCollector()
    collector.feed(page)
    return collector.texts


def same_by_choice(locale: str) -> set[str]:
    """Words a translator kept as they are ("Malaysia" in Malay, "Profile" in Filipino)."""
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as file:
        return {m.id for m in read_po(file) if isinstance(m.id, str) and m.id == m.string}


def content_words() -> str:
    """Everything the fixture curriculum says, so its untranslated titles are not flagged."""
    tree = load_tree(SMALL_CONTENT)
    parts = [str(c.meta) for c in tree.courses]
    parts += [str(m.meta) for c in tree.courses for m in c.modules]
    parts += [f.text for c in tree.courses for m in c.modules for lesson in m.lessons
              for f in (lesson.source, *lesson.variants)]  # fmt: skip
    parts += [q.source.text for q in tree.quizzes]
    return " ".join(" ".join(parts).split())


def pages(client, db, user: User) -> dict[str, str]:
    """The main pages as this person sees them, with a quiz attempt and a form's errors."""
    shown = {url: client.get(url).get_data(as_text=True) for url in SIGNED_IN_PAGES}
    attempt = start_quiz(client, db, "introductory", "basics")
    url = f"/learn/introductory/quizzes/basics/attempts/{attempt.id}"
    shown["a quiz attempt"] = client.get(url).get_data(as_text=True)
    form = {"full_name": "", "country": "", "csrf_token": csrf_token(client, "/profile")}
    shown["/profile (errors)"] = client.post("/profile", data=form).get_data(as_text=True)
    return shown


@pytest.fixture
def pages_in(app, db, client, content, make_user, login):
    def render(locale: str) -> tuple[dict[str, str], User]:
        user = make_user(locale=locale, full_name="Dara Sok", email=f"dara.{locale}@example.org")
        login(user)
        shown = pages(client, db, user)
        client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
        return shown, user

    return render


@pytest.mark.parametrize("locale", TRANSLATED)
def test_no_interface_text_is_left_in_english(pages_in, locale):
    english, _ = pages_in(DEFAULT_LOCALE)
    translated, user = pages_in(locale)
    known = content_words() + f" {user.full_name} {user.email} " + " ".join(LOCALES.values())
    kept = same_by_choice(locale)
    left = {}
    for url, page in english.items():
        same = shown_texts(page) & shown_texts(translated[url])
        untranslated = {t for t in same if not NEUTRAL.match(t) and t not in kept
                        and NUMBERED.sub("", t) not in known}  # fmt: skip
        if untranslated:
            left[url] = sorted(untranslated)
    assert left == {}
