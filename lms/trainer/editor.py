"""The lesson editor's fields and the file they make: front matter edited in labelled fields,
the body one text box per `## ` section, composed into the same file the single text box
wrote (YAML front matter between `---` lines, then the Markdown). Pure: no Flask, no database."""

from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

import yaml

# The front matter fields the form edits, in the order a new one is added to the file; any
# other key (national, source_hash) is carried through unchanged in the hidden `front`.
FIELDS = ("title", "estimated_minutes", "objectives", "content_warning", "sources", "review_note")
LISTS = ("objectives", "sources")
MAX_SECTIONS = 100


def front_of(version) -> dict[str, Any]:
    """A version's front matter, as `store.files.file_text` writes it: title first."""
    return {"title": version.title, **version.meta}


def dump(front: dict[str, Any]) -> str:
    """Front matter as YAML, exactly as `store.files.file_text` dumps it."""
    return yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)


def field_text(key: str, value: Any) -> str:
    """A front matter value as its form field shows it: lists one item per line."""
    if value is None:
        return ""
    if key in LISTS and isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return str(value)


def value_of(key: str, text: str) -> Any:
    """A field's text as a front matter value; None for an empty field (the key is left out)."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return None
    if key in LISTS:
        return [line.strip() for line in text.splitlines() if line.strip()]
    if key == "estimated_minutes":
        return int(text) if text.isdecimal() else text  # the validator reports a non-number
    return text


def form_data(front: dict[str, Any], body: str, source_sections: int = 0) -> dict[str, Any]:
    """The editor's fields for a text: one per front matter field, the front matter itself
    (hidden), and the body's sections, with empty ones for source sections not yet there."""
    sections = split_sections(body)
    sections += [""] * (source_sections - len(sections))
    fields = {key: field_text(key, front.get(key)) for key in FIELDS}
    return {**fields, "front": dump(front), "sections": sections}


def read_front(text: str) -> dict[str, Any]:
    """The hidden front matter sent back with the form; {} if it is not a mapping."""
    try:
        front = yaml.safe_load(text or "")
    except yaml.YAMLError:
        return {}
    return front if isinstance(front, dict) else {}


def edited_front(original: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """The front matter with the fields' values: a field shown unchanged keeps its value as it
    was (types, item breaks and all), a cleared one drops its key, keys the form does not
    know keep their value and place, and new fields follow in FIELDS order."""
    front = {}
    shown = {"title": None, **original, **{key: original.get(key) for key in FIELDS}}
    for key, value in shown.items():
        if key in FIELDS and texts.get(key, "") != field_text(key, value):
            value = value_of(key, texts.get(key, ""))
        if value is not None or (key in original and key not in FIELDS):
            front[key] = value
    return front


# The body, section by section ----------------------------------------------------------


def is_heading(line: str) -> bool:
    return line.startswith("## ")


def split_sections(body: str) -> list[str]:
    """The body cut before each `## ` heading, losslessly ("".join gives it back), at most
    MAX_SECTIONS parts (the rest stays in the last); a blank introduction is left out."""
    parts: list[str] = []
    for line in body.splitlines(keepends=True):
        if not parts or (is_heading(line) and len(parts) < MAX_SECTIONS):
            parts.append(line)
        else:
            parts[-1] += line
    return [part for part in parts if part.strip()]


def join_sections(sections: list[str]) -> list[str]:
    """The sections as the body's parts ("".join gives the body): empty ones left out, each
    ending its last line, so the next section's heading starts a line of its own."""
    parts = [s.replace("\r\n", "\n") for s in sections if s and s.strip()]
    return [p if p.endswith("\n") or i == len(parts) - 1 else p + "\n"
            for i, p in enumerate(parts)]  # fmt: skip


def heading(section: str) -> str | None:
    """A section's `## ` heading text, or None for the introduction."""
    first = section.lstrip("\r\n").split("\n", 1)[0]
    return first[3:].strip() if is_heading(first) else None


def pairs(source: list[str], translation: list) -> list[tuple[str | None, Any]]:
    """Source sections beside the translation's, in order; None where one side has fewer."""
    return list(zip_longest(source, translation))


# The composed file ----------------------------------------------------------------------


@dataclass
class Composed:
    """The file the fields make, and how to find a line of it in the fields again."""

    text: str
    front_lines: int
    sections: list[str]

    def where(self, line: int) -> tuple[int, int] | None:
        """(section index, line in that section) of a file line; None in the front matter."""
        body_line = line - self.front_lines - 3  # ---, the front matter, ---, a blank line
        start = 1
        for index, section in enumerate(self.sections):
            end = start + section.count("\n")  # the first line of the next section
            if start <= body_line and (body_line < end or index == len(self.sections) - 1):
                return index, body_line - start + 1
            start = end
        return None

    def file_line(self, body_line: int) -> int:
        """A line of the parsed body (which starts with the blank line after `---`)."""
        return self.front_lines + 2 + body_line


def compose(front_text: str, texts: dict[str, str], sections: list[str]) -> Composed:
    """The lesson file for the fields: the front matter as it was sent when no field changed
    it (byte for byte), else dumped as the single text box showed it; then the body."""
    original = read_front(front_text)
    front = edited_front(original, texts)
    same = front == original and list(front) == list(original)
    front_yaml = front_text.replace("\r\n", "\n") if same else dump(front)
    if front_yaml and not front_yaml.endswith("\n"):
        front_yaml += "\n"
    parts = join_sections(sections)
    text = f"---\n{front_yaml}---\n\n{''.join(parts)}"
    return Composed(text, front_yaml.count("\n"), parts)
