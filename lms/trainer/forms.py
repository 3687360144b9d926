"""Forms of the trainers' workspace."""

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import NumberInput

from lms.content.files import MAX_FILE_BYTES, SLUG
from lms.forms import Form
from lms.trainer.editor import MAX_SECTIONS


def _minutes(form, field) -> None:
    text = (field.data or "").strip()
    if text and not (text.isdecimal() and 1 <= int(text) <= 9999):
        raise ValidationError(_l("Enter a whole number of minutes, 1 or more."))


def _not_too_long(form, field) -> None:
    if sum(len(part or "") for part in field.data) > MAX_FILE_BYTES:
        raise ValidationError(
            _l("The lesson is too long: at most %(size)d characters.", size=MAX_FILE_BYTES)
        )


def _lines(label, description, rows=3):
    return TextAreaField(label, description=description, validators=[Length(max=20_000)],
                         render_kw={"rows": rows, "spellcheck": "true"})  # fmt: skip


class EditForm(Form):
    """A lesson variant: its front matter in labelled fields, its body one box per section.
    `front` carries the front matter as it was shown, so keys the form does not edit
    (national, source_hash) are kept, and an unchanged one is written back byte for byte."""

    front = HiddenField(validators=[Length(max=MAX_FILE_BYTES)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)],
                        render_kw={"spellcheck": "true"})  # fmt: skip
    estimated_minutes = StringField(
        _l("Estimated minutes"), validators=[_minutes], widget=NumberInput(min=1)
    )
    objectives = _lines(_l("Objectives"), _l("One objective per line."), rows=4)
    content_warning = _lines(
        _l("Content warning"),
        _l("One sentence, shown before the lesson when it mentions abuse or violence."),
        rows=2,
    )
    sources = _lines(_l("Sources"), _l("One source per line."))
    review_note = _lines(_l("Note for the reviewer"), _l("Stored with this version."), rows=2)
    sections = FieldList(
        TextAreaField(validators=[Length(max=MAX_FILE_BYTES)]),
        min_entries=1,
        max_entries=MAX_SECTIONS,
        validators=[_not_too_long],
    )


class ReviewForm(Form):
    # The version the reviewer read: a decision never applies to a text they have not seen.
    version_id = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,9}$")])
    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("approve", _l("Approve and publish")),
            SelectChoice("return", _l("Return with comments")),
        ],
        validators=[DataRequired()],
    )
    comment = TextAreaField(
        _l("Comments for the author"), validators=[Optional(), Length(max=4000)]
    )


class NationalLessonForm(Form):
    slug = StringField(
        _l("Short name for the address"),
        description=_l("Lowercase letters, digits and hyphens, for example national-hotlines."),
        validators=[
            DataRequired(),
            Length(max=60),
            Regexp(SLUG.pattern, message=_l("Use lowercase letters, digits and single hyphens.")),
        ],
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
