"""Anonymous feedback after a session: given once, by those who attended, after the last day;
stored without the person; summarised per session and per country, small groups hidden."""

from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select

from lms.models import Attendance, Feedback, Role, Seat, SeatStatus
from lms.workshops import feedback
from tests.conftest import csrf_token, sign_in
from tests.trainer.steps import sign_out, trainer

ANSWERS = {"relevance": "4", "confidence_before": "2", "confidence_after": "5",
           "comment": "More case studies, please."}  # fmt: skip


@pytest.fixture
def threshold(app):
    """Three answers are enough to show a group (five in production)."""
    app.config["REPORT_MIN_COUNT"] = 3
    return 3


def seat_for(db, session, learner, present=True) -> Seat:
    """The learner on the register, marked present on the first day unless told otherwise."""
    seat = Seat(session_id=session.id, user_id=learner.id, status=SeatStatus.ENROLLED,
                email=learner.email, full_name=learner.full_name, country=learner.country,
                sector=learner.sector)  # fmt: skip
    if present:
        seat.attended.append(Attendance(day_id=session.days[0].id,
                                        marked_by_id=session.created_by_id))  # fmt: skip
    db.session.add(seat)
    db.session.commit()
    return seat


def end(db, session):
    """Move the session's days into the past, as if it had taken place."""
    for day in session.days:
        day.starts_at -= timedelta(days=60)
        day.ends_at -= timedelta(days=60)
    db.session.commit()


def give(client, session, **answers):
    page = f"/sessions/{session.id}/feedback"
    token = csrf_token(client, page)
    return client.post(page, data={**ANSWERS, **answers, "csrf_token": token})


def answers_for(db, session) -> int:
    return db.session.scalar(select(func.count()).where(Feedback.session_id == session.id))


def store(db, session, *rows):
    """Answers given directly: (relevance, before, after, comment) each."""
    db.session.add_all(
        Feedback(session_id=session.id, relevance=r, confidence_before=b, confidence_after=a,
                 comment=c)
        for r, b, a, c in rows
    )  # fmt: skip
    db.session.commit()


def test_feedback_is_refused_before_the_end_without_attendance_and_a_second_time(
    client, db, make_session, make_learner
):
    session = make_session()
    came, absent, stranger = (make_learner(full_name=n) for n in ("Ana", "Budi", "Chai"))
    seat_for(db, session, came)
    seat_for(db, session, absent, present=False)
    sign_in(client, came)
    page = client.get(f"/sessions/{session.id}/feedback")
    assert page.status_code == 403
    assert "once the session&#39;s last day has ended" in page.get_data(as_text=True)
    assert "Give feedback" not in client.get(f"/sessions/{session.id}").get_data(as_text=True)

    end(db, session)
    assert "Give feedback" in client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert give(client, session).status_code == 302
    assert give(client, session).status_code == 403  # the form, sent twice
    assert answers_for(db, session) == 1
    assert client.get(f"/sessions/{session.id}/feedback").status_code == 403
    assert "Give feedback" not in client.get(f"/sessions/{session.id}").get_data(as_text=True)
    sign_out(client)

    sign_in(client, absent)
    page = client.get(f"/sessions/{session.id}/feedback")
    assert page.status_code == 403
    assert "participants who attended" in page.get_data(as_text=True)
    sign_out(client)
    sign_in(client, stranger)
    assert client.get(f"/sessions/{session.id}/feedback").status_code == 404
    assert answers_for(db, session) == 1


def test_answers_are_stored_without_the_person_and_the_seat_keeps_only_a_flag(
    client, db, make_session, make_learner
):
    session = make_session()
    learner = make_learner()
    seat = seat_for(db, session, learner)
    end(db, session)
    sign_in(client, learner)
    assert give(client, session, relevance="").status_code == 422  # nothing saved on error
    assert answers_for(db, session) == 0
    response = give(client, session)
    assert response.status_code == 302
    assert "Thank you for your feedback." in client.get(response.location).get_data(as_text=True)
    columns = {c.name for c in inspect(Feedback).columns}
    assert columns == {"id", "session_id", "relevance", "confidence_before",
                       "confidence_after", "comment"}  # fmt: skip
    assert {fk.column.table.name for fk in Feedback.__table__.foreign_keys} == {"training_sessions"}
    stored = db.session.scalars(select(Feedback)).one()
    assert (stored.relevance, stored.confidence_before, stored.confidence_after,
            stored.comment) == (4, 2, 5, "More case studies, please.")  # fmt: skip
    db.session.refresh(seat)
    assert seat.feedback_given is True


def test_the_questions_are_in_the_learners_language(client, db, make_session, make_learner):
    session = make_session()
    learner = make_learner(locale="th")
    seat_for(db, session, learner)
    end(db, session)
    sign_in(client, learner)
    response = client.get(f"/sessions/{session.id}/feedback")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="th">' in page
    assert "ส่งคำตอบ" in page  # "Submit answers"
    assert page.count("<fieldset") == 3 and page.count("<legend>") == 3


def test_a_sessions_report_hides_feedback_below_the_threshold(
    client, db, make_session, thai_trainer, threshold
):
    session = make_session()
    store(db, session, (5, 1, 4, "Useful"), (4, 2, 4, ""))
    small = feedback.summary([session.id])
    assert not small.shown and small.relevance is None and small.comments == ()
    sign_in(client, thai_trainer)
    page = client.get(f"/trainer/sessions/{session.id}/report").get_data(as_text=True)
    assert "Fewer than 3 responses" in page and "Useful" not in page

    store(db, session, (3, 3, 5, "Too short"))
    shown = feedback.summary([session.id])
    assert shown.count == 3
    assert shown.relevance == pytest.approx(4.0)  # (5 + 4 + 3) / 3
    assert shown.confidence_before == pytest.approx(2.0)  # (1 + 2 + 3) / 3
    assert shown.confidence_after == pytest.approx(13 / 3)  # (4 + 4 + 5) / 3
    assert shown.comments == ("Too short", "Useful")
    page = client.get(f"/trainer/sessions/{session.id}/report").get_data(as_text=True)
    assert "Fewer than" not in page
    assert "Useful" in page and "Too short" in page and "4.3" in page


def test_feedback_per_country_counts_only_sessions_large_enough_and_is_scoped(
    client, db, make_session, make_user, threshold
):
    bangkok, chiang_mai = make_session(), make_session(title="Chiang Mai")
    hanoi = make_session(country="VN", title="Hanoi")
    store(db, bangkok, (5, 2, 4, ""), (3, 1, 3, ""), (4, 3, 5, ""), (4, 2, 4, ""))
    store(db, chiang_mai, (1, 1, 1, "Alone"))  # too few: Bangkok's figures minus Thailand's
    store(db, hanoi, (2, 2, 3, ""), (4, 3, 4, ""), (3, 1, 5, ""))
    rows = dict(feedback.by_country(()))
    assert list(rows) == ["TH", "VN"]
    thailand, vietnam = rows["TH"], rows["VN"]
    assert thailand.count == 4
    assert thailand.relevance == pytest.approx(4.0)  # (5 + 3 + 4 + 4) / 4
    assert thailand.confidence_before == pytest.approx(2.0)  # (2 + 1 + 3 + 2) / 4
    assert thailand.confidence_after == pytest.approx(4.0)  # (4 + 3 + 5 + 4) / 4
    assert vietnam.count == 3 and vietnam.confidence_after == pytest.approx(4.0)
    assert [c for c, _ in feedback.by_country(("VN",))] == ["VN"]

    store(db, hanoi, (1, 1, 1, ""))
    sign_in(client, trainer(make_user, "VN", role=Role.ADMIN, country="VN"))
    page = client.get("/admin/feedback").get_data(as_text=True)
    assert "Viet" in page and "Thailand" not in page
    assert "<td>4</td><td>2.5</td><td>1.8</td><td>3.2</td>" in page  # 10/4, 7/4, 13/4
    assert 'href="/admin/feedback"' in page


def test_a_country_with_only_small_sessions_shows_nothing(
    client, db, make_session, make_user, threshold
):
    store(db, make_session(), (5, 5, 5, ""), (4, 4, 4, ""))
    assert feedback.by_country(("TH",)) == []
    sign_in(client, trainer(make_user, role=Role.ADMIN, country="TH"))
    page = client.get("/admin/feedback").get_data(as_text=True)
    assert "No feedback to show yet." in page
