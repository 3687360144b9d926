"""Read the content tree from disk and validate it, collecting every problem with file and line."""

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from lms.content.codes import COUNTRY_NAMES, N_
from lms.content.quizzes import QuizEntry, QuizReader
from lms.content.render import TextTooComplex, check_bounds
from lms.content.variants import Variant, VariantError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NUMBERED = re.compile(r"^(?P<position>\d{2})-(?P<slug>.+)$")
LESSON_FILE = re.compile(r"^(?P<stem>[^.]+)(?:\.(?P<variant>[^.]+))?\.md$")
LINK = re.compile(r"\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
WEB_LINK = re.compile(r"^(?:https?:|mailto:|#)")
MAX_FILE_BYTES = 200_000

LESSON_KEYS = {"title", "estimated_minutes", "objectives", "content_warning", "sources"}
VARIANT_KEYS = LESSON_KEYS | {"source_hash", "review_note", "national"}
COURSE_TEXTS = {"title", "summary", "review_note"}  # what course.<code>.yaml may translate
MODULE_TEXTS = COURSE_TEXTS | {"objectives"}


@dataclass(frozen=True)
class Problem:
    """`message` is English, for files and logs; the editor shows `template` % `params`
    through the reader's catalogue."""

    path: str
    line: int
    message: str
    template: str = field(default="", compare=False)
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class LessonFile:
    """One Markdown file: the regional source (locale en, no country) or a variant of it."""

    path: str
    locale: str
    country: str | None
    meta: dict[str, Any]
    body: str
    text: str

    @property
    def title(self) -> str:
        return self.meta["title"]


@dataclass
class LessonEntry:
    """A lesson: its regional source and variants, or, for a national addition (`country` set),
    the national file in the source's place."""

    slug: str
    position: int
    source_path: str
    source: LessonFile | None = None
    variants: list[LessonFile] = field(default_factory=list)
    country: str | None = None


@dataclass
class ModuleEntry:
    slug: str
    position: int
    path: str
    meta: dict[str, Any]
    lessons: list[LessonEntry] = field(default_factory=list)
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> texts


@dataclass
class CourseEntry:
    slug: str
    path: str
    meta: dict[str, Any]
    modules: list[ModuleEntry] = field(default_factory=list)
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> texts


@dataclass
class ContentTree:
    courses: list[CourseEntry]
    problems: list[Problem]
    quizzes: list[QuizEntry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Reader:
    """Walks `modules/` under a root, building the tree and recording problems as it goes."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.lesson_files: list[LessonFile] = []
        self.texts: dict[str, str] = {}  # path -> text, so problems can find their line

    def problem(self, path: Path | str, line: int, template: str, **params) -> None:
        message = template % params if params else template
        self.problems.append(Problem(self.rel(path), line, message, template, params))

    def rel(self, path: Path | str) -> str:
        path = Path(path)
        return path.relative_to(self.root).as_posix() if path.is_absolute() else str(path)

    def read_text(self, path: Path) -> str | None:
        if path.stat().st_size > MAX_FILE_BYTES:
            size = MAX_FILE_BYTES // 1000
            self.problem(path, 1, N_("file is larger than %(size)d kB"), size=size)
            return None
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.problem(path, 1, N_("file is not valid UTF-8"))
            return None

    def read_yaml(self, path: Path, text: str, line_offset: int = 0) -> dict | None:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = (mark.line + 1 if mark else 1) + line_offset
            reason = getattr(error, "problem", None) or "malformed YAML"
            self.problem(path, line, N_("malformed YAML: %(reason)s"), reason=reason)
            return None
        if not isinstance(data, dict):
            self.problem(path, 1 + line_offset, N_("expected a mapping of keys to values"))
            return None
        return data

    # Courses and modules ------------------------------------------------------------

    def courses(self) -> list[CourseEntry]:
        modules_dir = self.root / "modules"
        if not modules_dir.is_dir():
            self.problem("modules", 1, "the content folder 'modules/' is missing")
            return []
        courses = []
        for course_dir in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
            if course := self.course(course_dir):
                courses.append(course)
        self.check_prerequisites(courses)
        return sorted(courses, key=lambda c: (c.meta.get("order", 0), c.slug))

    def course(self, course_dir: Path) -> CourseEntry | None:
        if not SLUG.match(course_dir.name):
            self.problem(course_dir, 1, f"malformed course slug '{course_dir.name}'")
            return None
        meta = self.metadata(course_dir / "course.yaml", required=("title",))
        if meta is None:
            return None
        course = CourseEntry(course_dir.name, self.rel(course_dir / "course.yaml"), meta)
        course.translations = self.translations(course_dir, "course", COURSE_TEXTS)
        self.expect_int(course_dir / "course.yaml", meta, "order", minimum=0)
        meta["attendance"] = self.attendance_rule(course_dir / "course.yaml", meta)
        seen: dict[str, str] = {}
        for module_dir in sorted(p for p in course_dir.iterdir() if p.is_dir()):
            module = self.module(module_dir, seen)
            if module:
                course.modules.append(module)
        if not course.modules:
            self.problem(course_dir / "course.yaml", 1, "course has no modules")
        return course

    def attendance_rule(self, path: Path, meta: dict) -> dict | None:
        """`attendance:` in a course file: session days a learner must attend (`days`),
        whether they replace the online part (`replaces_online`), and the countries whose
        national programme requires them (`countries`; absent: every country)."""
        rule = meta.get("attendance")
        if rule is None:
            return None
        line = self.key_line(path, "attendance")
        days = rule.get("days") if isinstance(rule, dict) else None
        if type(days) is not int or days < 1:
            self.problem(path, line, N_("'attendance' needs 'days': a whole number ≥ 1"))
            return None
        countries = rule.get("countries")
        if countries is not None and (
            not isinstance(countries, list)
            or not all(isinstance(c, str) and c in COUNTRY_NAMES for c in countries)
        ):
            self.problem(path, line, N_("'attendance: countries' must list country codes"))
            return None
        replaces = rule.get("replaces_online", False)
        if not isinstance(replaces, bool):
            self.problem(path, line, N_("'attendance: replaces_online' must be true or false"))
            return None
        return {"days": days, "replaces_online": replaces, "countries": countries}

    def module(self, module_dir: Path, seen: dict[str, str]) -> ModuleEntry | None:
        position, slug = self.numbered_name(module_dir, module_dir.name, "module")
        if slug is None:
            return None
        if slug in seen:
            self.problem(module_dir, 1, f"duplicate module slug '{slug}' (also {seen[slug]})")
            return None
        seen[slug] = module_dir.name
        meta = self.metadata(module_dir / "module.yaml", required=("title",))
        if meta is None:
            return None
        self.expect_int(module_dir / "module.yaml", meta, "estimated_minutes", minimum=1)
        self.expect_strings(module_dir / "module.yaml", meta, "objectives")
        module = ModuleEntry(slug, position, self.rel(module_dir), meta)
        module.translations = self.translations(module_dir, "module", MODULE_TEXTS)
        module.lessons = self.lessons(module_dir)
        if not module.lessons:
            self.problem(module_dir / "module.yaml", 1, "module has no lessons")
        return module

    def metadata(self, path: Path, required: tuple[str, ...]) -> dict | None:
        if not path.exists():
            self.problem(path, 1, f"missing {path.name}")
            return None
        text = self.read_text(path)
        meta = self.read_yaml(path, text) if text is not None else None
        if meta is None:
            return None
        for key in required:
            if not isinstance(meta.get(key), str) or not meta[key].strip():
                self.problem(path, 1, N_("missing required field '%(key)s'"), key=key)
                return None
        return meta

    def translations(self, folder: Path, stem: str, allowed: set[str]) -> dict[str, dict]:
        """`course.th-TH.yaml` and the like: a course's or module's texts in another
        language, keyed by variant code. The learner sees the best one for them, as for
        lessons; a missing field falls back to the English."""
        found = {}
        for path in sorted(folder.glob(f"{stem}.*.yaml")):
            code = path.name[len(stem) + 1 : -len(".yaml")]
            try:
                Variant.parse(code)
            except VariantError as problem:
                self.problem(path, 1, str(problem))
                continue
            meta = self.metadata(path, required=("title",))
            if meta is not None and self.known_fields(path, meta, allowed):
                found[code] = meta
        return found

    def known_fields(self, path: Path, meta: dict, allowed: set[str]) -> bool:
        for key in sorted(set(meta) - allowed):
            self.problem(path, self.key_line(path, key), N_("unknown field '%(key)s'"), key=key)
        return set(meta) <= allowed

    def numbered_name(self, path: Path, name: str, kind: str) -> tuple[int, str | None]:
        match = NUMBERED.match(name)
        if not match or not SLUG.match(match["slug"]):
            self.problem(
                path,
                1,
                f"malformed {kind} name '{name}': expected NN-slug "
                "(two digits, then lowercase letters, digits and hyphens)",
            )
            return 0, None
        return int(match["position"]), match["slug"]

    def check_prerequisites(self, courses: list[CourseEntry]) -> None:
        known = {c.slug: c for c in courses}
        for course in courses:
            prerequisite = course.meta.get("prerequisite")
            if prerequisite is None:
                continue
            if prerequisite not in known or prerequisite == course.slug:
                line = self.key_line(self.root / course.path, "prerequisite")
                self.problem(course.path, line, f"unknown prerequisite course '{prerequisite}'")
                course.meta["prerequisite"] = None
        for course in courses:
            chain, current = set(), course
            while current and (next_slug := current.meta.get("prerequisite")):
                if next_slug in chain:
                    self.problem(course.path, 1, "prerequisite courses form a cycle")
                    break
                chain.add(next_slug)
                current = known.get(next_slug)

    # Lessons -------------------------------------------------------------------------

    def lessons(self, module_dir: Path) -> list[LessonEntry]:
        entries: dict[str, LessonEntry] = {}
        variants: list[tuple[Path, int, str, str]] = []
        for path in sorted(module_dir.glob("*.md")):
            match = LESSON_FILE.match(path.name)
            if not match:
                self.problem(path, 1, f"malformed lesson file name '{path.name}'")
                continue
            position, slug = self.numbered_name(path, match["stem"], "lesson")
            if slug is None:
                continue
            if match["variant"]:
                variants.append((path, position, slug, match["variant"]))
                continue
            if slug in entries:
                self.problem(path, 1, f"duplicate lesson slug '{slug}' in this module")
                continue
            entries[slug] = LessonEntry(slug, position, self.rel(path))
            entries[slug].source = self.lesson_file(path, "en", None)
        for path, position, slug, variant in variants:
            self.variant(entries, path, position, slug, variant)
        return sorted(entries.values(), key=lambda e: (e.position, e.slug))

    def variant(self, entries: dict, path: Path, position: int, slug: str, code: str) -> None:
        try:
            variant = Variant.parse(code)
        except VariantError as problem:
            self.problem(path, 1, str(problem))
            return
        if slug not in entries and not variant.country:
            self.problem(path, 1, f"variant has no regional source lesson '{slug}'")
        elif lesson := self.lesson_file(path, variant.locale, variant.country):
            self.attach_variant(entries, lesson, position, slug)

    def attach_variant(self, entries: dict, lesson: LessonFile, position: int, slug: str) -> None:
        entry = entries.get(slug)
        if entry is None and lesson.meta.get("national") is True:
            entries[slug] = LessonEntry(slug, position, lesson.path, lesson, country=lesson.country)
        elif entry is None:
            self.problem(lesson.path, 1, f"variant has no regional source lesson '{slug}' "
                         "(a lesson for one country only needs 'national: true')")  # fmt: skip
        elif entry.country not in (None, lesson.country):
            self.problem(
                lesson.path, 1, f"'{slug}' is already a national lesson of {entry.country}"
            )
        else:
            entry.variants.append(lesson)

    def lesson_file(self, path: Path, locale: str, country: str | None) -> LessonFile | None:
        text = self.read_text(path)
        return None if text is None else self.lesson_text(self.rel(path), text, locale, country)

    def lesson_text(self, path: str, text: str, locale: str, country: str | None):
        """Parse and validate one lesson's text (from a file or the browser editor)."""
        self.texts[path] = text
        parsed = self.front_matter(path, text)
        if parsed is None:
            return None
        meta, body, body_line = parsed
        allowed = LESSON_KEYS if locale == "en" and country is None else VARIANT_KEYS
        if not self.valid_lesson_meta(path, meta, allowed):
            return None
        if not body.strip():
            self.problem(path, body_line, N_("lesson has no text after the front matter"))
            return None
        try:
            check_bounds(body)
        except TextTooComplex as bound:
            self.problem(path, body_line + bound.line - 1, str(bound))
            return None
        lesson = LessonFile(path, locale, country, meta, body, text)
        self.lesson_files.append(lesson)
        return lesson

    def front_matter(self, path: Path, text: str) -> tuple[dict, str, int] | None:
        lines = text.splitlines(keepends=True)
        if not lines or lines[0].strip() != "---":
            self.problem(path, 1, N_("missing front matter: the file must start with a '---' line"))
            return None
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if end is None:
            self.problem(path, 1, N_("front matter is not closed by a '---' line"))
            return None
        meta = self.read_yaml(path, "".join(lines[1:end]), line_offset=1)
        if meta is None:
            return None
        return meta, "".join(lines[end + 1 :]), end + 2

    def valid_lesson_meta(self, path: Path, meta: dict, allowed: set[str]) -> bool:
        before = len(self.problems)
        for key in sorted(set(meta) - allowed):
            line = self.key_line(path, key)
            self.problem(path, line, N_("unknown front matter field '%(key)s'"), key=key)
        title = meta.get("title")
        if not isinstance(title, str) or not title.strip():
            self.problem(path, 1, N_("missing required field '%(key)s'"), key="title")
        elif len(title) > 200:
            line = self.key_line(path, "title")
            self.problem(path, line, N_("title is longer than 200 characters"))
        self.expect_int(path, meta, "estimated_minutes", minimum=1)
        self.expect_strings(path, meta, "objectives")
        self.expect_strings(path, meta, "sources")
        warning = meta.get("content_warning")
        if warning is not None and not isinstance(warning, str):
            self.problem(
                path, self.key_line(path, "content_warning"), N_("content_warning must be text")
            )
        return len(self.problems) == before

    def expect_int(self, path: Path, meta: dict, key: str, minimum: int) -> None:
        value = meta.get(key)
        if value is not None and (type(value) is not int or value < minimum):
            template = N_("'%(key)s' must be a whole number ≥ %(min)d")
            self.problem(path, self.key_line(path, key), template, key=key, min=minimum)

    def expect_strings(self, path: Path, meta: dict, key: str) -> None:
        value = meta.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            line = self.key_line(path, key)
            self.problem(path, line, N_("'%(key)s' must be a list of texts"), key=key)

    def key_line(self, path: Path | str, key: str) -> int:
        """Line of a YAML key (`title`) or item (`- id: x`), so a problem points at it."""
        text = self.texts.get(self.rel(path))
        try:
            text = text or (self.root / self.rel(path)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return 1
        prefix = key if key.startswith("- ") else f"{key}:"
        lines = text.splitlines()
        return next((n for n, line in enumerate(lines, 1) if line.lstrip().startswith(prefix)), 1)

    def check_links(self, known: dict[str, tuple[str, str, str]]) -> None:
        for lesson in self.lesson_files:
            offset = lesson.text.count("\n", 0, len(lesson.text) - len(lesson.body))
            for number, line in enumerate(lesson.body.splitlines(), offset + 1):
                for match in LINK.finditer(line):
                    target = match["target"]
                    if (
                        not WEB_LINK.match(target)
                        and resolve_link(lesson.path, target) not in known
                    ):
                        message = N_("broken link to '%(target)s': no such lesson")
                        self.problem(lesson.path, number, message, target=target)


def resolve_link(from_path: str, target: str) -> str:
    """The content-root-relative path a relative link in `from_path` points at."""
    target_path = target.split("#", 1)[0]
    parts: list[str] = []
    for part in (PurePosixPath(from_path).parent / target_path).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def lesson_href(paths: dict[str, tuple[str, str, str]], from_path: str, href: str) -> str:
    """A link to a lesson file becomes a link to its page, relative to /learn/<c>/<m>/<l>;
    any other link is left as written."""
    target = paths.get(resolve_link(from_path, href))
    if target is None:
        return href
    anchor = href.partition("#")[2]
    return "../../" + "/".join(target) + (f"#{anchor}" if anchor else "")


def load_tree(root: Path) -> ContentTree:
    """Read and validate everything under `root/modules` and `root/quizzes`."""
    reader = _Reader(root.resolve())
    courses = reader.courses()
    reader.check_links(lesson_paths(courses))
    modules = {c.slug: [Path(m.path).name for m in c.modules] for c in courses}
    quizzes = QuizReader(reader).read(modules)
    problems = sorted(set(reader.problems), key=lambda p: (p.path, p.line, p.message))
    return ContentTree(courses, problems, quizzes)


def lesson_paths(courses: list[CourseEntry]) -> dict[str, tuple[str, str, str]]:
    """Map each regional source file to its (course, module, lesson) slugs, for links."""
    return {
        lesson.source_path: (course.slug, module.slug, lesson.slug)
        for course in courses
        for module in course.modules
        for lesson in module.lessons
    }


def parse_lesson_text(
    text: str, path: str, locale: str, country: str | None, known: dict[str, tuple]
) -> tuple[LessonFile | None, list[Problem]]:
    """Validate a lesson edited in the browser exactly as a file in `path` would be."""
    reader = _Reader(Path("/"))
    lesson = reader.lesson_text(path, text, locale, country)
    if lesson is not None:
        reader.check_links(known)
    return (lesson if not reader.problems else None), reader.problems
