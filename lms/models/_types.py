"""Column types and helpers shared by the models."""

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Timezone-aware now, so every *_at column is UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A moment in UTC, aware on the way in and out on every database (SQLite stores no zone,
    so its values come back naive: they are UTC, and are returned as such)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: store aware UTC times (use utcnow())")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def str_enum(kind: type[enum.StrEnum]) -> Enum:
    """A string enum stored as its values in a VARCHAR, portable and readable in SQL."""
    return Enum(kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
