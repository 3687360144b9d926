"""Learners' certificates (HTML and PDF), public verification, and revocation."""

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.certificates import pdf, services
from lms.certificates.forms import RevokeForm
from lms.i18n import babel_locale
from lms.learn.services import open_course

bp = Blueprint("certificates", __name__)


@bp.get("/certificates")
@login_required
def mine():
    """Every certificate the learner holds."""
    return render_template(
        "certificates/mine.html", certificates=services.user_certificates(current_user)
    )


def _own_certificate(course_slug: str):
    course = open_course(current_user, course_slug)
    return services.certificate_for(current_user, course) or abort(404)


@bp.get("/learn/<course_slug>/certificate")
@login_required
def show(course_slug: str):
    """The learner's certificate for a course, as a printable page."""
    certificate = _own_certificate(course_slug)
    return render_template(
        "certificates/show.html", certificate=certificate, **_details(certificate)
    )


@bp.get("/learn/<course_slug>/certificate.pdf")
@login_required
def download(course_slug: str):
    """The certificate as a PDF in the learner's language, with a QR code to verify it."""
    certificate = _own_certificate(course_slug)
    details = _details(certificate)
    with force_locale(babel_locale(certificate.locale)):
        labels = {
            "title": _("Certificate of completion"),
            "certifies": _("This certifies that"),
            "completed": _("has completed the course"),
            "code": _("Verification code"),
        }
        date = format_date(certificate.issued_at, "long")
    document = pdf.render(
        labels,
        certificate.full_name,
        certificate.course.title,
        date,
        details["code"],
        details["url"],
        Path(current_app.static_folder) / "fonts",
    )
    filename = f"certificate-{certificate.course.slug}.pdf"
    return Response(
        document,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/verify/<code>")
def verify(code: str):
    """Public: is this certificate valid? Only what the certificate itself states."""
    certificate = services.find_by_code(code) or abort(404)
    form = RevokeForm() if _may_revoke(certificate) else None
    return render_template("certificates/verify.html", certificate=certificate, form=form,
                           **_details(certificate))  # fmt: skip


@bp.post("/verify/<code>/revoke")
@login_required
def revoke(code: str):
    """Administrators revoke a certificate, with a reason that is recorded."""
    certificate = services.find_by_code(code) or abort(404)
    if not _may_revoke(certificate):
        abort(403)
    form = RevokeForm()
    if not form.validate_on_submit():
        details = _details(certificate)
        page = render_template(
            "certificates/verify.html", certificate=certificate, form=form, **details
        )
        return page, 422
    if services.revoke(certificate, current_user, form.reason.data.strip()):
        flash(_("The certificate has been revoked."), "success")
    return redirect(url_for(".verify", code=certificate.code))


def _may_revoke(certificate) -> bool:
    return current_user.is_authenticated and services.can_revoke(current_user, certificate)


def _details(certificate) -> dict:
    return {
        "code": services.display_code(certificate.code),
        "url": url_for("certificates.verify", code=certificate.code, _external=True),
    }
