"""Catalogue, dashboard, course overview, lesson pages and marking lessons complete."""

import io

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms import completion
from lms.certificates import services as certificates
from lms.forms import EmptyForm
from lms.i18n import current_locale
from lms.learn import services
from lms.store import outline

bp = Blueprint("learn", __name__)


@bp.get("/")
def index():
    """The catalogue: every course, with the learner's progress or lock."""
    courses = outline.current().courses
    status = {}
    if current_user.is_authenticated:
        for course in courses:
            missing = completion.missing_prerequisites(current_user, course.course)
            progress = (
                None
                if missing
                else services.course_progress(current_user, course, current_locale())
            )
            status[course.course.id] = (missing, progress)
    return render_template("learn/index.html", courses=[c.course for c in courses], status=status)


@bp.get("/dashboard")
@login_required
def dashboard():
    """The learner's progress in every course they can take, and where to continue."""
    progress = [
        services.course_progress(current_user, course, current_locale())
        for course in outline.current().courses
        if not completion.missing_prerequisites(current_user, course.course)
    ]
    resume = services.continue_point(current_user, progress)
    return render_template(
        "learn/dashboard.html",
        progress=progress,
        resume=resume,
        certificates=services.held_certificates(current_user),
    )


@bp.get("/learn/<course_slug>")
@login_required
def course(course_slug: str):
    """A course's modules, progress bars and the checklist of what is left."""
    course = completion.open_course(current_user, course_slug)
    progress = services.course_progress(current_user, _outline(course), current_locale())
    certificate = certificates.certificate_for(current_user, course)
    return render_template(
        "learn/course.html", course=course, progress=progress, certificate=certificate
    )


@bp.get("/learn/<course_slug>/<module_slug>/<lesson_slug>")
@login_required
def lesson(course_slug: str, module_slug: str, lesson_slug: str):
    """One lesson, in the reader's variant, with its place in the course."""
    course = completion.open_course(current_user, course_slug)
    lesson = services.get_lesson(_outline(course), module_slug, lesson_slug, current_user.country)
    version, languages = services.reader_version(lesson, current_locale(), current_user.country)
    progress = services.course_progress(current_user, _outline(course), current_locale())
    return render_template(
        "learn/lesson.html",
        course=course,
        lesson=lesson,
        version=version,
        languages=languages,
        progress=progress,
        form=EmptyForm(),
    )


@bp.get("/learn/<course_slug>/certificate")
@login_required
def certificate(course_slug: str):
    """The learner's certificate for a course, as a printable page."""
    certificate = _own_certificate(course_slug)
    shown = certificates.details(certificate)
    return render_template("learn/certificate.html", certificate=certificate, **shown)


@bp.get("/learn/<course_slug>/certificate.pdf")
@login_required
def certificate_pdf(course_slug: str):
    """The certificate as a PDF in the learner's language, with a QR code to verify it."""
    certificate = _own_certificate(course_slug)
    if not certificate.is_valid:  # a revoked certificate is never handed out as valid
        return render_template("learn/certificate.html", certificate=certificate,
                               **certificates.details(certificate)), 410  # fmt: skip
    name = f"certificate-{certificate.course.slug}.pdf"
    document = io.BytesIO(certificates.document(certificate))
    return send_file(document, mimetype="application/pdf", as_attachment=True, download_name=name)


def _own_certificate(course_slug: str):
    course = completion.open_course(current_user, course_slug)
    return certificates.certificate_for(current_user, course) or abort(404)


@bp.post("/learn/<course_slug>/<module_slug>/<lesson_slug>/complete")
@login_required
def complete(course_slug: str, module_slug: str, lesson_slug: str):
    """Mark a lesson complete, then go on to the next one. CSRFProtect has checked the token."""
    course = completion.open_course(current_user, course_slug)
    lesson = services.get_lesson(_outline(course), module_slug, lesson_slug, current_user.country)
    services.complete_lesson(current_user, lesson)
    certificate = completion.after_lesson(current_user, lesson)
    if certificate:
        flash(
            _("Congratulations! You have completed the course. Your certificate is ready."),
            "success",
        )
        return redirect(url_for(".certificate", course_slug=course.slug))
    flash(_("Lesson marked as complete."), "success")
    progress = services.course_progress(current_user, _outline(course), current_locale())
    module = next(m for m in progress.modules if m.module.id == lesson.module.id)
    if module.quiz and not module.quiz.passed and module.done == module.total:
        return redirect(
            url_for("quiz.overview", course_slug=course.slug, quiz_slug=module.quiz.quiz.slug)
        )
    if progress.next_item is None:
        return redirect(url_for(".course", course_slug=course.slug))
    return redirect(url_for(".lesson", **_slugs(progress.next_item.lesson)))


def _outline(course):
    return outline.current().course(course.slug)


def _slugs(lesson) -> dict[str, str]:
    return {
        "course_slug": lesson.module.course.slug,
        "module_slug": lesson.module.slug,
        "lesson_slug": lesson.slug,
    }
