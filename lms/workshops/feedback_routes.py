"""Feedback after a session: the participant's form (routes on the learners' blueprint)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.models import Seat
from lms.workshops import feedback as answers
from lms.workshops.forms import FeedbackForm
from lms.workshops.routes import bp, get_session


@bp.route("/<int:session_id>/feedback", methods=["GET", "POST"])
def give_feedback(session_id: int):
    """Once, for a participant who attended, after the last day. A second submission waits
    on the first one's lock, then finds the seat's flag set."""
    found = get_session(session_id)
    seat = answers.seat_for_feedback(current_user, found, lock=request.method == "POST")
    if seat is None:
        abort(404)
    page = {"session": found, "threshold": current_app.config["REPORT_MIN_COUNT"]}
    refusal = answers.refusal(seat)
    if refusal:
        return render_template("workshops/feedback.html", refusal=refusal, **page), 403
    form = FeedbackForm()
    if form.validate_on_submit():
        answers.give(seat, form.relevance.data, form.confidence_before.data,
                     form.confidence_after.data, form.comment.data or "")  # fmt: skip
        flash(_("Thank you for your feedback."), "success")
        return redirect(url_for(".session", session_id=found.id))
    status = 422 if form.errors else 200
    return render_template("workshops/feedback.html", form=form, **page), status


@bp.app_template_global()
def may_give_feedback(seat: Seat | None) -> bool:
    """For the session page's link: the same rule as the form's."""
    return seat is not None and answers.refusal(seat) is None
