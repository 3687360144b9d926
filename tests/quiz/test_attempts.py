"""Taking quizzes: answers never leak before submission, grading on the server, tampering,
double submits, attempt limits and time limits."""

import copy
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from lms.models import QuizAttempt
from lms.models._types import utcnow
from tests.conftest import (
    correct_form,
    csrf_token,
    pass_quiz,
    same_for_every_request,
    start_quiz,
)

BASICS = "/learn/introductory/quizzes/basics"


@pytest.fixture
def learner(content, make_user, login):
    user = make_user()
    login(user)
    return user


def attempt_url(attempt) -> str:
    return f"/learn/{attempt.quiz.course.slug}/quizzes/{attempt.quiz.slug}/attempts/{attempt.id}"


def submit(client, attempt, form):
    token = csrf_token(client, attempt_url(attempt))
    return client.post(attempt_url(attempt), data={**form, "csrf_token": token})


def wrong_form(attempt):
    """Every answer wrong: the first option that is not the key, or the opposite truth."""
    form = {}
    for q in attempt.questions:
        inner = q["question"] if q["type"] == "scenario" else q
        name, layout = f"q-{q['id']}", attempt.layout[q["id"]]
        if inner["type"] in ("single", "multiple"):
            key = inner["answer"] if isinstance(inner["answer"], list) else [inner["answer"]]
            form[name] = [next(o for o in layout["options"] if o not in key)]
        elif inner["type"] == "true_false":
            form[name] = ["false" if inner["answer"] else "true"]
        else:
            token_of = {pair_id: token for token, pair_id in layout["right"]}
            shifted = layout["left"][1:] + layout["left"][:1]
            for index, pair_id in enumerate(shifted):
                form[f"{name}-{index}"] = [token_of[pair_id]]
    return form


QUIZZES = [
    ("introductory", "basics"),
    ("introductory", "care"),
    ("advanced", "practice"),
    ("advanced", "final"),
]


@pytest.mark.parametrize(("course", "quiz"), QUIZZES)
def test_quiz_pages_never_contain_answers_or_explanations(client, db, learner, course, quiz):
    """The page depends only on what was drawn, not on the key: change every key, same page."""
    if course == "advanced":
        unlock_advanced(client, db)
    overview = client.get(f"/learn/{course}/quizzes/{quiz}").get_data(as_text=True)
    attempt = start_quiz(client, db, course, quiz)
    before = client.get(attempt_url(attempt)).get_data(as_text=True)
    for page in (overview, before):
        assert "EXPLAIN-" not in page
    questions = copy.deepcopy(attempt.questions)
    for q in questions:
        inner = q["question"] if q["type"] == "scenario" else q
        if inner["type"] == "single":
            inner["answer"] = next(o["id"] for o in inner["options"] if o["id"] != inner["answer"])
        elif inner["type"] == "multiple":
            inner["answer"] = [o["id"] for o in inner["options"] if o["id"] not in inner["answer"]]
        elif inner["type"] == "true_false":
            inner["answer"] = not inner["answer"]
        q["explanation"] = "changed"
    attempt.questions = questions
    flag_modified(attempt, "questions")
    db.session.commit()
    after = client.get(attempt_url(attempt)).get_data(as_text=True)
    assert same_for_every_request(before) == same_for_every_request(after)


def test_matching_options_carry_random_tokens_not_pair_ids(client, db, learner):
    attempt = start_quiz(client, db, "introductory", "basics")
    page = client.get(attempt_url(attempt)).get_data(as_text=True)
    for pair_id in ("act", "means", "purpose"):
        assert f'value="{pair_id}"' not in page


def test_a_correct_submission_passes_and_explains(client, db, learner):
    attempt = start_quiz(client, db, "introductory", "basics")
    assert len(attempt.questions) == 5
    response = submit(client, attempt, correct_form(attempt))
    assert response.status_code == 302
    db.session.refresh(attempt)
    assert (attempt.score, attempt.passed) == (100.0, True)
    page = client.get(attempt_url(attempt)).get_data(as_text=True)
    assert "Your score: 100% (pass mark 70%)." in page
    assert "EXPLAIN-PICK-ONE" in page  # feedback: always
    assert "Correct answer:" in page


def test_a_wrong_submission_fails_and_is_graded_on_the_server(client, db, learner):
    attempt = start_quiz(client, db, "introductory", "basics")
    submit(client, attempt, wrong_form(attempt))
    db.session.refresh(attempt)
    assert attempt.passed is False
    assert attempt.score < 70
    assert "Not passed yet" in client.get(attempt_url(attempt)).get_data(as_text=True)


def test_submitting_twice_changes_nothing(client, db, learner):
    attempt = start_quiz(client, db, "introductory", "basics")
    submit(client, attempt, correct_form(attempt))
    db.session.refresh(attempt)
    first = (attempt.score, attempt.submitted_at, attempt.answers)
    response = submit(client, attempt, wrong_form(attempt))
    db.session.refresh(attempt)
    assert response.status_code == 302
    assert (attempt.score, attempt.submitted_at, attempt.answers) == first
    assert "already submitted" in client.get(attempt_url(attempt)).get_data(as_text=True)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda form: {**form, "q-not-drawn": ["a"]},  # an answer to a question not asked
        lambda form: {k: ["zz"] if k.startswith("q-pick-one") else v for k, v in form.items()},
    ],
)
def test_tampered_submissions_are_refused_and_record_nothing(client, db, learner, tamper):
    attempt = start_quiz(client, db, "introductory", "basics")
    response = submit(client, attempt, tamper(correct_form(attempt)))
    assert response.status_code == 400
    assert "not" in response.get_data(as_text=True)
    db.session.refresh(attempt)
    assert attempt.is_open and attempt.score is None


def test_missing_answers_are_asked_for_and_the_given_ones_kept(client, db, learner):
    attempt = start_quiz(client, db, "introductory", "basics")
    form = correct_form(attempt)
    form.pop("q-yes-or-no")
    response = submit(client, attempt, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please answer every question" in page
    assert f'value="{form["q-pick-one"][0]}" checked' in page
    db.session.refresh(attempt)
    assert attempt.is_open


def test_each_unanswered_question_is_marked_in_place_and_listed_at_the_top(client, db, learner):
    """The GOV.UK error pattern: a summary that takes focus and links to each question, and
    each question's own message, tied to it and to its inputs."""
    attempt = start_quiz(client, db, "introductory", "basics")
    form = correct_form(attempt)
    del form["q-yes-or-no"], form["q-pick-many"], form["q-match-up-1"]  # one match of three
    page = submit(client, attempt, form).get_data(as_text=True)
    numbers = {q["id"]: n for n, q in enumerate(attempt.questions, 1)}
    messages = {
        "pick-many": f"Select at least one answer to question {numbers['pick-many']}.",
        "yes-or-no": f"Choose an answer to question {numbers['yes-or-no']}.",
        "match-up": f"Choose a match for every item in question {numbers['match-up']}.",
    }
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', page, re.S)
    assert 'tabindex="-1" autofocus' in summary.group(0)
    links = re.findall(r'<a href="#q-([\w-]+)">([^<]+)</a>', summary.group(1))
    assert links == sorted(messages.items(), key=lambda link: numbers[link[0]])
    assert re.search(r"<title>Error: ", page)
    for question, message in messages.items():
        name = f"q-{question}"
        opening = f'<fieldset class="question invalid" id="{name}" aria-describedby="{name}-error">'
        fieldset = re.search(re.escape(opening) + "(.*?)</fieldset>", page, re.S)
        assert f'<p class="error" id="{name}-error">' in fieldset.group(1)
        assert message in fieldset.group(1)
    invalid = set(re.findall(r'name="q-([\w-]+)"[^>]*aria-invalid="true"', page))
    assert invalid == {"pick-many", "yes-or-no", "match-up-1"}  # not the matches given


def test_another_learners_attempt_is_not_found(client, db, content, make_user, login):
    owner, intruder = make_user(), make_user()
    login(owner)
    attempt = start_quiz(client, db, "introductory", "basics")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    login(intruder)
    assert client.get(attempt_url(attempt)).status_code == 404
    token = csrf_token(client, "/dashboard")
    form = {**correct_form(attempt), "csrf_token": token}
    assert client.post(attempt_url(attempt), data=form).status_code == 404
    db.session.refresh(attempt)
    assert attempt.is_open


def test_starting_again_resumes_the_open_attempt(client, db, learner):
    first = start_quiz(client, db, "introductory", "basics")
    second = start_quiz(client, db, "introductory", "basics")
    assert first.id == second.id


def test_feedback_once_passed_hides_answers_until_passed(client, db, learner):
    attempt = start_quiz(client, db, "introductory", "care")
    submit(client, attempt, wrong_form(attempt))
    page = client.get(attempt_url(attempt)).get_data(as_text=True)
    assert "EXPLAIN-CARE" not in page and "not shown" in page
    pass_quiz(client, db, "introductory", "care")
    assert "EXPLAIN-CARE" in client.get(attempt_url(attempt)).get_data(as_text=True)


def unlock_advanced(client, db):
    for path in ("basics/first", "basics/second", "care/third"):
        token = csrf_token(client, f"/learn/introductory/{path}")
        client.post(f"/learn/introductory/{path}/complete", data={"csrf_token": token})
    pass_quiz(client, db, "introductory", "basics")
    pass_quiz(client, db, "introductory", "care")


def test_feedback_never_and_the_attempt_limit(client, db, learner):
    unlock_advanced(client, db)
    for _ in range(2):
        attempt = start_quiz(client, db, "advanced", "practice")
        submit(client, attempt, wrong_form(attempt))
        assert "EXPLAIN-" not in client.get(attempt_url(attempt)).get_data(as_text=True)
    token = csrf_token(client, "/learn/advanced/quizzes/practice")
    response = client.post("/learn/advanced/quizzes/practice/start", data={"csrf_token": token})
    assert response.status_code == 302
    page = client.get("/learn/advanced/quizzes/practice").get_data(as_text=True)
    assert "You have used all 2 attempts" in page
    count = select(func.count(QuizAttempt.id)).where(QuizAttempt.quiz_id == attempt.quiz_id)
    assert db.session.scalar(count) == 2


def test_a_late_submission_is_refused_and_closes_the_attempt(client, db, learner):
    unlock_advanced(client, db)
    attempt = start_quiz(client, db, "advanced", "final")
    assert attempt.deadline_at is not None
    banks = sorted(q["id"].split(".")[0] for q in attempt.questions)
    assert banks == ["final", "practice"]  # draw: 1 of its own, draw_per_module: 1 per bank
    attempt.deadline_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    response = submit(client, attempt, correct_form(attempt))
    db.session.refresh(attempt)
    assert attempt.timed_out and attempt.passed is False and attempt.answers == {}
    assert "time limit had passed" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_waiting_period_after_a_failed_attempt(client, db, learner):
    attempt = start_quiz(client, db, "introductory", "basics")
    version = attempt.version
    version.settings = {**version.settings, "wait_minutes": 60}
    db.session.commit()
    submit(client, attempt, wrong_form(attempt))
    page = client.get(BASICS).get_data(as_text=True)
    assert "You can try again from" in page


def test_scores_are_formatted_for_the_locale(client, db, content, make_user, login):
    login(make_user(locale="vi"))
    attempt = start_quiz(client, db, "introductory", "care")
    form = correct_form(attempt)
    form["q-care-second"] = ["b"]  # one of two right: 50%
    submit(client, attempt, form)
    db.session.refresh(attempt)
    attempt.score = 87.5  # a score with a decimal part, as a larger bank gives
    db.session.commit()
    assert "87,5%" in client.get(attempt_url(attempt)).get_data(as_text=True)


def test_quizzes_are_served_in_the_learners_variant(
    client, db, content, make_user, login, tmp_path
):
    """A Thai bank with the same keys serves Thai readers; grading is unchanged."""
    import shutil

    from lms.content.files import load_tree
    from lms.store.importer import import_tree
    from tests.conftest import SMALL_CONTENT

    root = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, root)
    bank = (root / "quizzes/introductory/02-care.yaml").read_text()
    thai = bank.replace("Care comes first.", "การดูแลมาก่อน").replace("Care quiz", "แบบทดสอบการดูแล")
    (root / "quizzes/introductory/02-care.th.yaml").write_text(thai)
    import_tree(db.session, load_tree(root))
    db.session.commit()
    login(make_user(locale="th"))
    attempt = start_quiz(client, db, "introductory", "care")
    assert "การดูแลมาก่อน" in client.get(attempt_url(attempt)).get_data(as_text=True)
    submit(client, attempt, correct_form(attempt))
    db.session.refresh(attempt)
    assert attempt.passed


def test_a_case_text_reflows_as_paragraphs(client, db, learner):
    """The YAML's line breaks join words; a blank line starts a new paragraph."""
    attempt = start_quiz(client, db, "introductory", "basics")
    page = client.get(attempt_url(attempt)).get_data(as_text=True)
    assert (
        '<div class="case"><p>A worker on a boat cannot leave and has no passport.</p>'
        "<p>The captain keeps it.</p></div>"
    ) in page
