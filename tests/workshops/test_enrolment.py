"""Enrolment: gated by the introductory certificate, limited to the seats, with a waiting
list that fills freed seats in order."""

from datetime import timedelta

from sqlalchemy import select

from lms.models import Seat, SeatStatus
from lms.models._types import utcnow
from tests.conftest import csrf_token, sign_in
from tests.test_database import race
from tests.trainer.steps import sign_out


def enrol(client, session, action="enrol"):
    page = f"/sessions/{session.id}"
    return client.post(f"{page}/{action}", data={"csrf_token": csrf_token(client, page)})


def statuses(db, session):
    query = select(Seat.full_name, Seat.status).filter_by(session_id=session.id)
    return dict(db.session.execute(query.order_by(Seat.id)).all())


def test_a_learner_without_the_introductory_certificate_is_refused_and_told_why(
    client, db, make_session, make_learner
):
    session = make_session()
    learner = make_learner(certified=False, full_name="Niran")
    sign_in(client, learner)
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Only holders of the introductory certificate can enrol." in page
    assert 'href="/learn/introductory"' in page
    response = enrol(client, session)
    assert response.status_code == 303
    assert statuses(db, session) == {}
    page = client.get(response.location).get_data(as_text=True)
    assert "open to holders of the introductory certificate" in page


def test_seats_fill_then_the_waiting_list_and_a_cancellation_promotes_the_first_waiting(
    client, db, make_session, make_learner
):
    session = make_session(seats=2)
    people = [make_learner(full_name=name) for name in ("Ana", "Budi", "Chai", "Dara")]
    for person in people:
        sign_in(client, person)
        assert enrol(client, session).status_code == 302
        sign_out(client)
    assert statuses(db, session) == {"Ana": "enrolled", "Budi": "enrolled",
                                     "Chai": "waiting", "Dara": "waiting"}  # fmt: skip
    sign_in(client, people[0])
    assert enrol(client, session, "cancel").status_code == 302
    assert statuses(db, session) == {"Ana": "cancelled", "Budi": "enrolled",
                                     "Chai": "enrolled", "Dara": "waiting"}  # fmt: skip


def test_no_cancelling_after_the_deadline(client, db, make_session, make_learner):
    session = make_session()
    learner = make_learner()
    sign_in(client, learner)
    enrol(client, session)
    session.enrol_by = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = enrol(client, session, "cancel")
    assert response.status_code == 303
    assert statuses(db, session) == {learner.full_name: SeatStatus.ENROLLED}


def test_sessions_are_listed_to_learners_of_their_country_with_seats_left(
    client, db, make_session, make_learner
):
    make_session(seats=5, title="Bangkok workshop")
    make_session(country="VN", title="Hanoi workshop")
    sign_in(client, make_learner())
    page = client.get("/sessions").get_data(as_text=True)
    assert "Bangkok workshop" in page and "5 seats left" in page
    assert "Hanoi workshop" not in page


def test_concurrent_enrolments_never_overbook(app, db, make_session, make_learner):
    """Six learners press Enrol at the same moment for three seats: three seats, three on
    the waiting list, whatever the order (on SQLite and PostgreSQL)."""
    session = make_session(seats=3)
    browsers = []
    for n in range(6):
        browser = app.test_client()
        sign_in(browser, make_learner(full_name=f"Learner {n}"))
        browsers.append(browser)
    page = f"/sessions/{session.id}"
    tokens = [csrf_token(browser, page) for browser in browsers]
    responses = race(*[
        lambda b=browser, t=token: b.post(f"{page}/enrol", data={"csrf_token": t})
        for browser, token in zip(browsers, tokens, strict=True)
    ])  # fmt: skip
    assert [r.status_code for r in responses] == [302] * 6
    db.session.rollback()
    assert sorted(statuses(db, session).values()) == ["enrolled"] * 3 + ["waiting"] * 3


def invite(client, session, email):
    page = f"/trainer/sessions/{session.id}"
    data = {"csrf_token": csrf_token(client, page), "invite-email": email}
    return client.post(f"{page}/invite", data=data)


def test_a_trainer_enrols_learners_by_email_and_invites_newcomers(
    client, db, make_session, make_learner, thai_trainer, caplog
):
    session = make_session(seats=5)
    make_learner(full_name="Ana", email="ana@example.org")
    make_learner(certified=False, full_name="Budi", email="budi@example.org")
    sign_in(client, thai_trainer)
    assert invite(client, session, "ANA@example.org").status_code == 302
    refused = invite(client, session, "budi@example.org")
    assert refused.status_code == 422
    assert "does not hold the introductory certificate yet" in refused.get_data(as_text=True)
    with caplog.at_level("WARNING", logger="lms.mail"):
        assert invite(client, session, "new@example.org").status_code == 302
    assert "Register with this email address" in caplog.text
    assert statuses(db, session) == {"Ana": "enrolled", "new@example.org": "enrolled"}


def test_a_participant_without_an_account_is_recorded_once_per_email(
    client, db, make_session, thai_trainer
):
    session = make_session()
    sign_in(client, thai_trainer)
    page = f"/trainer/sessions/{session.id}"
    person = {"person-full_name": "Dara Kim", "person-email": "Dara@example.org",
              "person-organisation": "Shelter A", "person-gender": "", "person-country": "TH",
              "person-sector": "shelter_ngo", "person-organisation_type": "ngo"}  # fmt: skip
    data = {"csrf_token": csrf_token(client, page), **person}
    assert client.post(f"{page}/participants", data=data).status_code == 302
    again = client.post(f"{page}/participants", data=data)
    assert again.status_code == 422
    assert "dara@example.org is already on this session" in again.get_data(as_text=True)
    [recorded] = db.session.scalars(select(Seat).filter_by(session_id=session.id)).all()
    assert (recorded.email, recorded.gender, recorded.user_id) == ("dara@example.org", None, None)
