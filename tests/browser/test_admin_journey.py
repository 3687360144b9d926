"""An administrator reads the donor report for one country and downloads it, in Chromium."""

import csv
import io
from datetime import UTC, datetime

from lms.certificates.services import new_code
from lms.extensions import db
from lms.models import Certificate, Course, Role, User
from tests.browser.test_trainer_journey import add_user, sign_in


def certify(app, country: str, gender: str | None, n: int) -> None:
    with app.app_context():
        course = db.session.query(Course).filter_by(slug="introductory").one()
        for i in range(n):
            person = User(email=f"{country}{gender}{i}@example.org", full_name=f"P {i}",
                          country=country, locale="en", sector="health", gender=gender,
                          organisation_type="government", password_hash="x")  # fmt: skip
            db.session.add(person)
            db.session.flush()
            db.session.add(Certificate(code=new_code(), user_id=person.id, course_id=course.id,
                                       full_name=person.full_name, locale="en", country=country,
                                       sector="health", organisation_type="government",
                                       gender=gender, course_version="x",
                                       issued_at=datetime(2026, 3, 1, tzinfo=UTC)))  # fmt: skip
        db.session.commit()


def test_an_administrator_filters_the_donor_report_by_country_and_exports_it(
    live_app, live_server, page
):
    add_user(live_app, "admin@example.org", Role.ADMIN, full_name="Regional Admin")
    certify(live_app, "TH", "woman", 6)
    certify(live_app, "TH", "man", 4)
    certify(live_app, "VN", None, 3)
    sign_in(page, live_server, "admin@example.org")
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Donor report").click()
    page.get_by_label("Country", exact=True).select_option("TH")
    page.get_by_role("button", name="Apply").click()
    table = page.locator("#by-country")
    assert table.get_by_role("row", name="Thailand 2026").is_visible()
    assert table.get_by_text("Viet Nam").count() == 0
    assert table.get_by_role("row", name="Thailand 2026").inner_text().split()[-2:] == ["10", "60%"]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert ["TH", "2026", "6", "4", "0", "0", "10", "60.0"] in rows
    assert not any(row and row[0] == "VN" for row in rows)
