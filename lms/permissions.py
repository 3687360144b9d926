"""May this user do this to this object? Every role and scope, in one table.

A role decides which areas a user may enter at all (AREAS); a scope (the countries of a trainer
or national administrator; none for a regional administrator) decides which objects in them.
Views call `require`; templates and services call `may`. The access tests walk the URL map
against AREAS.
"""

import enum
from collections.abc import Callable
from typing import Any

from flask import abort

from lms.content.variants import Variant
from lms.models import Role, User

ANYONE = frozenset(Role)
# Blueprint -> the roles that may use it; areas not listed are open to every role.
AREAS: dict[str, frozenset[Role]] = {
    "trainer": frozenset({Role.TRAINER, Role.ADMIN}),
    "admin": frozenset({Role.ADMIN}),
    "facilitation": frozenset({Role.TRAINER, Role.ADMIN}),
}


class Action(enum.StrEnum):
    EDIT_VARIANT = "edit a variant"
    REVIEW_VERSION = "review a version"
    REVOKE_CERTIFICATE = "revoke or reissue a certificate"
    MANAGE_LEARNER = "see and correct a learner's record"
    SET_ROLE = "give a role and countries"
    MANAGE_SESSION = "run a training session"
    KEEP_REGISTER = "mark a training session's attendance"


def in_scope(user: User, country: str | None) -> bool:
    """A regional user (no scope) reaches every country; a scoped one, theirs only."""
    scope = user.scoped_countries
    return not scope or country in scope


def _works_in(user: User, country: str | None) -> bool:
    """Trainers work in their countries; administrators in their scope (None: regional)."""
    if user.role == Role.ADMIN:
        return in_scope(user, country)
    return user.role == Role.TRAINER and country in user.scoped_countries


def _edit_variant(user: User, variant: Variant) -> bool:
    """Trainers edit their countries' variants; administrators also regional translations."""
    return _works_in(user, variant.country)


def _review_version(user: User, version) -> bool:
    """A second person: another trainer of the country, or an administrator in scope."""
    return _edit_variant(user, version.variant) and version.author_id != user.id


def _revoke_certificate(user: User, certificate) -> bool:
    """Regional administrators revoke any certificate; national ones, those issued in their
    country (as recorded at issue: a learner cannot move it by editing their profile)."""
    return user.role == Role.ADMIN and in_scope(user, certificate.country)


def _manage_learner(user: User, learner: User) -> bool:
    """Administrators manage the people of their countries (everyone, if regional)."""
    return user.role == Role.ADMIN and in_scope(user, learner.country) and learner.id != user.id


def _set_role(user: User, change: tuple[User, Role, list[str]]) -> bool:
    """Regional administrators give any role; national ones make learners and trainers of
    their own countries, never administrators."""
    person, role, countries = change
    if not _manage_learner(user, person):
        return False
    scope = user.scoped_countries
    return not scope or (role != Role.ADMIN and set(countries) <= scope)


def _manage_session(user: User, session) -> bool:
    """Trainers of the session's country and administrators in scope run it."""
    return _works_in(user, session.country)


def _keep_register(user: User, session) -> bool:
    """Its facilitators, and whoever runs it, keep the register."""
    return _manage_session(user, session) or any(f.id == user.id for f in session.facilitators)


RULES: dict[Action, Callable[[User, Any], bool]] = {
    Action.EDIT_VARIANT: _edit_variant,
    Action.REVIEW_VERSION: _review_version,
    Action.REVOKE_CERTIFICATE: _revoke_certificate,
    Action.MANAGE_LEARNER: _manage_learner,
    Action.SET_ROLE: _set_role,
    Action.MANAGE_SESSION: _manage_session,
    Action.KEEP_REGISTER: _keep_register,
}


def may_enter(user: User, area: str) -> bool:
    return user.is_authenticated and user.role in AREAS.get(area, ANYONE)


def may(user: User, action: Action, target: Any) -> bool:
    return user.is_authenticated and RULES[action](user, target)


def require(user: User, action: Action, target: Any) -> None:
    if not may(user, action, target):
        abort(403)


def require_area(user: User, area: str) -> None:
    if not may_enter(user, area):
        abort(403)
