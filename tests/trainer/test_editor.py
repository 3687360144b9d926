"""The translators' editor: front matter in labelled fields, the body section by section beside
the English source, composed into the same lesson file the single text box wrote."""

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from flask import get_template_attribute
from sqlalchemy import select

from lms.content.files import LESSON_FILE, Problem
from lms.models import Lesson, LessonVersion, VersionStatus
from lms.store.files import export_text, file_text
from lms.trainer import editor
from tests.trainer.steps import change_source, publish_in_browser, save, start, trainer, workspace

MODULES = Path(__file__).resolve().parents[2] / "modules"

# What a trainer types into the fields (a browser sends line breaks in boxes as CR LF) ...
TYPED = {
    "title": "บทเรียนที่สอง",
    "estimated_minutes": "12",
    "objectives": "อธิบายการส่งต่อ\r\nรับรู้สัญญาณ\r\n",
    "content_warning": "บทเรียนนี้กล่าวถึงการบังคับใช้แรงงาน",
    "sources": "",  # cleared: the key leaves the file
    "review_note": "",
    "sections-0": "## ต่อไป\r\n\r\nดู [บทเรียนการดูแล](../02-care/01-third.md)\r\n\r\n",
    "sections-1": "## ประเด็นสำคัญ\r\n\r\n- ข้อแรก",  # no final line break: it is added
}
# ... and the file the single text box held for the same content, key order included: the
# fields the variant was started with first, then the new one.
SAME_FILE = """---
title: บทเรียนที่สอง
estimated_minutes: 12
objectives:
- อธิบายการส่งต่อ
- รับรู้สัญญาณ
content_warning: บทเรียนนี้กล่าวถึงการบังคับใช้แรงงาน
---

## ต่อไป

ดู [บทเรียนการดูแล](../02-care/01-third.md)

## ประเด็นสำคัญ

- ข้อแรก"""


class _Fields(HTMLParser):
    """The values a browser submits from the editor form, as it shows them."""

    def __init__(self):
        super().__init__()
        self.values, self._in_form, self._textarea = {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = "editor" in (attrs.get("class") or "")
        elif self._in_form and tag == "input" and attrs.get("name"):
            value = (attrs.get("value") or "").replace("\n", "\r\n")  # sent as CR LF
            self.values[attrs["name"]] = value
        elif self._in_form and tag == "textarea":
            self._textarea = attrs["name"]
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # A browser drops the line break right after <textarea>, and sends CR LF.
            text = self.values[self._textarea].removeprefix("\r\n").removeprefix("\n")
            self.values[self._textarea] = text.replace("\r\n", "\n").replace("\n", "\r\n")
            self._textarea = None


def shown_fields(client, url: str) -> dict[str, str]:
    parser = _Fields()
    parser.convert_charrefs = True
    parser.feed(client.get(url).get_data(as_text=True))
    return parser.values


def newest(db, lesson, country="TH") -> LessonVersion:
    return db.session.scalars(
        select(LessonVersion)
        .filter_by(lesson_id=lesson.id, country=country)
        .order_by(LessonVersion.id.desc())
    ).first()


def test_fields_save_the_file_the_single_text_box_would_have(client, db, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    start(client, lesson)  # from the English source: title, minutes, objectives, sources
    data = {**shown_fields(client, workspace(lesson)), **TYPED, "action": "save"}
    assert client.post(f"{workspace(lesson)}/edit", data=data).status_code == 302
    draft = newest(db, lesson)
    assert draft.status == VersionStatus.DRAFT
    assert file_text(draft) == SAME_FILE  # byte for byte
    front, _, body = SAME_FILE.removeprefix("---\n").partition("---\n")
    assert draft.markdown == body  # the blank line after --- included, as an import stores it
    assert {"title": draft.title, **draft.meta} == yaml.safe_load(front)


@pytest.mark.parametrize(("slug", "code"), [("first", "th-TH"), ("hotlines", "km-KH")])
def test_an_untouched_save_of_an_imported_variant_changes_nothing(
    client, db, tree, make_user, login, slug, code
):
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == slug))
    login(trainer(make_user, code[-2:]))
    imported = newest(db, lesson, code[-2:])
    fields = shown_fields(client, workspace(lesson, code))
    assert editor.read_front(fields["front"]) == editor.front_of(imported)  # national included
    response = client.post(f"{workspace(lesson, code)}/edit", data={**fields, "action": "save"})
    assert response.status_code == 302
    draft = newest(db, lesson, code[-2:])
    assert draft.id != imported.id and draft.markdown == imported.markdown
    assert draft.title == imported.title
    # `national` is kept: the import stores it in the front matter, a browser save in the
    # lesson (exported again from there), so the exported files agree field for field.
    assert draft.meta == {k: v for k, v in imported.meta.items() if k != "national"}
    assert _parsed(export_text(draft)) == _parsed(export_text(imported))
    on_disk = next(tree.glob(f"modules/introductory/*/*-{slug}.{code}.md")).read_text()
    assert _parsed(export_text(draft))[1] == _parsed(on_disk)[1]  # the body, byte for byte


def _parsed(text: str) -> tuple[dict, str]:
    front, _, body = text.removeprefix("---\n").partition("\n---\n")
    return yaml.safe_load(front), body


def test_keys_the_form_does_not_edit_are_kept_and_checked(client, db, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    start(client, lesson)
    fields = shown_fields(client, workspace(lesson))
    before = newest(db, lesson).id
    front = fields["front"] + "summary: not a lesson field\r\n"
    response = client.post(f"{workspace(lesson)}/edit", data={**fields, "front": front})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and newest(db, lesson).id == before
    assert "<li>unknown front matter field 'summary'</li>" in html.unescape(page)


def test_the_source_sits_beside_the_translation_section_by_section(
    client, db, lesson, make_user, login
):
    login(trainer(make_user, "TH"))
    start(client, lesson)
    save(client, lesson)  # the Thai text: one section, ## ต่อไป
    page = client.get(workspace(lesson)).get_data(as_text=True)
    grid = page.split('<div class="side-by-side paired">')[2].split("</form>")[0]
    source, translation = grid.index("<pre>## Going on"), grid.index('name="sections-0"')
    assert 0 < source < translation  # in one row: the English section, then its translation
    assert '<div class="from-source" lang="en">' in grid
    assert '<label for="sections-0">Section 1: ต่อไป</label>' in grid
    title = page.split('<div class="side-by-side paired">')[1]
    assert title.index("<pre>Second lesson</pre>") < title.index('name="title"')


def test_a_translation_shorter_than_its_source_gets_boxes_for_the_rest(
    client, db, tree, lesson, make_user, login
):
    source = tree / "modules/introductory/01-basics/02-second.md"
    source.write_text(source.read_text() + "\n\n## Key points\n\n- One.\n")
    change_source(db, tree, words="More.")
    login(trainer(make_user, "TH"))
    start(client, lesson)
    save(client, lesson)  # one Thai section for the source's two
    fields = shown_fields(client, workspace(lesson))
    assert fields["sections-1"] == ""  # beside "## Key points"
    data = {**fields, "sections-1": "## ประเด็นสำคัญ\r\n\r\n- หนึ่ง\r\n", "action": "preview"}
    page = client.post(f"{workspace(lesson)}/edit", data=data).get_data(as_text=True)
    assert "Preview (not saved)" in page and "<li>หนึ่ง</li>" in page


def test_a_preview_cuts_a_typed_heading_into_a_section_of_its_own(
    client, db, lesson, make_user, login
):
    login(trainer(make_user, "TH"))
    start(client, lesson)
    fields = shown_fields(client, workspace(lesson))
    typed = "## ต่อไป\r\n\r\nหนึ่ง\r\n\r\n## ใหม่\r\n\r\nสอง\r\n"
    data = {**fields, "sections-0": typed, "action": "preview"}
    response = client.post(f"{workspace(lesson)}/edit", data=data)
    assert response.status_code == 200
    shown = _Fields()
    shown.feed(response.get_data(as_text=True))
    assert shown.values["sections-0"] == "## ต่อไป\r\n\r\nหนึ่ง\r\n\r\n"
    assert shown.values["sections-1"] == "## ใหม่\r\n\r\nสอง\r\n"
    assert newest(db, lesson).markdown.count("##") == 1  # a preview saves nothing


def test_an_outdated_variant_shows_what_changed_and_the_source_as_it_is_now(
    client, db, tree, lesson, make_user, login
):
    publish_in_browser(client, lesson, make_user, login)
    change_source(db, tree, words="A NEW PARAGRAPH IN THE SOURCE.")
    page = client.get(workspace(lesson)).get_data(as_text=True)
    assert '<span class="added">+A NEW PARAGRAPH IN THE SOURCE.</span>' in page  # the drift
    beside = page.split('<div class="from-source" lang="en">')[-1]
    assert "A NEW PARAGRAPH IN THE SOURCE." in beside.split("</pre>")[0]


def test_a_national_lesson_has_no_source_column(client, db, tree, make_user, login):
    national = db.session.scalar(select(Lesson).where(Lesson.slug == "hotlines"))
    login(trainer(make_user, "KH"))
    page = client.get(workspace(national, "km-KH")).get_data(as_text=True)
    assert 'name="sections-0"' in page and "from-source" not in page


def test_fields_and_problems_speak_the_trainers_language(app, client, lesson, make_user, login):
    login(trainer(make_user, "TH", locale="th"))
    start(client, lesson)
    fields = shown_fields(client, workspace(lesson))
    data = {**fields, "estimated_minutes": "0"}
    page = client.post(f"{workspace(lesson)}/edit", data=data).get_data(as_text=True)
    assert '<label for="title">ชื่อเรื่อง</label>' in page
    assert 'id="estimated_minutes-error"' in page and 'aria-invalid="true"' in page
    problem = Problem("x.md", 7, "Title (in English)", template="Title")
    with app.test_request_context(headers={"Accept-Language": "th"}):
        shown = get_template_attribute("trainer/_editor.html", "problem_text")
        assert shown(problem, None) == "ชื่อเรื่อง"  # the template, through the catalogue
        assert "7" in shown(problem, (1, 7)) and "ชื่อเรื่อง" in shown(problem, (1, 7))
        assert shown(Problem("x.md", 1, "<b>plain</b>"), None) == "&lt;b&gt;plain&lt;/b&gt;"


def test_the_module_page_lists_lessons_by_title(client, lesson, make_user, login):
    login(trainer(make_user, "TH"))
    page = client.get(f"/trainer/modules/{lesson.module_id}/th-TH").get_data(as_text=True)
    assert ">บทเรียนแรก (ประเทศไทย)</a>" in page  # the variant's own title
    assert ">Second lesson</a>" in page and ">second</a>" not in page  # else the source's


# The composition itself, over every lesson file of the curriculum ----------------------


def curriculum_files() -> list[Path]:
    return sorted(p for p in MODULES.rglob("*.md") if LESSON_FILE.match(p.name))


@pytest.mark.parametrize("path", curriculum_files(), ids=lambda p: p.name)
def test_unchanged_fields_compose_exactly_what_the_single_text_box_showed(path):
    front_text, _, body = path.read_text().removeprefix("---\n").partition("\n---\n")
    front = yaml.safe_load(front_text)
    version = LessonVersion(title=front.pop("title"), meta=front, markdown=body)
    shown = editor.form_data(editor.front_of(version), version.markdown.lstrip(), 20)
    texts = {key: shown[key] for key in editor.FIELDS}
    composed = editor.compose(shown["front"], texts, shown["sections"])
    assert composed.text == file_text(version)
    untitled = editor.dump(version.meta)  # the title comes from its field: dumped, in place
    assert editor.compose(untitled, texts, shown["sections"]).text == file_text(version)
