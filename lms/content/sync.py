"""Import a validated content tree into the database as immutable lesson versions."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.files import ContentTree, CourseEntry, LessonFile, ModuleEntry, resolve_link
from lms.content.files import lesson_paths as source_paths
from lms.content.render import content_hash, render_markdown
from lms.models import Course, Lesson, LessonVersion, Module, VersionStatus
from lms.models._types import utcnow

PUBLISHED = VersionStatus.PUBLISHED


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    unchanged: int = 0


class _Importer:
    def __init__(self, session: Session, tree: ContentTree):
        self.session = session
        self.paths = source_paths(tree.courses)
        self.report = SyncReport()

    def courses(self, tree: ContentTree) -> None:
        existing = {c.slug: c for c in self.session.scalars(select(Course))}
        kept = {entry.slug: self.course(existing.get(entry.slug), entry) for entry in tree.courses}
        for entry in tree.courses:
            prerequisite = entry.meta.get("prerequisite")
            kept[entry.slug].prerequisite = kept[prerequisite] if prerequisite else None
        for slug, course in existing.items():
            if slug not in kept:
                self.retire_course(course)

    def course(self, course: Course | None, entry: CourseEntry) -> Course:
        if course is None:
            course = Course(slug=entry.slug)
            self.session.add(course)
        course.title = entry.meta["title"]
        course.summary = entry.meta.get("summary") or ""
        course.position = entry.meta.get("order") or 0
        course.retired_at = None
        self.session.flush()
        existing = {m.slug: m for m in course.modules}
        for entry_module in entry.modules:
            self.module(course, existing.pop(entry_module.slug, None), entry_module)
        for module in existing.values():
            self.retire_module(module)
        return course

    def module(self, course: Course, module: Module | None, entry: ModuleEntry) -> None:
        if module is None:
            module = Module(course=course, slug=entry.slug)
            self.session.add(module)
        module.title = entry.meta["title"]
        module.summary = entry.meta.get("summary") or ""
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
            lesson.retired_at = None
            self.session.flush()
            self.versions(lesson, [lesson_entry.source, *lesson_entry.variants])
        for lesson in existing.values():
            self.retire_lesson(lesson)

    def versions(self, lesson: Lesson, files: list[LessonFile]) -> None:
        published = {(v.locale, v.country): v for v in lesson.versions if v.status == PUBLISHED}
        source_hash = content_hash(files[0].text)
        for file in files:
            current = published.pop((file.locale, file.country), None)
            new_hash = content_hash(file.text)
            if current and current.content_hash == new_hash:
                self.report.unchanged += 1
                continue
            if current:
                current.status = VersionStatus.RETIRED
            self.session.add(self.new_version(lesson, file, new_hash, source_hash))
            self.report.created.append(file.path)
        for version in published.values():
            if version.source_path:  # made in the browser: not the files' to retire
                self.retire_version(version)

    def new_version(
        self, lesson: Lesson, file: LessonFile, new_hash: str, source_hash: str
    ) -> LessonVersion:
        is_source = file.locale == "en" and file.country is None
        return LessonVersion(
            lesson=lesson,
            locale=file.locale,
            country=file.country,
            title=file.title.strip(),
            markdown=file.body,
            html=render_markdown(file.body, lambda href: self.rewrite(file.path, href)),
            meta={k: v for k, v in file.meta.items() if k != "title"},
            content_hash=new_hash,
            source_hash=None if is_source else file.meta.get("source_hash", source_hash),
            status=PUBLISHED,
            source_path=file.path,
        )

    def rewrite(self, from_path: str, href: str) -> str:
        """A link to a lesson file becomes a link to its page, relative to /learn/c/m/l."""
        target = self.paths.get(resolve_link(from_path, href))
        if target is None:
            return href
        anchor = href.partition("#")[2]
        return "../../" + "/".join(target) + (f"#{anchor}" if anchor else "")

    def retire_course(self, course: Course) -> None:
        course.retired_at = course.retired_at or utcnow()
        for module in course.modules:
            self.retire_module(module)

    def retire_module(self, module: Module) -> None:
        module.retired_at = module.retired_at or utcnow()
        for lesson in module.lessons:
            self.retire_lesson(lesson)

    def retire_lesson(self, lesson: Lesson) -> None:
        lesson.retired_at = lesson.retired_at or utcnow()
        for version in lesson.versions:
            if version.status == PUBLISHED:
                self.retire_version(version)

    def retire_version(self, version: LessonVersion) -> None:
        version.status = VersionStatus.RETIRED
        self.report.retired.append(version.source_path or f"lesson version {version.id}")


def sync_tree(session: Session, tree: ContentTree) -> SyncReport:
    """Bring the database in line with a valid tree; the caller commits. Refuses invalid trees."""
    if not tree.ok:
        raise ValueError("refusing to import content with problems")
    importer = _Importer(session, tree)
    importer.courses(tree)
    session.flush()
    return importer.report
