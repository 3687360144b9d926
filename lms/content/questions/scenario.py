"""A case text, then one question of another type, which does the work."""

from typing import Any

from lms.content.questions.base import TYPES, Form, Question, QuestionType, register


@register
class Scenario(QuestionType):
    name = "scenario"

    def inner(self, q: Question) -> tuple[QuestionType, Question]:
        """The inner question's type, and the inner question with the scenario's id."""
        return TYPES[q["question"]["type"]], {**q["question"], "id": q["id"]}

    def validate(self, q: Question) -> list[str]:
        problems = [] if isinstance(q.get("case"), str) and q["case"].strip() else ["needs a case"]
        inner = q.get("question")
        if not isinstance(inner, dict) or inner.get("type") not in set(TYPES) - {self.name}:
            names = ", ".join(sorted(set(TYPES) - {self.name}))
            return [*problems, f"needs a question of type {names}"]
        kind, question = self.inner(q)
        return problems + kind.validate(question)

    def key(self, q: Question) -> Any:
        kind, question = self.inner(q)
        return (kind.name, kind.key(question))

    def layout(self, q: Question, rng, shuffle: bool) -> dict:
        kind, question = self.inner(q)
        return kind.layout(question, rng, shuffle)

    def present(self, q: Question, layout: dict) -> dict:
        kind, question = self.inner(q)
        return {"inner": kind.name, **kind.present(question, layout)}

    def fields(self, q: Question, layout: dict) -> set[str]:
        kind, question = self.inner(q)
        return kind.fields(question, layout)

    def parse(self, q: Question, layout: dict, form: Form) -> Any:
        kind, question = self.inner(q)
        return kind.parse(question, layout, form)

    def form(self, q: Question, layout: dict, answer: Any) -> dict[str, list[str]]:
        kind, question = self.inner(q)
        return kind.form(question, layout, answer)

    def grade(self, q: Question, answer: Any) -> float:
        kind, question = self.inner(q)
        return kind.grade(question, answer)

    def correct(self, q: Question) -> Any:
        kind, question = self.inner(q)
        return kind.correct(question)

    def prompt(self, q: Question) -> str:
        return q["question"]["prompt"]

    def case(self, q: Question) -> str:
        return q["case"]
