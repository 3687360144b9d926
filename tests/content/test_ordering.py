"""The ordering type: put steps in order. Its own module, its partial, and these tests."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.content.questions import TYPES, InvalidAnswer, answer_key, grade, validate_question

STEPS = ["call", "send", "go", "introduce"]
ORDERING = {
    "id": "o",
    "type": "ordering",
    "prompt": "Put the steps in order.",
    "items": [{"id": step, "text": step.title()} for step in STEPS],
    "explanation": "Because.",
}
KIND = TYPES["ordering"]


def test_a_valid_ordering_question_passes_and_fewer_than_three_items_do_not():
    assert validate_question(ORDERING) == []
    assert "needs at least 3 items" in validate_question(
        {**ORDERING, "items": ORDERING["items"][:2]}
    )
    scenario = {
        "id": "s",
        "type": "scenario",
        "case": "A case.",
        "explanation": ".",
        "question": {k: v for k, v in ORDERING.items() if k not in ("id", "explanation")},
    }
    assert validate_question(scenario) == []


def test_the_right_order_scores_1_and_each_misplaced_step_costs_its_share():
    assert grade(ORDERING, {"call": 1, "send": 2, "go": 3, "introduce": 4}) == 1.0
    assert grade(ORDERING, {"call": 2, "send": 1, "go": 3, "introduce": 4}) == 0.5
    assert grade(ORDERING, {"call": 1, "send": 1, "go": 1, "introduce": 1}) == 0.25
    assert grade(ORDERING, None) == 0.0


@given(st.integers())
def test_an_attempt_never_shows_the_steps_in_the_right_order(seed):
    layout = KIND.layout(ORDERING, random.Random(seed), shuffle=False)
    assert sorted(layout["items"]) == sorted(STEPS) and layout["items"] != STEPS
    assert KIND.present(ORDERING, layout)["items"] == [s.title() for s in layout["items"]]


@given(st.integers(), st.permutations([1, 2, 3, 4]))
def test_the_form_for_an_answer_parses_back_to_it(seed, places):
    layout = KIND.layout(ORDERING, random.Random(seed), shuffle=True)
    answer = dict(zip(STEPS, places, strict=True))
    assert KIND.parse(ORDERING, layout, KIND.form(ORDERING, layout, answer)) == answer
    assert set(KIND.form(ORDERING, layout, answer)) == KIND.fields(ORDERING, layout)


@pytest.mark.parametrize("value", ["0", "5", "first", ""])
def test_places_outside_the_list_are_refused_or_unanswered(value):
    layout = KIND.layout(ORDERING, random.Random(0), shuffle=True)
    form = {f"q-o-{i}": ["1"] for i in range(4)} | {"q-o-2": [value]}
    if value:
        with pytest.raises(InvalidAnswer):
            KIND.parse(ORDERING, layout, form)
    else:
        assert KIND.parse(ORDERING, layout, form) is None


def test_a_translation_must_keep_the_order():
    translated = {**ORDERING, "items": [{"id": s, "text": f"ขั้น {s}"} for s in STEPS]}
    assert answer_key(translated) == answer_key(ORDERING)
    assert answer_key({**ORDERING, "items": ORDERING["items"][::-1]}) != answer_key(ORDERING)
