"""Training sessions: who may run them, enrolment with seats and a waiting list, the register
of people with and without accounts, and the attendance that completes a session.

Services add and flush; the request's end commits. Enrolment counts seats under a lock on
the session's row (PostgreSQL) or the write lock every POST takes first (SQLite), so two
learners can never both take the last seat.
"""

from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from lms import completion, mail
from lms.auth.services import find_user, registered
from lms.database import insert_once
from lms.extensions import db
from lms.models import (
    Attendance,
    Certificate,
    Role,
    Seat,
    SeatStatus,
    SessionDay,
    TrainingSession,
    User,
)
from lms.models._types import utcnow
from lms.store import outline

ACTIVE = (SeatStatus.ENROLLED, SeatStatus.WAITING)


class Refused(Exception):  # noqa: N818 - a message for the person, not an error
    """Why an enrolment, cancellation or invitation cannot be made, in the user's words."""


# Who runs what ----------------------------------------------------------------------------------


def managed_sessions(user: User) -> list[TrainingSession]:
    """The sessions a trainer or administrator runs or facilitates, newest first."""
    query = select(TrainingSession).options(selectinload(TrainingSession.days))
    scope = user.scoped_countries
    if user.role != Role.ADMIN or scope:
        mine = TrainingSession.facilitators.any(User.id == user.id)
        query = query.where(TrainingSession.country.in_(scope) | mine)
    return list(db.session.scalars(query.order_by(TrainingSession.created_at.desc())))


# Seats ----------------------------------------------------------------------------------------


def taken(session: TrainingSession) -> int:
    query = select(func.count(Seat.id)).filter_by(session_id=session.id)
    return db.session.scalar(query.where(Seat.status == SeatStatus.ENROLLED))


def seats_left(session: TrainingSession) -> int:
    return max(0, session.seats - taken(session))


def _lock(session: TrainingSession) -> None:
    """Hold the session's row until the commit: concurrent enrolments queue here."""
    query = select(TrainingSession.id).filter_by(id=session.id).with_for_update()
    db.session.execute(query)


def upcoming_for(learner: User) -> list[tuple[TrainingSession, int]]:
    """Sessions in the learner's country still open for enrolment, with the seats left."""
    query = (
        select(TrainingSession)
        .where(TrainingSession.country == learner.country, TrainingSession.enrol_by > utcnow())
        .options(selectinload(TrainingSession.days))
        .order_by(TrainingSession.enrol_by)
    )
    sessions = list(db.session.scalars(query))
    counts = dict(
        db.session.execute(
            select(Seat.session_id, func.count())
            .where(Seat.session_id.in_([s.id for s in sessions]))
            .where(Seat.status == SeatStatus.ENROLLED)
            .group_by(Seat.session_id)
        ).all()
    )
    return [(s, max(0, s.seats - counts.get(s.id, 0))) for s in sessions]


def seat_of(user: User, session: TrainingSession) -> Seat | None:
    return db.session.scalar(select(Seat).filter_by(session_id=session.id, user_id=user.id))


def learner_seats(user: User) -> list[Seat]:
    query = select(Seat).where(Seat.user_id == user.id, Seat.status.in_(ACTIVE))
    query = query.options(selectinload(Seat.session).selectinload(TrainingSession.days))
    return list(db.session.scalars(query.order_by(Seat.requested_at)))


def missing_certificate(learner: User, session: TrainingSession) -> list:
    """The prerequisite courses (the introductory one) whose valid certificate is missing."""
    course = outline.current().course_by_id(session.course_id)
    return completion.missing_prerequisites(learner, course) if course else []


def enrol(learner: User, session: TrainingSession) -> Seat:
    """A seat, or a place on the waiting list when the seats are taken."""
    if session.enrol_by <= utcnow():
        raise Refused(_("Enrolment for this session has closed."))
    if session.country != learner.country:
        raise Refused(_("This session is for people working in another country."))
    if missing_certificate(learner, session):
        raise Refused(_("This session is open to holders of the introductory certificate."))
    return _take_seat(session, learner)


def _take_seat(session: TrainingSession, learner: User) -> Seat:
    """The learner's seat (kept as it is if they hold one or wait for one), or a new request
    for one: a seat if one is free, else the end of the waiting list."""
    _lock(session)
    seat = seat_of(learner, session)
    if seat is not None and seat.status in ACTIVE:
        return seat
    seat = seat or Seat(session_id=session.id, user_id=learner.id)
    copy_profile(seat, learner)
    seat.requested_at, seat.status = utcnow(), _next_status(session)
    db.session.add(seat)
    db.session.flush()
    return seat


def _next_status(session: TrainingSession) -> SeatStatus:
    """For a request made now, under the session's lock."""
    return SeatStatus.ENROLLED if taken(session) < session.seats else SeatStatus.WAITING


def copy_profile(seat: Seat, user: User) -> None:
    """The register records the person as they are when their seat is taken."""
    seat.email, seat.full_name, seat.gender = user.email, user.full_name, user.gender
    seat.country, seat.sector = user.country, user.sector
    seat.organisation_type = user.organisation_type


def cancel(learner: User, session: TrainingSession) -> None:
    """Give the seat (or the place in the queue) back; the first person waiting takes it."""
    if session.enrol_by <= utcnow():
        raise Refused(_("The enrolment deadline has passed: ask the organisers to cancel."))
    _lock(session)
    seat = seat_of(learner, session)
    if seat is None or seat.status not in ACTIVE:
        return
    seat.status = SeatStatus.CANCELLED
    db.session.flush()
    fill_from_waiting_list(session)


def fill_from_waiting_list(session: TrainingSession) -> list[Seat]:
    """Freed seats go to the people waiting, in the order they asked; each is told by email."""
    free = session.seats - taken(session)
    if free <= 0:
        return []
    query = select(Seat).filter_by(session_id=session.id, status=SeatStatus.WAITING)
    promoted = list(db.session.scalars(query.order_by(Seat.requested_at, Seat.id).limit(free)))
    for seat in promoted:
        seat.status = SeatStatus.ENROLLED
        if seat.email:
            link = url_for("workshops.session", session_id=session.id, _external=True)
            mail.send_after_commit(seat.email, _("A seat is yours: %(title)s", title=session.title),
                                   _("A seat has become free and it is now yours.\n%(link)s",
                                     link=link), seat.user_id)  # fmt: skip
    return promoted


def invite(trainer: User, session: TrainingSession, email: str) -> str:
    """Enrol a learner by email; an unknown email keeps a seat for the person and invites
    them to register (the seat is theirs once they do). Returns what happened."""
    email = email.strip().lower()
    learner = find_user(email)
    if learner is not None:
        if missing_certificate(learner, session):
            raise Refused(_("%(email)s does not hold the introductory certificate yet.",
                            email=email))  # fmt: skip
        seat = _take_seat(session, learner)
        return (_("%(email)s is enrolled.", email=email) if seat.status == SeatStatus.ENROLLED
                else _("%(email)s is on the waiting list.", email=email))  # fmt: skip
    if _seat_by_email(session, email) is None:
        _lock(session)
        insert_once(Seat(session_id=session.id, email=email, full_name=email,
                         country=session.country, sector="other",
                         status=_next_status(session), invited_by_id=trainer.id))  # fmt: skip
    link = url_for("auth.register", _external=True)
    mail.send_after_commit(email, _("Invitation: %(title)s", title=session.title),
                           _("You are invited to a training session. Register with this email "
                             "address to confirm your seat:\n%(link)s", link=link))  # fmt: skip
    return _("%(email)s has no account yet: an invitation to register was sent.", email=email)


def _seat_by_email(session: TrainingSession, email: str) -> Seat | None:
    return db.session.scalar(select(Seat).filter_by(session_id=session.id, email=email))


def add_participant(session: TrainingSession, profile: dict, recorder: User) -> Seat:
    """Someone on the register without an account: they were there, so no seat limit."""
    email = (profile.get("email") or "").strip().lower() or None
    seat = Seat(session_id=session.id, status=SeatStatus.ENROLLED, invited_by_id=recorder.id,
                **{**profile, "email": email})  # fmt: skip
    if not insert_once(seat):
        raise Refused(_("%(email)s is already on this session's register.", email=email))
    return seat


def claim_seats(user: User) -> int:
    """A new account takes over the seats recorded under its email without one, and any
    certificate that attendance completes is issued. Returns how many seats were claimed."""
    query = select(Seat).where(Seat.email == user.email, Seat.user_id.is_(None))
    seats = list(db.session.scalars(query))
    for seat in seats:
        seat.user = user
        copy_profile(seat, user)
    db.session.flush()
    for seat in seats:
        _after_attendance(seat)
    return len(seats)


# Attendance -----------------------------------------------------------------------------------


def register_of(session: TrainingSession) -> list[Seat]:
    """Everyone enrolled, by name, with the days they attended loaded."""
    query = select(Seat).filter_by(session_id=session.id, status=SeatStatus.ENROLLED)
    query = query.options(selectinload(Seat.attended), selectinload(Seat.user))
    return list(db.session.scalars(query.order_by(func.lower(Seat.full_name), Seat.id)))


def waiting_list(session: TrainingSession) -> list[Seat]:
    query = select(Seat).filter_by(session_id=session.id, status=SeatStatus.WAITING)
    return list(db.session.scalars(query.order_by(Seat.requested_at, Seat.id)))


def required_days(session: TrainingSession) -> int:
    """Days to attend to complete the session: the course rule's N of the session's M days
    where the rule applies to the session's country, else every day."""
    course = outline.current().course_by_id(session.course_id)
    rule = completion.attendance_rule(course, session.country) if course else None
    days = len(session.days)
    return min(rule["days"], days) if rule else days


def has_begun(day: SessionDay) -> bool:
    """Attendance is recorded from a day's start, never ahead: a certificate must not be
    issued for days still to come."""
    return day.starts_at <= utcnow()


def _require_begun(day: SessionDay) -> None:
    if not has_begun(day):
        raise Refused(_("This day has not begun yet: its attendance is marked once it starts."))


def mark_day(session: TrainingSession, day: SessionDay, present: set[int], marker: User) -> int:
    """Record who was there on `day` (seat ids); everyone else on the register was not.
    Returns how many certificates this completed."""
    _require_begun(day)
    issued = 0
    for seat in register_of(session):
        was = any(a.day_id == day.id for a in seat.attended)
        if seat.id in present and not was:
            seat.attended.append(Attendance(day_id=day.id, marked_by_id=marker.id))
        elif seat.id not in present and was:
            seat.attended[:] = [a for a in seat.attended if a.day_id != day.id]
        else:
            continue
        db.session.flush()
        issued += _after_attendance(seat) is not None
    return issued


def mark_present(seat: Seat, day: SessionDay, marker: User) -> None:
    """One person there on one day (the attendance sheet import), kept if already marked."""
    _require_begun(day)
    if all(a.day_id != day.id for a in seat.attended):
        seat.attended.append(Attendance(day_id=day.id, marked_by_id=marker.id))
        db.session.flush()
        _after_attendance(seat)


def _after_attendance(seat: Seat) -> Certificate | None:
    """Keep the seat's completion current; a learner whose course now counts as complete
    (under its attendance rule) gets the certificate, exactly once."""
    session = seat.session
    days = {day.id: day for day in session.days}
    attended = sorted(days[a.day_id].ends_at for a in seat.attended if a.day_id in days)
    needed = required_days(session)
    seat.completed_at = attended[needed - 1] if 0 < needed <= len(attended) else None
    db.session.flush()
    course = outline.current().course_by_id(session.course_id)
    if seat.user is None or course is None:
        return None
    return completion.after_progress(seat.user, course)


def parse_day(text: str, zone) -> tuple[datetime, datetime]:
    """'2026-12-01 09:00-17:00' in the venue's zone, as UTC start and end."""
    day, _sep, hours = text.strip().partition(" ")
    start, _dash, end = hours.strip().partition("-")
    starts = datetime.fromisoformat(f"{day}T{start.strip()}").replace(tzinfo=zone)
    ends = datetime.fromisoformat(f"{day}T{end.strip()}").replace(tzinfo=zone)
    if ends <= starts:
        raise ValueError(text)
    return starts, ends


registered.connect(claim_seats)
