"""Import a validated content tree as versions, never overwriting work done in the browser.

Each version remembers where it was made (file or browser) and `source_path`, the file its text
is in as of the last import. A file whose text differs from its variant's published version is
imported as a new version, unless that version was published in the browser and no file holds
its text: then the file and the browser disagree, which is a conflict. The variant is left as
it is and reported (until `export-variants` writes the browser text to the file, or the
operator chooses the file), and everything else still imports.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.files import ContentTree, CourseEntry, LessonFile, ModuleEntry, lesson_href
from lms.content.files import lesson_paths as source_paths
from lms.content.quizzes import QuizEntry, QuizFile
from lms.content.render import content_hash, render_markdown
from lms.content.variants import Variant
from lms.models import (
    Course,
    Lesson,
    LessonVersion,
    Module,
    Origin,
    Quiz,
    QuizVersion,
    TitleVersion,
    VersionStatus,
)
from lms.models._types import utcnow
from lms.store import outline

PUBLISHED, RETIRED = VersionStatus.PUBLISHED, VersionStatus.RETIRED


@dataclass(frozen=True)
class Conflict:
    """A file the import left alone because browser work it would replace is not in the files."""

    path: str
    version: LessonVersion | QuizVersion | TitleVersion
    removed: bool = False  # the file is gone, rather than changed

    @property
    def message(self) -> str:
        when = (self.version.reviewed_at or self.version.created_at).strftime("%Y-%m-%d %H:%M UTC")
        person = self.version.reviewed_by or self.version.author
        what = "removed from the files, but a text of it was" if self.removed else "conflict:"
        by = f" by {person.full_name}" if person else ""
        return f"{self.path}: {what} published in the browser on {when}{by}"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


def published(versions) -> LessonVersion | QuizVersion | None:
    return next((v for v in versions if v.status == PUBLISHED), None)


def browser_work(versions) -> LessonVersion | None:
    """The published version, if it was made in the browser and no file holds its text yet."""
    current = published(versions)
    return current if current and current.source_path is None else None


BROWSER_TITLES = "browser"  # the mark of a course's or module's texts published in the browser


def _same_titles(from_file: dict | None, texts: dict) -> bool:
    keys = set(texts) - {"origin"}
    return from_file is not None and all(from_file.get(k) == texts[k] for k in keys)


def _published_titles(owner: Course | Module, code: str):
    column = TitleVersion.course_id if isinstance(owner, Course) else TitleVersion.module_id
    variant = Variant.parse(code)
    return select(TitleVersion).where(column == owner.id, TitleVersion.status == PUBLISHED,
                                      TitleVersion.locale == variant.locale,
                                      TitleVersion.country == variant.country)  # fmt: skip


class _Importer:
    def __init__(self, session: Session, tree: ContentTree, use_files: set[str]):
        self.session = session
        self.tree = tree
        self.use_files = use_files  # paths whose file wins over browser work, by explicit choice
        self.paths = source_paths(tree.courses)
        self.report = ImportReport()

    # Courses, modules, lessons -------------------------------------------------------------

    def courses(self) -> None:
        existing = {c.slug: c for c in self.session.scalars(select(Course))}
        entries = self.tree.courses
        kept = {entry.slug: self.course(existing.get(entry.slug), entry) for entry in entries}
        for entry in entries:
            prerequisite = entry.meta.get("prerequisite")
            kept[entry.slug].prerequisite = kept[prerequisite] if prerequisite else None
        for slug, course in existing.items():
            if slug not in kept and self.retire_all(course.modules, self.retire_module):
                course.retired_at = course.retired_at or utcnow()

    def course(self, course: Course | None, entry: CourseEntry) -> Course:
        if course is None:
            course = Course(slug=entry.slug)
            self.session.add(course)
        course.title = entry.meta["title"]
        course.summary = entry.meta.get("summary") or ""
        course.translations = self.titles(course, entry.translations, entry.path[: -len(".yaml")])
        course.position = entry.meta.get("order") or 0
        course.attendance = entry.meta.get("attendance")
        course.retired_at = None
        self.session.flush()
        existing = {m.slug: m for m in course.modules}
        for entry_module in entry.modules:
            self.module(course, existing.pop(entry_module.slug, None), entry_module)
        for module in existing.values():
            self.retire_module(module)
        return course

    def titles(self, owner: Course | Module, files: dict, stem: str) -> dict:
        """The files' translations of a course's or module's texts, except a code published
        in the browser: kept unless a file holds the same texts, a conflict if it differs."""
        merged = dict(files)
        for code, texts in (owner.translations or {}).items():
            if texts.get("origin") != BROWSER_TITLES or _same_titles(files.get(code), texts):
                continue
            merged[code] = texts
            version = self.session.scalar(_published_titles(owner, code))
            if code in files and version is not None:
                self.report.conflicts.append(Conflict(f"{stem}.{code}.yaml", version))
        return merged

    def module(self, course: Course, module: Module | None, entry: ModuleEntry) -> None:
        if module is None:
            module = Module(course=course, slug=entry.slug)
            self.session.add(module)
        module.title = entry.meta["title"]
        module.summary = entry.meta.get("summary") or ""
        module.translations = self.titles(module, entry.translations, f"{entry.path}/module")
        module.objectives = list(entry.meta.get("objectives") or [])
        module.estimated_minutes = entry.meta.get("estimated_minutes") or 0
        module.position = entry.position
        module.retired_at = None
        self.session.flush()
        existing = {lesson.slug: lesson for lesson in module.lessons}
        for lesson_entry in entry.lessons:
            lesson = existing.pop(lesson_entry.slug, None)
            if lesson is None:
                lesson = Lesson(module=module, slug=lesson_entry.slug)
                self.session.add(lesson)
            lesson.position = lesson_entry.position
            lesson.country = lesson_entry.country
            lesson.retired_at = None
            self.session.flush()
            files = [lesson_entry.source, *lesson_entry.variants]
            self.versions(lesson, files, self.lesson_version)
        for lesson in existing.values():
            self.retire_lesson(lesson)

    # Versions -------------------------------------------------------------------------------

    def versions(self, owner: Lesson | Quiz, files: list, make_version) -> None:
        """Bring each variant in line with its file; retire file-made variants whose file is
        gone (browser-made ones are not the files' to retire)."""
        by_variant: dict[tuple, list] = {}
        for version in sorted(owner.versions, key=lambda v: v.id, reverse=True):
            by_variant.setdefault((version.locale, version.country), []).append(version)
        source_hash = content_hash(files[0].text)
        for file in files:
            versions = by_variant.pop((file.locale, file.country), [])
            made_from = None if file is files[0] else source_hash
            self.variant(owner, versions, file, make_version, made_from)
        for versions in by_variant.values():
            current = published(versions)
            if current and current.origin == Origin.FILE:
                self.retire_version(current)

    def variant(self, owner, versions: list, file, make_version, made_from: str | None) -> None:
        """One file against its variant's versions, newest first. `made_from` is the source's
        hash, for a translation or national variant."""
        new_hash = content_hash(file.text)
        current = published(versions)
        if current and current.content_hash == new_hash:
            current.source_path = file.path  # browser work exported to this file is now in files
            self.report.unchanged += 1
            return
        if browser_work(versions) and file.path not in self.use_files:
            self.report.conflicts.append(Conflict(file.path, current))
            return
        if current:
            current.status = RETIRED
        version = make_version(owner, file)
        version.locale, version.country, version.status = file.locale, file.country, PUBLISHED
        version.origin, version.content_hash, version.source_path = Origin.FILE, new_hash, file.path
        if made_from:  # a variant remembers the source it was made from
            version.source_hash = getattr(file, "meta", {}).get("source_hash", made_from)
        self.session.add(version)
        self.report.created.append(file.path)

    def lesson_version(self, lesson: Lesson, file: LessonFile) -> LessonVersion:
        return LessonVersion(
            lesson=lesson,
            title=file.title.strip(),
            markdown=file.body,
            html=render_markdown(file.body, lambda href: lesson_href(self.paths, file.path, href)),
            meta={k: v for k, v in file.meta.items() if k not in ("title", "source_hash")},
        )

    def quiz_version(self, quiz: Quiz, file: QuizFile) -> QuizVersion:
        return QuizVersion(
            quiz=quiz, title=file.title.strip(), settings=file.settings, questions=file.questions
        )

    # Quizzes ------------------------------------------------------------------------------

    def quizzes(self) -> None:
        courses = {c.slug: c for c in self.session.scalars(select(Course))}
        existing = {(q.course_id, q.slug): q for q in self.session.scalars(select(Quiz))}
        for entry in self.tree.quizzes:
            course = courses[entry.course]
            quiz = existing.pop((course.id, entry.slug), None) or self.new_quiz(course, entry)
            quiz.retired_at = None
            self.versions(quiz, [entry.source, *entry.variants], self.quiz_version)
        for quiz in existing.values():
            self.retire_quiz(quiz)

    def retire_quiz(self, quiz: Quiz) -> None:
        """A bank whose file is gone. A translation of it published in the browser is a
        conflict, as for a lesson: the quiz stays, and is reported."""
        path = next((v.source_path for v in quiz.versions if v.origin == Origin.FILE), None)
        work = [v for v in quiz.versions if v.status == PUBLISHED and v.source_path is None]
        if quiz.retired_at is None and work and path and path not in self.use_files:
            self.report.conflicts.append(Conflict(path, work[0], removed=True))
            return
        quiz.retired_at = quiz.retired_at or utcnow()
        for version in quiz.versions:
            if version.status == PUBLISHED:
                self.retire_version(version)

    def new_quiz(self, course: Course, entry: QuizEntry) -> Quiz:
        module = next((m for m in course.modules if m.slug == entry.module), None)
        quiz = Quiz(course=course, module=module, slug=entry.slug)
        self.session.add(quiz)
        self.session.flush()
        return quiz

    # Retiring -----------------------------------------------------------------------------

    @staticmethod
    def retire_all(items, retire) -> bool:
        """Retire each item; True if every one could be."""
        return all([retire(item) for item in items])  # a list: try them all

    def retire_module(self, module: Module) -> bool:
        if self.retire_all(module.lessons, self.retire_lesson):
            module.retired_at = module.retired_at or utcnow()
            return True
        return False  # it holds browser work, so it stays

    def retire_lesson(self, lesson: Lesson) -> bool:
        """A lesson whose file is gone. One made in the browser has no file to lose; one whose
        text is published from the browser is a conflict. True if retired."""
        if lesson.retired_at is not None:
            return True
        path = next((v.source_path for v in lesson.versions if v.origin == Origin.FILE), None)
        if path is None:
            return False
        work = [v for v in lesson.versions if v.status == PUBLISHED and v.source_path is None]
        if work and path not in self.use_files:
            self.report.conflicts.append(Conflict(path, work[0], removed=True))
            return False
        lesson.retired_at = utcnow()
        for version in lesson.versions:
            if version.status == PUBLISHED:
                self.retire_version(version)
        return True

    def retire_version(self, version: LessonVersion | QuizVersion) -> None:
        version.status = RETIRED
        self.report.retired.append(version.source_path or f"version {version.id} (browser)")


def import_tree(session: Session, tree: ContentTree, use_files: set[str] = frozenset()):
    """Bring the database in line with a valid tree; the caller commits. Refuses invalid trees."""
    if not tree.ok:
        raise ValueError("refusing to import content with problems")
    importer = _Importer(session, tree, set(use_files))
    importer.courses()
    session.flush()
    importer.quizzes()
    session.flush()
    outline.bump()  # titles, order or versions may have changed: every app server rebuilds
    return importer.report
