"""The trainers' workspace: status matrix, variant editor with preview, review and history."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.content.files import Problem
from lms.content.render import TextTooComplex
from lms.content.variants import Variant
from lms.extensions import db
from lms.forms import EmptyForm
from lms.models import Lesson, LessonVersion, Module
from lms.permissions import Action, may, require, require_area
from lms.trainer import editor, services
from lms.trainer.forms import EditForm, NationalLessonForm, ReviewForm

bp = Blueprint("trainer", __name__, url_prefix="/trainer")


@bp.before_request
@login_required
def only_trainers_and_administrators():
    require_area(current_user, bp.name)


def _editable(code: str) -> Variant:
    """The variant named in the URL (404 if malformed), if the user may edit it (403)."""
    variant = services.parse_variant(code)
    require(current_user, Action.EDIT_VARIANT, variant)
    return variant


def _load(lesson_id: int, code: str) -> tuple[Lesson, Variant]:
    variant = _editable(code)
    lesson = services.get_lesson(lesson_id)
    if lesson.country not in (None, variant.country):
        abort(404)
    return lesson, variant


def _here(lesson: Lesson, variant: Variant) -> str:
    return url_for(".workspace", lesson_id=lesson.id, code=variant.code)


def _learner_view(lesson: Lesson):
    """Lesson HTML as shown here, its links going where they will go on the learner's page."""
    module = lesson.module
    page = url_for("learn.lesson", course_slug=module.course.slug, module_slug=module.slug,
                   lesson_slug=lesson.slug)  # fmt: skip
    return lambda html: services.learner_links(html, page)


@bp.get("")
def matrix():
    """The user's work queue, and the translation status of every module in every variant
    they work on, narrowed by the filters in the query string."""
    chosen = services.matrix_filter(request.args, current_user)
    variants, rows = services.matrix(current_user, chosen)
    countries, locales = services.filter_choices(current_user)
    return render_template(
        "trainer/matrix.html", variants=variants, rows=rows, chosen=chosen, countries=countries,
        locales=locales, statuses=services.STATUS_ORDER, queue=services.work_queue(current_user),
    )  # fmt: skip


@bp.get("/modules/<int:module_id>/<code>")
def module(module_id: int, code: str):
    """One module's lessons in one variant, and adding a national lesson."""
    variant = _editable(code)
    module = db.session.get(Module, module_id) or abort(404)
    return _module_page(module, variant, NationalLessonForm() if variant.country else None)


@bp.post("/modules/<int:module_id>/<code>/national")
def add_national(module_id: int, code: str):
    """Add a lesson that exists for this country only."""
    variant = _editable(code)
    module = db.session.get(Module, module_id) or abort(404)
    if variant.country is None:
        abort(403)
    form = NationalLessonForm()
    if not form.validate_on_submit():
        return _module_page(module, variant, form, 422)
    lesson = services.add_national_lesson(
        current_user, module, variant, form.slug.data, form.title.data
    )
    if lesson is None:
        flash(_("A lesson with this short name already exists in the module."), "error")
        return redirect(url_for(".module", module_id=module.id, code=variant.code))
    return redirect(_here(lesson, variant))


def _module_page(module: Module, variant: Variant, form, status: int = 200):
    lessons = services.module_lessons(module, variant)
    page = render_template(
        "trainer/module.html", module=module, variant=variant, lessons=lessons, form=form
    )
    return page, status


@bp.get("/lessons/<int:lesson_id>/<code>")
def workspace(lesson_id: int, code: str):
    """The variant's editor, preview, review actions, drift and history."""
    lesson, variant = _load(lesson_id, code)
    return _workspace(lesson, variant)


def _workspace(lesson, variant, form=None, preview=None, problems=(), status=200, **extra):
    """The workspace page; the edit and review routes render it again with their form."""
    state = _variant_state(lesson, variant)
    draft = state["draft"]
    current = draft or state["published"]
    source = _source_texts(lesson, state["source"])
    if form is None:
        form = _edit_form(current, len(source["sections"]))
    _in_language(form, variant.locale)
    page = render_template(
        "trainer/workspace.html", lesson=lesson, variant=variant, current=current, form=form,
        preview=preview, problems=problems, starts=services.start_options(lesson, variant),
        review_form=ReviewForm(formdata=None, version_id=draft.id if draft else ""),
        button=EmptyForm(), learner_view=_learner_view(lesson), from_source=source,
        pairs=editor.pairs(source["sections"], list(form.sections)), section_title=editor.heading,
        can_review=lambda version: may(current_user, Action.REVIEW_VERSION, version),
        **state, **extra,
    )  # fmt: skip
    return page, status


def _edit_form(current: LessonVersion | None, source_sections: int) -> EditForm:
    """The editor filled with the version worked on (formdata=None: never the request's)."""
    if current is None:
        return EditForm(formdata=None)
    data = editor.form_data(editor.front_of(current), current.markdown.lstrip(), source_sections)
    return EditForm(formdata=None, data=data)


def _in_language(form: EditForm, locale: str) -> None:
    """The fields hold the variant's language: spell-checked and read aloud in it."""
    for key in editor.FIELDS:
        form[key].render_kw = {**(form[key].render_kw or {}), "lang": locale}


def _source_texts(lesson: Lesson, source: LessonVersion | None) -> dict:
    """The regional English source's current text, shown beside the fields and sections being
    translated: field texts by key, and the body's sections (none for a national lesson)."""
    if source is None or lesson.country is not None:
        return {"fields": {}, "sections": []}
    front = editor.front_of(source)
    fields = {key: editor.field_text(key, front.get(key)) for key in editor.FIELDS}
    return {"fields": fields, "sections": editor.split_sections(source.markdown.lstrip())}


def _variant_state(lesson: Lesson, variant: Variant) -> dict:
    """The variant's versions and what follows from them: status, drift and the review diff."""
    versions = services.versions_of(lesson, variant)
    source, published = services.source_of(lesson), services.published(versions)
    draft = services.working(versions)
    return {
        "versions": versions, "draft": draft, "published": published, "source": source,
        "status": services.status(versions, source),
        "outdated": services.is_outdated(published, source),
        "changes": services.source_changes(lesson, published) if published else [],
        "review_diff": _review_diff(versions, source, draft),
        "returned": services.last_return(versions),
    }  # fmt: skip


def _review_diff(versions, source, draft) -> list[tuple[str, str]]:
    """What a reviewer reads first: the version in review against its base (none for others)."""
    if draft is None or draft.status != services.IN_REVIEW:
        return []
    base = services.review_base(versions, source)
    if base is None or not may(current_user, Action.REVIEW_VERSION, draft):
        return []  # a new national lesson has nothing to compare with: the preview shows it all
    return services.review_diff(base, draft)


@bp.post("/lessons/<int:lesson_id>/<code>/edit")
def edit(lesson_id: int, code: str):
    """Preview (nothing saved) or save a new draft version. The fields make the lesson file,
    checked as an imported file is; with problems, nothing is saved and the fields keep what
    was typed, with each problem placed in its section."""
    lesson, variant = _load(lesson_id, code)
    form = EditForm()
    if not form.validate_on_submit():
        return _workspace(lesson, variant, form=form, status=422)
    composed = editor.compose(form.front.data, _field_texts(form), form.sections.data)
    parsed, html, problems = _checked(lesson, variant, composed)
    if problems:
        placed = [(p, composed.where(p.line)) for p in problems]
        return _workspace(lesson, variant, form=form, problems=placed, status=422)
    if request.form.get("action") == "preview":
        form = _resplit(form, composed)
        return _workspace(lesson, variant, form=form, preview=(parsed.title, html))
    services.save_draft(current_user, lesson, variant, parsed, html)
    flash(_("Draft saved."), "success")
    return redirect(_here(lesson, variant))


def _field_texts(form: EditForm) -> dict[str, str]:
    return {key: form[key].data or "" for key in editor.FIELDS}


def _checked(lesson: Lesson, variant: Variant, composed: editor.Composed):
    """(parsed lesson, its HTML, problems) for the composed file."""
    parsed, problems = services.check_text(lesson, variant, composed.text)
    if parsed is None:
        return None, None, problems
    try:
        return parsed, services.preview_html(lesson, variant, parsed.body), []
    except TextTooComplex as slow:
        return None, None, [Problem(parsed.path, composed.file_line(slow.line), str(slow))]


def _resplit(form: EditForm, composed: editor.Composed) -> EditForm:
    """After a preview, the sections cut again at their headings: a heading typed inside a
    section starts a box of its own, beside its source section."""
    sections = editor.split_sections("".join(composed.sections))
    sections += [""] * (len(form.sections.data) - len(sections))  # the empty boxes stay
    data = {**_field_texts(form), "front": form.front.data, "sections": sections}
    return EditForm(formdata=None, data=data)


@bp.post("/lessons/<int:lesson_id>/<code>/start")
def start(lesson_id: int, code: str):
    """Start the variant from the regional source or an existing translation."""
    lesson, variant = _load(lesson_id, code)
    original = services.start_text(lesson, request.form.get("from", ""))
    if original is None or services.versions_of(lesson, variant):
        abort(400)
    services.copy_as_draft(current_user, lesson, variant, original)
    return redirect(_here(lesson, variant))


@bp.post("/lessons/<int:lesson_id>/<code>/submit")
def submit(lesson_id: int, code: str):
    """Send the current draft for review."""
    lesson, variant = _load(lesson_id, code)
    draft = services.working(services.versions_of(lesson, variant))
    if draft is not None and services.submit_for_review(draft):
        flash(
            _("Sent for review to another trainer of this country or an administrator."), "success"
        )
    return redirect(_here(lesson, variant))


@bp.post("/lessons/<int:lesson_id>/<code>/review")
def review(lesson_id: int, code: str):
    """Approve and publish the version in review, or return it with comments."""
    lesson, variant = _load(lesson_id, code)
    draft = services.working(services.versions_of(lesson, variant))
    if draft is None or draft.status != services.IN_REVIEW:
        flash(_("There is nothing in review for this lesson."), "error")
        return redirect(_here(lesson, variant))
    require(current_user, Action.REVIEW_VERSION, draft)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _workspace(lesson, variant, status=422)
    if int(form.version_id.data) != draft.id:
        return _newer_draft(lesson, variant, int(form.version_id.data), draft)
    approve = form.decision.data == "approve"
    services.review(current_user, draft, approve, (form.comment.data or "").strip())
    flash(
        _("Published.") if approve else _("Returned to the author with your comments."), "success"
    )
    return redirect(_here(lesson, variant))


def _newer_draft(lesson: Lesson, variant: Variant, seen_id: int, draft: LessonVersion):
    """The author saved again after the reviewer opened the page: decide nothing, show what
    changed since the version the reviewer read."""
    seen = _version_of(lesson, variant, seen_id)
    flash(
        _("A newer draft was saved after you opened this page, so nothing was decided. Read "
          "what changed, then send your decision again."),
        "error",
    )  # fmt: skip
    changes = services.diff_lines(seen.markdown, draft.markdown)
    return _workspace(lesson, variant, status=409, review_changes=changes)


@bp.get("/lessons/<int:lesson_id>/<code>/versions/<int:version_id>")
def version(lesson_id: int, code: str, version_id: int):
    """An earlier version, as it was."""
    lesson, variant = _load(lesson_id, code)
    shown = _version_of(lesson, variant, version_id)
    return render_template(
        "trainer/version.html", lesson=lesson, variant=variant, version=shown,
        text=services.file_text(shown), button=EmptyForm(), learner_view=_learner_view(lesson),
    )  # fmt: skip


@bp.post("/lessons/<int:lesson_id>/<code>/versions/<int:version_id>/restore")
def restore(lesson_id: int, code: str, version_id: int):
    """Make an earlier version the current draft (as a new version; history is kept)."""
    lesson, variant = _load(lesson_id, code)
    services.copy_as_draft(current_user, lesson, variant, _version_of(lesson, variant, version_id))
    flash(_("The earlier version is now the current draft."), "success")
    return redirect(_here(lesson, variant))


@bp.post("/lessons/<int:lesson_id>/<code>/mark-current")
def mark_current(lesson_id: int, code: str):
    """After the source changed: the variant needs no change; record it as current."""
    lesson, variant = _load(lesson_id, code)
    current = services.published(services.versions_of(lesson, variant))
    if current is None or not services.is_outdated(current, services.source_of(lesson)):
        abort(400)
    services.mark_current(current_user, current)
    flash(_("Marked as current with the latest regional source."), "success")
    return redirect(_here(lesson, variant))


def _version_of(lesson: Lesson, variant: Variant, version_id: int) -> LessonVersion:
    version = db.session.get(LessonVersion, version_id)
    if (
        version is None
        or version.lesson_id != lesson.id
        or (version.locale, version.country) != (variant.locale, variant.country)
    ):
        abort(404)
    return version


@bp.post("/notifications")
def notifications():
    """Switch one's own email about the work queue on or off (offered with an SMTP server)."""
    current_user.notify_by_email = request.form.get("notify") == "on"
    flash(_("Your email setting has been saved."), "success")
    return redirect(url_for(".matrix") + "#queue")


# Quiz and title translations, on this blueprint:
from lms.trainer import quiz_routes, title_routes  # noqa: E402, F401
