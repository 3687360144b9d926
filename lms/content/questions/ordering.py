"""Put steps in order. The bank lists the items in the right order; each attempt shows them
shuffled, and the learner gives each its position. Scored by the share of items placed right."""

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


@register
class Ordering(QuestionType):
    name = "ordering"

    def validate(self, q: Question) -> list[str]:
        return super().validate(q) + check_items(q.get("items"), "items", ("id", "text"), 3)

    def key(self, q: Question) -> Any:
        return ids(q["items"])  # the order is the answer

    def layout(self, q: Question, rng, shuffle: bool) -> dict:
        """Always shuffled, and never left in the right order, which would give it away."""
        order = ids(q["items"])
        rng.shuffle(order)
        if order == ids(q["items"]):
            order = order[1:] + order[:1]
        return {"items": order}

    def present(self, q: Question, layout: dict) -> dict:
        texts = {item["id"]: item["text"] for item in q["items"]}
        return {"items": [texts[item_id] for item_id in layout["items"]]}

    def fields(self, q: Question, layout: dict) -> set[str]:
        return {f"{field_name(q)}-{index}" for index in range(len(layout["items"]))}

    def parse(self, q: Question, layout: dict, form: Form) -> dict[str, int] | None:
        """{item id: position from 1}; a position given twice is a mistake, not tampering."""
        positions = {}
        for index, item_id in enumerate(layout["items"]):
            values = form.get(f"{field_name(q)}-{index}", [])
            if not values or not values[0]:
                return None
            if len(values) > 1 or values[0] not in self.choices(layout):
                raise InvalidAnswer(q["id"])
            positions[item_id] = int(values[0])
        return positions

    def form(self, q: Question, layout: dict, answer: dict) -> dict[str, list[str]]:
        return {
            f"{field_name(q)}-{index}": [str(answer[item_id])]
            for index, item_id in enumerate(layout["items"])
        }

    def grade(self, q: Question, answer: Any) -> float:
        right = self.correct(q)
        return sum((answer or {}).get(item_id) == place for item_id, place in right.items()) / len(
            right
        )

    def correct(self, q: Question) -> dict[str, int]:
        return {item_id: place for place, item_id in enumerate(ids(q["items"]), 1)}

    @staticmethod
    def choices(layout: dict) -> list[str]:
        return [str(place) for place in range(1, len(layout["items"]) + 1)]
