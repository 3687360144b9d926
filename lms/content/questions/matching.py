"""Match each left item to its right item. Right items sit behind per-attempt random tokens,
so the page never shows which right item belongs to which left item."""

import secrets
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
class Matching(QuestionType):
    name = "matching"

    def validate(self, q: Question) -> list[str]:
        pairs = check_items(q.get("pairs"), "pairs", ("id", "left", "right"), 2)
        return super().validate(q) + pairs

    def key(self, q: Question) -> Any:
        return sorted(ids(q["pairs"]))

    def layout(self, q: Question, rng, shuffle: bool) -> dict:
        left = ids(q["pairs"])
        right = [[secrets.token_hex(6), pair_id] for pair_id in left]
        rng.shuffle(right)  # always: in source order the answer would be the diagonal
        if shuffle:
            rng.shuffle(left)
        return {"left": left, "right": right}

    def present(self, q: Question, layout: dict) -> dict:
        pairs = {p["id"]: p for p in q["pairs"]}
        return {
            "left": [pairs[pair_id]["left"] for pair_id in layout["left"]],
            "right": [(token, pairs[pair_id]["right"]) for token, pair_id in layout["right"]],
        }

    def fields(self, q: Question, layout: dict) -> set[str]:
        return {f"{field_name(q)}-{index}" for index in range(len(layout["left"]))}

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

    def form(self, q: Question, layout: dict, answer: dict) -> dict[str, list[str]]:
        token_of = {pair_id: token for token, pair_id in layout["right"]}
        return {
            f"{field_name(q)}-{index}": [token_of[answer[pair_id]]]
            for index, pair_id in enumerate(layout["left"])
        }

    def grade(self, q: Question, answer: Any) -> float:
        pairs = ids(q["pairs"])
        answer = answer or {}
        return sum(answer.get(pair_id) == pair_id for pair_id in pairs) / len(pairs)

    def correct(self, q: Question) -> dict[str, str]:
        return {pair_id: pair_id for pair_id in ids(q["pairs"])}
