"""What every question type provides, and the registry the types add themselves to."""

import random
from collections.abc import Mapping
from typing import Any

Question = dict[str, Any]
Form = Mapping[str, list[str]]
TYPES: dict[str, "QuestionType"] = {}


class InvalidAnswer(ValueError):  # noqa: N818 - reads better at the raise site
    """A submitted value that no honest form could have sent (unknown option, token...)."""


def register(cls: type["QuestionType"]) -> type["QuestionType"]:
    TYPES[cls.name] = cls()
    return cls


def field_name(question: Question) -> str:
    return f"q-{question['id']}"


def ids(items: list) -> list:
    return [item.get("id") for item in items if isinstance(item, dict)]


def check_items(items: Any, kind: str, keys: tuple[str, ...], minimum: int) -> list[str]:
    """Problems with a list of items (options, pairs...) that each need `keys` as text."""
    if not isinstance(items, list) or len(items) < minimum:
        return [f"needs at least {minimum} {kind}"]
    problems = []
    if any(not isinstance(i, dict) or any(not isinstance(i.get(k), str) for k in keys)
           for i in items):  # fmt: skip
        problems.append(
            f"each of the {kind} needs {', '.join(keys)} as text "
            "(quote values such as Yes, No, On, Off or numbers)"
        )
    if len(set(ids(items))) != len(ids(items)):
        problems.append(f"duplicate {kind} ids")
    return problems


class QuestionType:
    """The life of one question type. `layout` is drawn once per attempt and stored with it;
    an answer is what `parse` reads from the form (None: not answered)."""

    name = ""

    def validate(self, q: Question) -> list[str]:
        """Problems with the question's own fields (the prompt's included)."""
        return [] if isinstance(q.get("prompt"), str) else ["question needs a prompt"]

    def key(self, q: Question) -> Any:
        """The ids and answers a translation must keep."""
        raise NotImplementedError

    def layout(self, q: Question, rng: random.Random, shuffle: bool) -> dict:
        """Per-attempt order and tokens, so pages never reveal the key."""
        return {}

    def present(self, q: Question, layout: dict) -> dict:
        """What the partial shows for this attempt: texts in order, never the key."""
        return {}

    def fields(self, q: Question, layout: dict) -> set[str]:
        """The form fields an honest page submits."""
        return {field_name(q)}

    def parse(self, q: Question, layout: dict, form: Form) -> Any:
        """The answer in the form; None if unanswered. Raises InvalidAnswer for tampering."""
        raise NotImplementedError

    def form(self, q: Question, layout: dict, answer: Any) -> dict[str, list[str]]:
        """The form fields that submit `answer`: the inverse of parse."""
        raise NotImplementedError

    def grade(self, q: Question, answer: Any) -> float:
        """Points between 0 and 1 for a parsed answer."""
        raise NotImplementedError

    def correct(self, q: Question) -> Any:
        """The answer that scores 1, as parse would return it."""
        return q["answer"]

    def prompt(self, q: Question) -> str:
        return q["prompt"]

    def case(self, q: Question) -> str | None:
        """A case text shown before the question, if the type has one."""
        return None
