"""Course and module titles in the trainers' workspace: the English beside the translation,
a draft, review by a second person, publication. On the trainer blueprint, so its area and
scope checks apply here too."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.forms import EmptyForm
from lms.permissions import Action, may, require
from lms.trainer import services, titles
from lms.trainer.forms import ReviewForm
from lms.trainer.routes import bp

URL = "/titles/<kind>/<int:owner_id>/<code>"


def _load(kind: str, owner_id: int, code: str) -> titles.TitleWork:
    variant = services.parse_variant(code)
    require(current_user, Action.EDIT_VARIANT, variant)
    return titles.work(kind, owner_id, variant)


def _here(work: titles.TitleWork) -> str:
    return url_for(".titles_workspace", kind=work.kind, owner_id=work.owner.id,
                   code=work.variant.code)  # fmt: skip


def _problems(found: dict) -> dict:
    messages = {"empty": _("Please write the title."), "long": _("This text is too long.")}
    return {name: messages[code] for name, code in found.items()}


def _page(work: titles.TitleWork, texts=None, problems=None, status=200, review_form=None):
    draft = work.draft
    review_form = review_form or ReviewForm(formdata=None, version_id=draft.id if draft else "")
    page = render_template(
        "trainer/titles.html", work=work, texts=texts or work.current(), problems=problems or {},
        status_word=titles.status(work), button=EmptyForm(), review_form=review_form,
        can_review=draft is not None and may(current_user, Action.REVIEW_VERSION, draft),
    )  # fmt: skip
    return page, status


@bp.get(URL)
def titles_workspace(kind: str, owner_id: int, code: str):
    """The English title, summary (and a module's objectives) beside their translation."""
    return _page(_load(kind, owner_id, code))


@bp.post(f"{URL}/save")
def titles_save(kind: str, owner_id: int, code: str):
    """Save a new draft; with a problem nothing is saved and the form keeps what was typed."""
    work = _load(kind, owner_id, code)
    texts, problems = titles.read_form(kind, request.form)
    if problems:
        return _page(work, texts, _problems(problems), 422)
    titles.save_draft(current_user, work, texts)
    flash(_("Draft saved."), "success")
    return redirect(_here(work))


@bp.post(f"{URL}/submit")
def titles_submit(kind: str, owner_id: int, code: str):
    work = _load(kind, owner_id, code)
    if work.draft is not None and services.submit_for_review(work.draft):
        flash(
            _("Sent for review to another trainer of this country or an administrator."), "success"
        )
    return redirect(_here(work))


@bp.post(f"{URL}/review")
def titles_review(kind: str, owner_id: int, code: str):
    """Approve and publish the titles in review, or return them with comments."""
    work = _load(kind, owner_id, code)
    draft = work.draft
    if draft is None or draft.status != services.IN_REVIEW:
        flash(_("There is nothing in review here."), "error")
        return redirect(_here(work))
    require(current_user, Action.REVIEW_VERSION, draft)
    form = ReviewForm()
    if not form.validate_on_submit() or int(form.version_id.data) != draft.id:
        return _page(work, status=422, review_form=form)
    approve = form.decision.data == "approve"
    titles.review(current_user, work, approve, (form.comment.data or "").strip())
    flash(
        _("Published.") if approve else _("Returned to the author with your comments."), "success"
    )
    return redirect(_here(work))
