"""Forms for training sessions: creating one, the register, invitations and feedback."""

from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from lms.auth import choices
from lms.forms import Form
from lms.i18n import ZONES
from lms.workshops.services import parse_day

MAX_DAYS = 30


def _days(form, field) -> None:
    """Each line a day in the venue's zone; the parsed days are kept for the view."""
    zone = ZoneInfo(form.timezone.data) if form.timezone.data in ZONES else None
    lines = [line for line in (field.data or "").splitlines() if line.strip()]
    if not lines:
        raise ValidationError(_l("Enter at least one day."))
    if len(lines) > MAX_DAYS:
        raise ValidationError(_l("At most %(n)d days.", n=MAX_DAYS))
    parsed = []
    for number, line in enumerate(lines, 1):
        try:
            parsed.append(parse_day(line, zone))
        except ValueError:
            message = _l("Line %(n)d: write a day as 2026-12-01 09:00-17:00.", n=number)
            raise ValidationError(message) from None
    field.parsed = sorted(parsed)


class SessionForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    course = SelectField(_l("Course"), coerce=int)
    modules = SelectMultipleField(
        _l("Modules covered"), validators=[Optional()],
        description=_l("Leave empty when the session covers the whole course."),
    )  # fmt: skip
    country = SelectField(_l("Country"))
    locale = SelectField(_l("Language"))
    timezone = SelectField(_l("Venue time zone"),
                           description=_l("Dates and times below are in this zone."))  # fmt: skip
    days = TextAreaField(
        _l("Days"), validators=[_days],
        description=_l("One day per line, for example: 2026-12-01 09:00-17:00"),
        render_kw={"rows": 3},
    )  # fmt: skip
    enrol_by = StringField(
        _l("Enrolment deadline"), validators=[DataRequired()],
        description=_l("Date and time in the venue's zone, for example: 2026-11-28 17:00"),
    )  # fmt: skip
    seats = IntegerField(_l("Seats"), validators=[DataRequired(), NumberRange(1, 1000)])
    venue = TextAreaField(_l("Venue"), validators=[Length(max=1000)], render_kw={"rows": 2})
    meeting_url = StringField(_l("Meeting link (live online sessions)"),
                              validators=[Optional(), URL(), Length(max=500)])  # fmt: skip
    facilitators = TextAreaField(
        _l("Facilitators"), validators=[Length(max=2000)],
        description=_l("Email addresses of trainers, one per line."),
        render_kw={"rows": 2},
    )  # fmt: skip

    def validate_venue(self, field) -> None:
        if not (field.data or "").strip() and not (self.meeting_url.data or "").strip():
            raise ValidationError(_l("Give a venue or a meeting link."))


class InviteForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class ParticipantForm(Form):
    """Someone attending without an account: what the reports count them by."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email (optional)"),
                       validators=[Optional(), Email(), Length(max=254)])  # fmt: skip
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=200)])
    gender = SelectField(_l("Sex or gender"), validators=[Optional()])
    country = SelectField(_l("Country where they work"))
    sector = SelectField(_l("Sector"))
    organisation_type = SelectField(_l("Type of organisation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gender.choices = choices.gender_choices()
        self.country.choices = choices.country_choices()
        self.sector.choices = choices.unchosen(choices.options(choices.SECTORS))
        self.organisation_type.choices = choices.options(choices.ORGANISATION_TYPES)

    def profile(self) -> dict:
        profile = {name: getattr(self, name).data for name in PARTICIPANT_FIELDS}
        return {**profile, "gender": profile["gender"] or None}  # "" from the form: not given


PARTICIPANT_FIELDS = ("full_name", "email", "organisation", "gender", "country", "sector",
                      "organisation_type")  # fmt: skip


def _scale(label):
    return RadioField(label, coerce=int, validators=[DataRequired()],
                      choices=[SelectChoice(n, str(n)) for n in range(1, 6)])  # fmt: skip


class FeedbackForm(Form):
    relevance = _scale(_l("How relevant was the session to your work? (1: not at all, 5: very)"))
    confidence_before = _scale(
        _l("Before the session, how confident were you in responding to a possible victim? "
           "(1: not at all, 5: very)")
    )  # fmt: skip
    confidence_after = _scale(_l("And after the session? (1: not at all, 5: very)"))
    comment = TextAreaField(
        _l("What would you change or keep? (optional; do not name anyone)"),
        validators=[Length(max=2000)], render_kw={"rows": 4},
    )  # fmt: skip
