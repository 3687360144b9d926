"""Question types: each validates its own YAML, lays itself out for an attempt, reads a submitted
form and grades the answer. Pure functions over plain dicts; no Flask, no database."""

import random
import secrets
from collections.abc import Mapping
from typing import Any

Question = dict[str, Any]
Form = Mapping[str, list[str]]


class InvalidAnswer(ValueError):  # noqa: N818 - reads better at the raise site
    """A submitted value that no honest form could have sent (unknown option, token...)."""


def field_name(question: Question) -> str:
    return f"q-{question['id']}"


def _ids(items: list) -> list:
    return [item.get("id") for item in items if isinstance(item, dict)]


def _check_items(items: Any, kind: str, keys: tuple[str, ...], minimum: int) -> list[str]:
    if not isinstance(items, list) or len(items) < minimum:
        return [f"needs at least {minimum} {kind}"]
    problems = []
    for item in items:
        if not isinstance(item, dict) or any(not isinstance(item.get(k), str) for k in keys):
            problems.append(
                f"each of the {kind} needs {', '.join(keys)} as text "
                "(quote values such as Yes, No, On, Off or numbers)"
            )
            break
    ids = _ids(items)
    if len(set(ids)) != len(ids):
        problems.append(f"duplicate {kind} ids")
    return problems


class ChoiceType:
    """Shared by single and multiple choice: options with ids, shown in shuffled order."""

    name = ""

    def validate(self, q: Question) -> list[str]:
        problems = _check_items(q.get("options"), "options", ("id", "text"), 2)
        return problems or self.validate_answer(q, set(_ids(q["options"])))

    def validate_answer(self, q: Question, ids: set) -> list[str]:
        raise NotImplementedError

    def key(self, q: Question) -> Any:
        return (sorted(_ids(q["options"])), q["answer"])

    def fields(self, q: Question, layout: dict) -> set[str]:
        return {field_name(q)}

    def layout(self, q: Question, rng: random.Random, shuffle: bool) -> dict:
        order = _ids(q["options"])
        if shuffle:
            rng.shuffle(order)
        return {"options": order}


class SingleChoice(ChoiceType):
    name = "single"

    def validate_answer(self, q: Question, ids: set) -> list[str]:
        return [] if q.get("answer") in ids else ["answer must be the id of one of the options"]

    def parse(self, q: Question, layout: dict, form: Form) -> str | None:
        values = form.get(field_name(q), [])
        if not values:
            return None
        if len(values) > 1 or values[0] not in layout["options"]:
            raise InvalidAnswer(q["id"])
        return values[0]

    def grade(self, q: Question, answer: Any) -> float:
        return 1.0 if answer == q["answer"] else 0.0


class MultipleChoice(ChoiceType):
    name = "multiple"

    def validate_answer(self, q: Question, ids: set) -> list[str]:
        answer = q.get("answer")
        if not isinstance(answer, list) or not answer or not set(answer) <= ids:
            return ["answer must be a list of one or more option ids"]
        if len(set(answer)) != len(answer):
            return ["answer lists an option twice"]
        return []

    def key(self, q: Question) -> Any:
        return (sorted(_ids(q["options"])), sorted(q["answer"]))

    def parse(self, q: Question, layout: dict, form: Form) -> list[str] | None:
        values = form.get(field_name(q), [])
        if not values:
            return None
        if len(set(values)) != len(values) or not set(values) <= set(layout["options"]):
            raise InvalidAnswer(q["id"])
        return sorted(values)

    def grade(self, q: Question, answer: Any) -> float:
        """(right chosen - wrong chosen) / right options, never below zero."""
        right, chosen = set(q["answer"]), set(answer or [])
        return max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))


class TrueFalse:
    name = "true_false"

    def validate(self, q: Question) -> list[str]:
        return [] if isinstance(q.get("answer"), bool) else ["answer must be true or false"]

    def key(self, q: Question) -> Any:
        return q["answer"]

    def fields(self, q: Question, layout: dict) -> set[str]:
        return {field_name(q)}

    def layout(self, q: Question, rng: random.Random, shuffle: bool) -> dict:
        return {}

    def parse(self, q: Question, layout: dict, form: Form) -> bool | None:
        values = form.get(field_name(q), [])
        if not values:
            return None
        if len(values) > 1 or values[0] not in ("true", "false"):
            raise InvalidAnswer(q["id"])
        return values[0] == "true"

    def grade(self, q: Question, answer: Any) -> float:
        return 1.0 if answer is q["answer"] else 0.0


class Matching:
    """Left items in shuffled order; right items behind per-attempt random tokens, so the page
    never shows which right item belongs to which left item."""

    name = "matching"

    def validate(self, q: Question) -> list[str]:
        return _check_items(q.get("pairs"), "pairs", ("id", "left", "right"), 2)

    def key(self, q: Question) -> Any:
        return sorted(_ids(q["pairs"]))

    def fields(self, q: Question, layout: dict) -> set[str]:
        return {f"{field_name(q)}-{index}" for index in range(len(layout["left"]))}

    def layout(self, q: Question, rng: random.Random, shuffle: bool) -> dict:
        left = _ids(q["pairs"])
        right = [[secrets.token_hex(6), pair_id] for pair_id in left]
        rng.shuffle(right)  # always: in source order the answer would be the diagonal
        if shuffle:
            rng.shuffle(left)
        return {"left": left, "right": right}

    def parse(self, q: Question, layout: dict, form: Form) -> dict[str, str] | None:
        tokens = dict(layout["right"])
        answer = {}
        for index, pair_id in enumerate(layout["left"]):
            values = form.get(f"{field_name(q)}-{index}", [])
            if not values or not values[0]:
                return None
            if len(values) > 1 or values[0] not in tokens:
                raise InvalidAnswer(q["id"])
            answer[pair_id] = tokens[values[0]]
        return answer

    def grade(self, q: Question, answer: Any) -> float:
        pairs = _ids(q["pairs"])
        answer = answer or {}
        return sum(answer.get(pair_id) == pair_id for pair_id in pairs) / len(pairs)


class Scenario:
    """A case text followed by one question of another type, which does the work."""

    name = "scenario"

    def inner(self, q: Question) -> Any:
        return TYPES[q["question"]["type"]]

    def validate(self, q: Question) -> list[str]:
        problems = [] if isinstance(q.get("case"), str) and q["case"].strip() else ["needs a case"]
        inner = q.get("question")
        if (
            not isinstance(inner, dict)
            or inner.get("type") not in TYPES
            or inner["type"] == "scenario"
        ):
            return [*problems, "needs a question of type single, multiple, true_false or matching"]
        return problems + TYPES[inner["type"]].validate({"id": q.get("id"), **inner})

    def key(self, q: Question) -> Any:
        return (q["question"]["type"], self.inner(q).key(q["question"]))

    def fields(self, q: Question, layout: dict) -> set[str]:
        return self.inner(q).fields(q, layout)

    def layout(self, q: Question, rng: random.Random, shuffle: bool) -> dict:
        return self.inner(q).layout(q["question"], rng, shuffle)

    def parse(self, q: Question, layout: dict, form: Form) -> Any:
        return self.inner(q).parse({**q["question"], "id": q["id"]}, layout, form)

    def grade(self, q: Question, answer: Any) -> float:
        return self.inner(q).grade(q["question"], answer)


TYPES: dict[str, Any] = {
    t.name: t for t in (SingleChoice(), MultipleChoice(), TrueFalse(), Matching(), Scenario())
}


def validate_question(q: Any) -> list[str]:
    """Problems with one question; the caller adds file and line."""
    if not isinstance(q, dict):
        return ["each question must be a mapping"]
    problems = []
    if not isinstance(q.get("id"), str) or not q["id"]:
        problems.append("question needs an id")
    if q.get("type") not in TYPES:
        return [*problems, f"unknown question type '{q.get('type')}'"]
    if q["type"] != "scenario" and not isinstance(q.get("prompt"), str):
        problems.append("question needs a prompt")
    if q["type"] == "scenario" and not isinstance((q.get("question") or {}).get("prompt"), str):
        problems.append("the scenario's question needs a prompt")
    if not isinstance(q.get("explanation"), str) or not q["explanation"].strip():
        problems.append("question needs an explanation")
    return problems + TYPES[q["type"]].validate(q)


def answer_key(q: Question) -> Any:
    """What must match between a bank and its translations: type, ids and answers."""
    return (q["type"], TYPES[q["type"]].key(q))


def grade(q: Question, answer: Any) -> float:
    """Points for one answer, between 0 and 1. No answer scores 0."""
    return 0.0 if answer is None else TYPES[q["type"]].grade(q, answer)
