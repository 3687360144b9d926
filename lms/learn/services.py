"""A learner's progress through a course, the version each reader sees, marking lessons done.

Progress is worked out from the cached outline and the learner's state (one query), so a
learner's page reads the database only for the user, that state and the lesson's text."""

from dataclasses import dataclass

from flask import abort

from lms.database import insert_once
from lms.extensions import db
from lms.models import LessonCompletion, LessonVersion, User
from lms.store import outline, queries
from lms.store.outline import CourseOutline, CourseRef, LessonRef, ModuleRef, QuizRef, VersionRef


@dataclass
class LessonItem:
    lesson: LessonRef
    version: VersionRef
    done: bool


@dataclass
class QuizItem:
    quiz: QuizRef
    passed: bool


@dataclass
class ModuleProgress:
    module: ModuleRef
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
    course: CourseRef
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

    def is_done(self, lesson: LessonRef) -> bool:
        return any(item.done for item in self.items if item.lesson.id == lesson.id)

    @property
    def next_quiz(self) -> QuizItem | None:
        """The first quiz not yet passed whose module's lessons are all done."""
        for module in self.modules:
            if module.quiz and not module.quiz.passed and module.done == module.total:
                return module.quiz
        ready = self.final and not self.final.passed and self.next_item is None
        return self.final if ready else None


def get_lesson(outline: CourseOutline, module_slug: str, lesson_slug: str,
               country: str | None) -> LessonRef:  # fmt: skip
    """A lesson of the course for this learner (a national one only in its country), or 404."""
    return outline.lesson(module_slug, lesson_slug, country) or abort(404)


def complete_lesson(user: User, lesson: LessonRef) -> bool:
    """Record a lesson as done (idempotent, also under double clicks). True if newly recorded."""
    if lesson.id in queries.learner_state(user.id).completed:
        return False
    queries.forget_learner_state()
    return insert_once(LessonCompletion(user_id=user.id, lesson_id=lesson.id))


# Progress ----------------------------------------------------------------------------


def course_progress(user: User, outline: CourseOutline, locale: str) -> CourseProgress:
    """Every lesson of a course with the reader's version and whether it is done."""
    state = queries.learner_state(user.id) if user.is_authenticated else queries.LearnerState()
    country = user.country if user.is_authenticated else None
    quizzes = {q.module_id: QuizItem(q, q.id in state.passed) for q in outline.quizzes}
    modules = []
    for module, lessons in outline.modules:
        items = [LessonItem(lesson, version, lesson.id in state.completed)
                 for lesson in lessons if lesson.country in (None, country)
                 if (version := lesson.version_for(locale, country))]  # fmt: skip
        if items:
            modules.append(ModuleProgress(module, items, quizzes.get(module.id)))
    return CourseProgress(outline.course, modules, quizzes.get(None))


def reader_version(lesson: LessonRef, locale: str, country: str | None):
    """The version this reader sees (their national variant, their language, else English),
    with its text (the page's one query for content), and the other languages the lesson can
    be read in, for them."""
    chosen = lesson.version_for(locale, country) or abort(404)
    others = {v.locale for v in lesson.versions if v.country in (None, country)}
    return db.session.get(LessonVersion, chosen.id), sorted(others - {chosen.locale})


def continue_point(user: User, progress: list[CourseProgress]):
    """Where the learner left off: the next lesson in the course they last worked on, given
    their progress in the courses open to them."""
    completed = queries.learner_state(user.id).completed
    course_of = {item.lesson.id: p.course.id for p in progress for item in p.items}
    recent = sorted(completed, key=lambda lesson_id: completed[lesson_id], reverse=True)
    last_course_id = next((course_of[i] for i in recent if i in course_of), None)
    ordered = sorted(progress, key=lambda p: p.course.id != last_course_id)  # last used first
    return next(((p.course, p.next_item) for p in ordered if p.next_item), None)


def held_certificates(user: User) -> list[tuple[CourseRef, bool]]:
    """The courses the learner holds a certificate for, and whether it is still valid."""
    state = queries.learner_state(user.id)
    return [(c.course, c.course.id in state.certified) for c in outline.current().courses
            if c.course.id in state.certified | state.revoked]  # fmt: skip
