"""The administrators' figures, each one SQL aggregate over indexed columns or summary tables:
the number of queries never depends on the number of learners, and no learner is looped over.

People are filtered by country, sector, organisation type and gender: a learner's current
profile for registrations and progress, and what the certificate recorded at issue for
certificates, so certified counts never move when a profile is edited later.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import String, case, cast, distinct, func, literal, select, union, union_all
from sqlalchemy.sql import ColumnElement

from lms.auth.choices import GENDER_GROUP_OF
from lms.content.codes import COUNTRY_NAMES, OTHER_COUNTRY
from lms.extensions import db
from lms.models import (
    AnswerTally,
    Certificate,
    Course,
    Enrolment,
    LessonCompletion,
    Module,
    ModuleCompletion,
    Quiz,
    QuizAttempt,
    Role,
    Seat,
    TrainingSession,
    User,
)

GENDER_GROUPS = ("women", "men", "another", "not_stated")
NOT_STATED = "not_stated"


@dataclass(frozen=True)
class Filters:
    """What an administrator asked for, already narrowed to their scope (`countries` empty
    means every country, which only a regional administrator can have)."""

    start: date | None = None
    end: date | None = None  # inclusive
    countries: tuple[str, ...] = ()
    course_id: int | None = None
    sector: str | None = None
    organisation_type: str | None = None
    gender: str | None = None  # a GENDER_GROUPS value

    def period(self, column) -> list[ColumnElement]:
        conditions = []
        if self.start:
            conditions.append(column >= datetime.combine(self.start, time(), UTC))
        if self.end:
            conditions.append(column < datetime.combine(self.end + timedelta(days=1), time(), UTC))
        return conditions

    def people(self, holder) -> list[ColumnElement]:
        """Conditions on a User, or on a Certificate's copy of the holder's profile."""
        conditions = []
        if self.countries:
            conditions.append(holder.country.in_(self.countries))
        if self.sector:
            conditions.append(holder.sector == self.sector)
        if self.organisation_type:
            conditions.append(holder.organisation_type == self.organisation_type)
        if self.gender:
            conditions.append(gender_group(holder.gender) == self.gender)
        return conditions


def gender_group(column) -> ColumnElement:
    """Women, men, another identity, or not stated (not given, or preferred not to say)."""
    groups = ((column == gender, literal(group)) for gender, group in GENDER_GROUP_OF.items())
    return case(*groups, else_=literal(NOT_STATED))


def _learners(filters: Filters):
    return select(User.id).where(User.role == Role.LEARNER, *filters.people(User))


def _whose(column, filters: Filters) -> list[ColumnElement]:
    """Limit rows of progress to the people filtered for; no condition at all when no one is
    filtered out, so the database is not asked to check every row against every learner."""
    return [column.in_(_learners(filters))] if filters.people(User) else []


# Overview -------------------------------------------------------------------------------------


@dataclass
class CourseFigures:
    course: Course
    started: int = 0
    completed: int = 0
    certified: int = 0
    completed_of_started: int = 0
    median_days: float | None = None

    @property
    def completion_rate(self) -> float | None:
        return self.completed_of_started / self.started if self.started else None


@dataclass
class Overview:
    registered: int
    active: int
    demo: int
    courses: list[CourseFigures] = field(default_factory=list)


def overview(filters: Filters, courses: list[Course]) -> Overview:
    """Registered and active learners, then per course: started, completed, certified,
    completion rate and median time to complete."""
    registered = select(func.count()).select_from(
        _learners(filters).where(*filters.period(User.created_at)).subquery()
    )
    demo = select(func.count()).select_from(_learners(filters).where(User.demo).subquery())
    figures = {course.id: CourseFigures(course) for course in courses}
    _enrolment_counts(filters, figures)
    _certified_counts(filters, figures)
    for course_figures in figures.values():
        course_figures.median_days = median_days_to_complete(filters, course_figures.course)
    return Overview(
        registered=db.session.scalar(registered),
        active=active_learners(filters),
        demo=db.session.scalar(demo),
        courses=list(figures.values()),
    )


def active_learners(filters: Filters) -> int:
    """Learners who completed a lesson or started an attempt in the period."""
    if not filters.start and not filters.end:  # ever active: everyone who started a course
        query = select(func.count(distinct(Enrolment.user_id))).where(
            *_whose(Enrolment.user_id, filters)
        )
        return db.session.scalar(query)
    completions = select(LessonCompletion.user_id).where(
        *filters.period(LessonCompletion.completed_at)
    )
    attempts = select(QuizAttempt.user_id).where(*filters.period(QuizAttempt.started_at))
    acting = union(completions, attempts).subquery()
    query = select(func.count(distinct(acting.c.user_id))).where(*_whose(acting.c.user_id, filters))
    return db.session.scalar(query)


def _enrolment_counts(filters: Filters, figures: dict[int, CourseFigures]) -> None:
    people = _whose(Enrolment.user_id, filters)
    started = (
        select(Enrolment.course_id, func.count(), func.count(Enrolment.completed_at))
        .where(*people, *filters.period(Enrolment.started_at))
        .group_by(Enrolment.course_id)
    )
    for course_id, count, completed_of_started in db.session.execute(started):
        if course_id in figures:
            figures[course_id].started = count
            figures[course_id].completed_of_started = completed_of_started
    completed = (
        select(Enrolment.course_id, func.count())
        .where(
            *people, Enrolment.completed_at.is_not(None), *filters.period(Enrolment.completed_at)
        )
        .group_by(Enrolment.course_id)
    )
    for course_id, count in db.session.execute(completed):
        if course_id in figures:
            figures[course_id].completed = count


def _valid_certificates(filters: Filters):
    return (
        Certificate.revoked_at.is_(None),
        *filters.people(Certificate),
        *filters.period(Certificate.issued_at),
        *([Certificate.course_id == filters.course_id] if filters.course_id else []),
    )


def _certified_counts(filters: Filters, figures: dict[int, CourseFigures]) -> None:
    query = select(Certificate.course_id, func.count()).where(*_valid_certificates(filters))
    for course_id, count in db.session.execute(query.group_by(Certificate.course_id)):
        if course_id in figures:
            figures[course_id].certified = count


def median_days_to_complete(filters: Filters, course: Course) -> float | None:
    """The median time from starting to completing, for completions in the period: the middle
    row of the stored durations, read in index order (no percentile function is common to
    both databases)."""
    duration = Enrolment.seconds_to_complete
    done = (
        Enrolment.course_id == course.id,
        duration.is_not(None),
        *_whose(Enrolment.user_id, filters),
        *filters.period(Enrolment.completed_at),
    )
    count = db.session.scalar(select(func.count()).select_from(Enrolment).where(*done))
    if not count:
        return None
    middle = select(duration).where(*done).order_by(duration).offset((count - 1) // 2)
    values = db.session.scalars(middle.limit(2 if count % 2 == 0 else 1)).all()
    return sum(values) / len(values) / 86400


# The donor report -----------------------------------------------------------------------------


@dataclass
class Breakdown:
    """People trained (valid certificates) by sex, for one row of the report."""

    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GENDER_GROUPS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def share_of_women(self) -> float | None:
        return self.counts["women"] / self.total if self.total else None

    def add(self, group: str, count: int) -> None:
        self.counts[group] += count


@dataclass
class DonorReport:
    by_country_year: list[tuple[str, int, Breakdown]]
    by_sector: list[Breakdown]
    total: Breakdown
    by_mode: list[Breakdown] = field(default_factory=list)


MODES = ("online", "in_person", "blended")


def donor_report(filters: Filters) -> DonorReport:
    """People trained, each counted once: the first training of each person in the period,
    online (a valid certificate) or in person (a session's required days attended), by the
    country, sector and sex recorded with it, and by how they were trained overall."""
    first = _first_trainings(filters)
    group, year = gender_group(first.c.gender), func.extract("year", first.c.at)
    mode = case(
        ((first.c.online == 1) & (first.c.in_person == 1), literal("blended")),
        (first.c.online == 1, literal("online")),
        else_=literal("in_person"),
    )
    keys = (first.c.country, year, first.c.sector, group, mode)
    query = select(*keys, func.count()).where(first.c.n == 1).group_by(*keys)
    rows: dict[tuple[str, int], Breakdown] = {}
    sectors: dict[str, Breakdown] = {}
    modes = {name: Breakdown(name) for name in MODES}
    total = Breakdown("total")
    for country, year_value, sector, sex, how, count in db.session.execute(query):
        rows.setdefault((country, int(year_value)), Breakdown(country)).add(sex, count)
        sectors.setdefault(sector, Breakdown(sector)).add(sex, count)
        modes[how].add(sex, count)
        total.add(sex, count)
    order = [*COUNTRY_NAMES, OTHER_COUNTRY]
    by_country_year = sorted(
        ((country, year, breakdown) for (country, year), breakdown in rows.items()),
        key=lambda row: (order.index(row[0]) if row[0] in order else 99, row[1]),
    )
    by_sector = sorted(sectors.values(), key=lambda b: b.label)
    return DonorReport(by_country_year, by_sector, total, list(modes.values()))


def _first_trainings(filters: Filters):
    """Every training in the period, numbered per person by date (n = 1: their first), with
    whether the person was trained online, in person, or both. A person is their account;
    someone without one (`guest`), their email, else their name and organisation. Accounts
    are told apart by their integer id, which keeps the sort cheap at scale."""
    trainings = union_all(_online_trainings(filters), _in_person_trainings(filters)).subquery()
    person = {"partition_by": (trainings.c.user_id, trainings.c.guest)}
    return select(
        trainings.c.country, trainings.c.sector, trainings.c.gender, trainings.c.at,
        func.row_number().over(**person, order_by=(trainings.c.at, trainings.c.country)).label("n"),
        func.max(trainings.c.online).over(**person).label("online"),
        func.max(trainings.c.in_person).over(**person).label("in_person"),
    ).subquery()  # fmt: skip


def _online_trainings(filters: Filters):
    """Valid certificates; one that a session's attendance earned counts as in person."""
    online = case((Certificate.session_id.is_(None), 1), else_=0)
    return select(
        Certificate.user_id, cast(None, String).label("guest"), Certificate.country,
        Certificate.sector, Certificate.gender,
        Certificate.issued_at.label("at"), online.label("online"), (1 - online).label("in_person"),
    ).where(*_valid_certificates(filters))  # fmt: skip


def _in_person_trainings(filters: Filters):
    """Seats whose holder attended the session's required days."""
    guest = case(
        (Seat.user_id.is_not(None), None),
        (Seat.email.is_not(None), literal("e") + Seat.email),
        else_=literal("n") + func.lower(Seat.full_name) + "|" + func.lower(Seat.organisation),
    )
    course = [TrainingSession.course_id == filters.course_id] if filters.course_id else []
    columns = (Seat.user_id, guest, Seat.country, Seat.sector, Seat.gender, Seat.completed_at)
    return (
        select(*columns, literal(0), literal(1))
        .join(TrainingSession, TrainingSession.id == Seat.session_id)
        .where(Seat.completed_at.is_not(None), *filters.people(Seat), *course)
        .where(*filters.period(Seat.completed_at))
    )


def donor_floor(filters: Filters) -> list:
    """The bare SQL aggregate behind the donor report, for the benchmark's floor."""
    year = func.extract("year", Certificate.issued_at)
    query = select(Certificate.country, year, Certificate.sector, Certificate.gender, func.count())
    query = query.where(*_valid_certificates(filters))
    group = (Certificate.country, year, Certificate.sector, Certificate.gender)
    return db.session.execute(query.group_by(*group)).all()


# The completion funnel ------------------------------------------------------------------------


@dataclass
class Step:
    label: str
    count: int
    module: Module | None = None


def funnel(filters: Filters, course: Course, final: Quiz | None) -> list[Step]:
    """Registered, started, each module's lessons done, final assessment passed, certified:
    the learners who started in the period, followed through the course."""
    cohort_where = (Enrolment.course_id == course.id, *_whose(Enrolment.user_id, filters),
                    *filters.period(Enrolment.started_at))  # fmt: skip
    cohort = select(Enrolment.user_id).where(*cohort_where)
    # Everyone who got anywhere in the course started it: only a narrower cohort needs a check.
    narrowed = filters.period(Enrolment.started_at) or _whose(Enrolment.user_id, filters)

    def of_cohort(column) -> list[ColumnElement]:
        return [column.in_(cohort)] if narrowed else []

    registered = select(func.count()).select_from(
        _learners(filters).where(*filters.period(User.created_at)).subquery()
    )
    modules = [m for m in course.modules if m.retired_at is None]
    by_module = dict(
        db.session.execute(
            select(ModuleCompletion.module_id, func.count())
            .where(ModuleCompletion.module_id.in_([m.id for m in modules]))
            .where(*of_cohort(ModuleCompletion.user_id))
            .group_by(ModuleCompletion.module_id)
        ).all()
    )
    passed = 0
    if final is not None:
        passed = db.session.scalar(
            select(func.count(distinct(QuizAttempt.user_id))).where(
                QuizAttempt.quiz_id == final.id,
                QuizAttempt.passed.is_(True),
                *of_cohort(QuizAttempt.user_id),
            )
        )
    certified = db.session.scalar(
        select(func.count()).where(
            Certificate.course_id == course.id,
            Certificate.revoked_at.is_(None),
            *of_cohort(Certificate.user_id),
        )
    )
    started = db.session.scalar(select(func.count(Enrolment.id)).where(*cohort_where))
    return [
        Step("registered", db.session.scalar(registered)),
        Step("started", started),
        *(Step("module", by_module.get(m.id, 0), m) for m in modules),
        Step("final", passed),
        Step("certified", certified),
    ]


# Quiz item analysis ---------------------------------------------------------------------------


@dataclass
class ItemFigures:
    question_id: str
    answered: int = 0
    correct: int = 0
    wrong: dict[str, int] = field(default_factory=dict)
    by_country: dict[str, tuple[int, int]] = field(default_factory=dict)  # answered, correct

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    @property
    def most_chosen_wrong(self) -> tuple[object, int] | None:
        """The wrong answer given most often (decoded), with how often."""
        if not self.wrong:
            return None
        answer, count = max(self.wrong.items(), key=lambda item: (item[1], item[0]))
        return json.loads(answer), count


def item_analysis(filters: Filters, quiz: Quiz) -> dict[str, ItemFigures]:
    """Per question: how many answered, the share correct, the most-chosen wrong answer, and
    the same per country. One GROUP BY over the answer tallies."""
    where = [AnswerTally.quiz_id == quiz.id]
    if filters.countries:
        where.append(AnswerTally.country.in_(filters.countries))
    keys = (AnswerTally.question_id, AnswerTally.country, AnswerTally.answer, AnswerTally.correct)
    query = select(*keys, func.sum(AnswerTally.count)).where(*where).group_by(*keys)
    items: dict[str, ItemFigures] = {}
    per_country: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for question_id, country, answer, correct, count in db.session.execute(query):
        item = items.setdefault(question_id, ItemFigures(question_id))
        item.answered += count
        tally = per_country[question_id, country]
        tally[0] += count
        if correct:
            item.correct += count
            tally[1] += count
        else:
            item.wrong[answer] = item.wrong.get(answer, 0) + count
    for (question_id, country), (answered, correct) in per_country.items():
        items[question_id].by_country[country] = (answered, correct)
    return items
