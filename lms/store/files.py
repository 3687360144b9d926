"""Versions as files: the text a version would have on disk, where it goes, and writing
browser work back to the content tree for review in version control."""

from pathlib import Path

import yaml
from sqlalchemy import select

from lms.content.variants import REGIONAL_SOURCE, Variant, lesson_path, numbered
from lms.extensions import db
from lms.models import Course, Lesson, LessonVersion, Module, Origin, VersionStatus


def file_text(version: LessonVersion, extra: dict | None = None) -> str:
    """A version as the file it would be: front matter, then the Markdown body."""
    front = {"title": version.title, **version.meta, **(extra or {})}
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n\n{version.markdown.lstrip()}"


def export_text(version: LessonVersion) -> str:
    """The file `export-variants` writes; it carries the source hash so drift survives."""
    extra = {"national": True} if version.lesson.country else {}
    if version.source_hash:
        extra["source_hash"] = version.source_hash
    return file_text(version, extra)


def export_variants(root: Path) -> list[str]:
    """Write every published variant made in the browser to its file; return the paths."""
    written = []
    query = select(LessonVersion).where(
        LessonVersion.status == VersionStatus.PUBLISHED,
        LessonVersion.origin == Origin.BROWSER,
        LessonVersion.source_path.is_(None),
    )
    for version in db.session.scalars(query):
        path = variant_path(version.lesson, version.variant)
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(export_text(version), encoding="utf-8")
        written.append(path)
    return sorted(written)


def variant_path(lesson: Lesson, variant: Variant = REGIONAL_SOURCE) -> str:
    module = lesson.module
    return lesson_path(module.course.slug, numbered(module.position, module.slug),
                       numbered(lesson.position, lesson.slug), variant)  # fmt: skip


def lesson_paths() -> dict[str, tuple[str, str, str]]:
    """Every live regional lesson's file path, to check and rewrite links as an import would."""
    rows = db.session.execute(
        select(Lesson, Module, Course)
        .join(Module, Lesson.module_id == Module.id)
        .join(Course, Module.course_id == Course.id)
        .where(Lesson.retired_at.is_(None), Lesson.country.is_(None))
    ).all()
    return {variant_path(lesson): (c.slug, m.slug, lesson.slug) for lesson, m, c in rows}
