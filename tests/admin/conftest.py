"""Administrators, and certificates made directly for a fixed, hand-counted data set."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from lms.certificates.services import new_code
from lms.models import Certificate, Course, Role
from tests.trainer.steps import trainer


@pytest.fixture
def regional_admin(make_user):
    return trainer(make_user, role=Role.ADMIN, full_name="Regional Admin", country="XX")


@pytest.fixture
def thai_admin(make_user):
    return trainer(make_user, "TH", role=Role.ADMIN, full_name="Thai Admin", country="TH")


@pytest.fixture
def certify(db, make_user):
    """Factory: a learner with a certificate issued in `year`, recorded as given."""

    def make(
        country, gender, sector="social_work", year=2025, revoked=False, course="introductory"
    ):
        person = make_user(country=country, gender=gender, sector=sector)
        course_id = db.session.scalar(select(Course.id).filter_by(slug=course))
        issued = datetime(year, 6, 1, tzinfo=UTC)
        certificate = Certificate(
            code=new_code(), user_id=person.id, course_id=course_id, full_name=person.full_name,
            locale="en", country=country, sector=sector, organisation_type="government",
            gender=gender, course_version="fixed", issued_at=issued,
            revoked_at=issued if revoked else None,
        )  # fmt: skip
        db.session.add(certificate)
        db.session.commit()
        return certificate

    return make


@pytest.fixture
def fixed_set(content, certify):
    """TH 2025: women 3, men 1, not stated 2 (one not given, one preferring not to say), plus a
    revoked certificate that must not count; TH 2026: women 1; VN 2025: men 2, another 1."""
    for gender in ["woman", "woman", "woman", "man", None, "undisclosed"]:
        certify("TH", gender, sector="health" if gender == "woman" else "law_enforcement")
    certify("TH", "woman", revoked=True)
    certify("TH", "woman", year=2026, sector="health")
    for gender in ["man", "man", "another"]:
        certify("VN", gender, sector="labour_inspection")
