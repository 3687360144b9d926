"""The audit log: every administrative action, with who, what, to whom, when (UTC) and why.
Entries never hold a password, a token or a learner's gender."""

from lms.extensions import db
from lms.models import AuditEntry, User


def record(actor: User | None, action: str, subject: User | None = None, *,
           country: str | None = None, reason: str = "", **details) -> AuditEntry:  # fmt: skip
    """Add an entry to the request's unit of work. `country` is whose administrators may see
    it: the subject's, unless given."""
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        action=action,
        subject_id=subject.id if subject else None,
        country=country or (subject.country if subject else None),
        reason=reason,
        details=details,
    )
    db.session.add(entry)
    return entry
