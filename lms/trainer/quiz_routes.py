"""Quiz-bank translations in the trainers' workspace: the side-by-side form, saving a draft,
sending it for review and the second trainer's decision. Registered on the trainer blueprint,
so its scope and area checks apply here too."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.forms import EmptyForm
from lms.models import Module
from lms.permissions import Action, may, require
from lms.trainer import quizzes, services
from lms.trainer.forms import ReviewForm
from lms.trainer.routes import bp


def _load(module_id: int, code: str) -> quizzes.QuizState:
    """The variant (404 if malformed; 403 if the user may not edit it) of the module's quiz."""
    variant = services.parse_variant(code)
    require(current_user, Action.EDIT_VARIANT, variant)
    return quizzes.state(quizzes.module_quiz(module_id), variant)


def _here(work: quizzes.QuizState) -> str:
    return url_for(".quiz_workspace", module_id=work.quiz.module_id, code=work.variant.code)


@bp.app_template_global()
def quiz_translation(module: Module, variant) -> tuple[str, str] | None:
    """For the module page: the link to the module's quiz translation and its status."""
    quiz = quizzes.live_quiz(module)
    source = quizzes.source_of(quiz) if quiz else None
    if source is None:
        return None
    url = url_for("trainer.quiz_workspace", module_id=module.id, code=variant.code)
    return url, services.status(quizzes.versions_of(quiz, variant), source)


@bp.get("/quizzes/<int:module_id>/<code>")
def quiz_workspace(module_id: int, code: str):
    """The source bank beside its translation, text by text, with the review actions."""
    return _page(_load(module_id, code))


def _page(work, typed=None, errors=None, status=200, review_form=None):
    draft = work.draft
    if review_form is None:
        review_form = ReviewForm(formdata=None, version_id=draft.id if draft else "")
    groups = quizzes.by_question(quizzes.rows(work, typed, errors))
    page = render_template(
        "trainer/quiz.html", work=work, groups=groups, errors=errors or {}, button=EmptyForm(),
        review_form=review_form,
        can_review=draft is not None and may(current_user, Action.REVIEW_VERSION, draft),
    )  # fmt: skip
    return page, status


@bp.post("/quizzes/<int:module_id>/<code>/save")
def quiz_save(module_id: int, code: str):
    """Save the texts as a new draft. With an empty or too long text nothing is saved, and the
    form comes back with everything as typed and each problem beside its field."""
    work = _load(module_id, code)
    texts, errors = quizzes.read_form(work.source, request.form)
    if errors:
        return _page(work, texts, errors, 422)
    quizzes.save_draft(current_user, work, texts)
    flash(_("Draft saved."), "success")
    return redirect(_here(work))


@bp.post("/quizzes/<int:module_id>/<code>/submit")
def quiz_submit(module_id: int, code: str):
    """Send the saved draft for review."""
    work = _load(module_id, code)
    if work.draft is not None and services.submit_for_review(work.draft):
        flash(
            _("Sent for review to another trainer of this country or an administrator."), "success"
        )
    return redirect(_here(work))


@bp.post("/quizzes/<int:module_id>/<code>/review")
def quiz_review(module_id: int, code: str):
    """Approve and publish the translation in review, or return it with comments."""
    work = _load(module_id, code)
    draft = work.draft
    if draft is None or draft.status != services.IN_REVIEW:
        flash(_("There is nothing in review for this quiz."), "error")
        return redirect(_here(work))
    require(current_user, Action.REVIEW_VERSION, draft)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _page(work, status=422, review_form=form)
    if int(form.version_id.data) != draft.id:
        flash(_("A newer draft was saved after you opened this page, so nothing was decided. "
                "Read it, then send your decision again."), "error")  # fmt: skip
        return _page(work, status=409)
    approve = form.decision.data == "approve"
    quizzes.review(current_user, work, approve, (form.comment.data or "").strip())
    flash(
        _("Published.") if approve else _("Returned to the author with your comments."), "success"
    )
    return redirect(_here(work))
