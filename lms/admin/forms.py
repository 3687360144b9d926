"""Administrators' forms. Every action carries a reason, which goes to the audit log."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from lms.auth import choices
from lms.auth.forms import clean_text, printable_on_certificates
from lms.forms import Form
from lms.models import Role


def reason_field():
    return TextAreaField(
        _l("Reason"),
        description=_l("Recorded in the audit log with your name and the time."),
        validators=[DataRequired(), Length(min=5, max=1000)],
        render_kw={"rows": 2},
    )


class ProfileCorrectionForm(Form):
    full_name = StringField(_l("Full name"), filters=[clean_text],
                            validators=[DataRequired(), Length(min=2, max=200),
                                        printable_on_certificates])  # fmt: skip
    country = SelectField(_l("Country where they work"), choices=choices.country_choices)
    sector = SelectField(_l("Sector"), choices=choices.options(choices.SECTORS))
    organisation_type = SelectField(
        _l("Type of organisation"), choices=choices.options(choices.ORGANISATION_TYPES)
    )
    reason = reason_field()


class GrantForm(Form):
    quiz = SelectField(_l("Quiz"), coerce=int)
    extra = IntegerField(_l("Extra attempts"), default=1,
                         validators=[DataRequired(), NumberRange(min=1, max=10)])  # fmt: skip
    reason = reason_field()


class RoleForm(Form):
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(Role.LEARNER.value, _l("Learner")),
            SelectChoice(Role.TRAINER.value, _l("Trainer")),
            SelectChoice(Role.ADMIN.value, _l("Administrator")),
        ],
    )
    countries = SelectMultipleField(
        _l("Countries (trainers and national administrators)"),
        choices=choices.country_options,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
    reason = reason_field()


class ActiveForm(Form):
    reason = reason_field()


class ReissueForm(Form):
    full_name = StringField(_l("Corrected name"), filters=[clean_text],
                            validators=[DataRequired(), Length(min=2, max=200),
                                        printable_on_certificates])  # fmt: skip
    reason = reason_field()


class RevokeForm(Form):
    reason = TextAreaField(
        _l("Reason for revoking"),
        description=_l("Recorded with your name and the time. Shown to administrators only."),
        validators=[DataRequired(), Length(min=5, max=1000)],
    )
