"""Course completion, the prerequisite gate and progress. The one place these rules live."""

from collections import defaultdict
from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import load_only

from lms.content.resolve import pick
from lms.extensions import db
from lms.models import (
    Certificate,
    Course,
    Lesson,
    LessonCompletion,
    LessonVersion,
    Module,
    Quiz,
    User,
)
from lms.models.content import VersionStatus
from lms.quiz import services as quiz_services


class CourseLocked(Exception):  # noqa: N818 - a state, not an error
    """Raised when a learner reaches for a course whose prerequisite they have not completed."""

    def __init__(self, course: Course, missing: list[Course]):
        super().__init__(course.slug)
        self.course = course
        self.missing = missing


@dataclass
class LessonItem:
    lesson: Lesson
    version: LessonVersion
    done: bool


@dataclass
class QuizItem:
    quiz: Quiz
    passed: bool


@dataclass
class ModuleProgress:
    module: Module
    lessons: list[LessonItem]
    quiz: QuizItem | None = None

    @property
    def done(self) -> int:
        return sum(item.done for item in self.lessons)

    @property
    def total(self) -> int:
        return len(self.lessons)


@dataclass
class CourseProgress:
    course: Course
    modules: list[ModuleProgress]
    final: QuizItem | None = None

    @property
    def done(self) -> int:
        return sum(m.done for m in self.modules)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def items(self) -> list[LessonItem]:
        return [item for m in self.modules for item in m.lessons]

    @property
    def next_item(self) -> LessonItem | None:
        return next((item for item in self.items if not item.done), None)

    def is_done(self, lesson: Lesson) -> bool:
        return any(item.done for item in self.items if item.lesson.id == lesson.id)

    @property
    def next_quiz(self) -> QuizItem | None:
        """The first quiz not yet passed whose module's lessons are all done."""
        for module in self.modules:
            if module.quiz and not module.quiz.passed and module.done == module.total:
                return module.quiz
        ready = self.final and not self.final.passed and self.next_item is None
        return self.final if ready else None


# Loading ------------------------------------------------------------------------------


def active_courses() -> list[Course]:
    return list(
        db.session.scalars(
            select(Course).where(Course.retired_at.is_(None)).order_by(Course.position, Course.slug)
        )
    )


def get_course(slug: str) -> Course:
    course = db.session.scalar(
        select(Course).where(Course.slug == slug, Course.retired_at.is_(None))
    )
    return course or abort(404)


def open_course(user: User, slug: str) -> Course:
    """The course, if it exists (404) and the user has passed its prerequisite (CourseLocked)."""
    course = get_course(slug)
    if missing := missing_prerequisites(user, course):
        raise CourseLocked(course, missing)
    return course


def get_lesson(course: Course, module_slug: str, lesson_slug: str, country: str | None) -> Lesson:
    """A live lesson of the course; a national lesson only for learners of its country."""
    lesson = db.session.scalar(
        select(Lesson)
        .join(Module)
        .where(
            Module.course_id == course.id,
            Module.slug == module_slug,
            Lesson.slug == lesson_slug,
            Module.retired_at.is_(None),
            Lesson.retired_at.is_(None),
            Lesson.country.is_(None) | (Lesson.country == country),
        )
    )
    return lesson or abort(404)


# Completion and the gate ----------------------------------------------------------------


def _required_lessons(course_id: int, country: str | None):
    """Lessons a learner must complete: every live, published regional lesson of the course's
    live modules, and the published national lessons of the learner's country."""
    return (
        select(Lesson.id)
        .join(Module)
        .where(
            Module.course_id == course_id,
            Module.retired_at.is_(None),
            Lesson.retired_at.is_(None),
            Lesson.country.is_(None) | (Lesson.country == country),
            Lesson.versions.any(LessonVersion.status == VersionStatus.PUBLISHED),
        )
    )


def is_course_complete(user: User, course: Course) -> bool:
    """The one definition of course completion: every lesson completed, every quiz passed."""
    required = _required_lessons(course.id, user.country).subquery()
    total = db.session.scalar(select(func.count()).select_from(required))
    done = db.session.scalar(
        select(func.count(LessonCompletion.id)).where(
            LessonCompletion.user_id == user.id,
            LessonCompletion.lesson_id.in_(select(required.c.id)),
        )
    )
    if not total or done != total:
        return False
    quiz_ids = [quiz.id for quiz in quiz_services.live_quizzes(course)]
    return len(quiz_services.passed_quiz_ids(user, quiz_ids)) == len(quiz_ids)


def has_certificate(user: User, course: Course) -> bool:
    return (
        db.session.scalar(
            select(Certificate.id).where(
                Certificate.user_id == user.id,
                Certificate.course_id == course.id,
                Certificate.revoked_at.is_(None),
            )
        )
        is not None
    )


def missing_prerequisites(user: User, course: Course) -> list[Course]:
    """Prerequisite courses whose certificate the user does not hold, nearest first."""
    missing, current = [], course.prerequisite
    while current is not None and current.retired_at is None:
        if not has_certificate(user, current):
            missing.append(current)
        current = current.prerequisite
    return missing


def complete_lesson(user: User, lesson: Lesson) -> bool:
    """Record a lesson as done (idempotent, also under double clicks). True if newly recorded."""
    exists = select(LessonCompletion.id).where(
        LessonCompletion.user_id == user.id, LessonCompletion.lesson_id == lesson.id
    )
    if db.session.scalar(exists) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(LessonCompletion(user_id=user.id, lesson_id=lesson.id))
    except IntegrityError:  # a concurrent request recorded it first
        return False
    return True


# Progress ----------------------------------------------------------------------------


def course_progress(user: User, course: Course, locale: str) -> CourseProgress:
    """Every live lesson of a course with the reader's version and whether it is done."""
    lessons = db.session.scalars(
        select(Lesson)
        .join(Module)
        .where(Lesson.id.in_(_required_lessons(course.id, user.country)))
        .order_by(Module.position, Lesson.position)
    ).all()
    outline = (
        LessonVersion.lesson_id,
        LessonVersion.locale,
        LessonVersion.country,
        LessonVersion.title,
    )
    versions = _published_versions([lesson.id for lesson in lessons], *outline)
    done = _completed_ids(user, [lesson.id for lesson in lessons])
    by_module: dict[int, list[LessonItem]] = defaultdict(list)
    for lesson in lessons:
        version = pick(versions[lesson.id], locale, user.country)
        if version is not None:
            by_module[lesson.module_id].append(LessonItem(lesson, version, lesson.id in done))
    quizzes = quiz_services.live_quizzes(course)
    passed = (
        quiz_services.passed_quiz_ids(user, [q.id for q in quizzes])
        if user.is_authenticated
        else set()
    )
    by_module_quiz = {q.module_id: QuizItem(q, q.id in passed) for q in quizzes}
    modules = [
        ModuleProgress(module, by_module[module.id], by_module_quiz.get(module.id))
        for module in course.modules
        if module.id in by_module
    ]
    return CourseProgress(course, modules, by_module_quiz.get(None))


def _published_versions(lesson_ids: list[int], *columns) -> dict[int, list[LessonVersion]]:
    """Published versions by lesson; pass columns to load only those (outlines need no text)."""
    found: dict[int, list[LessonVersion]] = defaultdict(list)
    query = select(LessonVersion).options(load_only(*columns)) if columns else select(LessonVersion)
    rows = db.session.scalars(
        query.where(
            LessonVersion.lesson_id.in_(lesson_ids),
            LessonVersion.status == VersionStatus.PUBLISHED,
        )
    )
    for version in rows:
        found[version.lesson_id].append(version)
    return found


def _completed_ids(user: User, lesson_ids: list[int]) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        db.session.scalars(
            select(LessonCompletion.lesson_id).where(
                LessonCompletion.user_id == user.id, LessonCompletion.lesson_id.in_(lesson_ids)
            )
        )
    )


def reader_version(
    lesson: Lesson, locale: str, country: str | None
) -> tuple[LessonVersion, list[str]]:
    """The version this reader sees (their national variant, their language, else English),
    and the other languages the lesson can be read in, for them."""
    versions = _published_versions([lesson.id])[lesson.id]
    version = pick(versions, locale, country) or abort(404)
    others = {v.locale for v in versions if v.country in (None, country)} - {version.locale}
    return version, sorted(others)


def continue_point(user: User, progress: list[CourseProgress]) -> tuple[Course, LessonItem] | None:
    """Where the learner left off: the next lesson in the course they last worked on, given
    their progress in the courses open to them."""
    last_course_id = db.session.scalar(
        select(Module.course_id)
        .join(Lesson, Lesson.module_id == Module.id)
        .join(LessonCompletion, LessonCompletion.lesson_id == Lesson.id)
        .where(LessonCompletion.user_id == user.id)
        .order_by(LessonCompletion.completed_at.desc(), LessonCompletion.id.desc())
        .limit(1)
    )
    ordered = sorted(progress, key=lambda p: p.course.id != last_course_id)  # last used first
    return next(((p.course, p.next_item) for p in ordered if p.next_item), None)
