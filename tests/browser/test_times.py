"""A Thai learner in Chromium reads a quiz deadline in Bangkok time and the Buddhist-era year."""

import shutil
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.models import QuizAttempt
from tests.browser.conftest import register
from tests.conftest import SMALL_CONTENT


@pytest.fixture
def content_root(tmp_path):
    """The fixture curriculum with a 20-minute time limit on the first quiz."""
    root = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, root)
    bank = root / "quizzes" / "introductory" / "01-basics.yaml"
    bank.write_text(bank.read_text() + "time_limit_minutes: 20\n")
    return root


def test_a_thai_learner_sees_the_quiz_deadline_in_bangkok_time(live_server, live_app, page):
    register(page, live_server, "somchai@example.org", "สมชาย ใจดี", "TH", "th", "labour_inspection")
    page.goto(f"{live_server}/learn/introductory/quizzes/basics")
    page.locator("form[action$='/start'] button").click()
    shown = page.locator("p.meta").first.inner_text()
    with live_app.app_context():
        deadline = db.session.scalar(select(QuizAttempt.deadline_at))
    bangkok = deadline.astimezone(ZoneInfo("Asia/Bangkok"))
    assert shown.startswith("ส่งก่อน")  # "Submit before", in Thai
    assert f"{bangkok:%H:%M}" in shown and f"{deadline:%H:%M}" not in shown
    assert str(bangkok.year + 543) in shown and "เวลาไทย" in shown  # Thailand Time
