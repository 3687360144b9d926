"""Single and multiple choice: options with ids, shown in a per-attempt order."""

from typing import Any

from lms.content.questions.base import (
    Form,
    InvalidAnswer,
    Question,
    QuestionType,
    check_items,
    field_name,
    ids,
    register,
)


class Choice(QuestionType):
    def validate(self, q: Question) -> list[str]:
        problems = super().validate(q) + check_items(q.get("options"), "options", ("id", "text"), 2)
        return problems or self.validate_answer(q, set(ids(q["options"])))

    def validate_answer(self, q: Question, option_ids: set) -> list[str]:
        raise NotImplementedError

    def key(self, q: Question) -> Any:
        return (sorted(ids(q["options"])), q["answer"])

    def layout(self, q: Question, rng, shuffle: bool) -> dict:
        order = ids(q["options"])
        if shuffle:
            rng.shuffle(order)
        return {"options": order}

    def present(self, q: Question, layout: dict) -> dict:
        texts = {o["id"]: o["text"] for o in q["options"]}
        return {"options": [(option_id, texts[option_id]) for option_id in layout["options"]]}


@register
class SingleChoice(Choice):
    name = "single"

    def validate_answer(self, q: Question, option_ids: set) -> list[str]:
        ok = q.get("answer") in option_ids
        return [] if ok else ["answer must be the id of one of the options"]

    def parse(self, q: Question, layout: dict, form: Form) -> str | None:
        values = form.get(field_name(q), [])
        if not values:
            return None
        if len(values) > 1 or values[0] not in layout["options"]:
            raise InvalidAnswer(q["id"])
        return values[0]

    def form(self, q: Question, layout: dict, answer: str) -> dict[str, list[str]]:
        return {field_name(q): [answer]}

    def grade(self, q: Question, answer: Any) -> float:
        return 1.0 if answer == q["answer"] else 0.0


@register
class MultipleChoice(Choice):
    name = "multiple"

    def validate_answer(self, q: Question, option_ids: set) -> list[str]:
        answer = q.get("answer")
        if not isinstance(answer, list) or not answer or not set(answer) <= option_ids:
            return ["answer must be a list of one or more option ids"]
        if len(set(answer)) != len(answer):
            return ["answer lists an option twice"]
        return []

    def key(self, q: Question) -> Any:
        return (sorted(ids(q["options"])), sorted(q["answer"]))

    def parse(self, q: Question, layout: dict, form: Form) -> list[str] | None:
        values = form.get(field_name(q), [])
        if not values:
            return None
        if len(set(values)) != len(values) or not set(values) <= set(layout["options"]):
            raise InvalidAnswer(q["id"])
        return sorted(values)

    def form(self, q: Question, layout: dict, answer: list[str]) -> dict[str, list[str]]:
        return {field_name(q): list(answer)}

    def grade(self, q: Question, answer: Any) -> float:
        """(right chosen - wrong chosen) / right options, never below zero."""
        right, chosen = set(q["answer"]), set(answer or [])
        return max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))

    def correct(self, q: Question) -> list[str]:
        return sorted(q["answer"])
