"""Courses, lessons, progress and the prerequisite gate."""

from lms.learn import routes  # noqa: F401
