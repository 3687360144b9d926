"""All models, imported here so Alembic and the app see one metadata."""

from lms.models.content import Course, Lesson, LessonVersion, Module, VersionStatus
from lms.models.progress import LessonCompletion
from lms.models.user import Role, User, UserCountry

__all__ = [
    "Course",
    "Lesson",
    "LessonCompletion",
    "LessonVersion",
    "Module",
    "Role",
    "User",
    "UserCountry",
    "VersionStatus",
]
