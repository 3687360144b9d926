"""Running a session: created through the form in the venue's zone, the register kept per
day, the certificate the course's attendance rule issues, and who may do what."""

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from sqlalchemy import select

from lms.models import Attendance, AuditEntry, Certificate, Course, Role, Seat, TrainingSession
from lms.models._types import utcnow
from lms.store import outline
from tests.conftest import csrf_token, pass_quiz, sign_in
from tests.trainer.steps import post, sign_out, trainer
from tests.workshops.test_donor_report import HELD, seat


def session_form(db, **overrides):
    advanced = db.session.scalar(select(Course.id).filter_by(slug="advanced"))
    return {"title": "Referral workshop", "course": str(advanced), "country": "TH",
            "locale": "th", "timezone": "Asia/Bangkok", "seats": "20",
            "days": "2027-01-11 09:00-17:00\n2027-01-12 09:00-16:00",
            "enrol_by": "2027-01-04 17:00", "venue": "Bangkok, Ministry hall",
            "meeting_url": "", "facilitators": "", **overrides}  # fmt: skip


def test_a_trainer_creates_a_session_with_times_in_the_venue_zone(client, db, thai_trainer):
    sign_in(client, thai_trainer)
    response = post(client, "/trainer/sessions/new", "/trainer/sessions/new", **session_form(db))
    assert response.status_code == 302, response.get_data(as_text=True)
    created = db.session.scalar(select(TrainingSession))
    assert [d.starts_at.isoformat() for d in created.days] == [
        "2027-01-11T02:00:00+00:00",
        "2027-01-12T02:00:00+00:00",
    ]  # 09:00 in Bangkok, UTC+7
    assert created.enrol_by.isoformat() == "2027-01-04T10:00:00+00:00"
    page = client.get(response.location).get_data(as_text=True)
    assert "11 Jan 2027, 09:00" in page and "Thailand Time" in page


def test_bad_session_input_is_explained_and_nothing_is_saved(client, db, thai_trainer):
    sign_in(client, thai_trainer)
    form = session_form(db, days="2027-01-11 17:00-09:00", enrol_by="soon", country="VN")
    response = post(client, "/trainer/sessions/new", "/trainer/sessions/new", **form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 1: write a day as 2026-12-01 09:00-17:00." in page
    assert "Not a valid choice" in page  # Viet Nam is not in this trainer's scope
    assert db.session.scalar(select(TrainingSession)) is None
    late = session_form(db, enrol_by="2027-01-11 10:00")
    response = post(client, "/trainer/sessions/new", "/trainer/sessions/new", **late)
    assert response.status_code == 422
    assert "The enrolment deadline must be before the first day." in response.get_data(as_text=True)
    assert db.session.scalar(select(TrainingSession)) is None


def enrol_as(client, learner, session) -> None:
    """The learner signs in, enrols through the session page, and signs out."""
    sign_in(client, learner)
    post(client, f"/sessions/{session.id}/enrol", f"/sessions/{session.id}")
    sign_out(client)


def advanced_certificates(db, user) -> list[Certificate]:
    query = select(Certificate).join(Course).where(Course.slug == "advanced")
    return list(db.session.scalars(query.where(Certificate.user_id == user.id)))


def test_marking_the_required_days_issues_the_certificate_once(
    client, db, make_session, make_learner, make_user
):
    """Brunei's programme (in the fixture course file) requires 2 session days instead of the
    online part; a Thai learner's course is unchanged."""
    session = make_session(country="BN", days=3, start=utcnow() - timedelta(days=3))
    learner = make_learner(country="BN", full_name="Hajah Siti")
    facilitator = trainer(make_user, "BN", full_name="Facilitator")
    session.facilitators.append(facilitator)
    db.session.commit()
    enrol_as(client, learner, session)
    sign_in(client, facilitator)
    seat = db.session.scalar(select(Seat))
    day_one, day_two, _day_three = session.days
    url = f"/trainer/sessions/{session.id}/days/{{}}"
    post(client, url.format(day_one.id), url.format(day_one.id), present=str(seat.id))
    assert advanced_certificates(db, learner) == []
    response = post(client, url.format(day_two.id), url.format(day_two.id), present=str(seat.id))
    assert "Certificates issued: 1." in client.get(response.location).get_data(as_text=True)
    [certificate] = advanced_certificates(db, learner)
    assert certificate.session_id == session.id
    named = "Training session attended: Workshop on referral, "
    assert named in client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    sign_out(client)
    sign_in(client, learner)
    assert named in client.get("/learn/advanced/certificate").get_data(as_text=True)
    pdf = PdfReader(io.BytesIO(client.get("/learn/advanced/certificate.pdf").data))
    assert named in " ".join(pdf.pages[0].extract_text().split())
    sign_out(client)
    sign_in(client, facilitator)
    post(client, url.format(day_two.id), url.format(day_two.id), present=str(seat.id))
    assert len(advanced_certificates(db, learner)) == 1
    assert db.session.scalar(select(Attendance).filter_by(day_id=day_two.id)) is not None


def test_only_trainers_of_the_country_and_facilitators_reach_a_session(
    client, db, make_session, make_user
):
    session = make_session()
    outsider = trainer(make_user, "VN", full_name="Vietnamese trainer")
    sign_in(client, outsider)
    for url in (f"/trainer/sessions/{session.id}", f"/trainer/sessions/{session.id}/report",
                f"/trainer/sessions/{session.id}/days/{session.days[0].id}"):  # fmt: skip
        assert client.get(url).status_code == 403
    session.facilitators.append(outsider)
    db.session.commit()
    assert client.get(f"/trainer/sessions/{session.id}/report").status_code == 200
    assert client.get(f"/trainer/sessions/{session.id}").status_code == 200
    response = post(
        client,
        f"/trainer/sessions/{session.id}/invite",
        f"/trainer/sessions/{session.id}",
        **{"invite-email": "a@example.org"},
    )
    assert response.status_code == 403  # facilitators keep the register; the country invites
    assert "Training sessions" in client.get("/trainer/sessions").get_data(as_text=True)


def test_enrolment_closes_at_the_deadline(client, db, make_session, make_learner):
    session = make_session(enrol_by=utcnow() + timedelta(seconds=1))
    session.enrol_by = utcnow() - timedelta(seconds=1)
    db.session.commit()
    sign_in(client, make_learner())
    assert "Enrolment for this session has closed." in client.get(
        f"/sessions/{session.id}"
    ).get_data(as_text=True)
    assert (
        post(client, f"/sessions/{session.id}/enrol", f"/sessions/{session.id}").status_code == 303
    )
    assert db.session.scalar(select(Seat)) is None


def test_a_rule_in_addition_to_the_online_part_waits_for_both(
    client, db, make_session, make_learner, thai_trainer
):
    """A national programme for Thailand switches on 1 session day in addition to the online
    lessons: the online part alone no longer completes the course; attendance then does."""
    course = db.session.scalar(select(Course).filter_by(slug="advanced"))
    course.attendance = {"days": 1, "replaces_online": False, "countries": ["TH"]}
    outline.bump()
    db.session.commit()
    session = make_session(days=1, start=utcnow() - timedelta(hours=1))
    learner = make_learner(full_name="Malee")
    sign_in(client, learner)
    post(client, f"/sessions/{session.id}/enrol", f"/sessions/{session.id}")
    for lesson in ("practice/screening", "practice/referral"):
        page = f"/learn/advanced/{lesson}"
        assert post(client, f"{page}/complete", page).status_code == 302
    pass_quiz(client, db, "advanced", "practice")
    pass_quiz(client, db, "advanced", "final")
    assert advanced_certificates(db, learner) == []
    sign_out(client)
    sign_in(client, thai_trainer)
    day = f"/trainer/sessions/{session.id}/days/{session.days[0].id}"
    post(client, day, day, present=str(db.session.scalar(select(Seat.id))))
    [certificate] = advanced_certificates(db, learner)
    assert certificate.session_id == session.id


def test_the_session_report_downloads_without_names_and_hides_small_counts_from_countries(
    client, db, make_session, make_user, thai_trainer
):
    session = make_session(start=HELD)
    for n in range(6):
        seat(db, session, full_name=f"Woman {n}", email=f"w{n}@example.org", gender="woman")
    seat(db, session, full_name="Only man", email="m@example.org", gender="man", done=False)

    def download(reader):
        sign_in(client, reader)
        page = f"/trainer/sessions/{session.id}/report"
        data = {"csrf_token": csrf_token(client, page), "format": "csv"}
        response = client.post(f"{page}/export", data=data)
        sign_out(client)
        text = response.get_data(as_text=True).lstrip("\ufeff")
        assert "Woman 0" not in text and "Only man" not in text
        return list(csv.reader(io.StringIO(text)))

    rows = download(thai_trainer)
    assert rows[1] == ["Attended", "6", "<5", "0", "0", "7"]
    assert rows[2] == ["Completed", "6", "0", "0", "0", "6"]
    regional = trainer(make_user, role=Role.ADMIN, country="XX")
    assert download(regional)[1] == ["Attended", "6", "1", "0", "0", "7"]
    logged = db.session.scalars(select(AuditEntry).filter_by(action="export")).all()
    assert [entry.details["what"] for entry in logged] == ["session report"] * 2


def test_attendance_waits_for_the_day_to_begin(client, db, make_session, make_learner,
                                               thai_trainer):  # fmt: skip
    """Marking a day still to come would issue certificates for training not yet given."""
    session = make_session()  # next month
    enrol_as(client, make_learner(), session)
    sign_in(client, thai_trainer)
    day = f"/trainer/sessions/{session.id}/days/{session.days[0].id}"
    page = client.get(day).get_data(as_text=True)
    assert "This day has not begun yet" in page and 'name="present"' not in page
    token = csrf_token(client, f"/trainer/sessions/{session.id}")
    seat_id = db.session.scalar(select(Seat.id))
    response = client.post(day, data={"csrf_token": token, "present": str(seat_id)})
    assert response.status_code == 409
    assert db.session.scalar(select(Attendance)) is None


def test_a_trainer_edits_the_details_and_more_seats_go_to_the_people_waiting(
    client, db, make_session, make_learner, make_user, thai_trainer
):
    session = make_session(seats=1)
    for name in ("Ana", "Budi", "Chai"):
        enrol_as(client, make_learner(full_name=name), session)
    sign_in(client, thai_trainer)
    url = f"/trainer/sessions/{session.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'value="Workshop on referral"' in form and 'name="days"' not in form
    fields = {"title": "Referral workshop (room 2)", "seats": "2", "venue": "Bangkok, room 2",
              "meeting_url": "", "facilitators": "",
              "enrol_by": session.enrol_by.astimezone(ZoneInfo("Asia/Bangkok")).strftime(
                  "%Y-%m-%d %H:%M")}  # fmt: skip
    too_few = post(client, url, url, **{**fields, "seats": "0"})
    assert too_few.status_code == 422
    assert post(client, url, url, **fields).status_code == 302
    db.session.expire_all()
    assert (session.title, session.seats, session.venue) == (
        "Referral workshop (room 2)", 2, "Bangkok, room 2")  # fmt: skip
    statuses = dict(db.session.execute(select(Seat.full_name, Seat.status)).all())
    assert statuses == {"Ana": "enrolled", "Budi": "enrolled", "Chai": "waiting"}
    fewer = post(client, url, url, **{**fields, "seats": "1"})
    assert "2 people are enrolled: keep at least that many seats." in fewer.get_data(as_text=True)
    facilitator = trainer(make_user, "VN", full_name="Visiting facilitator")
    session.facilitators.append(facilitator)
    db.session.commit()
    sign_out(client)
    sign_in(client, facilitator)
    assert client.get(url).status_code == 403
    assert "Invite a learner" not in client.get(f"/trainer/sessions/{session.id}").get_data(
        as_text=True
    )
