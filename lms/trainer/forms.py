"""Forms of the trainers' workspace."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from lms.content.files import MAX_FILE_BYTES, SLUG
from lms.forms import Form


class EditForm(Form):
    text = TextAreaField(
        _l("Lesson file (front matter, then Markdown)"),
        validators=[DataRequired(), Length(max=MAX_FILE_BYTES)],
        render_kw={"rows": 28, "spellcheck": "true"},
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
