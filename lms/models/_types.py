"""Column helpers shared by the models."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now, so every *_at column is UTC."""
    return datetime.now(UTC)
