"""A participant's own data and its erasure; each country sees its own sessions only."""

import json

from sqlalchemy import select

from lms.admin.reports import Filters, donor_report
from lms.models import Role, Seat
from tests.conftest import PASSWORD, csrf_token, sign_in
from tests.trainer.steps import post, sign_out, trainer
from tests.workshops.test_donor_report import HELD, seat


def test_a_participant_downloads_and_erases_their_session_record(
    client, db, make_session, make_learner
):
    session = make_session(start=HELD)
    person = make_learner(full_name="Ana Seat", gender="woman")
    seat(db, session, user=person, organisation="Shelter A")
    before = donor_report(Filters()).total.counts
    sign_in(client, person)
    data = json.loads(client.get("/profile/data.json").get_data(as_text=True))
    [record] = data["training_sessions"]
    assert record["session"] == "Workshop on referral" and len(record["days_attended"]) == 2
    assert record["recorded_as"]["full_name"] == "Ana Seat"
    url = "/profile/delete"
    client.post(url, data={"csrf_token": csrf_token(client, url), "password": PASSWORD})
    kept = db.session.scalar(select(Seat))
    assert "Ana Seat" not in kept.full_name and kept.email is None
    assert donor_report(Filters()).total.counts == before  # still counted, once


def test_sessions_and_their_figures_stay_within_their_country(
    client, db, make_session, make_learner, make_user
):
    thai, vietnamese = make_session(start=HELD), make_session(country="VN", start=HELD)
    seat(db, thai, full_name="Chai", email="chai@example.org", gender="woman")
    seat(db, vietnamese, full_name="Giang", gender="man")
    sign_in(client, make_learner())
    assert client.get(f"/sessions/{vietnamese.id}").status_code == 404
    sign_out(client)
    admin = trainer(make_user, "VN", role=Role.ADMIN, country="VN")
    sign_in(client, admin)
    page = client.get("/admin/donors").get_data(as_text=True)
    assert "Thailand" not in page.split("<main")[1]
    assert donor_report(Filters(countries=("VN",))).total.counts["men"] == 1
    assert client.get(f"/trainer/sessions/{thai.id}/report").status_code == 403
    listed = client.get("/trainer/sessions").get_data(as_text=True)
    assert f"/trainer/sessions/{vietnamese.id}" in listed
    assert f"/trainer/sessions/{thai.id}" not in listed
    refused = post(client, f"/trainer/sessions/{thai.id}/participants",
                   f"/trainer/sessions/{vietnamese.id}", **{"person-full_name": "X"})  # fmt: skip
    assert refused.status_code == 403
