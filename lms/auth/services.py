"""Account rules: creating users, checking credentials, changing passwords and roles."""

import secrets

from blinker import Namespace
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select, update

from lms import mail
from lms.database import insert_once
from lms.extensions import db
from lms.models import (
    AuditEntry,
    Certificate,
    Lesson,
    LessonCompletion,
    Module,
    QuizAttempt,
    Role,
    Seat,
    User,
    UserCountry,
)
from lms.models._types import utcnow
from lms.security import external_url

# Sent with the new user once an account is created (in its transaction): other areas attach
# what was recorded for the person before they had an account.
registered = Namespace().signal("registered")

PROFILE_FIELDS = ("full_name", "country", "locale", "timezone", "sector", "organisation_type",
                  "gender")  # fmt: skip


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def register(email: str, password: str, profile: dict, notice: str) -> User | None:
    """Create a learner who consented to `notice` (the privacy notice's version) just now;
    None if the email is taken."""
    if find_user(email) is not None:
        return None
    user = User(email=email.strip().lower(), role=Role.LEARNER, consented_at=utcnow(),
                consent_version=notice)  # fmt: skip
    update_profile(user, profile)
    user.set_password(password)
    if not insert_once(user):
        return None  # a concurrent registration won
    registered.send(user)
    return user


def update_profile(user: User, profile: dict) -> None:
    for name in PROFILE_FIELDS:
        setattr(user, name, profile[name])
    user.gender = user.gender or None  # "" from the form means not given
    user.timezone = user.timezone or None  # "" means the country's zone


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
    """A new password also ends every other session of the account."""
    user.set_password(new_password)
    user.must_change_password = False
    user.end_sessions()


def signed_in(user: User) -> None:
    user.last_signed_in_at = utcnow()


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


# Password reset ------------------------------------------------------------------------------

RESET_SECONDS = 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="password-reset")


def reset_token(user: User) -> str:
    """Signed, valid for an hour, and single-use: it names the password it replaces, so it
    stops working once that password changes."""
    return _serializer().dumps({"u": user.id, "f": user.fingerprint()})


def user_for_reset(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=RESET_SECONDS)
    except BadSignature:  # expired, altered or not a token at all
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    valid = user is not None and user.active and user.matches_session(str(data.get("f")))
    return user if valid else None


def reset_message(user: User, link: str) -> tuple[str, str]:
    subject = _("Reset your password")
    body = _("Someone asked to reset the password of your account. If it was you, open this "
             "link within one hour to choose a new password:\n\n%(link)s\n\nIf it was not "
             "you, ignore this message: your password stays as it is.", link=link)  # fmt: skip
    return subject, body


def send_reset(user: User) -> None:
    """Email the account a reset link (to the server log when no SMTP server is set)."""
    link = external_url("auth.reset", token=reset_token(user))
    subject, body = reset_message(user, link)
    mail.send(user.email, subject, body, account_id=user.id)


# The learner's own data -----------------------------------------------------------------------

REMOVED_NAME = ""


def personal_data(user: User) -> dict:
    """Everything held about a person, for "download my data"."""
    completions = db.session.execute(
        select(Lesson.slug, Module.slug, LessonCompletion.completed_at)
        .join(Lesson, LessonCompletion.lesson_id == Lesson.id)
        .join(Module, Lesson.module_id == Module.id)
        .where(LessonCompletion.user_id == user.id)
    ).all()
    attempts = db.session.scalars(select(QuizAttempt).filter_by(user_id=user.id)).all()
    certificates = db.session.scalars(select(Certificate).filter_by(user_id=user.id)).all()
    entries = db.session.scalars(select(AuditEntry).filter_by(subject_id=user.id)).all()
    seats = db.session.scalars(select(Seat).filter_by(user_id=user.id)).all()
    return {
        "account": {name: _plain(getattr(user, name)) for name in ACCOUNT_FIELDS},
        "lessons_completed": [
            {"module": m, "lesson": lesson, "at": _plain(at)} for lesson, m, at in completions
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.slug,
                "started_at": _plain(a.started_at),
                "submitted_at": _plain(a.submitted_at),
                "score": a.score,
                "passed": a.passed,
                "answers": a.answers,
            }
            for a in attempts
        ],
        "certificates": [
            {
                "course": c.course.slug,
                "code": c.code,
                "name": c.full_name,
                "issued_at": _plain(c.issued_at),
                "revoked_at": _plain(c.revoked_at),
            }
            for c in certificates
        ],
        "training_sessions": [
            {
                "session": s.session.title,
                "status": s.status.value,
                "days_attended": _days_attended(s),
                "recorded_as": {name: getattr(s, name) for name in SEAT_FIELDS},
            }
            for s in seats
        ],
        "records_about_you": [
            {"action": e.action, "at": _plain(e.at), "reason": e.reason} for e in entries
        ],
    }


def _days_attended(seat: Seat) -> list[str]:
    attended = {a.day_id for a in seat.attended}
    return [_plain(day.starts_at) for day in seat.session.days if day.id in attended]


SEAT_FIELDS = ("full_name", "email", "gender", "country", "sector", "organisation_type",
               "organisation")  # fmt: skip
ACCOUNT_FIELDS = ("email", "full_name", "country", "locale", "sector", "organisation_type",
                  "gender", "role", "created_at", "last_signed_in_at", "consented_at",
                  "consent_version")  # fmt: skip


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def delete_account(user: User) -> None:
    """Erase what identifies the person; keep what anonymous totals count (country, sector,
    organisation type, progress). Their certificates then say the holder removed the account."""
    now = utcnow()
    user.full_name, user.email = REMOVED_NAME, f"removed-{user.id}@invalid"
    user.gender, user.active, user.deleted_at = None, False, now
    user.password_hash = f"removed:{secrets.token_hex(16)}"  # matches no password
    user.end_sessions()
    set_scope(user, [])
    for certificate in db.session.scalars(select(Certificate).filter_by(user_id=user.id)):
        certificate.full_name, certificate.holder_removed_at = REMOVED_NAME, now
    seats = update(Seat).where(Seat.user_id == user.id)
    db.session.execute(seats.values(full_name=REMOVED_NAME, email=None))


def inactive_learners(cutoff) -> list[User]:
    """Learners not signed in (nor registered) since `cutoff`, not yet anonymised."""
    last_seen = func.coalesce(User.last_signed_in_at, User.created_at)
    query = select(User).where(User.role == Role.LEARNER, User.deleted_at.is_(None),
                               last_seen < cutoff)  # fmt: skip
    return list(db.session.scalars(query.order_by(User.id)))
