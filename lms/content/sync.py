"""Import a validated content tree into the database as immutable lesson versions."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.files import ContentTree, CourseEntry, LessonFile, ModuleEntry, lesson_href
from lms.content.files import lesson_paths as source_paths
from lms.content.quizzes import QuizEntry, QuizFile
from lms.content.render import content_hash, render_markdown
from lms.models import Course, Lesson, LessonVersion, Module, Quiz, QuizVersion, VersionStatus
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
        self.tree = tree
        self.paths = source_paths(tree.courses)
        self.report = SyncReport()

    def courses(self) -> None:
        existing = {c.slug: c for c in self.session.scalars(select(Course))}
        entries = self.tree.courses
        kept = {entry.slug: self.course(existing.get(entry.slug), entry) for entry in entries}
        for entry in entries:
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
            lesson.country = lesson_entry.country
            lesson.retired_at = None
            self.session.flush()
            files = [lesson_entry.source, *lesson_entry.variants]
            self.versions(lesson, files, self.lesson_version)
        for lesson in existing.values():
            self.retire_lesson(lesson)

    def versions(self, owner: Lesson | Quiz, files: list, make_version) -> None:
        """Publish a new version for each changed file; retire those whose file is gone."""
        published = {(v.locale, v.country): v for v in owner.versions if v.status == PUBLISHED}
        source_hash = content_hash(files[0].text)
        for file in files:
            current = published.pop((file.locale, file.country), None)
            new_hash = content_hash(file.text)
            if current and current.content_hash == new_hash:
                self.report.unchanged += 1
                continue
            if current:
                current.status = VersionStatus.RETIRED
            version = make_version(owner, file)
            version.locale, version.country, version.status = file.locale, file.country, PUBLISHED
            version.content_hash, version.source_path = new_hash, file.path
            if file is not files[0]:  # a variant remembers the source it was made from
                version.source_hash = getattr(file, "meta", {}).get("source_hash", source_hash)
            self.session.add(version)
            self.report.created.append(file.path)
        for version in published.values():
            if version.source_path:  # made in the browser: not the files' to retire
                self.retire_version(version)

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

    def quizzes(self) -> None:
        courses = {c.slug: c for c in self.session.scalars(select(Course))}
        existing = {(q.course_id, q.slug): q for q in self.session.scalars(select(Quiz))}
        for entry in self.tree.quizzes:
            course = courses[entry.course]
            quiz = existing.pop((course.id, entry.slug), None) or self.new_quiz(course, entry)
            quiz.retired_at = None
            self.versions(quiz, [entry.source, *entry.variants], self.quiz_version)
        for quiz in existing.values():
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

    def retire_version(self, version: LessonVersion | QuizVersion) -> None:
        version.status = VersionStatus.RETIRED
        self.report.retired.append(version.source_path or f"lesson version {version.id}")


def sync_tree(session: Session, tree: ContentTree) -> SyncReport:
    """Bring the database in line with a valid tree; the caller commits. Refuses invalid trees."""
    if not tree.ok:
        raise ValueError("refusing to import content with problems")
    importer = _Importer(session, tree)
    importer.courses()
    session.flush()
    importer.quizzes()
    session.flush()
    return importer.report
