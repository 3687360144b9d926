"""Variant rules: who may edit and review what, saving drafts, review, drift and status."""

import difflib
import json
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urljoin

import nh3
from flask import abort, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, literal_column, or_, select, union_all
from sqlalchemy.orm import aliased, load_only, selectinload

from lms.content.files import LessonFile, lesson_href, parse_lesson_text
from lms.content.render import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    content_hash,
    render_markdown,
)
from lms.content.variants import REGIONAL_SOURCE, Variant, VariantError
from lms.extensions import db
from lms.i18n import COUNTRIES, LOCALES
from lms.models import (
    Course,
    Lesson,
    LessonVersion,
    Module,
    Origin,
    Quiz,
    QuizVersion,
    Role,
    TitleVersion,
    User,
    VersionStatus,
)
from lms.models._types import utcnow
from lms.permissions import Action, may
from lms.store import outline
from lms.store.files import export_text, file_text, lesson_paths, variant_path
from lms.trainer import notify

DRAFT, IN_REVIEW = VersionStatus.DRAFT, VersionStatus.IN_REVIEW
PUBLISHED, RETIRED = VersionStatus.PUBLISHED, VersionStatus.RETIRED
# The languages a country's variants are usually made in; others can still be added.
COUNTRY_LANGUAGES = {
    "BN": ["ms"], "KH": ["km"], "ID": ["id"], "LA": ["lo"], "MY": ["ms"], "MM": ["my"],
    "PH": ["fil", "en"], "SG": ["en"], "TH": ["th"], "TL": ["tet"], "VN": ["vi"],
}  # fmt: skip
NOT_STARTED = "not_started"
# Least ready first: a module's cell shows its least ready lesson.
STATUS_ORDER = [NOT_STARTED, "draft", "in_review", "outdated", "published"]


def parse_variant(code: str) -> Variant:
    """The variant named in a URL; 404 if malformed or the regional source (edited in files)."""
    try:
        return Variant.parse(code)
    except VariantError:
        abort(404)


# Permissions --------------------------------------------------------------------------


def visible_variants(user: User) -> list[Variant]:
    """The matrix columns: the usual languages of every country in scope."""
    countries = sorted(user.scoped_countries or COUNTRIES)
    variants = [Variant(locale, cc) for cc in countries for locale in COUNTRY_LANGUAGES[cc]]
    if user.role == Role.ADMIN and not user.scoped_countries:
        variants += [Variant(locale, None) for locale in LOCALES if locale != "en"]
    return variants


# Versions -----------------------------------------------------------------------------


def get_lesson(lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.retired_at is not None:
        abort(404)
    return lesson


def versions_of(lesson: Lesson, variant: Variant) -> list[LessonVersion]:
    """Every version of one variant, newest first."""
    return list(
        db.session.scalars(
            select(LessonVersion)
            .where(
                LessonVersion.lesson_id == lesson.id,
                LessonVersion.locale == variant.locale,
                LessonVersion.country.is_(None)
                if variant.country is None
                else LessonVersion.country == variant.country,
            )
            .order_by(LessonVersion.id.desc())
        )
    )


def source_of(lesson: Lesson) -> LessonVersion | None:
    """The published regional English text a variant is made from (None for national lessons)."""
    return next(
        (v for v in lesson.versions if v.is_regional_source and v.status == PUBLISHED), None
    )


def published(versions: list[LessonVersion]) -> LessonVersion | None:
    return next((v for v in versions if v.status == PUBLISHED), None)


def working(versions: list[LessonVersion]) -> LessonVersion | None:
    """The newest draft or version in review, if newer than what is published."""
    newest = versions[0] if versions else None
    return newest if newest is not None and newest.status in (DRAFT, IN_REVIEW) else None


def is_outdated(version: LessonVersion | None, source: LessonVersion | None) -> bool:
    return bool(version and source and version.source_hash != source.content_hash)


def status(versions: list[LessonVersion], source: LessonVersion | None) -> str:
    """One plain status (one of STATUS_ORDER) from a variant's versions, newest first: work in
    progress wins over what is published, so a new lesson with a draft reads "draft"."""
    if draft := working(versions):
        return draft.status.value
    current = published(versions)
    if current is None:
        return NOT_STARTED
    return "outdated" if is_outdated(current, source) else "published"


def source_changes(lesson: Lesson, version: LessonVersion) -> list[tuple[str, str]]:
    """What changed in the regional source since the version this variant was made from."""
    source = source_of(lesson)
    if not is_outdated(version, source):
        return []
    old = next((v for v in lesson.versions if v.content_hash == version.source_hash), None)
    return diff_lines(old.markdown if old else "", source.markdown)


def diff_lines(before: str, after: str) -> list[tuple[str, str]]:
    """A unified diff of two texts as (added/removed/hunk/same, line) pairs."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2)
    return [(_kind(line), line) for line in list(diff)[2:]]


def _kind(line: str) -> str:
    return {"+": "added", "-": "removed", "@": "hunk"}.get(line[:1], "same")


# Review -------------------------------------------------------------------------------


def review_base(versions: list[LessonVersion], source: LessonVersion | None):
    """What a version in review is compared with: the variant's published text, else (a first
    translation) the regional English source; None for a new national lesson."""
    return published(versions) or source


def review_diff(base: LessonVersion, draft: LessonVersion) -> list[tuple[str, str]]:
    """The draft against its base as whole files, so title and front-matter changes show too."""
    return diff_lines(file_text(base), file_text(draft))


def learner_links(html: str, learner_url: str) -> str:
    """Stored lesson HTML has links relative to the learner's page of the lesson (as an import
    writes them); shown under /trainer/... they would break, so resolve them against it."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative=partial(_resolve, learner_url),
    )


def _resolve(base: str, href: str) -> str:
    """A link within the text (#part) stays in the preview; any other goes where the learner's
    browser would take it."""
    return href if href.startswith("#") else urljoin(base, href)


# Editing ------------------------------------------------------------------------------


def check_text(lesson: Lesson, variant: Variant, text: str):
    """(parsed lesson, problems) for an edited text, validated as its file would be."""
    return parse_lesson_text(text, variant_path(lesson, variant), variant.locale, variant.country,
                             lesson_paths())  # fmt: skip


def preview_html(lesson: Lesson, variant: Variant, body: str) -> str:
    """Rendered exactly as an import of the variant's file would render it."""
    paths, here = lesson_paths(), variant_path(lesson, variant)
    return render_markdown(body, lambda href: lesson_href(paths, here, href), time_limit=True)


def save_draft(
    user: User, lesson: Lesson, variant: Variant, parsed: LessonFile, html: str | None = None
) -> LessonVersion:
    """Every save is a new immutable version, with its author and time. `html` is the text
    already rendered for it, if the caller has it."""
    meta = {k: v for k, v in parsed.meta.items() if k not in ("title", "source_hash", "national")}
    _retire_older_drafts(lesson, variant)
    source = source_of(lesson)
    draft = LessonVersion(
        lesson=lesson,
        locale=variant.locale,
        country=variant.country,
        title=parsed.title.strip(),
        markdown=parsed.body,
        html=html if html is not None else preview_html(lesson, variant, parsed.body),
        meta=meta,
        status=DRAFT,
        origin=Origin.BROWSER,
        author_id=user.id,
    )
    draft.source_hash = source.content_hash if source else None
    draft.content_hash = content_hash(export_text(draft))
    db.session.add(draft)
    db.session.flush()
    return draft


def _retire_older_drafts(lesson: Lesson, variant: Variant) -> None:
    """Only the newest unpublished version is worked on; older ones stay as history."""
    for version in versions_of(lesson, variant):
        if version.status in (DRAFT, IN_REVIEW):
            version.status = RETIRED


def copy_as_draft(user: User, lesson: Lesson, variant: Variant, original: LessonVersion):
    """Start a variant from another text, or restore an earlier version, as a new draft."""
    copied = LessonFile(
        path=variant_path(lesson, variant),
        locale=variant.locale,
        country=variant.country,
        meta={"title": original.title, **original.meta},
        body=original.markdown,
        text=file_text(original),
    )
    return save_draft(user, lesson, variant, copied, original.html)  # same folder: same links


def submit_for_review(version) -> bool:
    """A draft (of a lesson, quiz or titles) goes to review; reviewers who asked are told."""
    if version.status != DRAFT:
        return False
    version.status = IN_REVIEW
    notify.review_waiting(version)
    return True


def record_decision(user: User, version, approve: bool, comment: str) -> None:
    """The reviewer, time and comments on any version; one returned goes back to its author
    as a draft, and the author is told if they asked."""
    version.reviewed_by_id, version.reviewed_at = user.id, utcnow()
    version.review_comment = comment or None
    if not approve:
        version.status = DRAFT
        notify.returned(version)


def review(user: User, version: LessonVersion, approve: bool, comment: str) -> bool:
    """Approve (publish, retiring what was published) or return the version with comments."""
    if version.status != IN_REVIEW:
        return False
    record_decision(user, version, approve, comment)
    if not approve:
        return True
    for other in versions_of(version.lesson, version.variant):
        if other.status == PUBLISHED:
            other.status = RETIRED
    version.status = PUBLISHED
    outline.bump()
    return True


def mark_current(user: User, version: LessonVersion) -> LessonVersion:
    """The variant needs no change for the new source: republish it against the new source."""
    variant = version.variant
    copy = copy_as_draft(user, version.lesson, variant, version)
    copy.status, copy.reviewed_by_id, copy.reviewed_at = PUBLISHED, user.id, utcnow()
    version.status = RETIRED
    outline.bump()
    return copy


# The matrix ---------------------------------------------------------------------------


@dataclass
class Cell:
    variant: Variant
    status: str  # the least ready lesson's, or the status filtered on
    count: int  # lessons published, or lessons in the status filtered on
    lessons: int


@dataclass(frozen=True)
class MatrixFilter:
    """The matrix narrowed to a country, a language and a status (None: all)."""

    country: str | None = None
    locale: str | None = None
    status: str | None = None

    def shows(self, variant: Variant) -> bool:
        return self.country in (None, variant.country) and self.locale in (None, variant.locale)


def matrix_filter(args, user: User) -> MatrixFilter:
    """The filters in a query string; a value the user is not offered is ignored."""
    countries, locales = filter_choices(user)
    return MatrixFilter(
        _one_of(args.get("country"), countries),
        _one_of(args.get("language"), locales),
        _one_of(args.get("status"), STATUS_ORDER),
    )


def filter_choices(user: User) -> tuple[list[str], list[str]]:
    """The countries and languages of the user's columns, for the filter form."""
    variants = visible_variants(user)
    countries = sorted({v.country for v in variants if v.country})
    return countries, sorted({v.locale for v in variants})


def _one_of(value: str | None, allowed) -> str | None:
    return value if value in allowed else None


def matrix(user: User, chosen: MatrixFilter = MatrixFilter()):
    """Per course and module, each variant's least-ready status (or, filtered by status, how
    many lessons have it); one query for all versions, whatever the size of the curriculum."""
    variants = [v for v in visible_variants(user) if chosen.shows(v)]
    by_key = _versions_by_variant(variants)
    courses = select(Course).where(Course.retired_at.is_(None)).order_by(Course.position)
    courses = courses.options(selectinload(Course.modules).selectinload(Module.lessons))
    rows = []
    for course in db.session.scalars(courses):
        modules = [(m, cells) for m in course.modules if m.retired_at is None
                   if (cells := _cells(m, variants, by_key, chosen.status))]  # fmt: skip
        if modules:
            rows.append((course, modules))
    return variants, rows


def _cells(module: Module, variants: list[Variant], by_key: dict, wanted: str | None):
    """The module's row, or None when a status is filtered on and no lesson has it."""
    cells = [_cell(module, variant, by_key, wanted) for variant in variants]
    return cells if not wanted or any(cell.count for cell in cells) else None


def _versions_by_variant(variants: list[Variant], lesson_ids=None) -> dict[tuple, list]:
    """The versions (status and hashes only) of the given variants and of the regional source,
    by (lesson, locale, country), newest first: one query, whatever the number of modules."""
    columns = (LessonVersion.id, LessonVersion.lesson_id, LessonVersion.locale,
               LessonVersion.country, LessonVersion.status, LessonVersion.content_hash,
               LessonVersion.source_hash, LessonVersion.title)  # fmt: skip
    wanted = [REGIONAL_SOURCE, *variants]
    query = select(LessonVersion).options(load_only(*columns)).order_by(LessonVersion.id.desc())
    query = query.where(LessonVersion.locale.in_({v.locale for v in wanted}))
    if lesson_ids is not None:
        query = query.where(LessonVersion.lesson_id.in_(lesson_ids))
    keys = {(v.locale, v.country) for v in wanted}
    by_key: dict[tuple, list[LessonVersion]] = {}
    for version in db.session.scalars(query):
        if (version.locale, version.country) in keys:
            by_key.setdefault((version.lesson_id, version.locale, version.country),
                              []).append(version)  # fmt: skip
    return by_key


def _cell(module: Module, variant: Variant, by_key: dict, wanted: str | None = None) -> Cell:
    statuses = [
        status(by_key.get((lesson.id, variant.locale, variant.country), []),
               published(by_key.get((lesson.id, "en", None), [])))
        for lesson in module.lessons
        if lesson.retired_at is None and lesson.country in (None, variant.country)
    ]  # fmt: skip
    if wanted:
        return Cell(variant, wanted, statuses.count(wanted), len(statuses))
    worst = min(statuses, key=STATUS_ORDER.index, default=NOT_STARTED)
    return Cell(variant, worst, statuses.count("published"), len(statuses))


# The work queue -----------------------------------------------------------------------


@dataclass
class Task:
    """One variant waiting for the user: what the queue links to (a lesson's workspace, or
    the page at `url` for a quiz or titles)."""

    lesson_id: int | None
    variant: Variant
    title: str
    url: str | None = None


@dataclass
class Queue:
    """The trainer's page lists these first, so nobody has to be told that work is waiting."""

    waiting: list[Task] = field(default_factory=list)  # in review, written by someone else
    returned: list[Task] = field(default_factory=list)  # their drafts sent back by a reviewer
    outdated: list[Task] = field(default_factory=list)  # published, but the source changed


def work_queue(user: User) -> Queue:
    """What waits for the user across every variant they may edit: one query, whatever the
    number of lessons."""
    waiting = _scoped(user, "waiting").where(
        LessonVersion.status == IN_REVIEW,
        or_(LessonVersion.author_id.is_(None), LessonVersion.author_id != user.id),
        _is_newest(),
    )
    parts = (
        waiting,
        _returned(_scoped(user, "returned"), user),
        _outdated(_scoped(user, "outdated")),
    )
    tasks = union_all(*parts).subquery()
    queue = Queue()
    for row in db.session.execute(select(tasks).order_by(*(tasks.c[c] for c in _QUEUE_ORDER))):
        getattr(queue, row.kind).append(Task(row.lesson_id, Variant(row.locale, row.country),
                                             row.title))  # fmt: skip
    for version, url in _quiz_and_title_work(user):
        if not may(user, Action.EDIT_VARIANT, version.variant):
            continue
        mine = version.author_id == user.id
        if version.status == IN_REVIEW and not mine:
            queue.waiting.append(Task(None, version.variant, version.title, url))
        elif version.status == DRAFT and mine:
            queue.returned.append(Task(None, version.variant, version.title, url))
    return queue


def _quiz_and_title_work(user: User):
    """Quiz and title versions in review, and the user's drafts a reviewer returned, in the
    user's scope, with their pages: two queries, whatever the number of quizzes."""
    quizzes = select(QuizVersion, Quiz.module_id).join(Quiz).where(
        _waiting_or_returned(QuizVersion, user), Quiz.module_id.is_not(None),
        Quiz.retired_at.is_(None))  # fmt: skip
    for version, module_id in db.session.execute(quizzes):
        yield version, url_for("trainer.quiz_workspace", module_id=module_id,
                               code=version.variant.code)  # fmt: skip
    titles = select(TitleVersion).where(_waiting_or_returned(TitleVersion, user))
    for version in db.session.scalars(titles):
        kind = "course" if version.course_id else "module"
        yield version, url_for("trainer.titles_workspace", kind=kind,
                               owner_id=version.course_id or version.module_id,
                               code=version.variant.code)  # fmt: skip


def _waiting_or_returned(model, user: User):
    returned = and_(model.status == DRAFT, model.author_id == user.id,
                    model.reviewed_at.is_not(None))  # fmt: skip
    return or_(model.status == IN_REVIEW, returned)


_QUEUE_ORDER = ("course_at", "module_at", "lesson_at", "locale", "country")


def _scoped(user: User, kind: str):
    """Live lessons' versions in the variants the user may edit (as permissions._edit_variant:
    a scope's countries; every variant but the regional source for a regional administrator)."""
    query = (
        select(literal_column(f"'{kind}'").label("kind"), LessonVersion.lesson_id,
               LessonVersion.locale, LessonVersion.country, LessonVersion.title,
               Course.position.label("course_at"), Module.position.label("module_at"),
               Lesson.position.label("lesson_at"))
        .join(Lesson, Lesson.id == LessonVersion.lesson_id)
        .join(Module, Module.id == Lesson.module_id)
        .join(Course, Course.id == Module.course_id)
        .where(Lesson.retired_at.is_(None), Module.retired_at.is_(None),
               Course.retired_at.is_(None))
    )  # fmt: skip
    if user.role == Role.ADMIN and not user.scoped_countries:
        return query.where(or_(LessonVersion.locale != "en", LessonVersion.country.is_not(None)))
    return query.where(LessonVersion.country.in_(sorted(user.scoped_countries)))


def _same_variant(other, than=LessonVersion):
    """`other` is a version of the same lesson variant as `than`."""
    return and_(other.lesson_id == than.lesson_id, other.locale == than.locale,
                other.country.is_not_distinct_from(than.country))  # fmt: skip


def _is_newest(*statuses):
    """No version of the variant (of `statuses`, if given) is newer than this one."""
    newer = aliased(LessonVersion)
    wanted = [newer.status.in_(statuses)] if statuses else []
    return ~exists().where(_same_variant(newer), newer.id > LessonVersion.id, *wanted)


def _returned(query, user: User):
    """The user's draft, when a reviewer sent this variant back since it was last published:
    it stays in the queue, edited or not, until it is sent for review again."""
    review, later = aliased(LessonVersion), aliased(LessonVersion)
    published_since = exists().where(
        _same_variant(later, review), later.status == PUBLISHED, later.id > review.id
    )
    returned = and_(_same_variant(review), review.reviewed_by_id.is_not(None),
                    review.status != PUBLISHED, ~published_since)  # fmt: skip
    return query.where(LessonVersion.status == DRAFT, LessonVersion.author_id == user.id,
                       _is_newest(), exists().where(returned))  # fmt: skip


def _outdated(query):
    """Published variants made from an earlier source, with no newer draft under way (one in
    progress shows as a draft or in review instead, as in the matrix)."""
    source = aliased(LessonVersion)
    return query.join(
        source,
        and_(source.lesson_id == LessonVersion.lesson_id, source.locale == "en",
             source.country.is_(None), source.status == PUBLISHED),
    ).where(
        LessonVersion.status == PUBLISHED,
        LessonVersion.source_hash.is_distinct_from(source.content_hash),
        _is_newest(DRAFT, IN_REVIEW),
    )  # fmt: skip


def last_return(versions: list[LessonVersion]) -> LessonVersion | None:
    """The version a reviewer sent back, while the variant's newest version is a draft made
    since (newest first; stopping at what is published, which a return cannot follow)."""
    if not versions or versions[0].status != DRAFT:
        return None
    for version in versions:
        if version.status == PUBLISHED:
            return None
        if version.reviewed_by_id is not None:
            return version
    return None


def module_lessons(module: Module, variant: Variant) -> list[tuple[Lesson, str, str]]:
    """A module's lessons for one variant: each with its title (the variant's, else the
    source's) and status; one query for every version involved."""
    lessons = [
        lesson
        for lesson in module.lessons
        if lesson.retired_at is None and lesson.country in (None, variant.country)
    ]
    by_key = _versions_by_variant([variant], [lesson.id for lesson in lessons])
    rows = []
    for lesson in lessons:
        versions = by_key.get((lesson.id, variant.locale, variant.country), [])
        source = published(by_key.get((lesson.id, "en", None), []))
        title = next((v.title for v in [*versions, source] if v is not None), lesson.slug)
        rows.append((lesson, title, status(versions, source)))
    return rows


def start_options(lesson: Lesson, variant: Variant) -> list[tuple[str, str]]:
    """What a new variant can start from: the regional source, or published translations."""
    options = [("source", _l("English (regional source)"))] if source_of(lesson) else []
    for version in lesson.versions:
        if version.status == PUBLISHED and not version.is_regional_source:
            other = version.variant
            if other != variant:
                options.append(
                    (other.code, f"{LOCALES[other.locale]} {other.country or ''}".strip())
                )
    return options


def start_text(lesson: Lesson, choice: str) -> LessonVersion | None:
    if choice == "source":
        return source_of(lesson)
    return next(
        (v for v in lesson.versions if v.status == PUBLISHED and v.variant.code == choice),
        None,
    )


def add_national_lesson(user: User, module: Module, variant: Variant, slug: str, title: str):
    """A new lesson for one country, with a first draft to fill in. None if the slug is taken."""
    if any(lesson.slug == slug for lesson in module.lessons):
        return None
    position = max((lesson.position for lesson in module.lessons), default=0) + 1
    lesson = Lesson(module=module, slug=slug, position=position, country=variant.country)
    db.session.add(lesson)
    db.session.flush()
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    parsed, _problems = check_text(
        lesson, variant, f"---\ntitle: {quoted}\nnational: true\n---\n\n…\n"
    )
    save_draft(user, lesson, variant, parsed)
    return lesson
