"""The ordering partial: the real referral item on an attempt page, answered and graded."""

import random
import re

from sqlalchemy import select

from lms.certificates.services import issue
from lms.content.questions import kind
from lms.models import Course, Quiz, QuizAttempt, QuizVersion
from lms.models._types import utcnow
from tests.conftest import correct_form, csrf_token

URL = "/learn/advanced/quizzes/referral-and-services/attempts/{}"


def attempt_with_the_ordering_item(db, learner) -> QuizAttempt:
    """An attempt holding only the warm-handover item, for a learner past the gate."""
    issue(learner, db.session.scalar(select(Course).filter_by(slug="introductory")))
    quiz = db.session.scalar(select(Quiz).filter_by(slug="referral-and-services"))
    version = db.session.scalar(select(QuizVersion).filter_by(quiz_id=quiz.id, locale="en"))
    item = next(q for q in version.questions if q["id"] == "warm-handover-order")
    attempt = QuizAttempt(user_id=learner.id, quiz=quiz, version=version, questions=[item],
                          layout={item["id"]: kind(item).layout(item, random.Random(7), True)},
                          pass_mark=70, feedback="always", started_at=utcnow())  # fmt: skip
    db.session.add(attempt)
    db.session.commit()
    return attempt


def test_the_steps_are_shown_shuffled_with_places_to_choose(
    client, db, real_content, make_user, login
):
    learner = make_user()
    attempt = attempt_with_the_ordering_item(db, learner)
    login(learner)
    page = client.get(URL.format(attempt.id)).get_data(as_text=True)
    steps = re.findall(r'<label for="q-warm-handover-order-\d">([^<]+)</label>', page)
    assert (
        len(steps) == 5 and steps[0] != "Call the shelter and check that it can take the woman now"
    )
    assert page.count('<option value="5"') == 5
    assert "call-first" not in page  # item ids, which follow the right order, never appear


def test_the_right_order_scores_full_marks_and_the_results_list_it(
    client, db, real_content, make_user, login
):
    learner = make_user()
    attempt = attempt_with_the_ordering_item(db, learner)
    login(learner)
    url = URL.format(attempt.id)
    form = {**correct_form(attempt), "csrf_token": csrf_token(client, url)}
    assert client.post(url, data=form).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "100%" in page
    assert "1. Call the shelter and check that it can take the woman now; 2. With the" in page
