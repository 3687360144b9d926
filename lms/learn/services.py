"""A learner's progress through a course, the version each reader sees, marking lessons done."""

from collections import defaultdict
from dataclasses import dataclass

from flask import abort
from sqlalchemy import select

from lms.content.resolve import pick
from lms.database import insert_once
from lms.extensions import db
from lms.models import Course, Lesson, LessonCompletion, LessonVersion, Module, Quiz, User
from lms.store import queries

OUTLINE = (LessonVersion.lesson_id, LessonVersion.locale, LessonVersion.country,
           LessonVersion.title)  # fmt: skip


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


def get_lesson(course: Course, module_slug: str, lesson_slug: str, country: str | None) -> Lesson:
    return queries.lesson_in_course(course, module_slug, lesson_slug, country) or abort(404)


def complete_lesson(user: User, lesson: Lesson) -> bool:
    """Record a lesson as done (idempotent, also under double clicks). True if newly recorded."""
    exists = select(LessonCompletion.id).where(
        LessonCompletion.user_id == user.id, LessonCompletion.lesson_id == lesson.id
    )
    if db.session.scalar(exists) is not None:
        return False
    return insert_once(LessonCompletion(user_id=user.id, lesson_id=lesson.id))


# Progress ----------------------------------------------------------------------------


def course_progress(user: User, course: Course, locale: str) -> CourseProgress:
    """Every live lesson of a course with the reader's version and whether it is done."""
    lessons = db.session.scalars(
        select(Lesson)
        .join(Module)
        .where(Lesson.id.in_(queries.required_lessons(course.id, user.country)))
        .order_by(Module.position, Lesson.position)
    ).all()
    lesson_ids = [lesson.id for lesson in lessons]
    versions = queries.published_versions(LessonVersion, lesson_ids, *OUTLINE)
    done = queries.completed_lesson_ids(user.id, lesson_ids) if user.is_authenticated else set()
    by_module: dict[int, list[LessonItem]] = defaultdict(list)
    for lesson in lessons:
        version = pick(versions[lesson.id], locale, user.country)
        if version is not None:
            by_module[lesson.module_id].append(LessonItem(lesson, version, lesson.id in done))
    quizzes = queries.live_quizzes(course)
    quiz_ids = [q.id for q in quizzes]
    passed = queries.passed_quiz_ids(user.id, quiz_ids) if user.is_authenticated else set()
    by_module_quiz = {q.module_id: QuizItem(q, q.id in passed) for q in quizzes}
    modules = [
        ModuleProgress(module, by_module[module.id], by_module_quiz.get(module.id))
        for module in course.modules
        if module.id in by_module
    ]
    return CourseProgress(course, modules, by_module_quiz.get(None))


def reader_version(
    lesson: Lesson, locale: str, country: str | None
) -> tuple[LessonVersion, list[str]]:
    """The version this reader sees (their national variant, their language, else English),
    and the other languages the lesson can be read in, for them."""
    versions = queries.published_versions(LessonVersion, [lesson.id])[lesson.id]
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
