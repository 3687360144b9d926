"""A session's own report: attendance per day, who attended by sex, and completion."""

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.auth.choices import GENDER_GROUP_OF, gender_group_labels
from lms.exports import Table, shown
from lms.extensions import db
from lms.i18n import format_when
from lms.models import Attendance, Seat, SeatStatus, SessionDay, TrainingSession


def sex_group(gender: str | None) -> str:
    return GENDER_GROUP_OF.get(gender or "", "not_stated")


@dataclass
class SessionReport:
    days: list[tuple[SessionDay, int]]  # each day, with how many were there
    enrolled: int
    waiting: int
    attended: Counter = field(default_factory=Counter)  # by sex: at least one day
    completed: Counter = field(default_factory=Counter)  # by sex: the required days

    @property
    def total_attended(self) -> int:
        return sum(self.attended.values())

    @property
    def total_completed(self) -> int:
        return sum(self.completed.values())


def session_report(session: TrainingSession) -> SessionReport:
    """Three aggregate queries, whatever the number of participants."""
    present = dict(
        db.session.execute(
            select(Attendance.day_id, func.count())
            .join(SessionDay)
            .where(SessionDay.session_id == session.id)
            .group_by(Attendance.day_id)
        ).all()
    )
    statuses = dict(
        db.session.execute(
            select(Seat.status, func.count()).filter_by(session_id=session.id).group_by(Seat.status)
        ).all()
    )
    report = SessionReport(
        days=[(day, present.get(day.id, 0)) for day in session.days],
        enrolled=statuses.get(SeatStatus.ENROLLED, 0),
        waiting=statuses.get(SeatStatus.WAITING, 0),
    )
    came = select(Attendance.seat_id).distinct()
    rows = db.session.execute(
        select(Seat.gender, Seat.completed_at.is_not(None), func.count())
        .where(Seat.session_id == session.id, Seat.id.in_(came))
        .group_by(Seat.gender, Seat.completed_at.is_not(None))
    )
    for gender, completed, count in rows:
        report.attended[sex_group(gender)] += count
        if completed:
            report.completed[sex_group(gender)] += count
    return report


def tables(report: SessionReport, session: TrainingSession, reader, threshold: int) -> dict:
    """The report's figures for a download (no names), small counts hidden from a reader
    scoped to countries, as in every other export."""
    labels = gender_group_labels()

    def counted(by_sex: Counter) -> list:
        counts = [by_sex[key] for key in labels]
        return [shown(n, reader, threshold) for n in [*counts, sum(counts)]]

    days: Table = ([_("Day"), _("Present")],
                   [[format_when(day.starts_at, session.timezone), shown(n, reader, threshold)]
                    for day, n in report.days])  # fmt: skip
    sexes: Table = (["", *labels.values(), _("Total")],
                    [[_("Attended"), *counted(report.attended)],
                     [_("Completed"), *counted(report.completed)]])  # fmt: skip
    return {_("Participants by sex"): sexes, _("Attendance per day"): days}
