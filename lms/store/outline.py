"""The curriculum's outline, cached in each process and keyed by the content revision.

Courses, modules, lessons, the titles of their published versions and the quizzes change only
when content is imported or published, and both bump one revision number in the database.
A request reads that number (in the same query as its user, or on its own) and rebuilds the
outline only when it moved, so every app server sees a publish at its next request, and a
learner's page needs no query for the structure of the course.
"""

import threading
from dataclasses import dataclass, field

from flask import current_app, g
from sqlalchemy import bindparam, select, update

from lms.content.resolve import pick
from lms.extensions import db
from lms.models import (
    ContentRevision,
    Course,
    Lesson,
    LessonVersion,
    Module,
    Quiz,
    User,
    VersionStatus,
)


@dataclass(frozen=True)
class VersionRef:
    id: int
    locale: str
    country: str | None
    title: str


@dataclass(frozen=True, eq=False)
class CourseRef:
    id: int
    slug: str
    title: str
    summary: str
    position: int
    prerequisite_id: int | None
    translations: dict
    attendance: dict | None  # the course file's rule: session days required
    prerequisite: "CourseRef | None" = None


@dataclass(frozen=True, eq=False)
class ModuleRef:
    id: int
    slug: str
    title: str
    summary: str
    position: int
    course: CourseRef
    translations: dict


@dataclass(frozen=True, eq=False)
class LessonRef:
    id: int
    slug: str
    position: int
    country: str | None  # set: a national lesson, for that country's learners only
    module: ModuleRef
    versions: tuple[VersionRef, ...]

    def version_for(self, locale: str, country: str | None) -> VersionRef | None:
        return pick(self.versions, locale, country)


@dataclass(frozen=True, eq=False)
class QuizRef:
    id: int
    slug: str
    module_id: int | None  # None: the course's final assessment


@dataclass(eq=False)
class CourseOutline:
    course: CourseRef
    modules: list[tuple[ModuleRef, list[LessonRef]]] = field(default_factory=list)
    quizzes: list[QuizRef] = field(default_factory=list)  # module order, the final last

    def lessons_for(self, country: str | None) -> list[LessonRef]:
        """The lessons a learner of `country` takes, in order (published ones only)."""
        return [lesson for _module, lessons in self.modules for lesson in lessons
                if lesson.country in (None, country)]  # fmt: skip

    def lesson(self, module_slug: str, lesson_slug: str, country: str | None):
        found = (lesson for lesson in self.lessons_for(country)
                 if (lesson.module.slug, lesson.slug) == (module_slug, lesson_slug))  # fmt: skip
        return next(found, None)


@dataclass
class Outline:
    revision: int
    courses: list[CourseOutline]

    def course(self, slug: str) -> CourseOutline | None:
        return next((c for c in self.courses if c.course.slug == slug), None)

    def course_by_id(self, course_id: int) -> CourseRef | None:
        return next((c.course for c in self.courses if c.course.id == course_id), None)

    def prerequisites(self, course: CourseRef) -> list[CourseRef]:
        """The live courses a course requires, nearest first."""
        by_id = {c.course.id: c.course for c in self.courses}
        chain, current = [], by_id.get(course.prerequisite_id)
        while current is not None and current not in chain:
            chain.append(current)
            current = by_id.get(current.prerequisite_id)
        return chain


_lock = threading.Lock()


def revision() -> int:
    """The content revision this request works with (read once per request)."""
    if "content_revision" not in g:
        g.content_revision = db.session.scalar(select(ContentRevision.value)) or 0
    return g.content_revision


USER_AND_REVISION = select(User, select(ContentRevision.value).scalar_subquery()).where(
    User.id == bindparam("user_id")
)  # built once: it runs on every signed-in request


def load_user_and_revision(user_id: int) -> User | None:
    """The signed-in user and the content revision in one query: a learner's page then needs
    no separate look at the revision."""
    row = db.session.execute(USER_AND_REVISION, {"user_id": user_id}).first()
    if row is None:
        return None
    g.content_revision = row[1] or 0
    return row[0]


def current() -> Outline:
    """The outline at the request's revision, rebuilt only when the revision moved. Kept on
    the app, so each app (and each test's database) has its own."""
    wanted, store = revision(), current_app.extensions
    cached = store.get("lms_outline")
    if cached is None or cached.revision != wanted:
        with _lock:
            cached = store.get("lms_outline")
            if cached is None or cached.revision != wanted:
                cached = store["lms_outline"] = _build(wanted)
    return cached


def bump() -> None:
    """Content changed: every process rebuilds its outline at its next request."""
    changed = db.session.execute(update(ContentRevision).values(value=ContentRevision.value + 1))
    if changed.rowcount == 0:
        db.session.add(ContentRevision(id=1, value=1))
        db.session.flush()
    g.pop("content_revision", None)


def _build(number: int) -> Outline:
    """Five queries, whatever the number of learners: courses, modules, lessons, the titles of
    published versions, quizzes."""
    courses = db.session.scalars(
        select(Course).where(Course.retired_at.is_(None)).order_by(Course.position, Course.slug)
    ).all()
    refs = {c.id: CourseRef(c.id, c.slug, c.title, c.summary, c.position, c.prerequisite_id,
                            c.translations, c.attendance) for c in courses}  # fmt: skip
    refs = {i: _with_prerequisite(ref, refs) for i, ref in refs.items()}
    modules = db.session.scalars(
        select(Module)
        .where(Module.course_id.in_(refs), Module.retired_at.is_(None))
        .order_by(Module.position)
    ).all()
    module_refs = {m.id: ModuleRef(m.id, m.slug, m.title, m.summary, m.position,
                                   refs[m.course_id], m.translations) for m in modules}  # fmt: skip
    outlines = {i: CourseOutline(ref) for i, ref in refs.items()}
    lessons_by_module = _lessons(module_refs)
    for module in module_refs.values():
        if lessons_by_module.get(module.id):
            outlines[module.course.id].modules.append((module, lessons_by_module[module.id]))
    _quizzes(outlines, module_refs)
    return Outline(number, [outlines[c.id] for c in courses])


def _with_prerequisite(ref: CourseRef, refs: dict[int, CourseRef]) -> CourseRef:
    prerequisite = refs.get(ref.prerequisite_id)
    return CourseRef(**{**vars(ref), "prerequisite": prerequisite})


def _lessons(module_refs: dict[int, ModuleRef]) -> dict[int, list[LessonRef]]:
    lessons = db.session.scalars(
        select(Lesson)
        .where(Lesson.module_id.in_(module_refs), Lesson.retired_at.is_(None))
        .order_by(Lesson.position, Lesson.slug)
    ).all()
    versions: dict[int, list[VersionRef]] = {}
    published = select(LessonVersion.id, LessonVersion.lesson_id, LessonVersion.locale,
                       LessonVersion.country, LessonVersion.title)  # fmt: skip
    lesson_ids = [lesson.id for lesson in lessons]
    published = published.where(LessonVersion.status == VersionStatus.PUBLISHED,
                                LessonVersion.lesson_id.in_(lesson_ids))  # fmt: skip
    for version_id, lesson_id, locale, country, title in db.session.execute(published):
        versions.setdefault(lesson_id, []).append(VersionRef(version_id, locale, country, title))
    by_module: dict[int, list[LessonRef]] = {}
    for lesson in lessons:
        if lesson.id in versions:  # a lesson nobody can read yet is not part of the course
            ref = LessonRef(lesson.id, lesson.slug, lesson.position, lesson.country,
                            module_refs[lesson.module_id], tuple(versions[lesson.id]))  # fmt: skip
            by_module.setdefault(lesson.module_id, []).append(ref)
    return by_module


def _quizzes(outlines: dict[int, CourseOutline], module_refs: dict[int, ModuleRef]) -> None:
    quizzes = db.session.scalars(
        select(Quiz).where(Quiz.course_id.in_(outlines), Quiz.retired_at.is_(None))
    ).all()
    position = {module_id: ref.position for module_id, ref in module_refs.items()}
    live = [q for q in quizzes if q.module_id is None or q.module_id in position]
    for quiz in sorted(live, key=lambda q: (q.module_id is None, position.get(q.module_id, 0))):
        outlines[quiz.course_id].quizzes.append(QuizRef(quiz.id, quiz.slug, quiz.module_id))
