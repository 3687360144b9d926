"""The content store: courses, modules, lessons and the immutable versions of each lesson's text."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.content.variants import Variant
from lms.extensions import db
from lms.models._types import UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from lms.models.user import User


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    RETIRED = "retired"


class Origin(enum.StrEnum):
    """Where a version's text was made: imported from a file, or written in the browser."""

    FILE = "file"
    BROWSER = "browser"


class VersionMixin:
    """What every immutable version of content has: its language and country (None: regional),
    its text's hash and, for a variant, its source's, its status, and where it was made."""

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    source_hash: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[VersionStatus] = mapped_column(str_enum(VersionStatus))
    origin: Mapped[Origin] = mapped_column(str_enum(Origin), default=Origin.FILE)
    # The file holding this text, as of the last import; None for browser work not yet exported.
    source_path: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def variant(self) -> Variant:
        return Variant(self.locale, self.country)

    @property
    def is_regional_source(self) -> bool:
        return self.variant.is_regional_source


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # other languages' texts from course.<code>.yaml / module.<code>.yaml: code -> fields
    translations: Mapped[dict[str, dict]] = mapped_column(JSON, default=dict)
    # the course file's `attendance` rule (session days required), or None: online only
    attendance: Mapped[dict | None] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(default=0)
    prerequisite_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    prerequisite: Mapped["Course | None"] = relationship(remote_side=[id])
    modules: Mapped[list["Module"]] = relationship(
        back_populates="course", order_by="Module.position"
    )


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # other languages' texts from course.<code>.yaml / module.<code>.yaml: code -> fields
    translations: Mapped[dict[str, dict]] = mapped_column(JSON, default=dict)
    objectives: Mapped[list[str]] = mapped_column(JSON, default=list)
    estimated_minutes: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    course: Mapped[Course] = relationship(back_populates="modules")
    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="module", order_by="Lesson.position"
    )


class Lesson(db.Model):
    """A lesson's stable identity; progress points here, never at a file or a language."""

    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    slug: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)
    country: Mapped[str | None] = mapped_column(String(2))  # set: a national addition
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    module: Mapped[Module] = relationship(back_populates="lessons")
    versions: Mapped[list["LessonVersion"]] = relationship(back_populates="lesson")


class LessonVersion(VersionMixin, db.Model):
    """One immutable text of a lesson for one language and, for a national variant, one country."""

    __tablename__ = "lesson_versions"
    __table_args__ = (Index(None, "lesson_id", "locale", "country", "status"),)
    owner_key = "lesson_id"

    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"))
    markdown: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)

    lesson: Mapped[Lesson] = relationship(back_populates="versions")
    author: Mapped["User | None"] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped["User | None"] = relationship(foreign_keys=[reviewed_by_id])


class TitleVersion(VersionMixin, db.Model):
    """A course's or module's title, summary and objectives in one variant, translated in the
    browser; published, it is what `translations[code]` of its course or module holds."""

    __tablename__ = "title_versions"
    __table_args__ = (Index(None, "course_id", "module_id", "locale", "country", "status"),)

    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"))
    texts: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)

    author: Mapped["User | None"] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped["User | None"] = relationship(foreign_keys=[reviewed_by_id])


class ContentRevision(db.Model):
    """One row: a number that every import and publish raises, so each app server knows when
    its cached course outline is out of date."""

    __tablename__ = "content_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
