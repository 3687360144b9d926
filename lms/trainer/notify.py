"""Email to trainers who asked for it: a translation waits for their review, or theirs came
back. Sent only once the change is committed, in the recipient's own language. Without an
SMTP server the work queue on the trainers' page is enough, and nothing is offered."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from lms import mail
from lms.extensions import db
from lms.i18n import babel_locale
from lms.models import Role, User
from lms.permissions import Action, may
from lms.security import external_url


def offered() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def review_waiting(version) -> None:
    """Every reviewer of the variant who asked for email, except its author."""
    asked = (User.notify_by_email, User.active, User.role.in_((Role.TRAINER, Role.ADMIN)))
    for person in db.session.scalars(select(User).where(*asked)):
        if person.id != version.author_id and may(person, Action.EDIT_VARIANT, version.variant):
            _send(person, version, waiting=True)


def returned(version) -> None:
    author = db.session.get(User, version.author_id) if version.author_id else None
    if author is not None and author.notify_by_email and author.active:
        _send(author, version, waiting=False)


def _send(person: User, version, waiting: bool) -> None:
    with force_locale(babel_locale(person.locale)):
        if waiting:
            subject = _("A translation waits for your review: %(title)s", title=version.title)
        else:
            subject = _("Your translation came back with comments: %(title)s", title=version.title)
        body = _("Open your work queue: %(url)s", url=external_url("trainer.matrix") + "#queue")
    mail.send_after_commit(person.email, subject, body, account_id=person.id)
