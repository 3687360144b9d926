"""Account rules: creating users, checking credentials, changing passwords and roles."""

import secrets

from sqlalchemy import select

from lms.database import insert_once
from lms.extensions import db
from lms.models import Role, User, UserCountry

PROFILE_FIELDS = ("full_name", "country", "locale", "sector", "organisation_type", "gender")


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def register(email: str, password: str, profile: dict) -> User | None:
    """Create a learner; None if the email is taken."""
    if find_user(email) is not None:
        return None
    user = User(email=email.strip().lower(), role=Role.LEARNER)
    update_profile(user, profile)
    user.set_password(password)
    return user if insert_once(user) else None  # a concurrent registration may win


def update_profile(user: User, profile: dict) -> None:
    for name in PROFILE_FIELDS:
        setattr(user, name, profile[name])
    user.gender = user.gender or None  # "" from the form means not given


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    if user is None:
        _burn_time(password)
        return None
    return user if user.check_password(password) else None


def _burn_time(password: str) -> None:
    """Hash anyway, so an unknown email fails as slowly as a wrong password (no account probing)."""
    dummy = User()
    dummy.set_password(password)


def change_password(user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.must_change_password = False


def create_admin(email: str, country: str | None) -> tuple[User, str] | None:
    """A new administrator with a one-time password they must change; None if the email is taken."""
    if find_user(email) is not None:
        return None
    one_time = secrets.token_urlsafe(12)
    user = User(
        email=email.strip().lower(),
        full_name="Administrator",
        country=country or "XX",
        locale="en",
        sector="other",
        organisation_type="other",
        role=Role.ADMIN,
        must_change_password=True,
    )
    user.set_password(one_time)
    set_scope(user, [country] if country else [])
    db.session.add(user)
    db.session.flush()
    return user, one_time


def set_scope(user: User, countries: list[str]) -> None:
    user.scopes = [UserCountry(country=code) for code in dict.fromkeys(countries)]
