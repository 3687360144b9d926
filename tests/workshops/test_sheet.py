"""The attendance sheet import: a dry run that saves nothing, then the sheet checked saved,
through the real pages. Problems are reported by line and a sheet with any saves nothing."""

import html
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.models import Attendance, Seat, SeatStatus
from lms.models._types import utcnow
from tests.conftest import csrf_token, sign_in
from tests.trainer.steps import trainer


def import_page(session, day=0) -> str:
    return f"/trainer/sessions/{session.id}/days/{session.days[day].id}/import"


def check(client, url, sheet: str | bytes):
    """Upload a sheet and press "Check the sheet"."""
    data = sheet.encode() if isinstance(sheet, str) else sheet
    form = {"csrf_token": csrf_token(client, url), "sheet": (io.BytesIO(data), "sheet.csv")}
    return client.post(url, data=form, content_type="multipart/form-data")


def confirm(client, url, dry_run):
    """Press "Save attendance" on a dry run's page."""
    page = dry_run.get_data(as_text=True)
    found = re.search(r'name="confirm-checked" type="hidden" value="([^"]*)"', page)
    assert found, "no Save button on the dry run"
    token = re.search(r'name="confirm-csrf_token" type="hidden" value="([^"]+)"', page)
    form = {"confirm-csrf_token": token.group(1), "confirm-checked": html.unescape(found[1])}
    return client.post(url, data=form, content_type="multipart/form-data")


def problems(response) -> dict[int | str, str]:
    """The problems table of a dry run: line (or "The file") to message."""
    page = response.get_data(as_text=True)
    table = re.search(r'<table id="problems">.*?</table>', page, re.S)
    assert table, "no problems reported"
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]*)</td></tr>', table[0])
    return {int(line) if line.isdecimal() else line: html.unescape(text) for line, text in rows}


def present(db, session, day=0) -> set[str]:
    """Who is marked present on a day, read after the request."""
    query = select(Seat.full_name).join(Attendance, Attendance.seat_id == Seat.id)
    return set(db.session.scalars(query.where(Attendance.day_id == session.days[day].id)))


def seats(db, session) -> dict[str, Seat]:
    return {
        s.full_name: s for s in db.session.scalars(select(Seat).filter_by(session_id=session.id))
    }


def seat(db, session, user=None, **fields) -> Seat:
    """A person on the register: an account holder's seat, or a participant without one."""
    profile = {"email": user.email, "full_name": user.full_name, "user_id": user.id} if user else {}
    row = Seat(session_id=session.id, status=fields.pop("status", SeatStatus.ENROLLED),
               country="TH", sector="health", **{**profile, **fields})  # fmt: skip
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def register(db, make_session, make_learner):
    """A session whose register has a learner (by email), a participant without an account
    (by name and organisation) and someone waiting; and an account holder without a seat."""
    session = make_session(seats=2, start=utcnow() - timedelta(days=3))  # held: days begun
    seat(db, session, make_learner(email="ana@example.org", full_name="Ana Santos"))
    seat(db, session, full_name="Mali Srisuk", organisation="DSDW Bangkok")
    seat(db, session, make_learner(email="chai@example.org", full_name="Chai Wong"),
         status=SeatStatus.WAITING)  # fmt: skip
    make_learner(email="budi@example.org", full_name="Budi Hartono", gender="man")
    return session


GOOD_SHEET = (
    "\ufeffEmail;Full name;Organisation;Sex;Country;Sector;Signature\r\n"
    "ANA@example.org;;;;;;x\r\n"
    ";  mali   SRISUK ; dsdw bangkok;;;;x\r\n"
    "budi@example.org;;Ministry of Labour;;;;x\r\n"
    "chai@example.org;;;;;;\r\n"
    ";Kanya Dee;Police Region 1;female;th;Law enforcement;x\r\n"
)


def test_a_clean_dry_run_saves_nothing_then_saving_records_the_day(
    client, db, register, thai_trainer
):
    url = import_page(register)
    sign_in(client, thai_trainer)
    dry_run = check(client, url, GOOD_SHEET)
    assert dry_run.status_code == 200
    page = dry_run.get_data(as_text=True)
    for shown in ("Ana Santos", "Mali Srisuk", "Budi Hartono", "Kanya Dee", "Woman",
                  "Law enforcement", "Has an account: gets a seat on the register.",
                  "On the waiting list: gets a seat.", "Columns not read: Signature."):  # fmt: skip
        assert shown in page
    assert present(db, register) == set()
    assert set(seats(db, register)) == {"Ana Santos", "Mali Srisuk", "Chai Wong"}

    saved = confirm(client, url, dry_run)
    assert saved.status_code == 302
    assert "Attendance saved: 4 matched, 1 new." in client.get(saved.location).get_data(
        as_text=True
    )
    everyone = {"Ana Santos", "Mali Srisuk", "Budi Hartono", "Chai Wong", "Kanya Dee"}
    assert present(db, register) == everyone
    assert present(db, register, day=1) == set()
    recorded = seats(db, register)
    assert {name: s.status for name, s in recorded.items()} == dict.fromkeys(everyone, "enrolled")
    budi, kanya = recorded["Budi Hartono"], recorded["Kanya Dee"]
    assert (budi.user.email, budi.email, budi.gender, budi.organisation) == (
        "budi@example.org", "budi@example.org", "man", "Ministry of Labour")  # fmt: skip
    assert kanya.user_id is None and kanya.email is None
    assert (kanya.organisation, kanya.gender, kanya.country, kanya.sector,
            kanya.organisation_type) == ("Police Region 1", "woman", "TH", "law_enforcement",
                                         "other")  # fmt: skip


def test_the_same_sheet_again_finds_everyone_and_creates_no_one_twice(
    client, db, register, thai_trainer
):
    sign_in(client, thai_trainer)
    for day in (0, 1):
        url = import_page(register, day)
        assert confirm(client, url, check(client, url, GOOD_SHEET)).status_code == 302
    again = check(client, import_page(register, 1), GOOD_SHEET)
    assert "Nothing is saved yet: 5 found, 0 new." in again.get_data(as_text=True)
    assert "Found by name and organisation." in again.get_data(as_text=True)
    assert len(seats(db, register)) == 5
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == 10
    assert all(s.completed_at for s in seats(db, register).values())


def test_bad_rows_are_reported_by_line_and_nothing_is_saved(client, db, register, thai_trainer):
    url = import_page(register)
    sheet = (
        "email,name,organisation,sex,sector\n"
        "ana@example.org,,,,\n"  # 2: fine
        ",Kanya Dee,Police,female,Policing\n"  # 3
        ",,Police,,\n"  # 4
        "ana@example.org,,,,\n"  # 5
        ",Somsak,Police,,\n"  # 6
        ',"Lee, Jr",Police,x,health\n'  # 7
        "not-an-email,,,,\n"  # 8
        ",Dara,Shelter,female,health,extra\n"  # 9
        ",Mali Srisuk,DSDW Bangkok,,\n"  # 10: fine
    )
    sign_in(client, thai_trainer)
    dry_run = check(client, url, sheet)
    assert dry_run.status_code == 422
    found = problems(dry_run)
    assert set(found) == {3, 4, 5, 6, 7, 8, 9}
    assert "“Policing” is not in the list" in found[3]
    assert "Give an email or a name." in found[4]
    assert "The same person as on line 2." in found[5]
    assert "give their name, organisation and sector" in found[6]
    assert "The sex “x” is not in the list" in found[7]
    assert "is not an email address" in found[8]
    assert "more values than the header row" in found[9]
    assert 'name="confirm-checked"' not in dry_run.get_data(as_text=True)

    forced = client.post(
        url, data={"confirm-checked": sheet, "csrf_token": csrf_token(client, url)}
    )
    assert forced.status_code == 422
    assert set(problems(forced)) == set(found)
    assert present(db, register) == set()
    assert set(seats(db, register)) == {"Ana Santos", "Mali Srisuk", "Chai Wong"}


def test_a_pasted_sheet_is_checked_and_shown_again_to_be_corrected(
    client, db, register, thai_trainer
):
    url = import_page(register)
    sign_in(client, thai_trainer)
    pasted = "name,organisation,sector\nMali Srisuk,DSDW Bangkok,\nSomsak,Police,\n"
    form = {"csrf_token": csrf_token(client, url), "pasted": pasted}
    dry_run = client.post(url, data=form)
    assert dry_run.status_code == 422
    assert list(problems(dry_run)) == [3]
    assert "Somsak,Police," in dry_run.get_data(as_text=True)  # in the box, to correct
    form["pasted"] = pasted.replace("Police,", "Police,health")
    dry_run = client.post(url, data=form)
    assert dry_run.status_code == 200
    assert confirm(client, url, dry_run).status_code == 302
    assert present(db, register) == {"Mali Srisuk", "Somsak"}


def test_a_register_changed_after_the_dry_run_is_checked_again_before_saving(
    client, db, register, thai_trainer
):
    url = import_page(register)
    sign_in(client, thai_trainer)
    dry_run = check(client, url, "name,organisation,sector\nSomsak,Police,health\n")
    seat(db, register, full_name="Somsak", organisation="Police")
    seat(db, register, full_name="SOMSAK", organisation="police")
    response = confirm(client, url, dry_run)
    assert response.status_code == 422
    assert "Several people on the register have this name" in problems(response)[2]
    assert present(db, register) == set()


def test_a_name_on_the_register_under_another_email_is_a_problem(
    client, db, register, thai_trainer
):
    seat(db, register, full_name="Dara Kim", organisation="Shelter", email="dara@example.org")
    sign_in(client, thai_trainer)
    sheet = "email,name,organisation\ndara.kim@example.org,Dara Kim,Shelter\n"
    response = check(client, import_page(register), sheet)
    assert response.status_code == 422
    assert "with another email, dara@example.org" in problems(response)[2]


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("name;organisation\nJosé;Policía\n".encode("cp1252"), "The file is not UTF-8 text."),
        (b"name,sector\nSomsak,health\n", "The sheet needs an \u201cemail\u201d column"),
        (b"", "The sheet is empty."),
        (b"email\n", "The sheet has a header row but no one on it."),
        (b"email\n" + b"someone@example.org\n" * 2001, "more than 2000 people"),
        (b"email\n" + b"x" * 300_000, "The sheet is larger than 256 KB"),
        (b'name,organisation\n"Somsak,Police\n', "cannot be read as CSV"),
        (b"PK\x03\x04\x00\x00binary", "The file is not a CSV sheet."),
    ],
)
def test_a_sheet_that_cannot_be_read_is_explained_not_a_server_error(
    client, db, register, thai_trainer, sheet, message
):
    sign_in(client, thai_trainer)
    response = check(client, import_page(register), sheet)
    assert response.status_code == 422
    assert message in html.unescape(response.get_data(as_text=True))
    assert present(db, register) == set()


def test_nothing_chosen_or_a_file_over_the_upload_limit_is_refused_plainly(
    client, db, register, thai_trainer
):
    url = import_page(register)
    sign_in(client, thai_trainer)
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 422
    assert "Choose a CSV file or paste the sheet." in response.get_data(as_text=True)
    assert check(client, url, b"email\n" + b"x" * 1_100_000).status_code == 413


def test_a_trainer_of_another_country_may_not_import(client, db, register, make_user):
    url = import_page(register)
    sign_in(client, trainer(make_user, "VN"))
    assert client.get(url).status_code == 403
    form = {"csrf_token": csrf_token(client, "/dashboard"), "confirm-checked": GOOD_SHEET}
    assert client.post(url, data=form).status_code == 403
    assert present(db, register) == set()


def test_the_days_attendance_page_links_to_the_import(client, register, thai_trainer):
    sign_in(client, thai_trainer)
    day = f"/trainer/sessions/{register.id}/days/{register.days[0].id}"
    assert f'href="{day}/import"' in client.get(day).get_data(as_text=True)
