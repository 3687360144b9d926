"""Sending email. With no SMTP server configured, a message is written to the server log for
the operator instead (and never shown in a browser)."""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, g

log = logging.getLogger("lms.mail")


def send(to: str, subject: str, body: str, account_id: int | None = None) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        log.warning("No SMTP server set (LMS_MAIL_SERVER): message for account %s, %r:\n%s",
                    account_id, subject, body)  # fmt: skip
        return
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["MAIL_FROM"], to, subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def send_after_commit(to: str, subject: str, body: str, account_id: int | None = None) -> None:
    """Queue a message that goes out only once the request's changes are committed: a
    notification never announces something that was rolled back."""
    g.setdefault("outbox", []).append((to, subject, body, account_id))


def send_queued() -> None:
    """Called at the commit point. A failing server loses the message, never the request."""
    for message in g.pop("outbox", []):
        try:
            send(*message)
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send a notification to account %s", message[3])
