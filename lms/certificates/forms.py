"""Administrators' revocation form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for revoking"),
        description=_l("Recorded with your name and the time. Shown to administrators only."),
        validators=[DataRequired(), Length(min=5, max=1000)],
    )
