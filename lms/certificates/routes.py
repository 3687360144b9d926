"""The learner's list of certificates and public verification. (A course's own
certificate page and PDF are routes of the course, in learn, behind its gate.)"""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from lms.certificates import services
from lms.extensions import limiter
from lms.permissions import Action, may

bp = Blueprint("certificates", __name__)


@bp.get("/certificates")
@login_required
def mine():
    """Every certificate the learner holds."""
    return render_template(
        "certificates/mine.html", certificates=services.user_certificates(current_user)
    )


@bp.get("/verify")
@limiter.limit("60 per minute")
def lookup():
    """Public: type a code as printed (any case, with or without dashes) to check it."""
    typed = request.args.get("code", "")
    if not typed:
        return render_template("certificates/lookup.html")
    code = services.normalise_code(typed)
    if code is None:
        return _unknown(typed)
    return redirect(url_for(".verify", code=code))


@bp.get("/verify/<code>")
@limiter.limit("60 per minute")
def verify(code: str):
    """Public: is this certificate valid? Only what the certificate itself states."""
    certificate = services.find_by_code(code)
    if certificate is None:
        return _unknown(code)
    may_revoke = may(current_user, Action.REVOKE_CERTIFICATE, certificate)
    return render_template("certificates/verify.html", certificate=certificate,
                           may_revoke=may_revoke, **services.details(certificate))  # fmt: skip


def _unknown(code: str):
    """No certificate has this code: said plainly, with the form to try again."""
    return render_template("certificates/lookup.html", unknown=code[:80]), 404
