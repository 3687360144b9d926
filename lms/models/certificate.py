"""Certificates: issued once per learner and course, verifiable by an unguessable code."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models._types import UTCDateTime, utcnow
from lms.models.content import Course
from lms.models.user import User

if TYPE_CHECKING:
    from lms.models.workshop import TrainingSession


class Certificate(db.Model):
    """Who completed what, as it stood at issue: the holder's name and profile are copied, so
    reports and scoping follow the certificate, not a profile edited later."""

    __tablename__ = "certificates"
    __table_args__ = (
        # At most one current certificate per learner and course, even under concurrent
        # requests; a reissue replaces the old one, which keeps its row as revoked history.
        Index(
            "ux_certificates_one_current",
            "user_id",
            "course_id",
            unique=True,
            sqlite_where=text("replaced_by_id IS NULL"),
            postgresql_where=text("replaced_by_id IS NULL"),
        ),
        Index(None, "country", "issued_at"),
        Index(None, "course_id", "revoked_at", "issued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    full_name: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(2))
    sector: Mapped[str] = mapped_column(String(40))
    organisation_type: Mapped[str] = mapped_column(String(40))
    gender: Mapped[str | None] = mapped_column(String(20))
    course_version: Mapped[str] = mapped_column(String(16))  # hash of what was completed
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    # the in-person session whose attendance the course required, if it did
    session_id: Mapped[int | None] = mapped_column(ForeignKey("training_sessions.id"))
    holder_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # account deleted

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    course: Mapped[Course] = relationship()
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    replaced_by: Mapped["Certificate | None"] = relationship(remote_side=[id])
    session: Mapped["TrainingSession | None"] = relationship()

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
