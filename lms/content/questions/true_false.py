"""A statement the learner marks true or false."""

from typing import Any

from lms.content.questions.base import (
    Form,
    InvalidAnswer,
    Question,
    QuestionType,
    field_name,
    register,
)


@register
class TrueFalse(QuestionType):
    name = "true_false"

    def validate(self, q: Question) -> list[str]:
        ok = isinstance(q.get("answer"), bool)
        return super().validate(q) + ([] if ok else ["answer must be true or false"])

    def key(self, q: Question) -> Any:
        return q["answer"]

    def parse(self, q: Question, layout: dict, form: Form) -> bool | None:
        values = form.get(field_name(q), [])
        if not values:
            return None
        if len(values) > 1 or values[0] not in ("true", "false"):
            raise InvalidAnswer(q["id"])
        return values[0] == "true"

    def form(self, q: Question, layout: dict, answer: bool) -> dict[str, list[str]]:
        return {field_name(q): ["true" if answer else "false"]}

    def grade(self, q: Question, answer: Any) -> float:
        return 1.0 if answer is q["answer"] else 0.0
