"""Is this course complete? The one definition, the prerequisite gate that asks it, and the
certificate it issues, evaluated at the moment of each completion event (never in a batch).

Called by the learn and quiz areas; calls certificates. Imports nothing above it.
"""

from flask import abort
from sqlalchemy import func, select

from lms.certificates import services as certificates
from lms.database import insert_once
from lms.extensions import db
from lms.models import (
    Certificate,
    Enrolment,
    LessonCompletion,
    ModuleCompletion,
    Seat,
    TrainingSession,
    User,
)
from lms.store import outline, queries
from lms.store.outline import CourseRef, LessonRef


class CourseLocked(Exception):  # noqa: N818 - a state, not an error
    """Raised when a learner reaches for a course whose prerequisite they have not completed."""

    def __init__(self, course: CourseRef, missing: list[CourseRef]):
        super().__init__(course.slug)
        self.course = course
        self.missing = missing


def _lessons_left(user: User, course: CourseRef, module_id: int | None = None) -> int | None:
    """Required lessons not yet completed (None if there are none to complete)."""
    required = queries.required_lessons(course.id, user.country, module_id).subquery()
    total = db.session.scalar(select(func.count()).select_from(required))
    done = db.session.scalar(
        select(func.count(LessonCompletion.id)).where(
            LessonCompletion.user_id == user.id,
            LessonCompletion.lesson_id.in_(select(required.c.id)),
        )
    )
    return total - done if total else None


def attendance_rule(course: CourseRef, country: str) -> dict | None:
    """The course file's attendance rule, if it applies to people of this country."""
    rule = course.attendance
    applies = rule and (rule["countries"] is None or country in rule["countries"])
    return rule if applies else None


def attended_session(user: User, course: CourseRef) -> int | None:
    """The first session of the course whose required days the user attended, if any."""
    query = (
        select(Seat.session_id)
        .join(TrainingSession)
        .where(Seat.user_id == user.id, TrainingSession.course_id == course.id)
        .where(Seat.completed_at.is_not(None))
        .order_by(Seat.completed_at, Seat.id)
    )
    return db.session.scalar(query.limit(1))


def is_course_complete(user: User, course: CourseRef) -> bool:
    """Every required lesson completed, every live quiz (the final included) passed, and the
    session days attended where the course's attendance rule applies (which may also stand
    instead of the online part)."""
    return _completion(user, course)[0]


def _completion(user: User, course: CourseRef) -> tuple[bool, int | None]:
    """Whether the course is complete, and the session whose attendance it required."""
    rule = attendance_rule(course, user.country)
    session_id = attended_session(user, course) if rule else None
    if rule and session_id is None:
        return False, None
    online_waived = bool(rule) and rule["replaces_online"]
    return online_waived or _online_part_done(user, course), session_id


def _online_part_done(user: User, course: CourseRef) -> bool:
    if _lessons_left(user, course) != 0:
        return False
    quiz_ids = [quiz.id for quiz in queries.live_quizzes(course)]
    return len(queries.passed_quiz_ids(user.id, quiz_ids)) == len(quiz_ids)


def started(user: User, course: CourseRef) -> None:
    """The learner's first step in a course (a lesson done, an attempt begun) enrols them."""
    enrolled = select(Enrolment.id).filter_by(user_id=user.id, course_id=course.id)
    if db.session.scalar(enrolled) is None:
        insert_once(Enrolment(user_id=user.id, course_id=course.id))


def after_lesson(user: User, lesson: LessonRef) -> Certificate | None:
    """A lesson was completed: keep the summaries current, then see if the course is done."""
    module, course = lesson.module, lesson.module.course
    started(user, course)
    if _lessons_left(user, course, module.id) == 0:
        done = select(ModuleCompletion.id).filter_by(user_id=user.id, module_id=module.id)
        if db.session.scalar(done) is None:
            insert_once(ModuleCompletion(user_id=user.id, module_id=module.id))
    return after_progress(user, course)


def after_progress(user: User, course: CourseRef) -> Certificate | None:
    """Called in the transaction of every completion event: if the course is now complete,
    issue its certificate, exactly once. Returns the new certificate, or None."""
    if certificates.certificate_for(user, course) is not None:
        return None
    complete, session_id = _completion(user, course)
    if not complete:
        return None
    certificate = certificates.issue(user, course, queries.course_version(course), session_id)
    queries.forget_learner_state()
    if certificate is not None:
        started(user, course)
        enrolment = db.session.scalar(select(Enrolment).filter_by(user_id=user.id,
                                                                  course_id=course.id))  # fmt: skip
        enrolment.completed_at = certificate.issued_at
        duration = certificate.issued_at - enrolment.started_at
        enrolment.seconds_to_complete = int(duration.total_seconds())
    return certificate


def missing_prerequisites(user: User, course: CourseRef) -> list[CourseRef]:
    """Prerequisite courses whose valid certificate the user does not hold, nearest first."""
    certified = queries.learner_state(user.id).certified
    return [c for c in outline.current().prerequisites(course) if c.id not in certified]


def open_course(user: User, slug: str) -> CourseRef:
    """The gate on every route of a course: 404 if there is no such live course,
    CourseLocked if a prerequisite is missing."""
    found = outline.current().course(slug) or abort(404)
    if missing := missing_prerequisites(user, found.course):
        raise CourseLocked(found.course, missing)
    return found.course
