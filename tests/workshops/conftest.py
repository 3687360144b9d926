"""Sessions, certified learners and trainers, made directly or through the real forms."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from lms.certificates.services import new_code
from lms.models import Certificate, Course, Role, SessionDay, TrainingSession
from lms.models._types import utcnow
from tests.trainer.steps import trainer


@pytest.fixture
def thai_trainer(content, make_user):
    return trainer(make_user, "TH", full_name="Somchai Trainer", country="TH")


@pytest.fixture
def certify_intro(db):
    """Give a learner a valid introductory certificate (as if they had completed it)."""

    def certify(user):
        course_id = db.session.scalar(select(Course.id).filter_by(slug="introductory"))
        db.session.add(Certificate(
            code=new_code(), user_id=user.id, course_id=course_id, full_name=user.full_name,
            locale=user.locale, country=user.country, sector=user.sector,
            organisation_type=user.organisation_type, gender=user.gender,
            course_version="fixed", issued_at=datetime(2025, 3, 1, tzinfo=UTC),
        ))  # fmt: skip
        db.session.commit()
        return user

    return certify


@pytest.fixture
def make_session(db, content, thai_trainer):
    """Factory: a saved session of the advanced course, by default in Thailand, with two
    days next month and enrolment open for a week."""

    def make(seats=10, country="TH", days=2, course="advanced", enrol_by=None, start=None,
             **fields):  # fmt: skip
        course_id = db.session.scalar(select(Course.id).filter_by(slug=course))
        soon = utcnow().replace(hour=2, minute=0, second=0, microsecond=0) + timedelta(days=30)
        start = start or soon
        session = TrainingSession(
            course_id=course_id, title=fields.pop("title", "Workshop on referral"),
            country=country, locale="en", timezone="Asia/Bangkok", venue="Bangkok",
            seats=seats, enrol_by=enrol_by or utcnow() + timedelta(days=7),
            created_by_id=thai_trainer.id,
            days=[SessionDay(starts_at=start + timedelta(days=n),
                             ends_at=start + timedelta(days=n, hours=8)) for n in range(days)],
            **fields,
        )  # fmt: skip
        db.session.add(session)
        db.session.commit()
        return session

    return make


@pytest.fixture
def make_learner(make_user, certify_intro):
    """Factory: a learner, certified for the introductory course unless told otherwise."""

    def make(certified=True, **profile):
        user = make_user(role=Role.LEARNER, **profile)
        return certify_intro(user) if certified else user

    return make
