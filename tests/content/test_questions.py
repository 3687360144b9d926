"""The graders: every question type, edge cases, and properties that must hold for any answer."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.content.questions import TYPES, InvalidAnswer, answer_key, grade, validate_question

SINGLE = {
    "id": "s",
    "type": "single",
    "prompt": "?",
    "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
    "answer": "b",
    "explanation": "Because.",
}
MULTIPLE = {**SINGLE, "id": "m", "type": "multiple", "answer": ["a", "c"]}
TRUE_FALSE = {"id": "t", "type": "true_false", "prompt": "?", "answer": False, "explanation": "."}
MATCHING = {
    "id": "p",
    "type": "matching",
    "prompt": "?",
    "pairs": [{"id": k, "left": k.upper(), "right": k * 2} for k in ("x", "y", "z")],
    "explanation": ".",
}
SCENARIO = {
    "id": "c",
    "type": "scenario",
    "case": "A case.",
    "question": {k: v for k, v in MULTIPLE.items() if k not in ("id", "explanation")},
    "explanation": ".",
}


@pytest.mark.parametrize("question", [SINGLE, MULTIPLE, TRUE_FALSE, MATCHING, SCENARIO])
def test_valid_questions_pass_validation(question):
    assert validate_question(question) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "essay"}, "unknown question type 'essay'"),
        ({"answer": "z"}, "answer must be the id of one of the options"),
        ({"options": [{"id": "a", "text": "A"}]}, "needs at least 2 options"),
        (
            {"options": [{"id": "a", "text": "A"}, {"id": "a", "text": "B"}]},
            "duplicate options ids",
        ),
        ({"explanation": ""}, "question needs an explanation"),
    ],
)
def test_invalid_single_choice_is_explained(change, message):
    assert message in validate_question({**SINGLE, **change})


def test_multiple_choice_needs_a_non_empty_known_answer():
    assert validate_question({**MULTIPLE, "answer": []})
    assert validate_question({**MULTIPLE, "answer": ["a", "q"]})
    assert validate_question({**TRUE_FALSE, "answer": "no"}) == ["answer must be true or false"]


def test_single_choice_and_true_false():
    assert grade(SINGLE, "b") == 1.0
    assert grade(SINGLE, "a") == 0.0
    assert grade(SINGLE, None) == 0.0
    assert grade(TRUE_FALSE, False) == 1.0
    assert grade(TRUE_FALSE, True) == 0.0


@pytest.mark.parametrize(
    ("chosen", "points"),
    [
        (["a", "c"], 1.0),
        (["a"], 0.5),
        (["a", "b"], 0.0),  # one right, one wrong cancel out
        (["a", "b", "c"], 0.5),  # every option: right ones minus the wrong one
        (["b"], 0.0),  # never below zero
        ([], 0.0),
    ],
)
def test_multiple_choice_partial_credit(chosen, points):
    assert grade(MULTIPLE, chosen) == points


def test_matching_scores_the_share_of_right_pairs():
    assert grade(MATCHING, {"x": "x", "y": "y", "z": "z"}) == 1.0
    assert grade(MATCHING, {"x": "y", "y": "x", "z": "z"}) == pytest.approx(1 / 3)
    assert grade(MATCHING, {}) == 0.0


def test_scenario_grades_its_inner_question():
    assert grade(SCENARIO, ["a", "c"]) == 1.0
    assert grade(SCENARIO, ["a"]) == 0.5


@given(st.sets(st.sampled_from(["a", "b", "c"])))
def test_multiple_choice_points_stay_between_0_and_1(chosen):
    assert 0.0 <= grade(MULTIPLE, sorted(chosen)) <= 1.0


@given(st.sets(st.sampled_from(["a", "b", "c"])))
def test_adding_a_wrong_option_never_raises_the_score(chosen):
    assert grade(MULTIPLE, sorted(chosen | {"b"})) <= grade(MULTIPLE, sorted(chosen))


@given(st.permutations(["x", "y", "z"]))
def test_matching_points_equal_the_fixed_points_of_the_mapping(targets):
    answer = dict(zip(["x", "y", "z"], targets, strict=True))
    expected = sum(k == v for k, v in answer.items()) / 3
    assert grade(MATCHING, answer) == pytest.approx(expected)


@given(st.randoms(use_true_random=False))
def test_a_layout_parses_back_to_the_answer_it_encodes(rng):
    kind = TYPES["matching"]
    layout = kind.layout(MATCHING, rng, shuffle=True)
    token_of = {pair_id: token for token, pair_id in layout["right"]}
    form = {f"q-p-{i}": [token_of[pair_id]] for i, pair_id in enumerate(layout["left"])}
    answer = kind.parse(MATCHING, layout, form)
    assert grade(MATCHING, answer) == 1.0


def test_matching_layout_hides_which_right_item_belongs_where():
    layout = TYPES["matching"].layout(MATCHING, random.Random(1), shuffle=False)
    tokens = [token for token, _ in layout["right"]]
    assert not set(tokens) & {"x", "y", "z"}
    assert len(set(tokens)) == 3


@pytest.mark.parametrize(
    ("question", "form"),
    [
        (SINGLE, {"q-s": ["z"]}),  # not an option
        (SINGLE, {"q-s": ["a", "b"]}),  # two answers to a single choice
        (MULTIPLE, {"q-m": ["a", "a"]}),  # the same option twice
        (TRUE_FALSE, {"q-t": ["maybe"]}),
        (MATCHING, {"q-p-0": ["forged"], "q-p-1": ["x"], "q-p-2": ["y"]}),
    ],
)
def test_values_no_honest_form_sends_are_refused(question, form):
    kind = TYPES[question["type"]]
    layout = kind.layout(question, random.Random(0), shuffle=False)
    with pytest.raises(InvalidAnswer):
        kind.parse(question, layout, form)


@pytest.mark.parametrize("question", [SINGLE, MULTIPLE, TRUE_FALSE, MATCHING, SCENARIO])
def test_an_empty_answer_parses_as_unanswered(question):
    kind = TYPES[question["type"]]
    assert kind.parse(question, kind.layout(question, random.Random(0), True), {}) is None


def test_translations_must_keep_ids_and_answers():
    translated = {
        **SINGLE,
        "prompt": "?",
        "options": [{"id": "a", "text": "ก"}, {"id": "b", "text": "ข"}, {"id": "c", "text": "ค"}],
    }
    assert answer_key(translated) == answer_key(SINGLE)
    assert answer_key({**SINGLE, "answer": "a"}) != answer_key(SINGLE)
