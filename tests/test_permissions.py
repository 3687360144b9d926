"""Access rules from the one table in lms.permissions: every route walked for every role, and
the object rules for every role and scope."""

import pytest
from flask import url_for
from sqlalchemy import select

from lms import permissions
from lms.certificates.services import issue
from lms.content.variants import Variant
from lms.models import Course, Lesson, LessonVersion, Role
from lms.permissions import Action, may
from tests.conftest import csrf_token
from tests.trainer.steps import sign_out, trainer

ROLES = {
    "learner": (Role.LEARNER, ()),
    "trainer TH": (Role.TRAINER, ("TH",)),
    "national administrator TH": (Role.ADMIN, ("TH",)),
    "regional administrator": (Role.ADMIN, ()),
}


def every_route(app, values: dict):
    """(endpoint's blueprint, method, url) for every rule in the URL map."""
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            code = "th-TH" if rule.endpoint.startswith("trainer.") else values["certificate"]
            given = {**values, "code": code}
            url = url_for(rule.endpoint, **{k: given[k] for k in rule.arguments})
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint.partition(".")[0], method, url


@pytest.mark.parametrize("role", ROLES)
def test_every_route_refuses_exactly_the_roles_its_area_excludes(
    app, client, db, content, make_user, login, role
):
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == "second"))
    course = db.session.scalar(select(Course).filter_by(slug="introductory"))
    holder = make_user(country="TH")
    certificate = issue(holder, course)
    db.session.commit()
    values = {"course_slug": "introductory", "module_slug": "basics", "lesson_slug": "second",
              "quiz_slug": "basics", "attempt_id": 1, "lesson_id": lesson.id, "version_id": 1,
              "module_id": lesson.module_id, "certificate": certificate.code,
              "user_id": holder.id, "token": "not-a-token", "kind": "module",
              "owner_id": lesson.module_id, "session_id": 1, "day_id": 1}  # fmt: skip
    kind, countries = ROLES[role]
    user = trainer(make_user, *countries, role=kind)
    login(user)
    token = csrf_token(client, "/dashboard")
    checked = 0
    for area, method, url in every_route(app, values):
        if url in ("/logout", "/profile/delete"):
            continue  # these end the session the walk needs
        response = client.open(url, method=method, data={"csrf_token": token})
        if not permissions.may_enter(user, area):
            assert response.status_code == 403, (role, method, url)
        elif area in permissions.AREAS:
            assert response.status_code != 403, (role, method, url)
        checked += 1
    assert checked >= 30
    sign_out(client)


def version_of(country: str, author_id: int | None):
    return LessonVersion(locale="th", country=country, author_id=author_id)


CASES = [
    # (role and scope, action, target, expected)
    ("learner", Action.EDIT_VARIANT, Variant("th", "TH"), False),
    ("trainer TH", Action.EDIT_VARIANT, Variant("th", "TH"), True),
    ("trainer TH", Action.EDIT_VARIANT, Variant("vi", "VN"), False),
    ("trainer TH", Action.EDIT_VARIANT, Variant("th"), False),  # regional: administrators only
    ("national administrator TH", Action.EDIT_VARIANT, Variant("th", "TH"), True),
    ("national administrator TH", Action.EDIT_VARIANT, Variant("th"), False),
    ("regional administrator", Action.EDIT_VARIANT, Variant("th"), True),
    ("trainer TH", Action.REVIEW_VERSION, "another author's", True),
    ("trainer TH", Action.REVIEW_VERSION, "own", False),
    ("learner", Action.REVOKE_CERTIFICATE, "TH", False),
    ("trainer TH", Action.REVOKE_CERTIFICATE, "TH", False),
    ("national administrator TH", Action.REVOKE_CERTIFICATE, "TH", True),
    ("national administrator TH", Action.REVOKE_CERTIFICATE, "VN", False),
    ("regional administrator", Action.REVOKE_CERTIFICATE, "VN", True),
]


@pytest.mark.parametrize(("role", "action", "target", "expected"), CASES)
def test_object_rules_follow_role_and_scope(db, make_user, role, action, target, expected):
    kind, countries = ROLES[role]
    user = trainer(make_user, *countries, role=kind)
    if action == Action.REVIEW_VERSION:
        target = version_of("TH", user.id if target == "own" else user.id + 1000)
    elif action == Action.REVOKE_CERTIFICATE:
        target = type("Certificate", (), {"country": target})()
    assert may(user, action, target) is expected
