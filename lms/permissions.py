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
}


class Action(enum.StrEnum):
    EDIT_VARIANT = "edit a variant"
    REVIEW_VERSION = "review a version"
    REVOKE_CERTIFICATE = "revoke a certificate"


def in_scope(user: User, country: str | None) -> bool:
    """A regional user (no scope) reaches every country; a scoped one, theirs only."""
    scope = user.scoped_countries
    return not scope or country in scope


def _edit_variant(user: User, variant: Variant) -> bool:
    """Trainers edit their countries' variants; administrators also regional translations."""
    if user.role == Role.ADMIN:
        return in_scope(user, variant.country)
    return user.role == Role.TRAINER and variant.country in user.scoped_countries


def _review_version(user: User, version) -> bool:
    """A second person: another trainer of the country, or an administrator in scope."""
    return _edit_variant(user, version.variant) and version.author_id != user.id


def _revoke_certificate(user: User, certificate) -> bool:
    """Regional administrators revoke any certificate; national ones, their country's."""
    return user.role == Role.ADMIN and in_scope(user, certificate.user.country)


RULES: dict[Action, Callable[[User, Any], bool]] = {
    Action.EDIT_VARIANT: _edit_variant,
    Action.REVIEW_VERSION: _review_version,
    Action.REVOKE_CERTIFICATE: _revoke_certificate,
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
