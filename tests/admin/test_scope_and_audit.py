"""A national administrator sees only their country, everywhere; every action is audited."""

import pytest
from flask import url_for
from sqlalchemy import select

from lms.models import AuditEntry, Certificate, Quiz, Role, User
from tests.conftest import csrf_token


def admin_routes(app, values: dict):
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("admin."):
                url = url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    yield method, url


def test_another_countrys_learner_is_not_found_on_any_route(
    app, client, db, fixed_set, thai_admin, login
):
    vietnamese = db.session.scalar(select(Certificate).filter_by(country="VN"))
    values = {"user_id": vietnamese.user_id, "code": vietnamese.code}
    routes = list(admin_routes(app, values))
    assert len(routes) >= 15
    login(thai_admin)
    token = csrf_token(client, "/admin")
    name = db.session.get(User, vietnamese.user_id).full_name
    for method, url in routes:
        data = {"csrf_token": token, "reason": "Testing the scope", "format": "csv",
                "full_name": "Changed", "country": "VN", "extra": "1",
                "role": "trainer"}  # fmt: skip
        response = client.open(url, method=method, data=data)
        body = response.get_data(as_text=True)
        if "<" in url or str(vietnamese.user_id) in url or vietnamese.code in url:
            assert response.status_code in (403, 404), (method, url)
        assert name not in body and "Viet Nam" not in body.split("<main")[-1].split(
            "</form>", 1)[-1], (method, url)  # fmt: skip
    db.session.rollback()
    assert db.session.get(User, vietnamese.user_id).full_name == name
    assert db.session.scalar(select(Certificate).filter_by(code=vietnamese.code)).is_valid


def test_exports_follow_the_scope_even_when_asked_for_another_country(
    client, db, fixed_set, thai_admin, login
):
    login(thai_admin)
    for url in ("/admin/donors/export", "/admin/learners/export"):
        token = csrf_token(client, "/admin")
        body = client.post(url, data={"csrf_token": token, "country": "VN", "format": "csv"})
        text = body.get_data(as_text=True)
        assert ",VN," not in text and "\nVN," not in text, url


@pytest.fixture
def learner(db, content, make_user):
    return make_user(country="TH", full_name="Somsri Learner")


def post(client, url, page, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def entries(db) -> list[tuple]:
    db.session.rollback()
    rows = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    return [(e.action, e.actor.full_name if e.actor else None, e.reason) for e in rows]


def test_every_action_writes_an_audit_entry_with_who_what_when_and_why(
    client, db, learner, certify, thai_admin, login
):
    certificate = certify("TH", "woman")
    held = certificate.user_id
    quiz_id = db.session.scalar(select(Quiz.id).filter_by(slug="basics"))
    login(thai_admin)
    page = f"/admin/learners/{learner.id}"
    corrected = post(client, f"{page}/profile", page, full_name="Somsri Corrected",
                     country="TH", sector="health", organisation_type="ngo",
                     reason="Typo in the name")  # fmt: skip
    assert corrected.status_code == 302
    assert post(client, f"{page}/attempts", page, quiz=quiz_id, extra=2,
                reason="Power cut during the quiz").status_code == 302  # fmt: skip
    assert post(client, f"{page}/role", page, role="trainer", countries="TH",
                reason="Named national trainer").status_code == 302  # fmt: skip
    assert post(client, f"{page}/active", page, reason="Left the service").status_code == 302
    other = f"/admin/learners/{held}"
    reissued = post(client, f"/admin/certificates/{certificate.code}/reissue", other,
                    full_name="Corrected Holder", reason="Name misspelt")  # fmt: skip
    assert reissued.status_code == 302
    new = db.session.scalar(select(Certificate).filter_by(user_id=held, replaced_by_id=None))
    revoke = f"/admin/certificates/{new.code}/revoke"
    assert post(client, revoke, revoke, reason="Issued in error").status_code == 302
    assert post(client, "/admin/donors/export", "/admin/donors", format="csv").status_code == 200
    assert entries(db) == [
        ("profile_corrected", "Thai Admin", "Typo in the name"),
        ("attempts_granted", "Thai Admin", "Power cut during the quiz"),
        ("role_changed", "Thai Admin", "Named national trainer"),
        ("account_deactivated", "Thai Admin", "Left the service"),
        ("certificate_reissued", "Thai Admin", "Name misspelt"),
        ("certificate_revoked", "Thai Admin", "Issued in error"),
        ("export", "Thai Admin", ""),
    ]
    entry = db.session.scalar(select(AuditEntry).filter_by(action="profile_corrected"))
    assert entry.at.tzinfo is not None and entry.details["changes"]["full_name"] == [
        "Somsri Learner", "Somsri Corrected"]  # fmt: skip
    assert "gender" not in str([e.details for e in db.session.scalars(select(AuditEntry))])
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Power cut during the quiz" in page and "(UTC)" in page


def test_the_old_code_of_a_reissued_certificate_says_replaced_by_the_new_one(
    client, db, content, certify, regional_admin, login
):
    old = certify("TH", "man")
    login(regional_admin)
    page = f"/admin/learners/{old.user_id}"
    post(client, f"/admin/certificates/{old.code}/reissue", page, full_name="Right Name",
         reason="Spelling corrected")  # fmt: skip
    new = db.session.scalar(select(Certificate).filter_by(user_id=old.user_id, replaced_by_id=None))
    assert new.full_name == "Right Name" and new.code != old.code
    verify = client.get(f"/verify/{old.code}").get_data(as_text=True)
    assert "Replaced." in verify and f"/verify/{new.code}" in verify
    assert "Valid." in client.get(f"/verify/{new.code}").get_data(as_text=True)


def test_national_administrators_cannot_make_administrators(client, db, learner, thai_admin, login):
    login(thai_admin)
    page = f"/admin/learners/{learner.id}"
    response = post(client, f"{page}/role", page, role="admin", countries="TH",
                    reason="Trying to promote")  # fmt: skip
    assert response.status_code == 403
    db.session.rollback()
    assert db.session.get(User, learner.id).role == Role.LEARNER
