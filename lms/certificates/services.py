"""Issue certificates at the moment a course is completed, exactly once; verify; revoke."""

import base64
import re
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.learn.services import is_course_complete
from lms.models import Certificate, Course, Role, User
from lms.models._types import utcnow

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


def record_progress(user: User, course: Course) -> Certificate | None:
    """Called in the transaction of every completion event: issues the certificate if the
    course is now complete. Returns the new certificate, or None."""
    if certificate_for(user, course) is not None or not is_course_complete(user, course):
        return None
    certificate = Certificate(
        code=new_code(),
        user_id=user.id,
        course_id=course.id,
        full_name=user.full_name,
        locale=user.locale,
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:  # a concurrent request issued it first
        return None
    return certificate


def certificate_for(user: User, course: Course) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == user.id, Certificate.course_id == course.id
        )
    )


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


def can_revoke(admin: User, certificate: Certificate) -> bool:
    """Regional administrators revoke any certificate; national ones, their country's."""
    if admin.role != Role.ADMIN:
        return False
    scope = admin.scoped_countries
    return not scope or certificate.user.country in scope


def revoke(certificate: Certificate, admin: User, reason: str) -> bool:
    """Record who revoked, when and why. False if it was already revoked."""
    if certificate.revoked_at is not None:
        return False
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = admin.id
    certificate.revoked_reason = reason
    return True
