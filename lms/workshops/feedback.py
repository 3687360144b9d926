"""Anonymous feedback after a session: who may give it, storing it, and the summaries.

The answers are stored without the person, the seat or the time (see `Feedback`); the seat
only records that its holder answered, so no one answers twice. Summaries of fewer than
REPORT_MIN_COUNT answers show nothing but that, to trainers and administrators alike: in a
small group, averages and comments would point to the person who gave them.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.extensions import db
from lms.models import Feedback, Seat, TrainingSession, User
from lms.models._types import utcnow


@dataclass(frozen=True)
class FeedbackSummary:
    """The answers of a group, or, below the threshold, only that there are too few."""

    count: int
    threshold: int
    relevance: float | None = None  # the means, on the 1-5 scale
    confidence_before: float | None = None
    confidence_after: float | None = None
    comments: tuple[str, ...] = ()

    @property
    def shown(self) -> bool:
        return self.count >= self.threshold


def _threshold() -> int:
    return current_app.config["REPORT_MIN_COUNT"]


def _summarised(count: int, relevance, before, after, comments=()) -> FeedbackSummary:
    """The summary as it may be shown: nothing but the count's side of the threshold when
    the group is small, so a template cannot show what it must not."""
    threshold = _threshold()
    if count < threshold:
        return FeedbackSummary(count=count, threshold=threshold)
    return FeedbackSummary(count, threshold, float(relevance), float(before), float(after),
                           tuple(comments))  # fmt: skip


_FIGURES = (func.count(), func.avg(Feedback.relevance), func.avg(Feedback.confidence_before),
            func.avg(Feedback.confidence_after))  # fmt: skip


def summary(session_ids) -> FeedbackSummary:
    """The answers given for these sessions: one aggregate query, and the comments only when
    there are enough answers to show them, in alphabetical order (not the order given, which
    a trainer who watched people answer could match to them)."""
    where = Feedback.session_id.in_(list(session_ids))
    count, relevance, before, after = db.session.execute(select(*_FIGURES).where(where)).one()
    comments = ()
    if count >= _threshold():
        query = select(Feedback.comment).where(where, Feedback.comment != "")
        comments = db.session.scalars(query.order_by(Feedback.comment))
    return _summarised(count, relevance, before, after, comments)


def by_country(countries: tuple[str, ...]) -> list[tuple[str, FeedbackSummary]]:
    """The answers per country (all countries when `countries` is empty), in one GROUP BY.

    Only sessions with enough answers to be shown on their own are counted: otherwise a
    country's figures minus those of its shown sessions would give away a small session's."""
    large = (
        select(Feedback.session_id)
        .group_by(Feedback.session_id)
        .having(func.count() >= _threshold())
    )
    query = (
        select(TrainingSession.country, *_FIGURES)
        .join(TrainingSession, TrainingSession.id == Feedback.session_id)
        .where(Feedback.session_id.in_(large))
        .group_by(TrainingSession.country)
        .order_by(TrainingSession.country)
    )
    if countries:
        query = query.where(TrainingSession.country.in_(countries))
    return [(country, _summarised(*figures)) for country, *figures in db.session.execute(query)]


# Giving feedback ------------------------------------------------------------------------------


def seat_for_feedback(user: User, session: TrainingSession, lock: bool = False) -> Seat | None:
    """The user's own seat in the session. With `lock`, held until the commit (PostgreSQL;
    SQLite's write lock already queues the request), so a double submission is seen as one."""
    query = select(Seat).filter_by(session_id=session.id, user_id=user.id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def refusal(seat: Seat) -> str | None:
    """Why the seat's holder may not give feedback now; None when they may."""
    if seat.feedback_given:
        return _("You have already given your feedback on this session. Thank you.")
    if seat.session.ends_at > utcnow():
        return _("You can give feedback once the session's last day has ended.")
    if not seat.attended:
        return _("Feedback is given by the participants who attended the session.")
    return None


def give(seat: Seat, relevance: int, before: int, after: int, comment: str) -> Feedback:
    """Store the answers, unlinked from the person; the seat only remembers they were given."""
    answers = Feedback(session_id=seat.session_id, relevance=relevance, confidence_before=before,
                       confidence_after=after, comment=comment.strip())  # fmt: skip
    seat.feedback_given = True
    db.session.add(answers)
    db.session.flush()
    return answers
