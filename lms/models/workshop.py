"""Training sessions delivered in person (or live online): their days, the people on their
register, attendance and anonymous feedback.

A seat is a person on a session's register: a learner with an account, or a participant
recorded without one (name, sex, country, sector and organisation copied onto the seat), who
claims the seat on registering with the same email. Like certificates, seats keep the profile
as it was recorded, so reports do not move when a profile is edited later.
"""

import enum
from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models._types import UTCDateTime, str_enum, utcnow
from lms.models.content import Course
from lms.models.user import User

facilitators = Table(
    "session_facilitators",
    db.metadata,
    Column("session_id", Integer, ForeignKey("training_sessions.id"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
)


class TrainingSession(db.Model):
    __tablename__ = "training_sessions"
    __table_args__ = (Index(None, "country", "enrol_by"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    modules: Mapped[list[str]] = mapped_column(JSON, default=list)  # slugs; empty: the course
    title: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    locale: Mapped[str] = mapped_column(String(8))
    timezone: Mapped[str] = mapped_column(String(64))  # the venue's: times are shown in it
    venue: Mapped[str] = mapped_column(Text, default="")
    meeting_url: Mapped[str] = mapped_column(String(500), default="")
    seats: Mapped[int] = mapped_column()
    enrol_by: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course: Mapped[Course] = relationship()
    days: Mapped[list["SessionDay"]] = relationship(
        back_populates="session", order_by="SessionDay.starts_at", cascade="all, delete-orphan"
    )
    facilitators: Mapped[list[User]] = relationship(secondary=facilitators)

    @property
    def starts_at(self) -> datetime:
        return self.days[0].starts_at

    @property
    def ends_at(self) -> datetime:
        return self.days[-1].ends_at


class SessionDay(db.Model):
    __tablename__ = "session_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    session: Mapped[TrainingSession] = relationship(back_populates="days")


class SeatStatus(enum.StrEnum):
    ENROLLED = "enrolled"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class Seat(db.Model):
    __tablename__ = "seats"
    __table_args__ = (
        # One seat per person and session (NULLs are distinct: participants without an
        # email are told apart by name and organisation when they are recorded).
        Index("ux_seats_user", "session_id", "user_id", unique=True),
        Index("ux_seats_email", "session_id", "email", unique=True),
        Index(None, "session_id", "status", "requested_at"),
        Index(None, "email"),
        Index(None, "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[SeatStatus] = mapped_column(str_enum(SeatStatus))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # queue order
    email: Mapped[str | None] = mapped_column(String(254))  # lower case
    full_name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    sector: Mapped[str] = mapped_column(String(40))
    organisation_type: Mapped[str] = mapped_column(String(40), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Set while the seat's attendance meets the session's required days (a summary, for
    # the reports and the certificate rule).
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    feedback_given: Mapped[bool] = mapped_column(default=False)  # the answers are not linked

    session: Mapped[TrainingSession] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    attended: Mapped[list["Attendance"]] = relationship(cascade="all, delete-orphan")


class Attendance(db.Model):
    __tablename__ = "attendance"

    seat_id: Mapped[int] = mapped_column(ForeignKey("seats.id"), primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("session_days.id"), primary_key=True)
    marked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Feedback(db.Model):
    """One participant's evaluation of a session. Deliberately without the participant, the
    seat or the time it was given: the seat only records that it was given."""

    __tablename__ = "session_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"), index=True)
    relevance: Mapped[int] = mapped_column()  # 1-5
    confidence_before: Mapped[int] = mapped_column()  # 1-5
    confidence_after: Mapped[int] = mapped_column()  # 1-5
    comment: Mapped[str] = mapped_column(Text, default="")
