"""Times are stored in UTC and shown in the reader's zone and calendar, with the zone named."""

import re
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from lms.models import QuizVersion, User
from tests.conftest import csrf_token, start_quiz

BASICS = "/learn/introductory/quizzes/basics"


@pytest.fixture
def timed_quiz(content, db):
    """The fixture's first quiz with a 20-minute time limit, so attempts have a deadline."""
    for version in db.session.scalars(select(QuizVersion)):
        version.settings = {**version.settings, "time_limit_minutes": 20}
    db.session.commit()


def deadline_line(page: str) -> str:
    return re.search(r'<p class="meta">([^<]*)</p>', page).group(1)


@pytest.mark.parametrize(
    ("locale", "chosen", "zone", "label", "years_added"),
    [
        ("th", None, "Asia/Bangkok", "เวลาไทย", 543),  # Thai readers count Buddhist-era years
        ("en", None, "Asia/Bangkok", "(Thailand Time)", 0),
        ("en", "Asia/Jakarta", "Asia/Jakarta", "(Indonesia (Jakarta) Time)", 0),
    ],
)
def test_a_quiz_deadline_is_shown_in_the_learners_zone(
    client, db, make_user, login, timed_quiz, locale, chosen, zone, label, years_added
):
    login(make_user(country="TH", locale=locale, timezone=chosen))
    attempt = start_quiz(client, db, "introductory", "basics")
    shown = deadline_line(client.get(f"{BASICS}/attempts/{attempt.id}").get_data(as_text=True))
    local = attempt.deadline_at.astimezone(ZoneInfo(zone))
    assert f"{local:%H:%M}" in shown and label in shown
    assert f"{attempt.deadline_at:%H:%M}" not in shown  # not the stored UTC time
    assert f"{local.day} " in shown and str(local.year + years_added) in shown
    if locale == "en":  # day, abbreviated month, year: never the ambiguous 11/27/26
        assert f"{local.day} {local:%b} {local.year}, {local:%H:%M}" in shown


def test_a_learner_chooses_a_zone_in_the_profile_and_a_forged_one_is_refused(
    client, db, make_user, login
):
    user = make_user(country="ID")
    login(user)
    form = {"full_name": user.full_name, "country": "ID", "locale": "en", "sector": user.sector,
            "organisation_type": user.organisation_type, "gender": ""}  # fmt: skip
    for zone, status in (("Asia/Jayapura", 302), ("Europe/Paris", 422)):
        form.update(timezone=zone, csrf_token=csrf_token(client, "/profile"))
        response = client.post("/profile", data=form)
        assert response.status_code == status
    assert "Not a valid choice" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).timezone == "Asia/Jayapura"
    form.update(timezone="", csrf_token=csrf_token(client, "/profile"))
    assert client.post("/profile", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).timezone is None  # back to the country's zone
