"""Quiz-bank translations: the same draft → review → publish cycle as lessons.

Only texts are translated. A translation is always built from its regional English source:
question ids, types, option ids, answers and settings are copied from it, never read from a
form, so a translated quiz grades exactly as its source does.
"""

import copy
import itertools
from dataclasses import dataclass, field

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.content.render import content_hash
from lms.content.variants import Variant
from lms.extensions import db
from lms.models import Module, Origin, Quiz, QuizVersion, User
from lms.store import outline
from lms.store.files import quiz_text
from lms.trainer.services import (
    DRAFT,
    IN_REVIEW,
    PUBLISHED,
    RETIRED,
    is_outdated,
    last_return,
    published,
    record_decision,
    status,
    working,
)

TEXTS = ("case", "prompt")  # a question's own texts, in the order the form shows them
ITEM_TEXTS = {"options": ("text",), "items": ("text",), "pairs": ("left", "right")}
MAX_TITLE, MAX_TEXT = 200, 4000
LABELS = {
    "title": _l("Quiz title"),
    "case": _l("Case"),
    "prompt": _l("Question"),
    "explanation": _l("Explanation"),
    "options.text": _l("Option %(id)s"),
    "items.text": _l("Step %(id)s"),
    "pairs.left": _l("Pair %(id)s, left"),
    "pairs.right": _l("Pair %(id)s, right"),
}
LONG = ("case", "prompt", "explanation")  # shown as text areas


# Finding the quiz and its versions ----------------------------------------------------


def module_quiz(module_id: int) -> Quiz:
    """The live quiz of a live module; 404 otherwise."""
    module = db.session.get(Module, module_id)
    quiz = live_quiz(module) if module is not None and module.retired_at is None else None
    return quiz or abort(404)


def live_quiz(module: Module) -> Quiz | None:
    return db.session.scalar(
        select(Quiz).where(Quiz.module_id == module.id, Quiz.retired_at.is_(None))
    )


def versions_of(quiz: Quiz, variant: Variant) -> list[QuizVersion]:
    """Every version of one variant of the bank, newest first."""
    country = (
        QuizVersion.country.is_(None)
        if variant.country is None
        else QuizVersion.country == variant.country
    )
    query = select(QuizVersion).where(
        QuizVersion.quiz_id == quiz.id, QuizVersion.locale == variant.locale, country
    )
    return list(db.session.scalars(query.order_by(QuizVersion.id.desc())))


def source_of(quiz: Quiz) -> QuizVersion | None:
    """The published regional English bank every translation is made from."""
    return next((v for v in quiz.versions if v.is_regional_source and v.status == PUBLISHED), None)


@dataclass
class QuizState:
    """One variant of a bank: its versions and what follows from them."""

    quiz: Quiz
    variant: Variant
    source: QuizVersion
    versions: list[QuizVersion]
    draft: QuizVersion | None = field(init=False)
    published: QuizVersion | None = field(init=False)

    def __post_init__(self):
        self.draft, self.published = working(self.versions), published(self.versions)

    @property
    def status(self) -> str:
        return status(self.versions, self.source)

    @property
    def outdated(self) -> bool:
        return is_outdated(self.published, self.source)

    @property
    def current(self) -> QuizVersion | None:
        """What the form starts from: the work in progress, else the published translation."""
        return self.draft or self.published

    @property
    def returned(self) -> QuizVersion | None:
        return last_return(self.versions)

    @property
    def earlier_source(self) -> QuizVersion | None:
        """The source the published translation was made from, when the source has changed."""
        if not self.outdated:
            return None
        wanted = self.published.source_hash
        return next((v for v in self.quiz.versions if v.content_hash == wanted), None)


def state(quiz: Quiz, variant: Variant) -> QuizState:
    source = source_of(quiz)
    if source is None:
        abort(404)
    return QuizState(quiz, variant, source, versions_of(quiz, variant))


# The texts of a bank ------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One translatable text: where it is in a bank (by question and item ids, so it is found
    in any version of the bank), what it is, and the source's text."""

    path: tuple[str, ...]  # ("title",) or (question id, ..., key)
    kind: str  # a key of LABELS
    item: str | None
    source: str

    @property
    def label(self) -> str:
        return str(LABELS[self.kind]) % {"id": self.item} if self.item else str(LABELS[self.kind])

    @property
    def long(self) -> bool:
        return self.kind in LONG


def slots(source: QuizVersion) -> list[Slot]:
    """Every text of the source bank, in the order the form shows them."""
    found = [Slot(("title",), "title", None, source.title)]
    for question in source.questions:
        found += _question_slots(question)
    return found


def _question_slots(question: dict) -> list[Slot]:
    found = list(_walk(question, (question["id"],)))
    return [*found, Slot((question["id"], "explanation"), "explanation", None,
                         question["explanation"])]  # fmt: skip


def _walk(node: dict, path: tuple[str, ...]):
    """The texts of a question, and of the question inside a scenario."""
    for key in TEXTS:
        if isinstance(node.get(key), str):
            yield Slot((*path, key), key, None, node[key])
    for key, texts in ITEM_TEXTS.items():
        for item in node.get(key) or []:
            for text in texts:
                yield Slot((*path, key, item["id"], text), f"{key}.{text}", item["id"], item[text])
    if isinstance(node.get("question"), dict):
        yield from _walk(node["question"], (*path, "question"))


def _holder(questions: list[dict], path: tuple[str, ...]) -> dict | None:
    """The mapping that holds the text at `path` (its last key), or None if the bank has none."""
    node = next((q for q in questions if q.get("id") == path[0]), None)
    keys = list(path[1:-1])
    while node is not None and keys:
        key = keys.pop(0)
        if key == "question":
            node = node.get(key) if isinstance(node.get(key), dict) else None
        else:
            item_id = keys.pop(0)
            node = next((i for i in node.get(key) or [] if i.get("id") == item_id), None)
    return node


def text_at(version: QuizVersion | None, path: tuple[str, ...]) -> str | None:
    """The text a version has at a slot's place, if any."""
    if version is None:
        return None
    if path == ("title",):
        return version.title
    holder = _holder(version.questions, path)
    value = holder.get(path[-1]) if holder else None
    return value if isinstance(value, str) else None


# The form -----------------------------------------------------------------------------


@dataclass
class Row:
    """One text in the form: the source on the left, the translation on the right."""

    name: str
    slot: Slot
    value: str
    error: str | None = None
    before: str | None = None  # the published translation's text, where it differs
    source_changed: bool = False  # the source's text changed since the published translation


def by_question(all_rows: list[Row]) -> list[tuple[int, list[Row]]]:
    """The rows in groups: the quiz title (numbered 0), then each question (1, 2, ...)."""
    groups = itertools.groupby(all_rows, key=lambda row: row.slot.path[0])
    return [(number, list(group)) for number, (_key, group) in enumerate(groups)]


def field_name(index: int) -> str:
    return f"text-{index}"


def rows(work: QuizState, typed: dict[str, str] | None = None, errors=None) -> list[Row]:
    """The form's rows, filled with what was typed, else the current draft's or published
    translation's texts, else nothing."""
    errors, earlier = errors or {}, work.earlier_source
    result = []
    for index, slot in enumerate(slots(work.source)):
        name = field_name(index)
        value = typed.get(name, "") if typed is not None else text_at(work.current, slot.path)
        before = text_at(work.published, slot.path) if work.draft else None
        changed = earlier is not None and text_at(earlier, slot.path) != slot.source
        result.append(Row(name, slot, value or "", errors.get(name),
                          before if before != value else None, changed))  # fmt: skip
    return result


def read_form(source: QuizVersion, form) -> tuple[dict[str, str], dict[str, str]]:
    """(texts by field name, errors by field name) from a submitted form. Only the text fields
    are read: anything else a form sends (ids, answers, settings) is ignored."""
    texts, errors = {}, {}
    for index, slot in enumerate(slots(source)):
        name = field_name(index)
        text = (form.get(name) or "").replace("\r\n", "\n")
        texts[name] = text
        if problem := _problem(slot, text):
            errors[name] = problem
    return texts, errors


def _problem(slot: Slot, text: str) -> str | None:
    limit = MAX_TITLE if slot.kind == "title" else MAX_TEXT
    if not text.strip():
        return _("Write the translation of this text.")
    if len(text) > limit:
        return _("Shorten this text to %(max)d characters or fewer.", max=limit)
    return None


def translate(source: QuizVersion, texts: dict[str, str]) -> tuple[str, list[dict]]:
    """(title, questions): the source's questions with the translated texts put in place."""
    questions = copy.deepcopy(source.questions)
    title = source.title
    for index, slot in enumerate(slots(source)):
        text = texts[field_name(index)].strip()
        if slot.path == ("title",):
            title = text
        else:
            _holder(questions, slot.path)[slot.path[-1]] = text
    return title, questions


# The cycle ----------------------------------------------------------------------------


def save_draft(user: User, work: QuizState, texts: dict[str, str]) -> QuizVersion:
    """A new immutable draft, made from the source: its settings, ids and answers, with the
    translated texts."""
    for version in work.versions:
        if version.status in (DRAFT, IN_REVIEW):
            version.status = RETIRED  # only the newest unpublished version is worked on
    title, questions = translate(work.source, texts)
    draft = QuizVersion(
        quiz=work.quiz,
        locale=work.variant.locale,
        country=work.variant.country,
        title=title,
        settings=dict(work.source.settings),
        questions=questions,
        status=DRAFT,
        origin=Origin.BROWSER,
        author_id=user.id,
        source_hash=work.source.content_hash,
    )
    draft.content_hash = content_hash(quiz_text(draft))
    db.session.add(draft)
    db.session.flush()
    return draft


def review(user: User, work: QuizState, approve: bool, comment: str) -> bool:
    """Approve (publish, retiring what was published) or return the version with comments."""
    version = work.draft
    if version is None or version.status != IN_REVIEW:
        return False
    record_decision(user, version, approve, comment)
    if not approve:
        return True
    if work.published is not None:
        work.published.status = RETIRED
    version.status = PUBLISHED
    outline.bump()  # learners take the quiz in their language from their next request
    return True
