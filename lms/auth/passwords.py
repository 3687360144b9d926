"""Password rules: long enough, not absurdly long, not among the first ones attackers try."""

from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 256
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")


@cache
def _common() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def password_problem(password: str, personal: tuple[str, ...] = ()) -> str | None:
    """Why a new password is refused, or None if it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(n)d characters.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) < 3:
        return _l("This password is too common. Choose one that is harder to guess.")
    if any(part and part.lower() in lowered for part in personal if len(part) >= 4):
        return _l("Do not use your name or email address in your password.")
    return None
