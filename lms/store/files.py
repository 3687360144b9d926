"""Versions as files: the text a version would have on disk, where it goes, and writing
browser work back to the content tree for review in version control."""

from pathlib import Path

import yaml
from sqlalchemy import select

from lms.content.quizzes import DEFAULTS, FINAL
from lms.content.variants import REGIONAL_SOURCE, Variant, file_name, lesson_path, numbered
from lms.extensions import db
from lms.models import (
    Course,
    Lesson,
    LessonVersion,
    Module,
    Origin,
    Quiz,
    QuizVersion,
    VersionStatus,
)


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
    """Write every published variant made in the browser (lessons and quiz banks) to its file;
    return the paths."""
    written = [
        _write(root, variant_path(version.lesson, version.variant), export_text(version))
        for version in _browser_work(LessonVersion)
    ]
    written += [
        _write(root, quiz_path(version.quiz, version.variant), quiz_text(version))
        for version in _browser_work(QuizVersion)
    ]
    return sorted(written)


def _browser_work(model):
    """Published versions made in the browser that no file holds yet."""
    return db.session.scalars(
        select(model).where(
            model.status == VersionStatus.PUBLISHED,
            model.origin == Origin.BROWSER,
            model.source_path.is_(None),
        )
    )


def _write(root: Path, path: str, text: str) -> str:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    return path


def quiz_text(version: QuizVersion) -> str:
    """A quiz version as its bank file (docs/quiz-format.md): the title, the settings that
    differ from the defaults (a translation repeats its source's, unchanged), the questions."""
    settings = {k: v for k, v in version.settings.items() if k in DEFAULTS and v != DEFAULTS[k]}
    data = {"title": version.title, **settings, "questions": version.questions}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def quiz_path(quiz: Quiz, variant: Variant = REGIONAL_SOURCE) -> str:
    """'quizzes/introductory/01-basics.th-TH.yaml'; a final assessment's stem is 'final'."""
    module = quiz.module
    stem = numbered(module.position, module.slug) if module else FINAL
    return f"quizzes/{quiz.course.slug}/{file_name(stem, variant, 'yaml')}"


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
