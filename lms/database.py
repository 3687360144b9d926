"""The unit of work: real transactions on SQLite too, and one commit point per request.

Services add and flush, never commit. A request that changes state (any method but GET, HEAD
and OPTIONS) is committed here once its response is ready, if that response is a success or a
redirect; anything else, an exception included, rolls the whole request back. GET requests are
always rolled back, so a GET can never change state.

pysqlite emits no BEGIN of its own accord, which turns SAVEPOINT into the outermost
transaction and makes a rollback keep what a nested block wrote. SQLAlchemy's documented recipe
turns the driver's transaction handling off and emits BEGIN itself. Requests that write begin
with BEGIN IMMEDIATE, so concurrent writers queue on SQLite's lock (up to the busy timeout)
instead of failing halfway; readers are never blocked in WAL mode.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, Response, g, has_request_context, request
from sqlalchemy import Engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import IntegerConverter

from lms import mail
from lms.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER, the type of every primary key
_writing = ContextVar("writing", default=False)


def request_writes() -> bool:
    return (
        has_request_context()
        and request.method not in SAFE_METHODS
        and not g.get("lms_gave_up_writing")
    )


def give_up_writing() -> None:
    """Undo the request's work; what it does from here on (an error page) only reads, so it
    never waits for the write lock again."""
    db.session.rollback()
    g.lms_gave_up_writing = True


@contextmanager
def writing() -> Iterator[None]:
    """Outside a request (CLI commands), take SQLite's write lock when a transaction begins."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, foreign keys, a busy timeout, and explicit BEGIN (IMMEDIATE for writers)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # the driver leaves transactions to us
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", f"busy_timeout={busy_timeout_ms}"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        immediate = _writing.get() or request_writes()
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def tune_postgresql(engine: Engine) -> None:
    """No JIT: PostgreSQL compiles every query whose estimated cost passes 100,000, which
    at 100,000 learners cost the overview 237 ms against 191 without it (bench/reports.py)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        autocommit = dbapi_connection.autocommit  # SET outside a transaction, so it lasts
        dbapi_connection.autocommit = True
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.autocommit = autocommit


def insert_once(row) -> bool:
    """Add a row guarded by a unique constraint, in a savepoint: False if it already exists,
    also when a concurrent request inserted it first. The rest of the transaction carries on."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return False
    return True


def add_counts(model, keys: list[str], counter: str, rows: list[dict]) -> None:
    """Upsert counter rows identified by `keys` (a unique constraint): new ones are inserted,
    existing ones have the count added. One statement on both databases, safe under
    concurrent requests."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model)
    statement = statement.on_conflict_do_update(
        index_elements=keys, set_={counter: getattr(model, counter) + statement.excluded[counter]}
    )
    db.session.execute(statement, rows)


def end_request(response: Response) -> Response:
    """The one commit point of a request: a successful write is committed, all else undone."""
    if request_writes() and response.status_code < 400:
        db.session.commit()
        mail.send_queued()
    else:
        db.session.rollback()
    return response


class RowId(IntegerConverter):
    """`<int:...>` in URLs: ids beyond the database's range match no route, so they are a 404
    rather than an overflow inside the driver."""

    def __init__(self, url_map, **kwargs):
        super().__init__(url_map, min=1, max=MAX_ID, **kwargs)


def register(app: Flask) -> None:
    """Before the blueprints: their routes' `int` converter is chosen when they are added."""
    app.url_map.converters["int"] = RowId
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            tune_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        else:
            tune_postgresql(db.engine)
    app.after_request(end_request)
