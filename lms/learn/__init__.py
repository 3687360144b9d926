"""Courses, lessons, progress and the prerequisite gate."""
