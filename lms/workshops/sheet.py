"""The attendance sheet: a CSV of the people present on one day, checked in full before
anything is saved.

`check` reads the sheet and finds each person: on the session's register by email, among
the accounts by email, on the register by name and organisation, or else as a new participant
without an account. Whatever cannot be read or found is a problem, with the line it is on (the
header is line 1), and a sheet with any problem saves nothing: `apply` refuses it.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.auth.choices import GENDERS, ORGANISATION_TYPES, SECTORS
from lms.database import insert_once
from lms.extensions import db
from lms.i18n import COUNTRIES, OTHER_COUNTRY
from lms.models import Seat, SeatStatus, SessionDay, TrainingSession, User
from lms.workshops import services
from lms.workshops.forms import PARTICIPANT_FIELDS
from lms.workshops.services import copy_profile

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
LONGEST = {"email": 254, "full_name": 200, "organisation": 200}

# Header names as people write them, folded (see `_fold`), and the column each one is.
COLUMNS = {
    "email": "email", "e mail": "email", "email address": "email",
    "name": "full_name", "full name": "full_name",
    "organisation": "organisation", "organization": "organisation",
    "sex": "gender", "gender": "gender",
    "country": "country",
    "sector": "sector",
    "organisation type": "organisation_type", "organization type": "organisation_type",
}  # fmt: skip
# Sexes as sign-in sheets often write them, besides our keys and labels.
SEXES = {"female": "woman", "f": "woman", "w": "woman", "male": "man", "m": "man",
         "other": "another", "not stated": "undisclosed"}  # fmt: skip
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass
class Problem:
    line: int | None  # None: the file as a whole
    message: str


@dataclass
class Row:
    """One person on the sheet, as read (values checked, keys of our lists)."""

    line: int
    full_name: str = ""
    email: str | None = None
    organisation: str = ""
    gender: str | None = None
    country: str = ""
    sector: str | None = None
    organisation_type: str = "other"

    def profile(self) -> dict:
        return {name: getattr(self, name) for name in PARTICIPANT_FIELDS}


@dataclass
class Match:
    """A row found on the register (`seat`) or among the accounts (`user`, no seat yet)."""

    row: Row
    seat: Seat | None
    user: User | None = None
    by_name: bool = False

    @property
    def line(self) -> int:
        return self.row.line

    @property
    def full_name(self) -> str:
        return self.seat.full_name if self.seat else self.user.full_name

    @property
    def organisation(self) -> str:
        return (self.seat.organisation if self.seat else "") or self.row.organisation

    @property
    def adds_email(self) -> bool:
        """A participant recorded without an email, whose email the sheet gives."""
        seat = self.seat
        return bool(seat and seat.user_id is None and self.user is None and not seat.email
                    and self.row.email)  # fmt: skip

    def notes(self) -> list[str]:
        """What saving changes on the register besides the attendance, in the reader's words."""
        if self.seat is None:
            return [_("Has an account: gets a seat on the register.")]
        notes = [_("Found by name and organisation.") if self.by_name else _("Found by email.")]
        if self.seat.status == SeatStatus.WAITING:
            notes.append(_("On the waiting list: gets a seat."))
        elif self.seat.status == SeatStatus.CANCELLED:
            notes.append(_("Had cancelled: gets the seat back."))
        if self.user is not None and self.seat.user_id is None:
            notes.append(_("The seat is linked to their account."))
        if self.adds_email:
            notes.append(_("Their email is added to the register."))
        return notes


@dataclass
class SheetPlan:
    """What saving the sheet would do, or why it cannot be saved."""

    text: str = ""  # as read: the confirmation carries it back to be checked again
    matched: list[Match] = field(default_factory=list)
    new_people: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # columns we do not read

    @property
    def clean(self) -> bool:
        return not self.problems and bool(self.matched or self.new_people)


class Unreadable(Exception):  # noqa: N818 - a problem for the person, not an error
    """The sheet as a whole cannot be read; the message says why, in the reader's words."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


# Reading ----------------------------------------------------------------------------------------


def check(data: bytes | str, session: TrainingSession, limit: int = MAX_BYTES) -> SheetPlan:
    """The plan for a sheet (a file's bytes, or text pasted or carried back by the
    confirmation), no larger than `limit` bytes. Nothing is written. The plan keeps the text
    to be corrected or confirmed, unless the file as a whole is refused."""
    text = ""
    try:
        if isinstance(data, bytes) and len(data) > limit:
            raise _too_large(limit)
        text = decode(data)
        if size(text) > limit:
            raise _too_large(limit)
        rows, problems, ignored = read(text, session.country)
    except Unreadable as unreadable:
        kept = text if unreadable.line else ""
        return SheetPlan(text=kept, problems=[Problem(unreadable.line, str(unreadable))])
    wrong = {problem.line for problem in problems}
    plan = match([row for row in rows if row.line not in wrong], session)
    plan.text, plan.ignored = text, ignored
    plan.problems = sorted(problems + plan.problems, key=lambda problem: problem.line)
    return plan


def _too_large(limit: int) -> Unreadable:
    return Unreadable(_("The sheet is larger than %(kb)d KB: split it into smaller sheets.",
                        kb=limit // 1024))  # fmt: skip


def decode(data: bytes | str) -> str:
    """UTF-8 text (a byte order mark tolerated) with line ends as a browser sends them back
    in a form, so the text checked is the text saved."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            message = _("The file is not UTF-8 text. Save the sheet as “CSV UTF-8” and try again.")
            raise Unreadable(message) from None
    if "\x00" in data:  # a spreadsheet's own format, or another binary file
        raise Unreadable(_("The file is not a CSV sheet. Save the sheet as “CSV UTF-8” and try "
                           "again."))  # fmt: skip
    return data.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def size(text: str) -> int:
    """Bytes in a form field, where every line ends with CR LF."""
    return len(text.encode()) + text.count("\n")


def read(text: str, country: str) -> tuple[list[Row], list[Problem], list[str]]:
    """The rows of the sheet, the problems found in them, and the columns not read.
    `country` is the one of people whose row gives none."""
    records = _records(text)
    header = next(records, None)
    if header is None:
        raise Unreadable(_("The sheet is empty."))
    columns, problems, ignored = _header(*header)
    reader, rows = _Values(country, columns, len(header[1])), []
    for line, cells in records:
        if len(rows) == MAX_ROWS:
            raise Unreadable(_("The sheet has more than %(n)d people: split it into smaller "
                               "sheets.", n=MAX_ROWS))  # fmt: skip
        row, found = reader.row(line, cells)
        rows.append(row)
        problems += found
    if not rows and not problems:
        problems.append(Problem(header[0], _("The sheet has a header row but no one on it.")))
    return rows, problems, ignored


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the line it starts on (a quoted value may span lines).
    Comma, semicolon or tab separated: whichever the header uses most, or what Excel's
    `sep=` line says."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    excel = re.fullmatch(r"sep=(.)", first, re.IGNORECASE)
    delimiter = excel[1] if excel else max(",;\t", key=first.count)
    records = _numbered(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                                   strict=True))  # fmt: skip
    if excel:
        next(records)
    yield from records


def _numbered(reader) -> Iterator[tuple[int, list[str]]]:
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error:
        raise Unreadable(_("From this line on, the sheet cannot be read as CSV."),
                         start) from None  # fmt: skip


def _header(line: int, cells: list[str]) -> tuple[dict[str, int], list[Problem], list[str]]:
    """Where each column we read is; unknown columns are listed, not refused."""
    columns, problems, ignored = {}, [], []
    for position, cell in enumerate(cells):
        name = COLUMNS.get(_fold(cell))
        if name is None:
            if cell.strip():
                ignored.append(cell.strip())
        elif name in columns:
            problems.append(Problem(line, _("The column “%(name)s” appears twice.",
                                            name=cell.strip())))  # fmt: skip
        else:
            columns[name] = position
    if "email" not in columns and not {"full_name", "organisation"} <= columns.keys():
        raise Unreadable(_("The sheet needs an “email” column, or “name” and “organisation” "
                           "columns, in its first row."), line)  # fmt: skip
    return columns, problems, ignored


class _Values:
    """Reads the values of rows: our keys, their English labels and the reader's own."""

    def __init__(self, country: str, columns: dict[str, int], width: int):
        self.columns, self.width = columns, width
        self.choices = (
            ("gender", {**_names(GENDERS), **SEXES}, None, lambda value: _(
                "The sex “%(value)s” is not in the list: write woman, man, another or "
                "undisclosed.", value=value)),
            ("country", {**_names(COUNTRIES), _fold(OTHER_COUNTRY): OTHER_COUNTRY}, country,
             lambda value: _("The country “%(value)s” is not in the list: write a two-letter "
                             "code, such as TH.", value=value)),
            ("sector", _names(SECTORS), None,
             lambda value: _("The sector “%(value)s” is not in the list.", value=value)),
            ("organisation_type", _names(ORGANISATION_TYPES), "other", lambda value: _(
                "The type of organisation “%(value)s” is not in the list: write government, "
                "ngo, international or other.", value=value)),
        )  # fmt: skip

    def row(self, line: int, cells: list[str]) -> tuple[Row, list[Problem]]:
        values = {name: " ".join(cells[at].split()) if at < len(cells) else ""
                  for name, at in self.columns.items()}  # fmt: skip
        row, messages = Row(line), []
        if any(cell.strip() for cell in cells[self.width :]):
            messages.append(_("The row has more values than the header row has columns: put "
                              "values with a comma in quotes."))  # fmt: skip
        messages += self._text(row, values) + self._choices(row, values)
        return row, [Problem(line, message) for message in messages]

    @staticmethod
    def _text(row: Row, values: dict) -> list[str]:
        row.full_name = values.get("full_name", "")
        row.organisation = values.get("organisation", "")
        row.email = values.get("email", "").lower() or None
        messages = []
        if not row.email and not row.full_name:
            messages.append(_("Give an email or a name."))
        if row.email and not EMAIL.fullmatch(row.email):
            messages.append(_("“%(value)s” is not an email address.", value=row.email))
        for name, longest in LONGEST.items():
            value = getattr(row, name) or ""
            if len(value) > longest:
                messages.append(_("“%(value)s…” is longer than %(n)d characters.",
                                  value=value[:20], n=longest))  # fmt: skip
        return messages

    def _choices(self, row: Row, values: dict) -> list[str]:
        """Each list's value by key or label; an empty cell is the column's default."""
        messages = []
        for name, known, default, refused in self.choices:
            value = values.get(name, "")
            found = known.get(_fold(value)) if value else default
            if value and found is None:
                messages.append(refused(value))
            setattr(row, name, found)
        return messages


def _names(mapping: dict) -> dict[str, str]:
    """Folded keys and labels, in English and in the reader's language, to their keys."""
    with force_locale("en"):
        english = {_fold(str(label)): key for key, label in mapping.items()}
    return {**english, **{_fold(str(label)): key for key, label in mapping.items()},
            **{_fold(key): key for key in mapping}}  # fmt: skip


def _fold(text: str) -> str:
    """Compared without case, spacing, underscores or hyphens: 'Law_enforcement ' is
    'law enforcement'."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


# Finding people -------------------------------------------------------------------------------


class _Register:
    """The session's seats (any status) and the accounts the sheet names, looked up once."""

    def __init__(self, session: TrainingSession, rows: list[Row]):
        query = select(Seat).filter_by(session_id=session.id).options(selectinload(Seat.attended))
        seats = list(db.session.scalars(query))
        self.by_user = {seat.user_id: seat for seat in seats if seat.user_id}
        self.by_email = {seat.email: seat for seat in seats if seat.email}
        self.by_name: dict[tuple[str, str], list[Seat]] = {}
        for seat in seats:
            if seat.organisation.strip():
                self.by_name.setdefault(_person(seat), []).append(seat)
        emails = sorted({row.email for row in rows if row.email})
        query = select(User).where(User.email.in_(emails))
        self.accounts = {user.email: user for user in db.session.scalars(query)} if emails else {}

    def find(self, row: Row) -> Match | Problem | None:
        """The row's seat or account; a problem if the register leaves it in doubt; None for
        someone new."""
        account = self.accounts.get(row.email)
        seat = (self.by_user.get(account.id) if account else None) or self.by_email.get(row.email)
        if seat is not None or account is not None:
            return Match(row, seat, account)
        named = self.by_name.get(_person(row), []) if row.organisation else []
        if len(named) > 1:
            return Problem(row.line, _("Several people on the register have this name and "
                                       "organisation: add their email."))  # fmt: skip
        if named and row.email and named[0].email:
            return Problem(row.line, _("%(name)s (%(organisation)s) is on the register with "
                                       "another email, %(email)s.", name=named[0].full_name,
                                       organisation=named[0].organisation,
                                       email=named[0].email))  # fmt: skip
        return Match(row, named[0], by_name=True) if named else None


def match(rows: list[Row], session: TrainingSession) -> SheetPlan:
    """Who each row is; a person met twice, or new without what a record needs, is a
    problem."""
    register, plan, seen = _Register(session, rows), SheetPlan(), {}
    for row in rows:
        found = register.find(row)
        if found is None and not (row.full_name and row.organisation and row.sector):
            found = Problem(row.line, _("Not on the register and without an account: to record "
                                        "a new participant, give their name, organisation and "
                                        "sector."))  # fmt: skip
        key = _key(found) if isinstance(found, Match) else _person(row, row.email)
        if not isinstance(found, Problem) and key in seen:
            found = Problem(row.line, _("The same person as on line %(n)d.", n=seen[key]))
        seen.setdefault(key, row.line)
        if isinstance(found, Problem):
            plan.problems.append(found)
        elif found is None:
            plan.new_people.append(row)
        else:
            plan.matched.append(found)
    return plan


def _person(person: Row | Seat, email: str | None = None) -> tuple:
    """Who a participant is when there is no seat or account to tell: email, else name and
    organisation."""
    return ("email", email) if email else ("name", _fold(person.full_name),
                                           _fold(person.organisation))  # fmt: skip


def _key(found: Match) -> tuple:
    return ("seat", found.seat.id) if found.seat else ("account", found.user.id)


# Saving -----------------------------------------------------------------------------------------


def apply(plan: SheetPlan, session: TrainingSession, day: SessionDay, marker: User) -> None:
    """Mark everyone on a clean sheet present on `day`, giving seats to those without one
    (they were there: no seat limit). Raises `services.Refused` if a concurrent change took
    an email meanwhile."""
    if not plan.clean:
        raise ValueError("a sheet with problems is never saved")
    for found in plan.matched:
        services.mark_present(_seat(found, session, marker), day, marker)
    for row in plan.new_people:
        services.mark_present(services.add_participant(session, row.profile(), marker), day,
                              marker)  # fmt: skip


def _seat(found: Match, session: TrainingSession, marker: User) -> Seat:
    """The matched seat, or the account holder's new one: enrolled, with their account."""
    seat = found.seat
    if seat is None:
        seat = Seat(session_id=session.id, status=SeatStatus.ENROLLED, user=found.user,
                    invited_by_id=marker.id, organisation=found.row.organisation)  # fmt: skip
        copy_profile(seat, found.user)
        if not insert_once(seat):  # taken by a concurrent request
            seat = services.seat_of(found.user, session)
    if found.user is not None and seat.user_id is None:
        seat.user = found.user
        copy_profile(seat, found.user)
    elif found.adds_email:
        seat.email = found.row.email
    seat.status = SeatStatus.ENROLLED
    db.session.flush()
    return seat
