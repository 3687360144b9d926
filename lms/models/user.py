"""Accounts, roles and the countries a trainer or national administrator is scoped to."""

import enum
import hashlib
import hmac
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from lms.extensions import db
from lms.models._types import UTCDateTime, str_enum, utcnow


class Role(enum.StrEnum):
    LEARNER = "learner"
    TRAINER = "trainer"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    locale: Mapped[str] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))  # None: the country's zone
    # A trainer's choice: email when a translation waits for their review or comes back.
    notify_by_email: Mapped[bool] = mapped_column(default=False, server_default=false())
    sector: Mapped[str] = mapped_column(String(40), index=True)
    organisation_type: Mapped[str] = mapped_column(String(40))
    gender: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[Role] = mapped_column(str_enum(Role), default=Role.LEARNER)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    demo: Mapped[bool] = mapped_column(default=False)  # synthetic, from `flask lms seed-demo`
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Raised at sign-out, password change and deletion: every older session and remember-me
    # cookie stops working, on every device.
    session_version: Mapped[int] = mapped_column(default=0)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_version: Mapped[str | None] = mapped_column(String(20))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # anonymised

    scopes: Mapped[list["UserCountry"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        """Flask-Login's flag: a deactivated account cannot sign in."""
        return self.active

    def get_id(self) -> str:
        """The id a session and a remember-me cookie carry: the account, and a fingerprint of
        its password and session version, so either change ends every older session."""
        return f"{self.id}.{self.fingerprint()}"

    def matches_session(self, fingerprint: str) -> bool:
        return hmac.compare_digest(fingerprint, self.fingerprint())

    def fingerprint(self) -> str:
        """Changes whenever the password or the session version does (also in reset links)."""
        seed = f"{self.password_hash}:{self.session_version}".encode()
        return hashlib.sha256(seed).hexdigest()[:16]

    def end_sessions(self) -> None:
        """Sign out everywhere: every session and remember-me cookie made so far stops working."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def scoped_countries(self) -> set[str]:
        """Countries a trainer works in, or a national administrator oversees (empty: regional)."""
        return {scope.country for scope in self.scopes}


class UserCountry(db.Model):
    """One country in a trainer's or national administrator's scope."""

    __tablename__ = "user_countries"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)

    user: Mapped[User] = relationship(back_populates="scopes")
