"""Question types. Each module in this package is one type that owns its whole life: it
validates its YAML, lays itself out for an attempt, says what its page shows, reads the
submitted form, grades the answer and names its correct answer. Its page partial is
`templates/quiz/types/<name>.html`. Pure functions over plain dicts: no Flask, no database.

A new type is one module here (a class decorated with @register), its partial and its tests.
"""

import importlib
import pkgutil
from typing import Any

from lms.content.questions.base import TYPES, Form, InvalidAnswer, Question, QuestionType

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["TYPES", "Form", "InvalidAnswer", "Question", "QuestionType", "grade", "kind"]


def kind(question: Question) -> QuestionType:
    return TYPES[question["type"]]


def validate_question(q: Any) -> list[str]:
    """Problems with one question; the caller adds file and line."""
    if not isinstance(q, dict):
        return ["each question must be a mapping"]
    problems = []
    if not isinstance(q.get("id"), str) or not q["id"]:
        problems.append("question needs an id")
    if q.get("type") not in TYPES:
        return [*problems, f"unknown question type '{q.get('type')}'"]
    if not isinstance(q.get("explanation"), str) or not q["explanation"].strip():
        problems.append("question needs an explanation")
    return problems + TYPES[q["type"]].validate(q)


def answer_key(q: Question) -> Any:
    """What must match between a bank and its translations: type, ids and answers."""
    return (q["type"], kind(q).key(q))


def grade(q: Question, answer: Any) -> float:
    """Points for one answer, between 0 and 1. No answer scores 0."""
    return 0.0 if answer is None else kind(q).grade(q, answer)
