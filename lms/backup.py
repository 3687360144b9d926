"""Backing up and restoring the database: SQLite's online backup API (safe while the site runs),
or pg_dump and pg_restore for PostgreSQL (their versions must match the server's)."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    """Why a backup or restore could not be made; nothing was changed."""


def backup(url: str, target: Path) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _copy_sqlite(Path(parsed.database), target)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq(parsed)])


def restore(url: str, source: Path) -> None:
    """Into an empty database (refused otherwise, so no one's data is overwritten)."""
    if not source.is_file():
        raise BackupError(f"No backup at {source}.")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _copy_sqlite(source, Path(parsed.database))
    else:
        _run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_libpq(parsed)}",
              str(source)])  # fmt: skip


def is_empty(engine) -> bool:
    """No tables at all, or an alembic table only: nothing a restore could overwrite."""
    return set(inspect(engine).get_table_names()) <= {"alembic_version"}


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy page by page, while other connections keep reading and writing."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    copy.close()
    origin.close()


def _libpq(url: URL) -> str:
    """The SQLAlchemy URL as libpq takes it (no '+driver')."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str | None:
    """The newest installed PostgreSQL tool of that name (Debian keeps each version apart)."""
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                      key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)  # fmt: skip
    return str(versions[-1]) if versions else shutil.which(name)


def _run(command: list[str]) -> None:
    tool = _tool(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).")
    result = subprocess.run([tool, *command[1:]], capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-500:]}")
