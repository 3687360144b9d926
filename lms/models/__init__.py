"""All models, imported here so Alembic and the app see one metadata."""

from lms.models.certificate import Certificate
from lms.models.content import Course, Lesson, LessonVersion, Module, Origin, VersionStatus
from lms.models.progress import LessonCompletion
from lms.models.quiz import Quiz, QuizAttempt, QuizVersion
from lms.models.user import Role, User, UserCountry

__all__ = [
    "Certificate",
    "Course",
    "Lesson",
    "LessonCompletion",
    "LessonVersion",
    "Module",
    "Origin",
    "Quiz",
    "QuizAttempt",
    "QuizVersion",
    "Role",
    "User",
    "UserCountry",
    "VersionStatus",
]
