"""Quiz-bank translations in the browser: the side-by-side form, draft → review → publish by two
trainers, texts only (ids, answers and settings come from the source), learners, and imports."""

import re

import pytest
from sqlalchemy import select

from lms.content.files import load_tree
from lms.content.questions import answer_key
from lms.models import ContentRevision, Module, Quiz, QuizVersion, Role, VersionStatus
from lms.store.files import export_variants
from lms.store.importer import import_tree
from tests.conftest import csrf_token, start_quiz
from tests.trainer.steps import post, sign_out, trainer

BANK = "quizzes/introductory/01-basics.th-TH.yaml"


@pytest.fixture
def module(db, tree):
    """Basics: its quiz has one question of every kind but ordering, and no translation."""
    return db.session.scalar(select(Module).where(Module.slug == "basics"))


def page_of(module, code="th-TH") -> str:
    return f"/trainer/quizzes/{module.id}/{code}"


def text_fields(client, module, code="th-TH") -> list[str]:
    """The names of the form's translation fields, in the order the page shows them."""
    page = client.get(page_of(module, code)).get_data(as_text=True)
    return re.findall(r'<(?:input|textarea)[^>]*\bname="(text-\d+)"', page)


def translations(client, module, code="th-TH") -> dict[str, str]:
    return {name: f"แปล {name}" for name in text_fields(client, module, code)}


def save(client, module, texts, code="th-TH", **extra):
    return post(client, f"{page_of(module, code)}/save", page_of(module, code), **texts, **extra)


def submit(client, module, code="th-TH"):
    return post(client, f"{page_of(module, code)}/submit", page_of(module, code))


def decide(client, module, decision="approve", comment="", code="th-TH"):
    page = client.get(page_of(module, code)).get_data(as_text=True)
    version = re.search(r'name="version_id" type="hidden" value="(\d+)"', page)
    assert version, "no review form on the page"
    data = {"version_id": version.group(1), "decision": decision, "comment": comment}
    return post(client, f"{page_of(module, code)}/review", page_of(module, code), **data)


def versions(db, module, code="th-TH") -> list[QuizVersion]:
    locale, _, country = code.partition("-")
    quiz = db.session.scalar(select(Quiz).where(Quiz.module_id == module.id))
    query = select(QuizVersion).where(QuizVersion.quiz_id == quiz.id,
                                      QuizVersion.locale == locale,
                                      QuizVersion.country == (country or None))  # fmt: skip
    return list(db.session.scalars(query.order_by(QuizVersion.id)))


def source(db, module) -> QuizVersion:
    quiz = db.session.scalar(select(Quiz).where(Quiz.module_id == module.id))
    return db.session.scalar(
        select(QuizVersion).where(
            QuizVersion.quiz_id == quiz.id,
            QuizVersion.locale == "en",
            QuizVersion.country.is_(None),
            QuizVersion.status == VersionStatus.PUBLISHED,
        )
    )


def revision(db) -> int:
    return db.session.scalar(select(ContentRevision.value)) or 0


def publish(client, module, make_user, login):
    """A Thai trainer translates and submits; a second one approves, and stays signed in."""
    author = trainer(make_user, "TH")
    login(author)
    save(client, module, translations(client, module))
    submit(client, module)
    sign_out(client)
    reviewer = trainer(make_user, "TH", full_name="Somchai Reviewer")
    login(reviewer)
    assert decide(client, module).status_code == 302
    return author, reviewer


def test_two_trainers_take_a_quiz_translation_from_draft_to_published(
    client, db, module, make_user, login
):
    author = trainer(make_user, "TH")
    login(author)
    listing = client.get(f"/trainer/modules/{module.id}/th-TH").get_data(as_text=True)
    assert f'href="{page_of(module)}">Translate the quiz</a>' in listing
    page = client.get(page_of(module)).get_data(as_text=True)
    assert "not started" in page
    for english in ("Which option is right?", "The right one", "How it is done", "has no passport",
                    "EXPLAIN-MATCH-UP pairs each term with its meaning."):  # fmt: skip
        assert english in page  # the source, beside each field
    texts = translations(client, module)
    assert len(texts) == 1 + 5 + 5 + 2 + 8 + 5  # the title, then each question's texts
    assert save(client, module, texts).status_code == 302
    assert "แปล text-7" in client.get(page_of(module)).get_data(as_text=True)  # kept for editing
    assert submit(client, module).status_code == 302
    own = client.get(page_of(module)).get_data(as_text=True)
    assert 'name="decision"' not in own and "Waiting for another trainer" in own
    data = {"version_id": str(versions(db, module)[-1].id), "decision": "approve"}
    review = post(client, f"{page_of(module)}/review", page_of(module), **data)
    assert review.status_code == 403  # never the author's own review
    sign_out(client)

    login(trainer(make_user, "TH"))
    before = revision(db)
    assert decide(client, module, "return", comment="Option b reads oddly").status_code == 302
    assert [v.status for v in versions(db, module)] == [VersionStatus.DRAFT]
    sign_out(client)
    login(author)
    assert "Option b reads oddly" in client.get(page_of(module)).get_data(as_text=True)
    submit(client, module)
    sign_out(client)
    reviewer = trainer(make_user, "TH", full_name="Somchai Reviewer")
    login(reviewer)
    assert decide(client, module).status_code == 302

    (version,) = versions(db, module)
    assert version.status == VersionStatus.PUBLISHED
    assert (version.author_id, version.reviewed_by_id) == (author.id, reviewer.id)
    assert version.title == texts["text-0"]
    assert revision(db) > before  # learners' outlines are rebuilt
    assert "published" in client.get(page_of(module)).get_data(as_text=True)


def test_ids_answers_and_settings_always_come_from_the_source(client, db, module, make_user, login):
    login(trainer(make_user, "TH"))
    forged = {
        "pass_mark": "0", "draw": "1", "max_attempts": "99", "feedback": "never",
        "answer": "a", "text-999": "extra", "questions-0-answer": "a", "id": "renamed",
        "q-pick-one": "a", "pick-one.answer": "a", "type": "true_false",
    }  # fmt: skip
    assert save(client, module, translations(client, module), **forged).status_code == 302
    (draft,) = versions(db, module)
    english = source(db, module)
    assert draft.settings == english.settings
    assert [answer_key(q) for q in draft.questions] == [answer_key(q) for q in english.questions]
    assert [q["id"] for q in draft.questions] == [q["id"] for q in english.questions]
    assert all(q["prompt"].startswith("แปล ") for q in draft.questions if "prompt" in q)
    assert "extra" not in repr(draft.questions)


def test_an_empty_text_is_named_and_nothing_typed_is_lost(client, db, module, make_user, login):
    login(trainer(make_user, "TH"))
    texts = translations(client, module)
    texts["text-3"] = "   "
    response = save(client, module, texts)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was saved. Please fix these problems:" in page
    assert '<a href="#text-3">Question 1, Option b: Write the translation of this text.</a>' in page
    assert 'aria-invalid="true"' in page
    assert all(f'value="{texts[name]}"' in page or f">{texts[name]}</textarea>" in page
               for name in texts if name != "text-3")  # fmt: skip
    assert versions(db, module) == []


def test_a_thai_learner_takes_the_published_translation(client, db, module, make_user, login):
    publish(client, module, make_user, login)
    sign_out(client)
    login(make_user(country="TH", locale="th"))
    attempt = start_quiz(client, db, "introductory", "basics")
    assert attempt.version.locale == "th" and attempt.version.country == "TH"
    prompts = [q.get("prompt") or q["question"]["prompt"] for q in attempt.questions]
    assert prompts and all(p.startswith("แปล ") for p in prompts)
    overview = client.get("/learn/introductory/quizzes/basics").get_data(as_text=True)
    assert "แปล text-0" in overview  # the translated title


def test_only_the_countrys_trainers_reach_its_quiz_translation(
    client, db, module, make_user, login
):
    login(make_user())  # a learner
    assert client.get(page_of(module)).status_code == 403
    sign_out(client)
    login(trainer(make_user, "ID"))
    assert client.get(page_of(module)).status_code == 403
    token = csrf_token(client, "/trainer")
    for action in ("save", "submit", "review"):
        data = {"csrf_token": token, "text-0": "x"}
        assert client.post(f"{page_of(module)}/{action}", data=data).status_code == 403
    assert client.get(page_of(module, "th")).status_code == 403  # regional: administrators'
    sign_out(client)
    login(trainer(make_user, role=Role.ADMIN))
    assert client.get(page_of(module, "th")).status_code == 200
    assert client.get(page_of(module, "en")).status_code == 404  # the source is edited in files
    assert versions(db, module) == []


def test_an_import_never_overwrites_a_translation_published_in_the_browser(
    client, db, module, tree, make_user, login
):
    publish(client, module, make_user, login)
    english = (tree / "quizzes/introductory/01-basics.yaml").read_text()
    (tree / BANK).write_text(english.replace("Basics quiz", "A file's Thai quiz"))
    report = import_tree(db.session, load_tree(tree))
    db.session.commit()
    assert [c.path for c in report.conflicts] == [BANK]
    assert "published in the browser" in report.conflicts[0].message
    assert "Somchai Reviewer" in report.conflicts[0].message
    (kept,) = versions(db, module)
    assert kept.status == VersionStatus.PUBLISHED and kept.title == "แปล text-0"


def test_an_exported_translation_is_a_valid_bank_the_next_import_recognises(
    client, db, module, tree, make_user, login
):
    publish(client, module, make_user, login)
    assert export_variants(tree) == [BANK]
    loaded = load_tree(tree)
    assert loaded.ok, loaded.problems
    assert "pass_mark" not in (tree / BANK).read_text()  # the default, left out as in the source
    report = import_tree(db.session, loaded)
    db.session.commit()
    assert report.conflicts == [] and BANK not in report.created
    (version,) = versions(db, module)
    assert version.status == VersionStatus.PUBLISHED and version.source_path == BANK


def test_a_bank_whose_file_is_gone_keeps_its_browser_translation(
    client, db, module, tree, make_user, login
):
    publish(client, module, make_user, login)
    (tree / "quizzes/introductory/01-basics.yaml").unlink()
    report = import_tree(db.session, load_tree(tree))
    db.session.commit()
    assert [c.path for c in report.conflicts] == ["quizzes/introductory/01-basics.yaml"]
    assert report.conflicts[0].removed
    quiz = db.session.scalar(select(Quiz).where(Quiz.module_id == module.id))
    assert quiz.retired_at is None
    assert versions(db, module)[0].status == VersionStatus.PUBLISHED
