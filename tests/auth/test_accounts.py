"""Accounts: registration, sign-in, profile, passwords and the administrator command."""

import re

import pytest
from sqlalchemy import func, select

from lms.models import Role, User
from tests.conftest import PASSWORD, csrf_token, translated

VALID = {
    "email": "Ana.Santos@Example.org",
    "full_name": "Ana Santos",
    "country": "PH",
    "locale": "fil",
    "sector": "social_work",
    "organisation_type": "ngo",
    "gender": "woman",
    "password": "a long enough passphrase",
    "confirm": "a long enough passphrase",
    "consent": "y",
}


def register(client, **changes):
    data = {**VALID, **changes, "csrf_token": csrf_token(client, "/register")}
    return client.post("/register", data={k: v for k, v in data.items() if v is not None})


def users(db) -> int:
    return db.session.scalar(select(func.count(User.id)))


def test_register_creates_a_learner_and_signs_in(app, client, db):
    response = register(client)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "ana.santos@example.org"
    assert user.role == Role.LEARNER
    assert user.password_hash.startswith("scrypt:")
    assert (user.country, user.locale, user.sector, user.gender) == (
        "PH",
        "fil",
        "social_work",
        "woman",
    )
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert translated(app, "fil", "My learning") in dashboard  # in the language chosen
    assert '<html lang="fil">' in dashboard


def test_gender_is_optional_and_the_form_says_how_it_is_used(client, db):
    page = client.get("/register").get_data(as_text=True)
    assert "Used only in anonymous totals" in page
    assert register(client, gender="").status_code == 302
    assert db.session.scalar(select(User.gender)) is None


def test_timor_leste_and_other_are_country_choices(client):
    page = client.get("/register").get_data(as_text=True)
    assert 'value="TL"' in page and 'value="XX"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "short", "confirm": "short"}, "at least 8 characters"),
        ({"password": "password123", "confirm": "password123"}, "too common"),
        ({"password": "ana santos rocks", "confirm": "ana santos rocks"}, "your name"),
        ({"confirm": "something else entirely"}, "do not match"),
        ({"email": "not-an-email"}, "Invalid email"),
        ({"full_name": ""}, "This field is required"),
        ({"full_name": "x" * 201}, "between 2 and 200"),
        ({"country": "US"}, "Not a valid choice"),
        ({"locale": "fr"}, "Not a valid choice"),
        ({"sector": "admin"}, "Not a valid choice"),
        ({"gender": "robot"}, "Not a valid choice"),
        ({"password": "x" * 300, "confirm": "x" * 300}, "at most 256"),
    ],
)
def test_bad_registrations_are_refused_with_a_message(client, db, changes, message):
    response = register(client, **changes)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert users(db) == 0


def test_long_passwords_are_allowed(client, db):
    long = "correct horse battery staple " * 3
    assert register(client, password=long, confirm=long).status_code == 302


def test_a_taken_email_is_refused_without_changing_the_account(client, db):
    register(client)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    response = register(client, full_name="Someone Else", email="ANA.SANTOS@example.org")
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert db.session.scalar(select(User.full_name)) == "Ana Santos"


def test_a_tampered_role_field_is_ignored(client, db):
    register(client, role="admin")
    assert db.session.scalar(select(User.role)) == Role.LEARNER


def test_script_in_a_name_is_stored_as_text_and_shown_escaped(client, db):
    register(client, full_name="<script>alert(1)</script> Ana")
    page = client.get("/profile").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ana" in page


def test_post_without_csrf_token_is_refused(client, db):
    response = client.post("/register", data=VALID)
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)
    assert users(db) == 0


def test_login_and_logout(client, make_user, login):
    user = make_user()
    login(user)
    assert client.get("/dashboard").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    assert client.get("/dashboard").status_code == 302


@pytest.mark.parametrize("email", ["learner1@example.org", "nobody@example.org"])
def test_wrong_credentials_get_one_message_for_both_cases(client, make_user, email):
    make_user()
    token = csrf_token(client)
    response = client.post(
        "/login", data={"email": email, "password": "wrong password", "csrf_token": token}
    )
    assert response.status_code == 422
    assert "The email or password is not correct." in response.get_data(as_text=True)


def test_login_never_redirects_off_site(client, make_user):
    user = make_user()
    token = csrf_token(client)
    for target in ("https://evil.example", "//evil.example", "/\\evil.example"):
        response = client.post(
            f"/login?next={target}",
            data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        )
        assert response.headers["Location"] == "/dashboard"
        client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
        token = csrf_token(client)


def test_edit_profile(client, db, make_user, login):
    user = make_user()
    login(user)
    data = {
        **VALID,
        "full_name": "New Name",
        "country": "TL",
        "csrf_token": csrf_token(client, "/profile"),
    }
    assert client.post("/profile", data=data).status_code == 302
    db.session.refresh(user)
    assert (user.full_name, user.country) == ("New Name", "TL")
    assert user.email == "learner1@example.org"  # not editable here


def test_a_tampered_profile_changes_nothing(client, db, make_user, login):
    user = make_user()
    login(user)
    data = {**VALID, "full_name": "New Name", "country": "ZZ", "role": "admin"}
    response = client.post("/profile", data={**data, "csrf_token": csrf_token(client, "/profile")})
    assert response.status_code == 422
    db.session.refresh(user)
    assert (user.full_name, user.country, user.role) == ("Learner 1", "TH", Role.LEARNER)


def test_change_password(client, db, make_user, login):
    user = make_user()
    login(user)
    new = "another fine passphrase"
    form = {"current": PASSWORD, "password": new, "confirm": new}
    response = client.post(
        "/password", data={**form, "csrf_token": csrf_token(client, "/password")}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(new)


def test_change_password_needs_the_current_one(client, db, make_user, login):
    user = make_user()
    login(user)
    form = {
        "current": "not it at all",
        "password": "another fine passphrase",
        "confirm": "another fine passphrase",
    }
    response = client.post(
        "/password", data={**form, "csrf_token": csrf_token(client, "/password")}
    )
    assert response.status_code == 422
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_create_admin_prints_a_one_time_password_that_must_be_changed(app, client, db):
    result = app.test_cli_runner().invoke(args=["lms", "create-admin", "Boss@Example.org"])
    assert result.exit_code == 0, result.output
    one_time = re.search(r"One-time password \(shown once\): (\S+)", result.output).group(1)
    admin = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert admin.role == Role.ADMIN and admin.scoped_countries == set()
    token = csrf_token(client)
    client.post(
        "/login", data={"email": "boss@example.org", "password": one_time, "csrf_token": token}
    )
    assert client.get("/dashboard").headers["Location"] == "/password"
    new = "administrator passphrase here"
    form = {
        "current": one_time,
        "password": new,
        "confirm": new,
        "csrf_token": csrf_token(client, "/password"),
    }
    client.post("/password", data=form)
    assert client.get("/dashboard").status_code == 200


def test_create_admin_refuses_an_existing_email(app, make_user):
    make_user(email="taken@example.org")
    result = app.test_cli_runner().invoke(args=["lms", "create-admin", "taken@example.org"])
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_no_default_accounts_exist(db):
    assert users(db) == 0


def test_set_role_scopes_a_trainer_to_countries(app, db, make_user):
    user = make_user()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["lms", "set-role", user.email, "trainer"]).exit_code != 0
    result = runner.invoke(
        args=["lms", "set-role", user.email, "trainer", "--country", "TH", "--country", "ID"]
    )
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert user.role == Role.TRAINER and user.scoped_countries == {"TH", "ID"}


def test_set_role_for_someone_not_registered_says_they_register_first(app, db):
    result = app.test_cli_runner().invoke(
        args=["lms", "set-role", "new@example.org", "trainer", "--country", "TH"]
    )
    assert result.exit_code != 0
    assert "registers first at /register" in result.output


def test_changing_the_password_signs_out_other_devices(app, db, make_user, login, client):
    user = make_user()
    login(user)
    other_device = app.test_client()
    token = csrf_token(other_device)
    other_device.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert other_device.get("/dashboard").status_code == 200
    new = "another fine passphrase"
    form = {"current": PASSWORD, "password": new, "confirm": new}
    client.post("/password", data={**form, "csrf_token": csrf_token(client, "/password")})
    assert client.get("/dashboard").status_code == 200
    assert other_device.get("/dashboard").status_code == 302


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("country", "Please choose the country where you work."),
        ("sector", "Please choose your sector."),
        ("organisation_type", "Please choose your type of organisation."),
    ],
)
def test_registration_preselects_nothing_and_asks_for_each_choice(client, db, field, message):
    form = client.get("/register").get_data(as_text=True)
    select_html = form.split(f'name="{field}"')[1].split("</select>")[0]
    assert "selected" not in select_html  # nothing is chosen for the person
    response = register(client, **{field: ""})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert users(db) == 0


def test_the_language_defaults_to_the_one_being_browsed(client):
    client.set_cookie("lms_locale", "th")
    form = client.get("/register").get_data(as_text=True)
    assert re.search(
        r'<option selected value="th"|<option value="th" selected', form.replace(' lang="th"', "")
    )


def test_characters_no_certificate_font_has_are_reported_at_registration(client, db):
    response = register(client, full_name="Ana 😀 Santos")
    assert response.status_code == 422
    assert "cannot be printed on a certificate: 😀" in response.get_data(as_text=True)
    assert users(db) == 0


def test_a_deactivated_account_cannot_sign_in_and_its_sessions_end(client, db, make_user, login):
    user = make_user()
    login(user)
    user.active = False
    db.session.commit()
    assert client.get("/dashboard").status_code == 302  # the open session no longer works
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                            "csrf_token": token})  # fmt: skip
    assert response.status_code == 422
