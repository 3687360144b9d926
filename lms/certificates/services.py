"""Certificates: issued exactly once (completion decides when), found, verified, revoked."""

import base64
import re
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from lms.certificates import pdf
from lms.content.resolve import translated
from lms.database import insert_once
from lms.extensions import db
from lms.i18n import babel_locale, format_day
from lms.models import Certificate, Course, User
from lms.models._types import utcnow
from lms.security import external_url

CODE = re.compile(r"^[A-Z2-7]{32}$")


def new_code() -> str:
    """160 random bits from the OS CSPRNG, as 32 base32 characters (no 0/1/8/9 to confuse)."""
    return base64.b32encode(secrets.token_bytes(20)).decode()


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(text: str) -> str | None:
    """Accept what people type: any case, with or without dashes and spaces."""
    code = re.sub(r"[\s-]", "", text or "").upper()[:64]
    return code if CODE.match(code) else None


def issue(
    user: User, course: Course, course_version: str = "", session_id: int | None = None
) -> Certificate | None:
    """The user's certificate for the course, once: None if a concurrent request issued it.
    It records the holder as they are now, so later profile edits change neither it nor the
    reports and scoping that follow it."""
    certificate = Certificate(
        code=new_code(),
        user_id=user.id,
        course_id=course.id,
        full_name=user.full_name,
        locale=user.locale,
        country=user.country,
        sector=user.sector,
        organisation_type=user.organisation_type,
        gender=user.gender,
        course_version=course_version,
        session_id=session_id,
        issued_at=utcnow(),
    )
    return certificate if insert_once(certificate) else None


def certificate_for(user: User, course: Course) -> Certificate | None:
    """The user's current certificate for the course (a replaced one is history)."""
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == user.id,
            Certificate.course_id == course.id,
            Certificate.replaced_by_id.is_(None),
        )
    )


def holds_valid(user: User, course: Course) -> bool:
    certificate = certificate_for(user, course)
    return certificate is not None and certificate.is_valid


def user_certificates(user: User) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.issued_at)
        )
    )


def find_by_code(text: str) -> Certificate | None:
    code = normalise_code(text)
    if code is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def reissue(old: Certificate, name: str, admin: User, reason: str) -> Certificate:
    """A corrected copy under a new code, dated as the original; the old one is revoked and
    points to it, so its verification page says where the valid one is."""
    revoke(old, admin, reason)
    old.replaced_by_id = old.id  # out of the one-current-certificate index before the insert
    db.session.flush()
    copied = ("user_id", "course_id", "locale", "country", "sector", "organisation_type",
              "gender", "course_version", "session_id", "issued_at")  # fmt: skip
    new = Certificate(code=new_code(), full_name=name, **{k: getattr(old, k) for k in copied})
    db.session.add(new)
    db.session.flush()
    old.replaced_by_id = new.id
    return new


def revoke(certificate: Certificate, admin: User, reason: str) -> bool:
    """Record who revoked, when and why. False if it was already revoked."""
    if certificate.revoked_at is not None:
        return False
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = admin.id
    certificate.revoked_reason = reason
    return True


def details(certificate: Certificate) -> dict[str, str]:
    """What a certificate shows besides the name: its code as printed, where to verify it,
    and the training session it required, if any."""
    return {
        "code": display_code(certificate.code),
        "url": external_url("certificates.verify", code=certificate.code),
        "attended": attended(certificate),
    }


def attended(certificate: Certificate) -> str:
    """The session whose attendance the course required, with its dates in the venue's zone
    ('' if none)."""
    session = certificate.session
    if session is None:
        return ""
    first = format_day(session.starts_at, "long", session.timezone)
    last = format_day(session.ends_at, "long", session.timezone)
    days = first if first == last else f"{first} – {last}"
    return _("Training session attended: %(title)s, %(days)s", title=session.title, days=days)


def document(certificate: Certificate) -> bytes:
    """The certificate as a PDF in the learner's language, with a QR code to verify it."""
    with force_locale(babel_locale(certificate.locale)):
        labels = {
            "title": _("Certificate of completion"),
            "certifies": _("This certifies that"),
            "completed": _("has completed the course"),
            "code": _("Verification code"),
            "attended": attended(certificate),
        }
        date = format_day(certificate.issued_at, "long")
    shown = details(certificate)
    fonts = Path(current_app.static_folder) / "fonts"
    course = certificate.course
    title = translated(course.translations, certificate.locale, certificate.country, "title")
    return pdf.render(labels, certificate.full_name, title or course.title, date,
                      shown["code"], shown["url"], fonts)  # fmt: skip
