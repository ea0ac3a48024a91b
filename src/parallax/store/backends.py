"""The two databases the store runs on, and what differs between them.

SQLite (a file, the default) serialises writers with ``BEGIN IMMEDIATE`` and lets
readers go on in WAL mode. PostgreSQL (a ``postgresql://`` URL, for a team or a
server that ingests while others read) gets the same semantics: every write
transaction first takes one transaction-scoped advisory lock, so writers take turns
exactly as on SQLite, while readers never wait. Both wait at most ``busy_timeout``
seconds for a lock, then fail with a message saying who held it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

# pg_advisory_xact_lock key of the store's write lock ("PLXW").
WRITE_LOCK = 0x504C5857
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def database_url(target: str | Path) -> str:
    """A path becomes an SQLite URL; anything with '://' is taken as a database URL.
    A plain ``postgresql://`` URL is driven by psycopg 3 (the ``postgres`` extra)."""
    target = str(target)
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser()}"
    for scheme in _POSTGRES_SCHEMES:
        if target.startswith(scheme):
            return "postgresql+psycopg://" + target[len(scheme) :]
    return target


def describe(target: str | Path) -> str:
    """The database named for messages and logs, its password hidden."""
    if "://" not in str(target):
        return str(target)
    try:
        return make_url(str(target)).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database URL given"


def engine_for(url: str, busy_timeout: float) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, busy_timeout)
    if url.startswith("postgresql"):
        return _postgres_engine(url, busy_timeout)
    return create_engine(url)


def _sqlite_engine(url: str, busy_timeout: float) -> Engine:
    engine = create_engine(url, connect_args={"timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun explicitly below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front, so a writer waits its turn instead
        # of failing half-way when another process writes too.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")

    return engine


def _postgres_engine(url: str, busy_timeout: float) -> Engine:
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            f"{exc}: PostgreSQL needs psycopg; install parallax with the 'postgres' extra"
        ) from exc

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Stored datetimes are UTC; naive ones in filters are read as UTC too.
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            cursor.execute(f"SET lock_timeout = {int(busy_timeout * 1000)}")
        dbapi_connection.commit()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        if conn.info.get("write"):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    return engine


def insert(conn: Connection, table: Table) -> Any:
    """An INSERT that can say what to do ON CONFLICT, in the connection's dialect."""
    return postgresql_insert(table) if conn.dialect.name == "postgresql" else sqlite_insert(table)


def row_version(conn: Connection) -> str | None:
    """A column whose maximum moves when rows are added or re-written: SQLite's rowid,
    PostgreSQL's xmin (the id of the transaction that wrote the row version)."""
    return {"sqlite": "rowid", "postgresql": "xmin::text::bigint"}.get(conn.dialect.name)
