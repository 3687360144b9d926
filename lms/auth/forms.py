"""Account forms. Only the fields listed here are read: a tampered `role` field is ignored."""

import unicodedata

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from lms.auth import choices
from lms.auth.passwords import MAX_LENGTH, password_problem
from lms.certificates.pdf import unprintable
from lms.forms import Form


def clean_text(value: str | None) -> str | None:
    """Trim, normalise and drop control characters, so names print cleanly on certificates."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value)
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cc").strip()


def printable_on_certificates(form, field) -> None:
    """Validator: every character of a name must be printable on the certificate."""
    if missing := unprintable(field.data or ""):
        raise ValidationError(
            _("These characters cannot be printed on a certificate: %(characters)s. Please "
              "remove them.", characters=" ".join(missing))
        )  # fmt: skip


def _lower(value: str | None) -> str | None:
    return value.strip().lower() if value else value


class NewPassword:
    """Validator: the password rules, with the form's name and email as words to avoid."""

    def __call__(self, form, field):
        personal = (
            (getattr(form, "full_name", None) and form.full_name.data) or "",
            (getattr(form, "email", None) and (form.email.data or "").split("@")[0]) or "",
        )
        if problem := password_problem(field.data or "", personal):
            raise ValidationError(str(problem))


class ProfileForm(Form):
    full_name = StringField(
        _l("Full name"),
        description=_l("As it should appear on your certificates."),
        filters=[clean_text],
        validators=[DataRequired(), Length(min=2, max=200), printable_on_certificates],
    )
    # Nothing is preselected: a learner who skips a field is asked, never misclassified.
    country = SelectField(
        _l("Country where you work"),
        choices=lambda: choices.unchosen(choices.country_choices()),
        validators=[DataRequired(message=_l("Please choose the country where you work."))],
    )
    locale = SelectField(_l("Preferred language"), choices=choices.locale_choices)
    timezone = SelectField(
        _l("Time zone"),
        description=_l("Deadlines and dates are shown in this zone."),
        choices=choices.zone_choices,
        filters=[lambda zone: zone or ""],  # not chosen: the country's zone
    )
    sector = SelectField(
        _l("Sector"),
        choices=lambda: choices.unchosen(choices.options(choices.SECTORS)),
        validators=[DataRequired(message=_l("Please choose your sector."))],
    )
    organisation_type = SelectField(
        _l("Type of organisation"),
        choices=lambda: choices.unchosen(choices.options(choices.ORGANISATION_TYPES)),
        validators=[DataRequired(message=_l("Please choose your type of organisation."))],
    )
    gender = SelectField(
        _l("Gender (optional)"),
        description=_l(
            "Optional. Used only in anonymous totals that donors ask for; never shown to others."
        ),
        choices=choices.gender_choices,
        validators=[Optional()],
    )


class RegisterForm(ProfileForm):
    email = EmailField(
        _l("Email"),
        filters=[_lower],
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        description=_l(
            "At least 8 characters. A long phrase is easy to remember and hard to guess."
        ),
        validators=[DataRequired(), NewPassword()],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    consent = BooleanField(
        _l("I have read the privacy notice. I agree that my country, sector, type of "
           "organisation and, if I give it, my gender are used in anonymous totals."),
        validators=[DataRequired(message=_l("Please read the privacy notice and agree, or do "
                                            "not create an account."))],
    )  # fmt: skip


class LoginForm(Form):
    email = EmailField(_l("Email"), filters=[_lower], validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class PasswordForm(Form):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
    password = PasswordField(_l("New password"), validators=[DataRequired(), NewPassword()])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class ForgotForm(Form):
    email = EmailField(_l("Email"), filters=[_lower], validators=[DataRequired(), Length(max=254)])


class ResetForm(Form):
    password = PasswordField(_l("New password"), validators=[DataRequired(), NewPassword()])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class DeleteForm(Form):
    password = PasswordField(
        _l("Your password"),
        description=_l("To be sure it is you."),
        validators=[DataRequired(), Length(max=MAX_LENGTH)],
    )
