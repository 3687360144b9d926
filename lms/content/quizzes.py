"""Read and validate quiz banks: quizzes/<course>/<NN-module>.yaml and the course's final.yaml."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lms.content.questions import answer_key, validate_question
from lms.content.variants import Variant, VariantError

QUIZ_FILE = re.compile(r"^(?P<stem>[^.]+)(?:\.(?P<variant>[^.]+))?\.yaml$")
FINAL = "final"
FEEDBACK = ("always", "once_passed", "never")
DEFAULTS = {
    "pass_mark": 70,
    "draw": None,
    "draw_per_module": None,
    "shuffle_questions": True,
    "shuffle_options": True,
    "max_attempts": None,
    "wait_minutes": 0,
    "time_limit_minutes": None,
    "feedback": "always",
}
SETTINGS = tuple(DEFAULTS)


@dataclass
class QuizFile:
    path: str
    locale: str
    country: str | None
    title: str
    settings: dict[str, Any]
    questions: list[dict[str, Any]]
    text: str


@dataclass
class QuizEntry:
    """A module's bank (module = its slug) or a course's final assessment (module = None)."""

    course: str
    module: str | None
    source: QuizFile
    variants: list[QuizFile] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.module or FINAL


class _LineLoader(yaml.SafeLoader):
    """Records each mapping's line as '__line__' so problems can point at the question."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def strip_lines(value: Any) -> Any:
    """The data without the '__line__' bookkeeping."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


class QuizReader:
    """Reads quiz files, reporting problems through the content reader it is given."""

    def __init__(self, reader):
        self.root = reader.root
        self.report = reader.problem
        self.problems = reader.problems
        self.texts = reader.texts
        self.key_line = reader.key_line

    def read(self, modules_by_course: dict[str, list[str]]) -> list[QuizEntry]:
        quiz_dir = self.root / "quizzes"
        if not quiz_dir.is_dir():
            return []
        entries: list[QuizEntry] = []
        for course_dir in sorted(p for p in quiz_dir.iterdir() if p.is_dir()):
            if course_dir.name not in modules_by_course:
                self.report(course_dir, 1, f"quizzes for unknown course '{course_dir.name}'")
                continue
            entries += self.course(course_dir, modules_by_course[course_dir.name])
        return entries

    def course(self, course_dir: Path, modules: list[str]) -> list[QuizEntry]:
        sources: dict[str, QuizEntry] = {}
        variants: list[tuple[Path, str, str]] = []
        for path in sorted(course_dir.glob("*.yaml")):
            match = QUIZ_FILE.match(path.name)
            stem = match["stem"] if match else ""
            module = None if stem == FINAL else _module_slug(stem, modules)
            if not match or (stem != FINAL and module is None):
                self.report(path, 1, f"quiz file '{path.name}' matches no module of this course")
            elif match["variant"]:
                variants.append((path, stem, match["variant"]))
            elif quiz := self.quiz_file(path, "en", None, final=stem == FINAL):
                sources[stem] = QuizEntry(course_dir.name, module, quiz)
        for path, stem, variant in variants:
            self.variant(sources, path, stem, variant)
        return list(sources.values())

    def variant(self, sources: dict[str, QuizEntry], path: Path, stem: str, code: str) -> None:
        try:
            variant = Variant.parse(code)
        except VariantError as problem:
            self.report(path, 1, str(problem))
            return
        if stem not in sources:
            self.report(path, 1, "translation has no valid source quiz")
            return
        source = sources[stem].source
        quiz = self.quiz_file(path, variant.locale, variant.country, stem == FINAL, source)
        if quiz and self.same_keys(source, quiz):
            sources[stem].variants.append(quiz)

    def quiz_file(self, path: Path, locale: str, country: str | None, final: bool, source=None):
        """One quiz file; a translation's (with `source`) keeps the source's settings."""
        text = path.read_text(encoding="utf-8", errors="replace")
        self.texts[self.rel(path)] = text
        try:
            data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            self.report(path, mark.line + 1 if mark else 1, f"malformed YAML: {error.problem}")
            return None
        if not isinstance(data, dict):
            self.report(path, 1, "expected a mapping of keys to values")
            return None
        before = len(self.problems)
        # a translation's final takes the source's settings: its own need not be complete
        settings = self.settings(path, data, final and source is None)
        own = not final or "questions" in data  # a final may add questions of its own
        questions = self.questions(path, data, settings) if own else []
        if len(self.problems) != before:
            return None
        if source is not None:  # reported, yet its questions are still compared with the source
            settings = self.source_settings(path, data, source)
        title = data.get("title")
        return QuizFile(self.rel(path), locale, country, title, settings, questions, text)

    def settings(self, path: Path, data: dict, final: bool) -> dict:
        if not isinstance(data.get("title"), str) or not data["title"].strip():
            self.report(path, 1, "missing required field 'title'")
        settings = {key: data.get(key, default) for key, default in DEFAULTS.items()}
        line = lambda key: self.key_line(path, key)  # noqa: E731
        if type(settings["pass_mark"]) not in (int, float) or not 0 <= settings["pass_mark"] <= 100:
            self.report(path, line("pass_mark"), "pass_mark must be a number from 0 to 100")
        if settings["feedback"] not in FEEDBACK:
            self.report(path, line("feedback"), f"feedback must be one of {', '.join(FEEDBACK)}")
        for key, minimum in (("max_attempts", 1), ("time_limit_minutes", 1), ("wait_minutes", 0)):
            value = settings[key]
            if value is not None and (type(value) is not int or value < minimum):
                self.report(path, line(key), f"'{key}' must be a whole number ≥ {minimum}")
        if final and (
            type(settings["draw_per_module"]) is not int or settings["draw_per_module"] < 1
        ):
            self.report(
                path, line("draw_per_module"), "a final assessment needs draw_per_module ≥ 1"
            )
        unknown = set(data) - {*SETTINGS, "title", "questions", "review_note", "__line__"}
        for key in sorted(unknown):
            self.report(path, line(key), f"unknown field '{key}'")
        return settings

    def source_settings(self, path: Path, data: dict, source: QuizFile) -> dict:
        """The rules of a quiz are the same in every language: a translation may leave its
        settings out (it takes the source's) but never change them."""
        for key in SETTINGS:
            if key in data and data[key] != source.settings[key]:
                self.report(path, self.key_line(path, key), f"'{key}' is {data[key]} here but "
                            f"{source.settings[key]} in the source: a translation keeps the "
                            "source's settings (leave the line out)")  # fmt: skip
        return dict(source.settings)

    def questions(self, path: Path, data: dict, settings: dict) -> list[dict]:
        questions = data.get("questions")
        if not isinstance(questions, list) or not questions:
            self.report(path, self.key_line(path, "questions"), "a quiz needs a list of questions")
            return []
        seen: set[str] = set()
        for question in questions:
            line = question.get("__line__", 1) if isinstance(question, dict) else 1
            for message in validate_question(strip_lines(question)):
                self.report(path, line, message)
            qid = question.get("id") if isinstance(question, dict) else None
            if qid in seen:
                self.report(path, line, f"duplicate question id '{qid}'")
            seen.add(qid)
        draw = settings["draw"]
        if draw is not None and (type(draw) is not int or not 1 <= draw <= len(questions)):
            line = self.key_line(path, "draw")
            self.report(path, line, f"draw must be from 1 to {len(questions)}")
        return strip_lines(questions)

    def same_keys(self, source: QuizFile, translation: QuizFile) -> bool:
        """A translation must have the source's question ids, option ids and answers."""
        ok = True
        keys = {q["id"]: answer_key(q) for q in source.questions}
        theirs = {q["id"]: answer_key(q) for q in translation.questions}
        for qid in sorted(set(keys) ^ set(theirs)):
            where = "is missing from" if qid in keys else "is not in the source of"
            self.report(translation.path, 1, f"question '{qid}' {where} this translation")
            ok = False
        for qid in sorted(set(keys) & set(theirs)):
            if keys[qid] != theirs[qid]:
                line = self.key_line(translation.path, f"- id: {qid}")
                message = f"question '{qid}' has different options or answers than the source"
                self.report(translation.path, line, message)
                ok = False
        return ok

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def _module_slug(stem: str, modules: list[str]) -> str | None:
    """'01-understanding-trafficking' -> 'understanding-trafficking' if that module exists."""
    position, _, slug = stem.partition("-")
    return slug if position.isdigit() and f"{position}-{slug}" in modules else None
