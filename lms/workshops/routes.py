"""Training sessions, for learners (find one, enrol, cancel, give feedback) and for the
trainers who run them (create, invite, keep the register, read the report)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from lms import audit, exports
from lms.auth import choices
from lms.auth.services import find_user
from lms.content.codes import COUNTRY_ZONES
from lms.extensions import db
from lms.forms import EmptyForm
from lms.models import Role, SeatStatus, SessionDay, TrainingSession, User
from lms.models._types import utcnow
from lms.permissions import Action, may, require, require_area
from lms.store import queries
from lms.workshops import feedback, reports, services
from lms.workshops.forms import InviteForm, ParticipantForm, SessionForm
from lms.workshops.services import Refused

bp = Blueprint("workshops", __name__, url_prefix="/sessions")
manage = Blueprint("facilitation", __name__, url_prefix="/trainer/sessions")


@bp.before_request
@login_required
def signed_in():
    """Every session page is for signed-in people."""


@manage.before_request
@login_required
def only_trainers_and_administrators():
    require_area(current_user, manage.name)


def get_session(session_id: int) -> TrainingSession:
    return db.session.get(TrainingSession, session_id) or abort(404)


# Learners -------------------------------------------------------------------------------------


@bp.get("")
def index():
    """Sessions open in the learner's country, with seats left, and the learner's own."""
    return render_template(
        "workshops/index.html",
        upcoming=services.upcoming_for(current_user),
        mine=services.learner_seats(current_user),
    )


@bp.get("/<int:session_id>")
def session(session_id: int):
    """A session's details, and the learner's seat or why they cannot take one."""
    found = get_session(session_id)
    if found.country != current_user.country:
        abort(404)
    missing = services.missing_certificate(current_user, found)
    return render_template("workshops/session.html", session=found, form=EmptyForm(),
                           seat=services.seat_of(current_user, found), missing=missing,
                           left=services.seats_left(found), now=utcnow())  # fmt: skip


@bp.post("/<int:session_id>/enrol")
def enrol(session_id: int):
    found = get_session(session_id)
    EmptyForm().validate_on_submit() or abort(400)
    try:
        seat = services.enrol(current_user, found)
    except Refused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for(".session", session_id=found.id)), 303
    if seat.status == SeatStatus.WAITING:
        flash(_("The seats are taken: you are on the waiting list."), "success")
    else:
        flash(_("You are enrolled."), "success")
    return redirect(url_for(".session", session_id=found.id))


@bp.post("/<int:session_id>/cancel")
def cancel(session_id: int):
    found = get_session(session_id)
    EmptyForm().validate_on_submit() or abort(400)
    try:
        services.cancel(current_user, found)
    except Refused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for(".session", session_id=found.id)), 303
    flash(_("Your enrolment is cancelled."), "success")
    return redirect(url_for(".session", session_id=found.id))


# Trainers -------------------------------------------------------------------------------------


@manage.get("")
def sessions():
    return render_template("workshops/manage/index.html",
                           sessions=services.managed_sessions(current_user))  # fmt: skip


def _session_form() -> SessionForm:
    form = SessionForm()
    courses = queries.active_courses()
    form.course.choices = [(c.id, c.title) for c in courses]
    form.modules.choices = [(m.slug, f"{c.title}: {m.title}") for c in courses
                            for m in c.modules if m.retired_at is None]  # fmt: skip
    scope = current_user.scoped_countries
    form.country.choices = [c for c in choices.country_options() if not scope or c.value in scope]
    form.locale.choices = choices.locale_choices()
    form.timezone.choices = choices.zone_choices()[1:]
    if not form.is_submitted():
        country = form.country.choices[0].value if form.country.choices else None
        form.timezone.data = COUNTRY_ZONES.get(country, "UTC")
    return form


@manage.route("/new", methods=["GET", "POST"])
def new():
    form = _session_form()
    if form.validate_on_submit():
        created = _create(form)
        if created is not None:
            flash(_("The session is created."), "success")
            return redirect(url_for(".detail", session_id=created.id))
    return render_template("workshops/manage/new.html", form=form), 422 if form.errors else 200


def _create(form: SessionForm) -> TrainingSession | None:
    """The session from a valid form, or None with the problem shown on its field."""
    enrol_by = _deadline(form, form.timezone.data, form.days.parsed[0][0])
    people = _facilitators(form)
    if enrol_by is None or people is None:
        return None
    course = next((c for c in queries.active_courses() if c.id == form.course.data), None)
    known = {m.slug for m in course.modules} if course else set()
    created = TrainingSession(
        course_id=form.course.data, modules=[m for m in form.modules.data if m in known],
        title=form.title.data.strip(), country=form.country.data, locale=form.locale.data,
        timezone=form.timezone.data, venue=form.venue.data.strip(),
        meeting_url=(form.meeting_url.data or "").strip(), seats=form.seats.data,
        enrol_by=enrol_by, created_by_id=current_user.id, facilitators=people,
        days=[SessionDay(starts_at=s, ends_at=e) for s, e in form.days.parsed],
    )  # fmt: skip
    require(current_user, Action.MANAGE_SESSION, created)
    db.session.add(created)
    db.session.flush()
    return created


def _deadline(form: SessionForm, zone: str, first_day: datetime) -> datetime | None:
    """The enrolment deadline typed in the venue's zone; None, with the problem on the field,
    if it cannot be read or falls after the first day."""
    try:
        deadline = datetime.fromisoformat(form.enrol_by.data.strip())
    except ValueError:
        form.enrol_by.errors.append(_("Write the deadline as 2026-11-28 17:00."))
        return None
    deadline = deadline.replace(tzinfo=ZoneInfo(zone))
    if deadline > first_day:
        form.enrol_by.errors.append(_("The enrolment deadline must be before the first day."))
        return None
    return deadline


def _facilitators(form: SessionForm) -> list[User] | None:
    """The trainers named by email; None, with the problem on the field, if one is not."""
    people = []
    for email in (form.facilitators.data or "").split():
        person = find_user(email)
        if person is None or person.role not in (Role.TRAINER, Role.ADMIN):
            form.facilitators.errors.append(_("%(email)s is not a trainer's account.", email=email))
            return None
        people.append(person)
    return people


def _managed(session_id: int, action: Action = Action.MANAGE_SESSION) -> TrainingSession:
    found = get_session(session_id)
    require(current_user, action, found)
    return found


FIXED_ONCE_CREATED = ("course", "modules", "country", "locale", "timezone", "days")


@manage.route("/<int:session_id>/edit", methods=["GET", "POST"])
def edit(session_id: int):
    """Title, deadline, seats, venue, link and facilitators. The course, country, language and
    days stay as people enrolled on them."""
    found = _managed(session_id)
    form = SessionForm(data=None if request.method == "POST" else _as_typed(found))
    for name in FIXED_ONCE_CREATED:
        delattr(form, name)
    if form.validate_on_submit() and _update(found, form):
        flash(_("The session is updated."), "success")
        return redirect(url_for(".detail", session_id=found.id))
    page = render_template("workshops/manage/edit.html", form=form, session=found)
    return page, 422 if form.errors else 200


def _as_typed(found: TrainingSession) -> dict:
    """The session's details as the form shows them: the deadline in the venue's zone."""
    deadline = found.enrol_by.astimezone(ZoneInfo(found.timezone)).strftime("%Y-%m-%d %H:%M")
    return {"title": found.title, "enrol_by": deadline, "seats": found.seats,
            "venue": found.venue, "meeting_url": found.meeting_url,
            "facilitators": "\n".join(person.email for person in found.facilitators)}  # fmt: skip


def _update(found: TrainingSession, form: SessionForm) -> bool:
    """Apply a valid form; False, with the problem on its field, if it cannot be."""
    enrol_by = _deadline(form, found.timezone, found.starts_at)
    people = _facilitators(form)
    enrolled = services.taken(found)
    if form.seats.data < enrolled:
        form.seats.errors.append(ngettext(
            "%(num)d person is enrolled: keep at least that many seats.",
            "%(num)d people are enrolled: keep at least that many seats.", enrolled))  # fmt: skip
    if enrol_by is None or people is None or form.seats.errors:
        return False
    found.title, found.enrol_by, found.seats = form.title.data.strip(), enrol_by, form.seats.data
    found.venue, found.meeting_url = form.venue.data.strip(), (form.meeting_url.data or "").strip()
    found.facilitators = people
    services.fill_from_waiting_list(found)  # more seats go to the people waiting
    return True


@manage.get("/<int:session_id>")
def detail(session_id: int, invite_form=None, participant_form=None):
    """The register, the waiting list, and the forms to invite and record people."""
    found = _managed(session_id, Action.KEEP_REGISTER)
    return render_template(
        "workshops/manage/session.html", session=found,
        register=services.register_of(found), waiting=services.waiting_list(found),
        invite_form=invite_form or InviteForm(prefix="invite"),
        participant_form=participant_form or ParticipantForm(prefix="person"),
        required=services.required_days(found),
        manages=may(current_user, Action.MANAGE_SESSION, found),
    )  # fmt: skip


@manage.post("/<int:session_id>/invite")
def invite(session_id: int):
    found = _managed(session_id)
    form = InviteForm(prefix="invite")
    if not form.validate_on_submit():
        return detail(session_id, invite_form=form), 422
    try:
        flash(services.invite(current_user, found, form.email.data), "success")
    except Refused as refusal:
        form.email.errors.append(str(refusal))
        return detail(session_id, invite_form=form), 422
    return redirect(url_for(".detail", session_id=found.id))


@manage.post("/<int:session_id>/participants")
def add_participant(session_id: int):
    found = _managed(session_id, Action.KEEP_REGISTER)
    form = ParticipantForm(prefix="person")
    if not form.validate_on_submit():
        return detail(session_id, participant_form=form), 422
    try:
        services.add_participant(found, form.profile(), current_user)
    except Refused as refusal:
        form.email.errors.append(str(refusal))
        return detail(session_id, participant_form=form), 422
    flash(_("%(name)s is on the register.", name=form.full_name.data), "success")
    return redirect(url_for(".detail", session_id=found.id))


def _day(found: TrainingSession, day_id: int) -> SessionDay:
    day = db.session.scalar(select(SessionDay).filter_by(id=day_id, session_id=found.id))
    return day or abort(404)


@manage.route("/<int:session_id>/days/<int:day_id>", methods=["GET", "POST"])
def attendance(session_id: int, day_id: int):
    """The day's register: one checkbox per person, saved at once (no script needed)."""
    found = _managed(session_id, Action.KEEP_REGISTER)
    day, form = _day(found, day_id), EmptyForm()
    if form.validate_on_submit():
        present = {int(v) for v in request.form.getlist("present") if v.isdecimal()}
        try:
            issued = services.mark_day(found, day, present, current_user)
        except Refused as refusal:
            flash(str(refusal), "error")
            return _attendance_page(found, day, form), 409
        flash(_("Attendance saved."), "success")
        if issued:
            flash(_("Certificates issued: %(n)d.", n=issued), "success")
        return redirect(url_for(".attendance", session_id=found.id, day_id=day.id))
    return _attendance_page(found, day, form)


def _attendance_page(found: TrainingSession, day: SessionDay, form: EmptyForm):
    return render_template("workshops/manage/attendance.html", session=found, day=day,
                           register=services.register_of(found), form=form,
                           begun=services.has_begun(day))  # fmt: skip


@manage.get("/<int:session_id>/report")
def report(session_id: int):
    """Attendance per day, the sex breakdown, completion and the feedback."""

    found = _managed(session_id, Action.KEEP_REGISTER)
    return render_template(
        "workshops/manage/report.html", session=found, report=reports.session_report(found),
        register=services.register_of(found), feedback=feedback.summary([found.id]),
        SEX_LABELS=choices.gender_group_labels(), export_form=EmptyForm(),
    )  # fmt: skip


@manage.post("/<int:session_id>/report/export")
def export_report(session_id: int):
    """The report's figures as CSV or XLSX, without names; the export is logged."""
    found = _managed(session_id, Action.KEEP_REGISTER)
    EmptyForm().validate_on_submit() or abort(400)
    threshold = current_app.config["REPORT_MIN_COUNT"]
    tables = reports.tables(reports.session_report(found), found, current_user, threshold)
    audit.record(current_user, "export", country=found.country, what="session report",
                 session=found.id)  # fmt: skip
    return exports.download(tables, "session-report", request.form.get("format"))


from lms.workshops import feedback_routes, sheet_routes  # noqa: E402, F401
