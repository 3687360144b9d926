"""Quizzes, their immutable versions, and learners' attempts."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models._types import UTCDateTime, utcnow
from lms.models.content import Course, Module, VersionMixin

if TYPE_CHECKING:
    from lms.models.user import User


class Quiz(db.Model):
    """A module's quiz (module set) or a course's final assessment (module empty, slug 'final')."""

    __tablename__ = "quizzes"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"))
    slug: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship()
    module: Mapped[Module | None] = relationship()
    versions: Mapped[list["QuizVersion"]] = relationship(back_populates="quiz")


class QuizVersion(VersionMixin, db.Model):
    """One immutable text of a quiz bank for one language (and country), answers included."""

    __tablename__ = "quiz_versions"
    __table_args__ = (Index(None, "quiz_id", "locale", "country", "status"),)
    owner_key = "quiz_id"

    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Set for a translation made in the browser, as on a lesson version.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)

    quiz: Mapped[Quiz] = relationship(back_populates="versions")
    author: Mapped["User | None"] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped["User | None"] = relationship(foreign_keys=[reviewed_by_id])


class QuizAttempt(db.Model):
    """One try at a quiz: what was drawn and in which order, the rules in force, the outcome."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (
        Index(None, "user_id", "quiz_id"),
        Index(None, "quiz_id", "passed"),
        # At most one open attempt per learner and quiz, even when two starts race.
        Index(
            "ux_quiz_attempts_one_open",
            "user_id",
            "quiz_id",
            unique=True,
            sqlite_where=text("submitted_at IS NULL"),
            postgresql_where=text("submitted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"))
    quiz_version_id: Mapped[int] = mapped_column(ForeignKey("quiz_versions.id"))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # drawn, in order, with keys
    layout: Mapped[dict[str, Any]] = mapped_column(JSON)  # option order and matching tokens
    pass_mark: Mapped[float] = mapped_column(Float)
    feedback: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    points: Mapped[dict[str, float] | None] = mapped_column(JSON)
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column()
    timed_out: Mapped[bool] = mapped_column(default=False)

    quiz: Mapped[Quiz] = relationship()
    version: Mapped[QuizVersion] = relationship()

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class AttemptGrant(db.Model):
    """Extra attempts an administrator gave one learner at one quiz, with the reason."""

    __tablename__ = "attempt_grants"
    __table_args__ = (Index(None, "user_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"))
    extra: Mapped[int]
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AnswerTally(db.Model):
    """How often each answer was given to each question, per country: kept up to date at every
    submission, so item analysis is a lookup, not a scan of every attempt."""

    __tablename__ = "answer_tallies"
    __table_args__ = (UniqueConstraint("quiz_id", "question_id", "country", "answer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id"))
    question_id: Mapped[str] = mapped_column(String(140))
    country: Mapped[str] = mapped_column(String(2))
    answer: Mapped[str] = mapped_column(String(500))  # the parsed answer as canonical JSON
    correct: Mapped[bool]
    count: Mapped[int] = mapped_column(default=0)
