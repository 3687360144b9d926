"""The base form of every area, whose built-in messages come from our catalogues, and small
forms shared by every area."""

from flask_wtf import FlaskForm

from lms.content.codes import N_
from lms.i18n import request_translations


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - gettext's naming
    """Marks a singular/plural pair for the catalogues."""
    return singular, plural


# The messages WTForms writes itself for the fields and validators we use. Its own catalogues
# lack most of our languages (and answer Tetum in Portuguese), so ours translate them.
BUILT_IN_MESSAGES = (
    N_("This field is required."),
    N_("Invalid email address."),
    N_("Not a valid choice."),
    N_("Not a valid integer value."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    NP_("Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters."),
    NP_("Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long."),
)  # fmt: skip


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return request_translations()


class EmptyForm(Form):
    """A POST button: carries only the CSRF token."""
