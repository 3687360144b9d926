"""All models, imported here so Alembic and the app see one metadata."""

from lms.models.audit import AuditEntry
from lms.models.certificate import Certificate
from lms.models.content import (
    ContentRevision,
    Course,
    Lesson,
    LessonVersion,
    Module,
    Origin,
    TitleVersion,
    VersionStatus,
)
from lms.models.progress import Enrolment, LessonCompletion, ModuleCompletion
from lms.models.quiz import AnswerTally, AttemptGrant, Quiz, QuizAttempt, QuizVersion
from lms.models.user import Role, User, UserCountry

__all__ = [
    "AnswerTally",
    "AttemptGrant",
    "AuditEntry",
    "Certificate",
    "ContentRevision",
    "Course",
    "Enrolment",
    "Lesson",
    "LessonCompletion",
    "LessonVersion",
    "Module",
    "ModuleCompletion",
    "Origin",
    "Quiz",
    "QuizAttempt",
    "QuizVersion",
    "Role",
    "TitleVersion",
    "User",
    "UserCountry",
    "VersionStatus",
]
