"""The donor report counts people trained online and in person, each person once, against a
hand-counted data set; a participant who registers later is still counted once."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from lms.admin.reports import Filters, donor_report
from lms.models import Attendance, Certificate, Role, Seat, SeatStatus, User
from tests.conftest import csrf_token, sign_in
from tests.trainer.steps import trainer

HELD = datetime(2026, 5, 1, 2, tzinfo=UTC)  # the sessions' first day


def seat(db, session, done=True, **person):
    """Someone on a session's register (an account holder if `user` is given), who attended
    every day if `done`, else only the first."""
    user = person.pop("user", None)
    profile = {"email": None, "gender": None, "sector": "health", "organisation": "",
               "organisation_type": "ngo", "country": session.country, **person}  # fmt: skip
    if user is not None:
        profile.update(email=user.email, full_name=user.full_name, gender=user.gender,
                       country=user.country)  # fmt: skip
    row = Seat(session_id=session.id, user_id=user.id if user else None,
               status=SeatStatus.ENROLLED, **profile)  # fmt: skip
    days = session.days if done else session.days[:1]
    row.attended = [Attendance(day_id=d.id, marked_by_id=session.created_by_id) for d in days]
    row.completed_at = session.ends_at if done else None  # as marking the register sets it
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def trained(db, make_session, make_learner, make_user, certify_intro):
    """TH 2025: Ana (woman; online in 2025, then a session: blended) and Fon (not stated,
    online only). TH 2026: Boon (man, account, in person), Chai (woman, no account, two
    sessions, by email), Dara (another, no account nor email, two sessions, by name and
    organisation). VN 2026: Giang (man, in person). Not counted: Eka (enrolled, did not
    complete) and a revoked certificate."""
    first, second = make_session(start=HELD), make_session(start=HELD, title="Second")
    ana = make_learner(full_name="Ana", gender="woman")
    make_learner(full_name="Fon", gender="undisclosed")
    seat(db, first, user=ana)
    boon = make_user(full_name="Boon", gender="man")
    seat(db, first, user=boon)
    for session in (first, second):
        seat(db, session, full_name="Chai", email="chai@example.org", gender="woman")
        seat(db, session, full_name="Dara ", organisation="Shelter A", gender="another")
    seat(db, second, full_name="dara", organisation="shelter a", gender="another", done=False)
    seat(db, first, full_name="Eka", email="eka@example.org", gender="woman", done=False)
    seat(db, make_session(country="VN", start=HELD), full_name="Giang", gender="man")
    revoked = certify_intro(make_user(full_name="Revoked", gender="woman"))
    certificate = db.session.scalar(select(Certificate).filter_by(user_id=revoked.id))
    certificate.revoked_at = HELD
    db.session.commit()


def counts(report):
    return {(c, y): dict(b.counts) for c, y, b in report.by_country_year}


def zero(**counts):
    return {"women": 0, "men": 0, "another": 0, "not_stated": 0, **counts}


def test_each_person_is_counted_once_online_and_in_person(db, trained):
    report = donor_report(Filters())
    assert counts(report) == {
        ("TH", 2025): zero(women=1, not_stated=1),
        ("TH", 2026): zero(women=1, men=1, another=1),
        ("VN", 2026): zero(men=1),
    }
    assert report.total.total == 6
    assert {b.label: b.total for b in report.by_mode} == {
        "online": 1, "in_person": 4, "blended": 1}  # fmt: skip


def test_filters_narrow_both_kinds_of_training(db, trained):
    assert donor_report(Filters(countries=("VN",))).total.total == 1
    in_2026 = Filters(start=datetime(2026, 1, 1).date(), end=datetime(2026, 12, 31).date())
    # Ana's session in 2026 counts her in 2026 when the period leaves out her certificate.
    assert donor_report(in_2026).total.counts == zero(women=2, men=2, another=1)
    assert donor_report(Filters(gender="another")).total.total == 1


def test_a_participant_who_registers_is_still_counted_once(client, db, trained):
    before = donor_report(Filters()).total.counts
    token = csrf_token(client, "/register")
    response = client.post("/register", data={
        "csrf_token": token, "email": "Chai@example.org", "full_name": "Chai Wong",
        "country": "TH", "locale": "en", "timezone": "", "sector": "health",
        "organisation_type": "ngo", "gender": "woman",
        "password": "a long enough passphrase", "confirm": "a long enough passphrase",
        "consent": "y",
    })  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    chai = db.session.scalar(select(User).filter_by(email="chai@example.org"))
    claimed = db.session.scalars(select(Seat).filter_by(email="chai@example.org")).all()
    assert [s.user_id for s in claimed] == [chai.id, chai.id]
    assert {s.full_name for s in claimed} == {"Chai Wong"}
    assert donor_report(Filters()).total.counts == before


def test_the_donor_page_and_export_show_the_delivery_mode(client, db, trained, make_user):
    admin = trainer(make_user, role=Role.ADMIN)
    sign_in(client, admin)
    page = client.get("/admin/donors").get_data(as_text=True)
    main = page.split("<main")[1]
    assert 'id="by-mode"' in main and "In person" in main and "Blended" in main
    assert "<title>Donor report" in page.split("</title>")[0]  # the tables stay in the page
    table = re.sub(r"\s+", "", main.split('id="by-mode"')[1].split("</table>")[0])
    assert '<thscope="row">Inperson</th><td>1</td><td>2</td><td>1</td><td>0</td><td>4</td>' in table
