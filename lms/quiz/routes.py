"""Quiz overview, starting an attempt, answering it, and the results."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms import completion
from lms.certificates.services import holds_valid
from lms.extensions import limiter
from lms.forms import EmptyForm
from lms.i18n import current_locale
from lms.models._types import utcnow
from lms.quiz import services

bp = Blueprint("quiz", __name__, url_prefix="/learn/<course_slug>/quizzes/<quiz_slug>")


def _load(course_slug: str, quiz_slug: str):
    course = completion.open_course(current_user, course_slug)
    return course, services.get_quiz(course, quiz_slug)


@bp.get("")
@login_required
def overview(course_slug: str, quiz_slug: str):
    """The quiz's rules, the learner's attempts so far, and a start button."""
    course, quiz = _load(course_slug, quiz_slug)
    version = services.reader_version(quiz, current_locale(), current_user.country)
    attempts = services.attempts(current_user, quiz)
    refusal = services.start_refusal(current_user, quiz, version.settings, utcnow())
    return render_template(
        "quiz/overview.html",
        course=course,
        quiz=quiz,
        version=version,
        attempts=attempts,
        refusal=refusal,
        passed=any(a.passed for a in attempts),
        form=EmptyForm(),
    )


@bp.post("/start")
@login_required
def start(course_slug: str, quiz_slug: str):
    """Start (or resume) an attempt."""
    course, quiz = _load(course_slug, quiz_slug)
    version = services.reader_version(quiz, current_locale(), current_user.country)
    completion.started(current_user, course)
    try:
        attempt = services.start_attempt(current_user, quiz, version, current_locale())
    except services.AttemptRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for(".overview", course_slug=course.slug, quiz_slug=quiz.slug))
    return redirect(_attempt_url(course, quiz, attempt))


@bp.get("/attempts/<int:attempt_id>")
@login_required
def attempt(course_slug: str, quiz_slug: str, attempt_id: int):
    """An open attempt's questions, or a closed attempt's results."""
    course, quiz = _load(course_slug, quiz_slug)
    attempt = services.get_attempt(current_user, quiz, attempt_id)
    if attempt.is_open:
        return _questions_page(course, quiz, attempt, {}, None)
    passed_ever = any(a.passed for a in services.attempts(current_user, quiz))
    show = services.shows_answers(attempt, passed_ever)
    return render_template(
        "quiz/result.html",
        course=course,
        quiz=quiz,
        attempt=attempt,
        rows=services.feedback(attempt, show),
        show_answers=show,
        certificate=holds_valid(current_user, course),
    )


def _learner_key() -> str:
    return f"learner:{current_user.get_id()}"


@bp.post("/attempts/<int:attempt_id>")
@login_required
@limiter.limit("30 per minute", key_func=_learner_key)
def submit(course_slug: str, quiz_slug: str, attempt_id: int):
    """Grade a submission on the server; a closed, late or tampered one changes nothing."""
    course, quiz = _load(course_slug, quiz_slug)
    attempt = services.get_attempt(current_user, quiz, attempt_id)
    here = _attempt_url(course, quiz, attempt)
    if not attempt.is_open:
        flash(_("This attempt was already submitted. Nothing was changed."), "info")
        return redirect(here)
    if services.is_late(attempt):
        services.close_timed_out(attempt, utcnow())
        flash(_("The time limit had passed, so these answers were not accepted."), "error")
        return redirect(here)
    form = request.form.to_dict(flat=False)
    try:
        submission = services.parse_submission(attempt, form)
    except services.AttemptRefused as refusal:
        return _questions_page(course, quiz, attempt, {}, str(refusal), 400)
    if submission.missing:
        message = _("Please answer every question before you submit.")
        problems = services.problems(attempt, submission.missing)
        return _questions_page(course, quiz, attempt, form, message, 422, problems)
    recorded = services.submit(attempt, submission, current_user.country)
    if recorded and attempt.passed and completion.after_progress(current_user, course):
        flash(
            _("Congratulations! You have completed the course. Your certificate is ready."),
            "success",
        )
    return redirect(here)


def _questions_page(course, quiz, attempt, given: dict, error: str | None, status: int = 200,
                    problems: dict[str, str] | None = None):  # fmt: skip
    """The questions, with the answers given kept; `problems` marks questions to go back to."""
    page = render_template(
        "quiz/attempt.html",
        course=course,
        quiz=quiz,
        attempt=attempt,
        questions=services.presented(attempt, problems),
        given=given,
        error=error,
        problems=bool(problems),
        late=services.is_late(attempt),
        form=EmptyForm(),
    )
    return page, status


def _attempt_url(course, quiz, attempt) -> str:
    return url_for(".attempt", course_slug=course.slug, quiz_slug=quiz.slug, attempt_id=attempt.id)
