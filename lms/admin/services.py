"""Administrators' rules: their scope, the filters they ask for, finding learners, and the
actions they take, each with a reason and an audit entry."""

from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from lms import audit
from lms.admin.reports import GENDER_GROUPS, Breakdown, DonorReport, Filters
from lms.auth import choices
from lms.auth import services as accounts
from lms.auth.services import set_scope
from lms.certificates import services as certificates
from lms.content.codes import COUNTRY_NAMES, OTHER_COUNTRY
from lms.content.questions import kind
from lms.exports import Table, shown
from lms.extensions import db
from lms.models import AttemptGrant, AuditEntry, Certificate, Quiz, QuizVersion, Role, User
from lms.permissions import Action, require
from lms.store import queries

PAGE_SIZE = 50
COUNTRIES = (*COUNTRY_NAMES, OTHER_COUNTRY)
AUDIT_ACTIONS = ("profile_corrected", "attempts_granted", "certificate_revoked",
                 "certificate_reissued", "role_changed", "account_deactivated",
                 "account_reactivated", "password_reset_sent", "export")  # fmt: skip


def scope(admin: User) -> tuple[str, ...]:
    """The countries an administrator sees; empty for a regional administrator (all)."""
    return tuple(sorted(admin.scoped_countries))


def is_national(admin: User) -> bool:
    return bool(admin.scoped_countries)


def filters_from(args, admin: User) -> Filters:
    """The filters in a query string, each checked against its list (anything else is
    ignored), and the country always narrowed to the administrator's scope."""
    allowed = scope(admin) or COUNTRIES
    chosen = args.get("country")
    countries = (chosen,) if chosen in allowed else scope(admin)
    return Filters(
        start=_date(args.get("from")),
        end=_date(args.get("to")),
        countries=countries,
        course_id=args.get("course", type=int),
        sector=_one_of(args.get("sector"), choices.SECTORS),
        organisation_type=_one_of(args.get("organisation"), choices.ORGANISATION_TYPES),
        gender=_one_of(args.get("gender"), GENDER_GROUPS),
    )


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _one_of(value: str | None, allowed) -> str | None:
    return value if value in allowed else None


# Learners -------------------------------------------------------------------------------------


@dataclass
class Page:
    rows: list
    number: int
    total: int

    @property
    def last(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def learners(filters: Filters, search: str, number: int) -> Page:
    """One page of learners matching the filters and a name or email search."""
    where = [User.role == Role.LEARNER, *filters.people(User), *filters.period(User.created_at)]
    if search:
        pattern = f"%{search.strip().lower()}%"
        where.append(or_(func.lower(User.full_name).like(pattern), User.email.like(pattern)))
    total = db.session.scalar(select(func.count(User.id)).where(*where))
    number = min(max(number, 1), max(1, -(-total // PAGE_SIZE)))
    query = select(User).where(*where).order_by(User.created_at.desc(), User.id.desc())
    rows = db.session.scalars(query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)).all()
    return Page(list(rows), number, total)


def get_learner(admin: User, user_id: int) -> User:
    """A person in the administrator's scope; anyone else is simply not found."""
    person = db.session.get(User, user_id)
    if person is None or person.id == admin.id:
        abort(404)
    if not _in_scope(admin, person):
        abort(404)
    return person


def _in_scope(admin: User, person: User) -> bool:
    return not admin.scoped_countries or person.country in admin.scoped_countries


def correct_profile(admin: User, person: User, changes: dict, reason: str) -> list[str]:
    """Correct a name, country, sector or organisation type; the audit keeps before and after.
    Returns the fields that changed."""
    require(admin, Action.MANAGE_LEARNER, person)
    changed = {name: (getattr(person, name), value) for name, value in changes.items()
               if getattr(person, name) != value}  # fmt: skip
    if changed:
        country = person.country
        for name, (_before, after) in changed.items():
            setattr(person, name, after)
        audit.record(admin, "profile_corrected", person, country=country, reason=reason,
                     changes={k: list(v) for k, v in changed.items()})  # fmt: skip
    return sorted(changed)


def grant_attempts(admin: User, person: User, quiz: Quiz, extra: int, reason: str) -> None:
    require(admin, Action.MANAGE_LEARNER, person)
    db.session.add(AttemptGrant(user_id=person.id, quiz_id=quiz.id, extra=extra,
                                granted_by_id=admin.id))  # fmt: skip
    audit.record(admin, "attempts_granted", person, reason=reason, quiz=quiz.slug,
                 course=quiz.course.slug, extra=extra)  # fmt: skip


def revoke_certificate(admin: User, certificate: Certificate, reason: str) -> bool:
    """Revoke, with the reason recorded. False if it was already revoked."""
    require(admin, Action.REVOKE_CERTIFICATE, certificate)
    if not certificates.revoke(certificate, admin, reason):
        return False
    audit.record(admin, "certificate_revoked", certificate.user, country=certificate.country,
                 reason=reason, code=certificate.code)  # fmt: skip
    return True


def reissue_certificate(admin: User, old: Certificate, name: str, reason: str) -> Certificate:
    """A new certificate with a corrected name; the old one is revoked and points to it."""
    require(admin, Action.REVOKE_CERTIFICATE, old)
    new = certificates.reissue(old, name, admin, reason)
    audit.record(admin, "certificate_reissued", old.user, country=old.country, reason=reason,
                 old=old.code, new=new.code)  # fmt: skip
    return new


def set_role(admin: User | None, person: User, role: Role, countries: list[str], reason: str):
    """Give a role (trainers and national administrators with countries). The CLI passes no
    administrator: the operator at the server may do anything."""
    if admin is not None:
        require(admin, Action.SET_ROLE, (person, role, countries))
    before = (person.role.value, sorted(person.scoped_countries))
    person.role = role
    set_scope(person, countries if role != Role.LEARNER else [])
    audit.record(admin, "role_changed", person, reason=reason, before=list(before),
                 after=[role.value, sorted(countries)])  # fmt: skip


def send_reset(admin: User, person: User) -> None:
    require(admin, Action.MANAGE_LEARNER, person)
    accounts.send_reset(person)
    audit.record(admin, "password_reset_sent", person)


def set_active(admin: User, person: User, active: bool, reason: str) -> None:
    require(admin, Action.MANAGE_LEARNER, person)
    person.active = active
    audit.record(admin, "account_reactivated" if active else "account_deactivated", person,
                 reason=reason)  # fmt: skip


def item_questions(quiz: Quiz) -> list[tuple[dict, str]]:
    """The questions of a quiz in its regional English text, with their prompts; a final
    assessment's are its own and its banks', with the ids it qualifies them by."""
    if quiz.module_id is not None:
        return [(q, kind(q).prompt(q)) for q in _source_questions(quiz)]
    banks = [bank for bank in queries.live_quizzes(quiz.course) if bank.module_id is not None]
    return [({**q, "id": f"{bank.slug}.{q['id']}"}, kind(q).prompt(q))
            for bank in [quiz, *banks] for q in _source_questions(bank)]  # fmt: skip


def _source_questions(quiz: Quiz) -> list[dict]:
    versions = queries.published_versions(QuizVersion, [quiz.id])[quiz.id]
    source = next((v for v in versions if v.is_regional_source), None)
    return source.questions if source else []


# Exports --------------------------------------------------------------------------------------


def donor_tables(report: DonorReport, admin: User, threshold: int) -> dict[str, Table]:
    sexes = list(choices.gender_group_labels().values())
    header = [_("Country"), _("Year"), *sexes, _("Total"), _("Share of women")]
    rows = [
        [country, year, *_counts(b, admin, threshold)]
        for country, year, b in report.by_country_year
    ]
    rows.append([_("Total"), "", *_counts(report.total, admin, threshold)])
    sectors = [[choices.SECTORS.get(b.label, b.label), *_counts(b, admin, threshold)]
               for b in report.by_sector]  # fmt: skip
    sectors.append([_("Total"), *_counts(report.total, admin, threshold)])
    modes = [[mode_labels()[b.label], *_counts(b, admin, threshold)] for b in report.by_mode]
    return {
        _("By country and year"): (header, rows),
        _("By sector"): ([_("Sector"), *header[2:]], sectors),
        _("By delivery mode"): ([_("Delivery mode"), *header[2:]], modes),
    }


def mode_labels() -> dict[str, str]:
    return {"online": _("Online"), "in_person": _("In person"),
            "blended": _("Blended (online and in person)")}  # fmt: skip


def _counts(breakdown: Breakdown, admin: User, threshold: int) -> list:
    counts = [shown(breakdown.counts[g], admin, threshold) for g in GENDER_GROUPS]
    hidden = is_national(admin) and breakdown.total < threshold
    share = "" if hidden or breakdown.share_of_women is None else round(
        breakdown.share_of_women * 100, 1)  # fmt: skip
    return [*counts, shown(breakdown.total, admin, threshold), share]


def learner_table(filters: Filters) -> Table:
    """Learners for follow-up: name, email, country, sector, organisation, registration date
    and certificates held. Never gender."""
    certified = (
        select(Certificate.user_id, func.count().label("n"))
        .where(Certificate.revoked_at.is_(None))
        .group_by(Certificate.user_id)
        .subquery()
    )
    query = (
        select(
            User.full_name,
            User.email,
            User.country,
            User.sector,
            User.organisation_type,
            User.created_at,
            func.coalesce(certified.c.n, 0),
        )
        .outerjoin(certified, certified.c.user_id == User.id)
        .where(User.role == Role.LEARNER, *filters.people(User), *filters.period(User.created_at))
        .order_by(User.created_at)
    )
    header = [_("Full name"), _("Email"), _("Country"), _("Sector"), _("Type of organisation"),
              _("Registered (UTC)"), _("Certificates")]  # fmt: skip
    rows = [[*row[:5], row[5].date().isoformat(), row[6]] for row in db.session.execute(query)]
    return header, rows


# The audit log --------------------------------------------------------------------------------


def audit_entries(admin: User, action: str | None, filters: Filters, number: int) -> Page:
    """One page of the log, newest first, within the administrator's scope."""
    where = [*filters.period(AuditEntry.at)]
    if filters.countries:
        where.append(AuditEntry.country.in_(filters.countries))
    if action:
        where.append(AuditEntry.action == action)
    total = db.session.scalar(select(func.count(AuditEntry.id)).where(*where))
    number = min(max(number, 1), max(1, -(-total // PAGE_SIZE)))
    query = select(AuditEntry).where(*where).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    query = query.options(selectinload(AuditEntry.actor), selectinload(AuditEntry.subject))
    rows = db.session.scalars(query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)).all()
    return Page(list(rows), number, total)


def record_export(admin: User, what: str, filters: Filters) -> None:
    """Exports are logged: what was taken, by whom, for which countries."""
    audit.record(admin, "export", country=filters.countries[0] if len(filters.countries) == 1
                 else None, what=what, countries=list(filters.countries))  # fmt: skip
