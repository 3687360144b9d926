"""Administration: completion figures, the donor report, the funnel, quiz items, learners and
their records, and the audit log. Everything is narrowed to the administrator's countries."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from lms import exports
from lms.admin import reports, services
from lms.admin.forms import (
    ActiveForm,
    GrantForm,
    ProfileCorrectionForm,
    ReissueForm,
    RevokeForm,
    RoleForm,
)
from lms.auth import choices
from lms.certificates import services as certificates
from lms.extensions import db
from lms.forms import EmptyForm
from lms.i18n import current_locale
from lms.learn.services import course_progress
from lms.models import Certificate, Quiz, QuizAttempt, Role
from lms.permissions import Action, require, require_area
from lms.store import outline, queries

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def only_administrators():
    require_area(current_user, bp.name)


def _page(template: str, **context):
    filters = services.filters_from(request.args, current_user)
    courses = queries.active_courses()
    return render_template(
        f"admin/{template}",
        filters=filters,
        courses=courses,
        national=services.is_national(current_user),
        scope=services.scope(current_user),
        threshold=current_app.config["REPORT_MIN_COUNT"],
        export_form=EmptyForm(),
        COUNTRY_CODES=services.COUNTRIES,
        SECTORS=choices.SECTORS,
        ORGANISATION_TYPES=choices.ORGANISATION_TYPES,
        GENDER_LABELS=choices.gender_group_labels(),
        **context,
    )


def _filters():
    return services.filters_from(request.values, current_user)


@bp.get("")
def overview():
    """Registered and active learners; per course started, completed, certified."""
    filters = _filters()
    courses = [c for c in queries.active_courses() if filters.course_id in (None, c.id)]
    return _page("overview.html", figures=reports.overview(filters, courses))


@bp.get("/donors")
def donors():
    """People trained per country and year, by sex and by sector."""
    return _page("donors.html", report=reports.donor_report(_filters()),
                 MODE_LABELS=services.mode_labels())  # fmt: skip


@bp.post("/donors/export")
def export_donors():
    """The donor report as CSV or XLSX; the export is logged."""
    filters = _filters()
    tables = services.donor_tables(reports.donor_report(filters), current_user,
                                   current_app.config["REPORT_MIN_COUNT"])  # fmt: skip
    services.record_export(current_user, "donor report", filters)
    return exports.download(tables, "donor-report", request.form.get("format"))


@bp.get("/funnel")
def funnel():
    """Where learners stop, step by step, in one course."""
    filters = _filters()
    courses = queries.active_courses()
    course = next(
        (c for c in courses if c.id == filters.course_id), courses[0] if courses else None
    )
    if course is None:
        abort(404)
    final = next((q for q in queries.live_quizzes(course) if q.module_id is None), None)
    return _page("funnel.html", course=course, steps=reports.funnel(filters, course, final))


@bp.get("/items")
def items():
    """Per question of a quiz: the share answering correctly and the most-chosen wrong answer."""
    quizzes = [q for course in queries.active_courses() for q in queries.live_quizzes(course)]
    quiz = next((q for q in quizzes if q.id == request.args.get("quiz", type=int)), None)
    quiz = quiz or (quizzes[0] if quizzes else abort(404))
    figures = reports.item_analysis(_filters(), quiz)
    return _page("items.html", quizzes=quizzes, quiz=quiz, questions=services.item_questions(quiz),
                 figures=figures)  # fmt: skip


@bp.get("/learners")
def learners():
    """Learners, searchable and filtered, a page at a time."""
    search = request.args.get("q", "")[:100]
    page = services.learners(_filters(), search, request.args.get("page", 1, type=int))
    return _page("learners.html", page=page, search=search)


@bp.post("/learners/export")
def export_learners():
    """Learners matching the filters, with only the fields needed to follow up."""
    filters = _filters()
    services.record_export(current_user, "learners", filters)
    return exports.download({"learners": services.learner_table(filters)}, "learners",
                            request.form.get("format"))  # fmt: skip


@bp.get("/learners/<int:user_id>")
def learner(user_id: int):
    """One learner's progress, attempts and certificates, and the actions on them."""
    person = services.get_learner(current_user, user_id)
    return _learner_page(person)


def _learner_page(person, status: int = 200, **forms):
    quizzes = [q for course in queries.active_courses() for q in queries.live_quizzes(course)]
    grant = forms.pop("grant", None) or GrantForm()
    grant.quiz.choices = [SelectChoice(q.id, f"{q.course.title} · {q.slug}") for q in quizzes]
    page = _page(
        "learner.html",
        person=person,
        progress=[course_progress(person, c, current_locale()) for c in outline.current().courses],
        attempts=db.session.scalars(select(QuizAttempt).filter_by(user_id=person.id)
                                    .order_by(QuizAttempt.started_at.desc())).all(),
        held=db.session.scalars(select(Certificate).filter_by(user_id=person.id)).all(),
        profile=forms.pop("profile", None) or ProfileCorrectionForm(obj=person),
        grant=grant,
        role=forms.pop("role", None) or RoleForm(role=person.role.value,
                                                 countries=sorted(person.scoped_countries)),
        active=forms.pop("active", None) or ActiveForm(),
        reissue=ReissueForm(),
        reset=EmptyForm(),
    )  # fmt: skip
    return page, status


@bp.post("/learners/<int:user_id>/profile")
def correct_profile(user_id: int):
    """Correct a learner's name, country, sector or organisation type, with a reason."""
    person = services.get_learner(current_user, user_id)
    form = ProfileCorrectionForm()
    if not form.validate_on_submit():
        return _learner_page(person, 422, profile=form)
    fields = ("full_name", "country", "sector", "organisation_type")
    changed = services.correct_profile(current_user, person,
                                       {f: getattr(form, f).data for f in fields},
                                       form.reason.data.strip())  # fmt: skip
    flash(_("The record was corrected.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for(".learner", user_id=person.id))


@bp.post("/learners/<int:user_id>/attempts")
def grant_attempts(user_id: int):
    """Give a learner extra attempts at one quiz."""
    person = services.get_learner(current_user, user_id)
    form = GrantForm()
    form.quiz.choices = [SelectChoice(q.id, q.slug) for q in db.session.scalars(select(Quiz))]
    if not form.validate_on_submit():
        return _learner_page(person, 422, grant=form)
    quiz = db.session.get(Quiz, form.quiz.data) or abort(404)
    services.grant_attempts(current_user, person, quiz, form.extra.data, form.reason.data.strip())
    flash(_("Extra attempts granted."), "success")
    return redirect(url_for(".learner", user_id=person.id))


@bp.post("/learners/<int:user_id>/role")
def change_role(user_id: int):
    """Change a person's role and the countries it applies to."""
    person = services.get_learner(current_user, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _learner_page(person, 422, role=form)
    role, countries = Role(form.role.data), form.countries.data
    if role == Role.TRAINER and not countries:
        form.countries.errors.append(_("A trainer needs at least one country."))
        return _learner_page(person, 422, role=form)
    services.set_role(current_user, person, role, countries, form.reason.data.strip())
    flash(_("The role was changed."), "success")
    return redirect(url_for(".learner", user_id=person.id))


@bp.post("/learners/<int:user_id>/active")
def set_active(user_id: int):
    """Deactivate an account (it can no longer sign in), or reactivate it."""
    person = services.get_learner(current_user, user_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        return _learner_page(person, 422, active=form)
    services.set_active(current_user, person, not person.active, form.reason.data.strip())
    flash(_("The account was reactivated.") if person.active else
          _("The account was deactivated."), "success")  # fmt: skip
    return redirect(url_for(".learner", user_id=person.id))


@bp.post("/learners/<int:user_id>/reset")
def send_reset(user_id: int):
    """Email a learner a link to choose a new password (the server log, without SMTP)."""
    person = services.get_learner(current_user, user_id)
    form = EmptyForm()
    if form.validate_on_submit():
        services.send_reset(current_user, person)
        flash(_("A password reset link was sent to the learner's email address."), "success")
    return redirect(url_for(".learner", user_id=person.id))


@bp.post("/certificates/<code>/reissue")
def reissue(code: str):
    """Reissue a certificate with a corrected name; the old code then says 'replaced by'."""
    old = certificates.find_by_code(code) or abort(404)
    person = services.get_learner(current_user, old.user_id)
    form = ReissueForm()
    if old.replaced_by_id or not form.validate_on_submit():
        flash(_("Nothing was reissued: give the corrected name and a reason."), "error")
        return _learner_page(person, 422)
    new = services.reissue_certificate(current_user, old, form.full_name.data,
                                       form.reason.data.strip())  # fmt: skip
    flash(_("Reissued under a new code: %(code)s.", code=certificates.display_code(new.code)),
          "success")  # fmt: skip
    return redirect(url_for(".learner", user_id=person.id))


@bp.get("/certificates/<code>/revoke")
def confirm_revoke(code: str):
    """What revoking will do, and the reason to give: nothing happens until it is sent."""
    certificate = _revocable(code)
    return _revoke_page(certificate, RevokeForm())


@bp.post("/certificates/<code>/revoke")
def revoke(code: str):
    """Revoke a certificate, with the reason recorded in the audit log."""
    certificate = _revocable(code)
    form = RevokeForm()
    if not form.validate_on_submit():
        return _revoke_page(certificate, form, 422)
    if services.revoke_certificate(current_user, certificate, form.reason.data.strip()):
        flash(_("The certificate has been revoked."), "success")
    return redirect(url_for("certificates.verify", code=certificate.code))


def _revocable(code: str) -> Certificate:
    certificate = certificates.find_by_code(code) or abort(404)
    require(current_user, Action.REVOKE_CERTIFICATE, certificate)
    return certificate


def _revoke_page(certificate: Certificate, form: RevokeForm, status: int = 200):
    page = _page("revoke.html", certificate=certificate, form=form,
                 **certificates.details(certificate))  # fmt: skip
    return page, status


@bp.get("/audit")
def audit():
    """The audit log: who did what, when and why, newest first."""
    action = request.args.get("action") or None
    page = services.audit_entries(current_user, action, _filters(),
                                  request.args.get("page", 1, type=int))  # fmt: skip
    return _page("audit.html", page=page, action=action, actions=services.AUDIT_ACTIONS)


from lms.admin import feedback_routes  # noqa: E402, F401
