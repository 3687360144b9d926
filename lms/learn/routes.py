"""Catalogue, dashboard, course overview, lesson pages and marking lessons complete."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.certificates.services import certificate_for, record_progress, user_certificates
from lms.i18n import current_locale
from lms.learn import services
from lms.learn.forms import EmptyForm

bp = Blueprint("learn", __name__)


@bp.get("/")
def index():
    """The catalogue: every course, with the learner's progress or lock."""
    courses = services.active_courses()
    status = {}
    if current_user.is_authenticated:
        for course in courses:
            missing = services.missing_prerequisites(current_user, course)
            progress = (
                None
                if missing
                else services.course_progress(current_user, course, current_locale())
            )
            status[course.id] = (missing, progress)
    return render_template("learn/index.html", courses=courses, status=status)


@bp.get("/dashboard")
@login_required
def dashboard():
    """The learner's progress in every course they can take, and where to continue."""
    progress = [
        services.course_progress(current_user, course, current_locale())
        for course in services.active_courses()
        if not services.missing_prerequisites(current_user, course)
    ]
    resume = services.continue_point(current_user, progress)
    return render_template(
        "learn/dashboard.html",
        progress=progress,
        resume=resume,
        certificates=user_certificates(current_user),
    )


@bp.get("/learn/<course_slug>")
@login_required
def course(course_slug: str):
    """A course's modules, progress bars and the checklist of what is left."""
    course = services.open_course(current_user, course_slug)
    progress = services.course_progress(current_user, course, current_locale())
    certificate = certificate_for(current_user, course)
    return render_template(
        "learn/course.html", course=course, progress=progress, certificate=certificate
    )


@bp.get("/learn/<course_slug>/<module_slug>/<lesson_slug>")
@login_required
def lesson(course_slug: str, module_slug: str, lesson_slug: str):
    """One lesson, in the reader's variant, with its place in the course."""
    course = services.open_course(current_user, course_slug)
    lesson = services.get_lesson(course, module_slug, lesson_slug, current_user.country)
    version, languages = services.reader_version(lesson, current_locale(), current_user.country)
    progress = services.course_progress(current_user, course, current_locale())
    return render_template(
        "learn/lesson.html",
        course=course,
        lesson=lesson,
        version=version,
        languages=languages,
        progress=progress,
        form=EmptyForm(),
    )


@bp.post("/learn/<course_slug>/<module_slug>/<lesson_slug>/complete")
@login_required
def complete(course_slug: str, module_slug: str, lesson_slug: str):
    """Mark a lesson complete, then go on to the next one. CSRFProtect has checked the token."""
    course = services.open_course(current_user, course_slug)
    lesson = services.get_lesson(course, module_slug, lesson_slug, current_user.country)
    services.complete_lesson(current_user, lesson)
    certificate = record_progress(current_user, course)
    if certificate:
        flash(
            _("Congratulations! You have completed the course. Your certificate is ready."),
            "success",
        )
        return redirect(url_for("certificates.show", course_slug=course.slug))
    flash(_("Lesson marked as complete."), "success")
    progress = services.course_progress(current_user, course, current_locale())
    module = next(m for m in progress.modules if m.module.id == lesson.module_id)
    if module.quiz and not module.quiz.passed and module.done == module.total:
        return redirect(
            url_for("quiz.overview", course_slug=course.slug, quiz_slug=module.quiz.quiz.slug)
        )
    if progress.next_item is None:
        return redirect(url_for(".course", course_slug=course.slug))
    return redirect(url_for(".lesson", **_slugs(progress.next_item.lesson)))


def _slugs(lesson) -> dict[str, str]:
    return {
        "course_slug": lesson.module.course.slug,
        "module_slug": lesson.module.slug,
        "lesson_slug": lesson.slug,
    }
