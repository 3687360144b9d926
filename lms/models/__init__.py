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
from lms.models.workshop import (
    Attendance,
    Feedback,
    Seat,
    SeatStatus,
    SessionDay,
    TrainingSession,
)

__all__ = [
    "AnswerTally",
    "AttemptGrant",
    "Attendance",
    "AuditEntry",
    "Certificate",
    "ContentRevision",
    "Course",
    "Enrolment",
    "Feedback",
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
    "Seat",
    "SeatStatus",
    "SessionDay",
    "TitleVersion",
    "TrainingSession",
    "User",
    "UserCountry",
    "VersionStatus",
]
