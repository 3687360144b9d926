"""What is live and published: the content queries every area shares. None means not found;
the areas decide whether that is a 404."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask import g
from sqlalchemy import bindparam, case, literal, select, union_all
from sqlalchemy.orm import load_only

from lms.extensions import db
from lms.models import (
    Certificate,
    Course,
    Lesson,
    LessonCompletion,
    LessonVersion,
    Module,
    Quiz,
    QuizAttempt,
    QuizVersion,
    VersionStatus,
)


def active_courses() -> list[Course]:
    query = select(Course).where(Course.retired_at.is_(None))
    return list(db.session.scalars(query.order_by(Course.position, Course.slug)))


def course_by_slug(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug, Course.retired_at.is_(None)))


def lesson_in_course(course: Course, module_slug: str, lesson_slug: str, country: str | None):
    """A live lesson of the course; a national lesson only for learners of its country."""
    return db.session.scalar(
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


def required_lessons(course_id: int, country: str | None, module_id: int | None = None):
    """Ids of the lessons a learner must complete: every live, published regional lesson of the
    course's live modules (or of one module), and the published national lessons of the
    learner's country."""
    query = (
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
    return query.where(Module.id == module_id) if module_id else query


def course_version(course: Course) -> str:
    """A short hash of the course as it stands: its published regional lesson texts and quiz
    banks. A certificate records it, so it says which version of the course was completed."""
    lessons = select(LessonVersion.content_hash).join(Lesson).join(Module)
    lessons = lessons.where(Module.course_id == course.id, Module.retired_at.is_(None))
    quizzes = select(QuizVersion.content_hash).join(Quiz).where(Quiz.course_id == course.id)
    hashes = []
    for query, model in ((lessons, LessonVersion), (quizzes, QuizVersion)):
        published = query.where(model.status == VersionStatus.PUBLISHED, model.locale == "en",
                                model.country.is_(None))  # fmt: skip
        hashes += db.session.scalars(published)
    return hashlib.sha256("".join(sorted(hashes)).encode()).hexdigest()[:16]


def live_quizzes(course: Course) -> list[Quiz]:
    """The course's quizzes in module order, the final assessment last."""
    return list(
        db.session.scalars(
            select(Quiz)
            .outerjoin(Module, Quiz.module_id == Module.id)
            .where(Quiz.course_id == course.id, Quiz.retired_at.is_(None))
            .where(Module.id.is_(None) | Module.retired_at.is_(None))
            .order_by(Quiz.module_id.is_(None), Module.position)
        )
    )


def quiz_in_course(course: Course, slug: str) -> Quiz | None:
    return db.session.scalar(
        select(Quiz).where(
            Quiz.course_id == course.id, Quiz.slug == slug, Quiz.retired_at.is_(None)
        )
    )


def published_versions(model: type[LessonVersion] | type[QuizVersion], owner_ids, *columns):
    """The one query for what readers may see: published versions by lesson or quiz id. Pass
    columns to load only those (an outline needs no lesson text)."""
    owner = getattr(model, model.owner_key)
    query = select(model).options(load_only(*columns)) if columns else select(model)
    found: dict[int, list] = defaultdict(list)
    rows = query.where(owner.in_(owner_ids), model.status == VersionStatus.PUBLISHED)
    for version in db.session.scalars(rows):
        found[getattr(version, model.owner_key)].append(version)
    return found


def completed_lesson_ids(user_id: int, lesson_ids) -> set[int]:
    return set(
        db.session.scalars(
            select(LessonCompletion.lesson_id).where(
                LessonCompletion.user_id == user_id, LessonCompletion.lesson_id.in_(lesson_ids)
            )
        )
    )


def passed_quiz_ids(user_id: int, quiz_ids) -> set[int]:
    return set(
        db.session.scalars(
            select(QuizAttempt.quiz_id).where(
                QuizAttempt.user_id == user_id,
                QuizAttempt.quiz_id.in_(quiz_ids),
                QuizAttempt.passed.is_(True),
            )
        )
    )


@dataclass
class LearnerState:
    """What one learner has done, for every course at once: one query per request."""

    completed: dict[int, datetime] = field(default_factory=dict)  # lesson id -> when
    passed: set[int] = field(default_factory=set)  # quiz ids
    certified: set[int] = field(default_factory=set)  # course ids with a valid certificate
    revoked: set[int] = field(default_factory=set)  # course ids whose certificate was revoked


def _state_query():
    """Built once: a learner page runs it on every request, and building it costs more than
    running it."""
    user = bindparam("user_id")
    completions = select(literal("lesson"), LessonCompletion.lesson_id,
                         LessonCompletion.completed_at)  # fmt: skip
    completions = completions.where(LessonCompletion.user_id == user)
    passes = select(literal("quiz"), QuizAttempt.quiz_id, QuizAttempt.submitted_at)
    passes = passes.where(QuizAttempt.user_id == user, QuizAttempt.passed.is_(True))
    validity = case((Certificate.revoked_at.is_(None), literal("course")), else_=literal("revoked"))
    held = select(validity, Certificate.course_id, Certificate.issued_at)
    held = held.where(Certificate.user_id == user, Certificate.replaced_by_id.is_(None))
    return union_all(completions, passes, held)


STATE_QUERY = _state_query()


def learner_state(user_id: int) -> LearnerState:
    """Lessons completed, quizzes passed and valid certificates, in one UNION query, kept for
    the rest of the request (until `forget_learner_state`)."""
    if g.get("learner_state") is not None and g.learner_state[0] == user_id:
        return g.learner_state[1]
    state = LearnerState()
    for kind, ref, moment in db.session.execute(STATE_QUERY, {"user_id": user_id}):
        if kind == "lesson":
            state.completed[ref] = moment
        elif kind == "quiz":
            state.passed.add(ref)
        else:
            (state.certified if kind == "course" else state.revoked).add(ref)
    g.learner_state = (user_id, state)
    return state


def forget_learner_state() -> None:
    """The learner's state changed in this request: read it afresh next time."""
    g.pop("learner_state", None)
