"""What each learner has completed. Points at lesson identities, so it survives new versions.

Enrolments and module completions are summaries kept up to date by the completion events
themselves, so reports count rows instead of recomputing progress learner by learner."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.models._types import UTCDateTime, utcnow


class LessonCompletion(db.Model):
    __tablename__ = "lesson_completions"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Enrolment(db.Model):
    """A learner's course: started at their first completion or attempt, completed when the
    certificate was issued."""

    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id"),
        # Covering the counts and the funnel's cohort, so reports never visit the table rows.
        Index(None, "course_id", "started_at", "completed_at", "user_id"),
        Index("ix_enrolments_duration", "course_id", "seconds_to_complete"),  # the median
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seconds_to_complete: Mapped[int | None] = mapped_column()


class ModuleCompletion(db.Model):
    """Every required lesson of a module done (its quiz is counted from the attempts)."""

    __tablename__ = "module_completions"
    __table_args__ = (UniqueConstraint("user_id", "module_id"), Index(None, "module_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
