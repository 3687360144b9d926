"""The real curriculum's size and shape, counted from the files so figures cannot drop."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from lms.config import ROOT
from lms.content.files import load_tree

TREE = load_tree(ROOT)
COURSES = {course.slug: course for course in TREE.courses}
LESSONS = [
    lesson.source
    for course in TREE.courses
    for module in course.modules
    for lesson in module.lessons
]
REFERENCE = ROOT.parent / "shared" / "reference"
MINIMUMS = {"introductory": (5, 12, 8), "advanced": (7, 18, 10)}  # modules, lessons, questions


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def test_the_curriculum_is_valid():
    assert TREE.problems == []


@pytest.mark.parametrize("slug", MINIMUMS)
def test_course_size(slug):
    modules, lessons, _ = MINIMUMS[slug]
    course = COURSES[slug]
    assert len(course.modules) >= modules
    assert sum(len(m.lessons) for m in course.modules) >= lessons


def test_total_lesson_text_is_at_least_25000_words():
    assert sum(len(words(lesson.body)) for lesson in LESSONS) >= 25_000


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.path.split("/", 1)[1])
def test_every_lesson_has_objectives_scenario_key_points_and_sources(lesson):
    assert lesson.meta.get("objectives"), "objectives"
    assert lesson.meta.get("sources"), "sources"
    assert lesson.meta.get("estimated_minutes"), "estimated minutes"
    for heading in ("## Case scenario", "### Reflection questions", "## Key points", "## Sources"):
        assert heading in lesson.body, heading
    assert 500 <= len(words(lesson.body)) <= 1200


@pytest.mark.parametrize("slug", MINIMUMS)
def test_every_module_has_a_quiz_bank_mixing_types_mostly_applied(slug):
    banks = {q.module: q.source for q in TREE.quizzes if q.course == slug and q.module}
    minimum = MINIMUMS[slug][2]
    for module in COURSES[slug].modules:
        bank = banks[module.slug]
        types = Counter(question["type"] for question in bank.questions)
        assert len(bank.questions) >= minimum, module.slug
        assert set(types) == {"single", "multiple", "true_false", "matching", "scenario"}
        assert types["scenario"] * 2 >= len(bank.questions), module.slug


@pytest.mark.parametrize("slug", MINIMUMS)
def test_every_course_has_a_final_assessment_of_at_least_70_percent(slug):
    final = next(q for q in TREE.quizzes if q.course == slug and q.module is None)
    assert final.source.settings["pass_mark"] >= 70
    assert final.source.settings["draw_per_module"] >= 1


@pytest.mark.skipif(
    not REFERENCE.is_dir(), reason="the reference documents are not beside this checkout"
)
def test_no_run_of_12_words_is_copied_from_the_reference_documents():
    reference = set()
    for path in REFERENCE.iterdir():
        tokens = words(path.read_text(encoding="utf-8", errors="ignore"))
        reference |= {tuple(tokens[i : i + 12]) for i in range(len(tokens) - 11)}
    copied = []
    for path in sorted(Path(ROOT, "modules").rglob("*.md")):
        tokens = words(path.read_text(encoding="utf-8"))
        runs = {tuple(tokens[i : i + 12]) for i in range(len(tokens) - 11)}
        copied += [f"{path.name}: {' '.join(run)}" for run in runs & reference]
    assert copied == []


@pytest.mark.parametrize("variant", [("th", "TH"), ("id", "ID")])
def test_the_introductory_course_ships_in_thai_and_indonesian_awaiting_expert_review(variant):
    course = COURSES["introductory"]
    for module in course.modules:
        for lesson in module.lessons:
            found = [v for v in lesson.variants if (v.locale, v.country) == variant]
            assert found, lesson.slug
            assert "review" in found[0].meta.get("review_note", "").lower()
    for quiz in TREE.quizzes:
        if quiz.course == "introductory" and quiz.module:
            found = [v for v in quiz.variants if (v.locale, v.country) == variant]
            assert found, quiz.module
            assert "review" in yaml.safe_load(found[0].text)["review_note"].lower()
