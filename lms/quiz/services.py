"""Quiz rules: which version a learner sees, starting and submitting attempts, grading."""

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from lms.content import questions as question_types
from lms.content.questions.base import field_name
from lms.content.quizzes import FINAL
from lms.content.resolve import pick
from lms.database import add_counts, insert_once
from lms.extensions import db
from lms.i18n import format_when
from lms.models import AnswerTally, AttemptGrant, Course, Quiz, QuizAttempt, QuizVersion, User
from lms.models._types import utcnow
from lms.store import queries

GRACE = timedelta(seconds=30)  # network latency allowance after a time limit


class AttemptRefused(Exception):  # noqa: N818 - a refusal, shown to the learner as is
    """A submission or start that must change nothing; the message says why."""


def get_quiz(course: Course, slug: str) -> Quiz:
    return queries.quiz_in_course(course, slug) or abort(404)


def reader_version(quiz: Quiz, locale: str, country: str | None) -> QuizVersion:
    versions = queries.published_versions(QuizVersion, [quiz.id])[quiz.id]
    return pick(versions, locale, country) or abort(404)


def attempts(user: User, quiz: Quiz) -> list[QuizAttempt]:
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user.id, QuizAttempt.quiz_id == quiz.id)
            .order_by(QuizAttempt.id)
        )
    )


def get_attempt(user: User, quiz: Quiz, attempt_id: int) -> QuizAttempt:
    """The user's own attempt at this quiz; any other id is simply not found."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != user.id or attempt.quiz_id != quiz.id:
        abort(404)
    return attempt


# Starting ------------------------------------------------------------------------------


def start_refusal(user: User, quiz: Quiz, settings: dict, now: datetime) -> str | None:
    """Why a new attempt cannot start now, or None."""
    done = [a for a in attempts(user, quiz) if not a.is_open]
    limit = settings.get("max_attempts")
    if limit is not None:
        limit += extra_attempts(user, quiz)
    if limit is not None and len(done) >= limit:
        return _("You have used all %(n)d attempts at this quiz.", n=limit)
    wait = settings.get("wait_minutes") or 0
    if done and wait and not done[-1].passed:
        opens = done[-1].submitted_at + timedelta(minutes=wait)
        if now < opens:
            return _("You can try again from %(time)s.", time=format_when(opens))
    return None


def extra_attempts(user: User, quiz: Quiz) -> int:
    """Attempts an administrator granted on top of the quiz's limit."""
    granted = select(func.sum(AttemptGrant.extra)).filter_by(user_id=user.id, quiz_id=quiz.id)
    return db.session.scalar(granted) or 0


def start_attempt(
    user: User, quiz: Quiz, version: QuizVersion, locale: str, rng=None
) -> QuizAttempt:
    """Resume the open attempt, or draw a new one in the reader's language. Raises
    AttemptRefused."""
    now = utcnow()
    for attempt in attempts(user, quiz):
        if attempt.is_open and not _expired(attempt, now):
            return attempt
        if attempt.is_open:
            close_timed_out(attempt, now)
    if refusal := start_refusal(user, quiz, version.settings, now):
        raise AttemptRefused(refusal)
    rng = rng or random.SystemRandom()
    settings = version.settings
    drawn = draw_questions(quiz, version, locale, user.country, rng)
    limit = settings.get("time_limit_minutes")
    attempt = QuizAttempt(
        user_id=user.id,
        quiz=quiz,
        version=version,
        questions=drawn,
        layout={
            q["id"]: question_types.kind(q).layout(q, rng, settings["shuffle_options"])
            for q in drawn
        },
        pass_mark=settings["pass_mark"],
        feedback=settings["feedback"],
        started_at=now,
        deadline_at=now + timedelta(minutes=limit) if limit else None,
    )
    if not insert_once(attempt):  # a concurrent start opened one first: resume that one
        return next(a for a in attempts(user, quiz) if a.is_open)
    return attempt


def draw_questions(
    quiz: Quiz, version: QuizVersion, locale: str, country: str | None, rng
) -> list[dict]:
    """A module quiz draws from its bank; a final assessment from its own questions and from
    every module bank, each in the reader's language where it is translated."""
    settings = version.settings
    drawn = rng.sample(version.questions, settings["draw"] or len(version.questions))
    if quiz.slug == FINAL:
        # ids are unique within a bank only: qualify them with the bank's slug
        drawn = [{**q, "id": f"{FINAL}.{q['id']}"} for q in drawn]
        for bank in queries.live_quizzes(quiz.course):
            if bank.slug != FINAL:
                bank_version = reader_version(bank, locale, country)
                pool = [{**q, "id": f"{bank.slug}.{q['id']}"} for q in bank_version.questions]
                drawn += rng.sample(pool, min(settings["draw_per_module"], len(pool)))
    if settings["shuffle_questions"]:
        rng.shuffle(drawn)
    elif quiz.slug != FINAL:
        order = {q["id"]: i for i, q in enumerate(version.questions)}
        drawn.sort(key=lambda q: order[q["id"]])
    return drawn


# Submitting ----------------------------------------------------------------------------


@dataclass
class Submission:
    answers: dict[str, Any]
    missing: list[str]


def parse_submission(attempt: QuizAttempt, form: dict[str, list[str]]) -> Submission:
    """Read the form against what was drawn. Refuses values that no honest form sends."""
    expected = {"csrf_token"}
    answers, missing = {}, []
    for q in attempt.questions:
        kind, layout = question_types.kind(q), attempt.layout[q["id"]]
        expected |= kind.fields(q, layout)
        try:
            answer = kind.parse(q, layout, form)
        except question_types.InvalidAnswer:
            raise AttemptRefused(_("The form contained answers that were not offered.")) from None
        if answer is None:
            missing.append(q["id"])
        answers[q["id"]] = answer
    if set(form) - expected:
        raise AttemptRefused(_("The form contained answers to questions that were not asked."))
    return Submission(answers, missing)


def problems(attempt: QuizAttempt, missing: list[str]) -> dict[str, str]:
    """A message for each unanswered question, by id, numbered as the page numbers them, so
    the learner can find it from the summary at the top (the GOV.UK error pattern)."""
    return {
        q["id"]: _missing_message(q, number)
        for number, q in enumerate(attempt.questions, 1)
        if q["id"] in missing
    }


def _missing_message(q: dict, number: int) -> str:
    """Says what to do, in the terms of what the question asks for."""
    asks = q["question"]["type"] if q["type"] == "scenario" else q["type"]
    if asks == "multiple":
        return _("Select at least one answer to question %(n)d.", n=number)
    if asks == "matching":
        return _("Choose a match for every item in question %(n)d.", n=number)
    if asks == "ordering":
        return _("Give every step a place in question %(n)d.", n=number)
    return _("Choose an answer to question %(n)d.", n=number)


def submit(attempt: QuizAttempt, submission: Submission, country: str) -> bool:
    """Grade and close the attempt exactly once, and count each answer for item analysis.
    False if it was already closed (a double submit), which counts nothing."""
    points = {
        q["id"]: question_types.grade(q, submission.answers[q["id"]]) for q in attempt.questions
    }
    fraction = sum(points.values()) / len(points)
    passed = fraction * 100 >= attempt.pass_mark - 1e-9
    now = utcnow()
    closed = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(
            submitted_at=now,
            answers=submission.answers,
            points=points,
            score=round(fraction * 100, 2),
            passed=passed,
        )
    ).rowcount
    db.session.refresh(attempt)
    if closed != 1:
        return False
    _tally(attempt, submission, points, country)
    return True


def _tally(attempt: QuizAttempt, submission: Submission, points: dict, country: str) -> None:
    """Count each answer for item analysis: one upsert, rows in a fixed order, so concurrent
    submissions of the same quiz lock the same rows in the same order (never a deadlock)."""
    rows = [
        {"quiz_id": attempt.quiz_id, "question_id": q["id"], "country": country,
         "answer": json.dumps(submission.answers[q["id"]], sort_keys=True,
                              ensure_ascii=False)[:500],
         "correct": points[q["id"]] == 1, "count": 1}
        for q in attempt.questions
    ]  # fmt: skip
    rows.sort(key=lambda row: (row["question_id"], row["answer"]))
    add_counts(AnswerTally, ["quiz_id", "question_id", "country", "answer"], "count", rows)


def close_timed_out(attempt: QuizAttempt, now: datetime) -> None:
    """An attempt past its deadline closes as failed, with no answers recorded."""
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None))
        .values(submitted_at=now, score=0.0, passed=False, timed_out=True, answers={}, points={})
    )
    db.session.refresh(attempt)


def is_late(attempt: QuizAttempt, now: datetime | None = None) -> bool:
    return _expired(attempt, now or utcnow())


def _expired(attempt: QuizAttempt, now: datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at + GRACE


def shows_answers(attempt: QuizAttempt, passed_ever: bool) -> bool:
    """The feedback policy in force for this attempt."""
    return attempt.feedback == "always" or (attempt.feedback == "once_passed" and passed_ever)


# Presenting ----------------------------------------------------------------------------


def presented(attempt: QuizAttempt, errors: dict[str, str] | None = None) -> list[dict]:
    """What the attempt page shows: texts in the attempt's order, never answers or explanations,
    and each question's error, if any. Each item is drawn by its type's partial,
    templates/quiz/types/<type>.html."""
    items, errors = [], errors or {}
    for q in attempt.questions:
        kind, layout = question_types.kind(q), attempt.layout[q["id"]]
        common = {"id": q["id"], "name": field_name(q), "type": q["type"],
                  "error": errors.get(q["id"])}  # fmt: skip
        items.append({**common, "prompt": kind.prompt(q), "case": kind.case(q),
                      **kind.present(q, layout)})  # fmt: skip
    return items


def feedback(attempt: QuizAttempt, show_answers: bool) -> list[dict]:
    """Per question: the prompt, the learner's answer, the points and, by policy, the key."""
    rows = []
    for q in attempt.questions:
        kind = question_types.kind(q)
        rows.append(
            {
                "question": q,
                "prompt": kind.prompt(q),
                "case": kind.case(q),
                "given": (attempt.answers or {}).get(q["id"]),
                "points": (attempt.points or {}).get(q["id"], 0.0),
                "correct": kind.correct(q) if show_answers else None,
                "explanation": q["explanation"] if show_answers else None,
            }
        )
    return rows
