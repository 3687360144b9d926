"""The learner's list of certificates, public verification, and revocation. (A course's own
certificate page and PDF are routes of the course, in learn, behind its gate.)"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.certificates import services
from lms.certificates.forms import RevokeForm
from lms.permissions import Action, may, require

bp = Blueprint("certificates", __name__)


@bp.get("/certificates")
@login_required
def mine():
    """Every certificate the learner holds."""
    return render_template(
        "certificates/mine.html", certificates=services.user_certificates(current_user)
    )


@bp.get("/verify/<code>")
def verify(code: str):
    """Public: is this certificate valid? Only what the certificate itself states."""
    certificate = services.find_by_code(code) or abort(404)
    form = RevokeForm() if may(current_user, Action.REVOKE_CERTIFICATE, certificate) else None
    return render_template("certificates/verify.html", certificate=certificate, form=form,
                           **services.details(certificate))  # fmt: skip


@bp.post("/verify/<code>/revoke")
@login_required
def revoke(code: str):
    """Administrators revoke a certificate, with a reason that is recorded."""
    certificate = services.find_by_code(code) or abort(404)
    require(current_user, Action.REVOKE_CERTIFICATE, certificate)
    form = RevokeForm()
    if not form.validate_on_submit():
        details = services.details(certificate)
        page = render_template(
            "certificates/verify.html", certificate=certificate, form=form, **details
        )
        return page, 422
    if services.revoke(certificate, current_user, form.reason.data.strip()):
        flash(_("The certificate has been revoked."), "success")
    return redirect(url_for(".verify", code=certificate.code))
