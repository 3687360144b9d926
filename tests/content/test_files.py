"""check-content: every planted error is found with its file and line; good trees pass."""

from lms.config import ROOT
from lms.content.files import load_tree
from tests.conftest import FIXTURES, SMALL_CONTENT

BASICS = "modules/intro/01-basics"
PLANTED = {
    "modules/adv/course.yaml:3: unknown prerequisite course 'nosuch'",
    f"{BASICS}/01-no-front-matter.md:1: missing front matter",
    f"{BASICS}/02-bad-yaml.md:4: malformed YAML",
    f"{BASICS}/03-no-title.md:1: missing required field 'title'",
    f"{BASICS}/04-Bad_Slug.md:1: malformed lesson name '04-Bad_Slug'",
    f"{BASICS}/06-dup.md:1: duplicate lesson slug 'dup'",
    f"{BASICS}/07-orphan.th.md:1: variant has no regional source lesson 'orphan'",
    f"{BASICS}/08-links.md:7: broken link to '99-missing.md'",
    f"{BASICS}/09-good.md:3: 'estimated_minutes' must be a whole number",
    f"{BASICS}/09-good.md:4: unknown front matter field 'colour'",
    f"{BASICS}/09-good.th-ZZ.md:1: unsupported country code 'ZZ'",
    f"{BASICS}/09-good.xx.md:1: unsupported locale 'xx'",
    f"{BASICS}/10-unclosed.md:1: front matter is not closed",
    f"{BASICS}/module.yaml:2: 'estimated_minutes' must be a whole number",
    "modules/intro/02-Bad Module:1: malformed module name '02-Bad Module'",
    "modules/intro/03-extra/module.yaml:1: missing module.yaml",
    "quizzes/adv/01-practice.th.yaml:1: question 'extra' is not in the source",
    "quizzes/adv/01-practice.th.yaml:1: question 'pick' is missing from this translation",
    "quizzes/adv/01-practice.th.yaml:6: question 'tf' has different options or answers",
    "quizzes/adv/01-practice.th.yaml:2: 'pass_mark' is 5 here but 70 in the source: a "
    "translation keeps the source's settings",
    "quizzes/adv/01-practice.th.yaml:3: 'feedback' is never here but always in the source",
    "quizzes/adv/02-nosuch.yaml:1: quiz file '02-nosuch.yaml' matches no module",
    "quizzes/intro/01-basics.yaml:2: pass_mark must be a number from 0 to 100",
    "quizzes/intro/01-basics.yaml:4: each of the options needs id, text as text (quote values",
    "quizzes/intro/01-basics.yaml:12: unknown question type 'essay'",
    "quizzes/intro/01-basics.yaml:16: answer must be the id of one of the options",
    "quizzes/intro/01-basics.yaml:24: duplicate question id 'ok-one'",
}


def test_every_planted_error_is_reported_with_file_and_line():
    reported = [str(p) for p in load_tree(FIXTURES / "broken").problems]
    for expected in PLANTED:
        assert any(line.startswith(expected) for line in reported), expected
    assert len(reported) == len(PLANTED), reported


def test_valid_links_are_not_reported():
    reported = [str(p) for p in load_tree(FIXTURES / "broken").problems]
    assert not any("09-good.md'" in line and "broken link" in line for line in reported)


def test_check_content_cli_prints_problems_and_exits_1(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["lms", "check-content", "--root", str(FIXTURES / "broken")])
    assert result.exit_code == 1
    assert f"{BASICS}/08-links.md:7: broken link" in result.output


def test_check_content_cli_accepts_a_valid_tree(app):
    result = app.test_cli_runner().invoke(
        args=["lms", "check-content", "--root", str(SMALL_CONTENT)]
    )
    assert result.exit_code == 0, result.output
    assert "2 course(s), 6 lesson(s)" in result.output


def test_the_real_curriculum_is_valid():
    tree = load_tree(ROOT)
    assert tree.problems == []
    slugs = [c.slug for c in tree.courses]
    assert slugs == ["introductory", "advanced"]
    intro = tree.courses[0]
    assert len(intro.modules) >= 4
    assert all(len(m.lessons) >= 2 for m in intro.modules)
    assert tree.courses[1].meta["prerequisite"] == "introductory"


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    module = tmp_path / "modules" / "c" / "01-m"
    module.mkdir(parents=True)
    (tmp_path / "modules" / "c" / "course.yaml").write_text("title: C\n")
    (module / "module.yaml").write_text("title: M\n")
    (module / "01-l.md").write_bytes(b"---\ntitle: \xff\n---\nx\n")
    assert [str(p) for p in load_tree(tmp_path).problems] == [
        "modules/c/01-m/01-l.md:1: file is not valid UTF-8"
    ]


def test_a_final_translation_takes_its_sources_settings(tmp_path):
    """Its title and its own questions translated; the settings lines may be left out."""
    import shutil

    root = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, root)
    source = (root / "quizzes/advanced/final.yaml").read_text()
    questions = source[source.index("questions:") :]
    title = "title: การประเมินผลท้ายหลักสูตร\n"
    (root / "quizzes/advanced/final.th.yaml").write_text(title + questions)
    tree = load_tree(root)
    assert tree.problems == []
    final = next(q for q in tree.quizzes if q.course == "advanced" and q.module is None)
    assert final.variants[0].settings == final.source.settings
