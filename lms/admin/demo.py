"""Synthetic learners for demonstrations and benchmarks (`flask lms seed-demo`).

Realistic shapes, made up people: countries, sectors and genders in plausible shares,
registrations spread over two years, and progress that thins out module by module. Every row
is written with bulk inserts and every learner is marked `demo`.
"""

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from lms.certificates.services import new_code
from lms.database import add_counts
from lms.extensions import db
from lms.models import (
    AnswerTally,
    Certificate,
    Course,
    Enrolment,
    LessonCompletion,
    ModuleCompletion,
    QuizAttempt,
    QuizVersion,
    Role,
    User,
)
from lms.store import queries

COUNTRY_WEIGHTS = {"ID": 22, "PH": 18, "VN": 14, "TH": 12, "MM": 9, "MY": 8, "KH": 7, "LA": 4,
                   "SG": 2, "TL": 2, "BN": 2}  # fmt: skip
SECTOR_WEIGHTS = {"law_enforcement": 22, "social_work": 20, "health": 12, "shelter_ngo": 12,
                  "immigration_border": 10, "labour_inspection": 9, "prosecution_judiciary": 8,
                  "education": 4, "other": 3}  # fmt: skip
ORGANISATION_WEIGHTS = {"government": 62, "ngo": 28, "international": 6, "other": 4}
GENDER_WEIGHTS = {"woman": 46, "man": 39, "another": 2, "undisclosed": 5, None: 8}
# A demo password hash that no password matches: demo accounts cannot sign in.
NO_PASSWORD = "demo-account-no-password"  # noqa: S105 - not a hash: nothing matches it
BATCH = 5000


def has_real_learners() -> bool:
    query = select(func.count(User.id)).where(User.role == Role.LEARNER, User.demo.is_(False))
    return bool(db.session.scalar(query))


@dataclass
class Plan:
    """What seeding writes, collected first and inserted in batches."""

    rows: dict[type, list[dict]] = field(default_factory=dict)
    tallies: Counter = field(default_factory=Counter)

    def add(self, model: type, **values) -> None:
        self.rows.setdefault(model, []).append(values)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def seed(count: int, rng_seed: int = 2026) -> dict[str, int]:
    """Add `count` demo learners with their progress; returns how many rows of each kind."""
    rng = random.Random(rng_seed)  # noqa: S311 - made-up data, repeatable on purpose
    first_id = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    now = datetime.now(UTC)
    people = [_person(rng, first_id + n, now) for n in range(count)]
    _insert(User, people)
    plan = Plan()
    courses = queries.active_courses()
    outlines = {course.id: _outline(course) for course in courses}
    for person in people:
        _journey(rng, plan, person, courses, outlines, now)
    for model, rows in plan.rows.items():
        _insert(model, rows)
    tallies = [dict(quiz_id=q, question_id=i, country=c, answer=a, correct=ok, count=n)
               for (q, i, c, a, ok), n in plan.tallies.items()]  # fmt: skip
    if tallies:
        add_counts(AnswerTally, ["quiz_id", "question_id", "country", "answer"], "count", tallies)
    return {model.__tablename__: len(rows) for model, rows in plan.rows.items()} | {
        "users": len(people)
    }


def _person(rng: random.Random, user_id: int, now: datetime) -> dict:
    return {
        "id": user_id,
        "email": f"demo-{user_id}@example.invalid",
        "password_hash": NO_PASSWORD,
        "full_name": f"Demo Learner {user_id}",
        "country": _pick(rng, COUNTRY_WEIGHTS),
        "locale": "en",
        "sector": _pick(rng, SECTOR_WEIGHTS),
        "organisation_type": _pick(rng, ORGANISATION_WEIGHTS),
        "gender": _pick(rng, GENDER_WEIGHTS),
        "role": Role.LEARNER,
        "must_change_password": False,
        "active": True,
        "demo": True,
        "created_at": now - timedelta(days=rng.uniform(1, 730)),
    }


@dataclass
class Step:
    """One module of a course as the seed walks it (module None: the final assessment)."""

    module: object
    lessons: list[int]
    quiz: object
    version_id: int | None = None
    singles: list[dict] = field(default_factory=list)  # single-choice questions to tally


def _outline(course: Course) -> list[Step]:
    quizzes = {q.module_id: q for q in queries.live_quizzes(course)}
    versions = queries.published_versions(QuizVersion, [q.id for q in quizzes.values()])
    steps = []
    for module in [m for m in course.modules if m.retired_at is None] + [None]:
        quiz = quizzes.get(module.id if module else None)
        lessons = [] if module is None else [
            lesson.id for lesson in module.lessons
            if lesson.retired_at is None and lesson.country is None
        ]  # fmt: skip
        step = Step(module, lessons, quiz)
        if quiz is not None:
            source = next(v for v in versions[quiz.id] if v.is_regional_source)
            step.version_id = source.id
            singles = [q for q in source.questions if q["type"] == "single"][:5]
            # a final's own questions are tallied by the ids it qualifies them by
            step.singles = singles if module else [{**q, "id": f"{quiz.slug}.{q['id']}"}
                                                   for q in singles]  # fmt: skip
        steps.append(step)
    return steps


def _journey(rng, plan: Plan, person: dict, courses, outlines, now) -> None:
    """How far one learner got: each course started with some chance, each module finished
    with a chance that falls as the course goes on, a certificate for those who finish."""
    moment = person["created_at"]
    for course in courses:
        if rng.random() > (0.72 if course.prerequisite_id is None else 0.45):
            return
        start = moment + timedelta(hours=rng.uniform(1, 240))
        moment, finished = _course(rng, plan, person, course, outlines[course.id], start)
        enrolled = {"user_id": person["id"], "course_id": course.id, "started_at": start}
        seconds = int((moment - start).total_seconds()) if finished else None
        plan.add(Enrolment, **enrolled, completed_at=moment if finished else None,
                 seconds_to_complete=seconds)  # fmt: skip
        if not finished or moment > now:
            return
        plan.add(Certificate, code=new_code(), user_id=person["id"], course_id=course.id,
                 full_name=person["full_name"], locale="en", country=person["country"],
                 sector=person["sector"], organisation_type=person["organisation_type"],
                 gender=person["gender"], course_version="demo", issued_at=moment)  # fmt: skip


def _course(rng, plan: Plan, person: dict, course, outline, moment) -> tuple[datetime, bool]:
    for step in outline:
        if step.module is not None and rng.random() > 0.93:
            return moment, False
        for lesson_id in step.lessons:
            moment += timedelta(minutes=rng.uniform(10, 2000))
            plan.add(LessonCompletion, user_id=person["id"], lesson_id=lesson_id,
                     completed_at=moment)  # fmt: skip
        if step.module is not None:
            plan.add(ModuleCompletion, user_id=person["id"], module_id=step.module.id,
                     completed_at=moment)  # fmt: skip
        if step.quiz is not None:
            moment = _attempts(rng, plan, person, step, moment)
    return moment, True


def _attempts(rng, plan: Plan, person: dict, step: Step, moment) -> datetime:
    """One or two attempts, the last passed; single-choice answers go to the tallies."""
    for passed in [False, True] if rng.random() < 0.25 else [True]:
        moment += timedelta(minutes=rng.uniform(5, 60))
        plan.add(QuizAttempt, user_id=person["id"], quiz_id=step.quiz.id,
                 quiz_version_id=step.version_id, questions=[], layout={}, pass_mark=70.0,
                 feedback="always", started_at=moment, submitted_at=moment + timedelta(minutes=12),
                 answers={}, points={}, passed=passed, timed_out=False,
                 score=rng.uniform(75, 100) if passed else rng.uniform(20, 65))  # fmt: skip
        for question in step.singles:
            right = rng.random() < (0.8 if passed else 0.45)
            wrong = [o["id"] for o in question["options"] if o["id"] != question["answer"]]
            answer = json.dumps(question["answer"] if right else rng.choice(wrong))
            key = (step.quiz.id, question["id"], person["country"], answer, right)
            plan.tallies[key] += 1
    return moment


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start : start + BATCH])
