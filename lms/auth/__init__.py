"""Accounts: registration, sign-in, profile and passwords."""

from lms.auth import routes  # noqa: F401
