"""The attendance sheet: a CSV import with a dry run (routes on the facilitation blueprint).

Checking a sheet saves nothing and shows what saving would do. The confirmation carries the
checked text back, which is checked again and saved only if it is still clean: a register
changed meanwhile shows the new plan instead."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import HiddenField, TextAreaField
from wtforms.validators import ValidationError

from lms.auth import choices
from lms.forms import Form
from lms.models import SessionDay, TrainingSession
from lms.permissions import Action
from lms.workshops import sheet
from lms.workshops.routes import _day, _managed, manage
from lms.workshops.services import Refused


class SheetForm(Form):
    sheet = FileField(_l("Attendance sheet (CSV file)"),
                      render_kw={"accept": ".csv,.txt,text/csv,text/plain"})  # fmt: skip
    pasted = TextAreaField(
        _l("Or paste the sheet"), render_kw={"rows": 8},
        description=_l("A file chosen above is read instead of the text here."),
    )  # fmt: skip

    def validate_pasted(self, field) -> None:
        if not self.sheet.data and not (field.data or "").strip():
            raise ValidationError(_l("Choose a CSV file or paste the sheet."))

    def content(self) -> bytes | str:
        """The file's bytes (one more than the limit at most: enough to refuse it), else the
        text pasted."""
        if self.sheet.data:
            return self.sheet.data.read(_limit() + 1)
        return self.pasted.data


class ConfirmForm(Form):
    checked = HiddenField()  # the text of the sheet checked


def _limit() -> int:
    """The largest sheet: the confirmation sends it back in a form field, whose size the
    application limits."""
    return min(sheet.MAX_BYTES, current_app.config.get("MAX_FORM_MEMORY_SIZE") or sheet.MAX_BYTES)


@manage.route("/<int:session_id>/days/<int:day_id>/import", methods=["GET", "POST"])
def import_sheet(session_id: int, day_id: int):
    """Check a sheet (nothing saved), then save the sheet checked."""
    found = _managed(session_id, Action.KEEP_REGISTER)
    day, form, confirm = _day(found, day_id), SheetForm(), ConfirmForm(prefix="confirm")
    if confirm.checked.name in request.form:
        return _save(found, day, form, confirm)
    if not form.validate_on_submit():
        return _page(found, day, form, confirm), 422 if form.errors else 200
    plan = sheet.check(form.content(), found, _limit())
    return _page(found, day, form, confirm, plan), 200 if plan.clean else 422


def _save(found: TrainingSession, day: SessionDay, form: SheetForm, confirm: ConfirmForm):
    plan = sheet.check(confirm.checked.data or "", found, _limit())
    if confirm.validate_on_submit() and plan.clean:
        try:
            sheet.apply(plan, found, day, current_user)
        except Refused as refusal:  # an email taken by a concurrent request
            plan.problems.append(sheet.Problem(None, str(refusal)))
            return _page(found, day, form, confirm, plan), 422
        flash(_("Attendance saved: %(matched)d matched, %(new)d new.",
                matched=len(plan.matched), new=len(plan.new_people)), "success")  # fmt: skip
        return redirect(url_for(".attendance", session_id=found.id, day_id=day.id))
    return _page(found, day, form, confirm, plan), 422


def _page(found, day, form, confirm, plan=None):
    if plan is not None:
        form.pasted.data = plan.text if not plan.clean else ""
        confirm.checked.data = plan.text
    return render_template("workshops/manage/import.html", session=found, day=day, form=form,
                           confirm=confirm, plan=plan, limit=_limit(), MAX_ROWS=sheet.MAX_ROWS,
                           SECTORS=choices.SECTORS, GENDERS=choices.GENDERS)  # fmt: skip
