"""What a trainer does in the workspace, step by step, through the real forms."""

import html
import re

import yaml

from lms.models import Role
from lms.trainer.editor import FIELDS, field_text, split_sections
from tests.conftest import csrf_token

THAI_TEXT = """---
title: บทเรียนที่สอง
estimated_minutes: 5
review_note: Awaits review by a native-speaking subject expert.
---

## ต่อไป

ดู [บทเรียนการดูแล](../02-care/01-third.md) เนื้อหาภาษาไทย
"""


def trainer(make_user, *countries, role=Role.TRAINER, **profile):
    """A saved trainer (or administrator) scoped to `countries`."""
    from lms.auth.services import set_scope
    from lms.extensions import db

    user = make_user(role=role, **profile)
    set_scope(user, list(countries))
    db.session.commit()
    return user


def workspace(lesson, code="th-TH") -> str:
    return f"/trainer/lessons/{lesson.id}/{code}"


def post(client, url, page, **data):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, page)})


def sign_out(client):
    return client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})


def start(client, lesson, source="source", code="th-TH"):
    return post(
        client, f"{workspace(lesson, code)}/start", workspace(lesson, code), **{"from": source}
    )


def edit_fields(text: str) -> dict[str, str]:
    """A lesson file as a trainer types it into the editor: each front matter field in its
    box (lists one item per line), and the body cut into its sections."""
    lines = text.splitlines(keepends=True)
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    front = yaml.safe_load("".join(lines[1:end])) or {}
    body = "".join(lines[end + 1 :]).removeprefix("\n")
    fields = {key: field_text(key, front.get(key)) for key in FIELDS}
    return {**fields, **{f"sections-{n}": part for n, part in enumerate(split_sections(body))}}


def editor_page(client, lesson, code="th-TH") -> dict[str, str]:
    """The editor's hidden values on the page: the CSRF token and the front matter shown."""
    page = client.get(workspace(lesson, code)).get_data(as_text=True)
    hidden = dict(re.findall(r'name="(csrf_token|front)" type="hidden" value="([^"]*)"', page))
    return {name: html.unescape(value) for name, value in hidden.items()}


def save(client, lesson, text=THAI_TEXT, action="save", code="th-TH", **fields):
    """Fill the editor's fields with `text` (then any `fields` given), and preview or save."""
    data = {**editor_page(client, lesson, code), **edit_fields(text), **fields}
    return client.post(f"{workspace(lesson, code)}/edit", data={**data, "action": action})


def submit(client, lesson, code="th-TH"):
    return post(client, f"{workspace(lesson, code)}/submit", workspace(lesson, code))


def review_page(client, lesson, code="th-TH") -> tuple[str, str]:
    """The workspace as the reviewer opens it: (CSRF token, id of the version shown)."""
    page = client.get(workspace(lesson, code)).get_data(as_text=True)
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', page)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert version and token, "no review form on the page"
    return token.group(1), version.group(1)


def decide(client, lesson, decision="approve", comment="", code="th-TH", seen=None):
    """Send a review decision for the version on the page (or the one `seen` earlier)."""
    token, version_id = seen or review_page(client, lesson, code)
    data = {"csrf_token": token, "version_id": version_id, "decision": decision}
    return client.post(f"{workspace(lesson, code)}/review", data={**data, "comment": comment})


def publish_in_browser(client, lesson, make_user, login, text=THAI_TEXT, code="th-TH"):
    """An author saves and submits; a second trainer approves, and stays signed in."""
    country = code.partition("-")[2]
    login(trainer(make_user, country))
    if not client.get(workspace(lesson, code)).get_data(as_text=True).count('name="sections-0"'):
        start(client, lesson, code=code)
    save(client, lesson, text=text, code=code)
    submit(client, lesson, code=code)
    sign_out(client)
    reviewer = trainer(make_user, country, full_name="Somchai Reviewer")
    login(reviewer)
    decide(client, lesson, code=code)
    return reviewer


def queue_counts(client) -> dict[str, int]:
    """The counts of the work queue on the trainer's page, as the user sees them."""
    page = client.get("/trainer").get_data(as_text=True)
    found = re.findall(r'id="queue-(\w+)">[^<]*<span class="count">(\d+)</span>', page)
    assert len(found) == 3, "no work queue on the page"
    return {kind: int(count) for kind, count in found}


def change_source(db, tree, slug="02-second", words="A NEW PARAGRAPH IN THE SOURCE."):
    """The regional English text of a Basics lesson changes, and the content is imported."""
    from lms.content.files import load_tree
    from lms.store.importer import import_tree

    source = tree / f"modules/introductory/01-basics/{slug}.md"
    text = source.read_text()
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    source.write_text(text.replace(heading, f"{heading}\n\n{words}", 1))
    import_tree(db.session, load_tree(tree))
    db.session.commit()
