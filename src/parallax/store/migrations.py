"""Schema versions, applied in order inside one transaction each.

The database records the last version applied; opening a store brings it up to date.
A new migration is appended to ``MIGRATIONS`` and never edits an earlier one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, text

from parallax.store import schema
from parallax.store.search import create_postgres_index

Migration = Callable[[Connection], None]


def _initial_tables(conn: Connection) -> None:
    schema.metadata.create_all(
        conn,
        tables=[
            schema.documents,
            schema.articles,
            schema.annotations,
            schema.mentions,
            schema.assignments,
        ],
    )


def _full_text_search(conn: Connection) -> None:
    """FTS5 over article titles and bodies, kept in step by triggers (SQLite only)."""
    if conn.dialect.name != "sqlite":
        return
    statements = [
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
        "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, body) "
        "VALUES ('delete', old.rowid, old.title, old.body); END",
        "CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN "
        "INSERT INTO articles_fts(articles_fts, rowid, title, body) "
        "VALUES ('delete', old.rowid, old.title, old.body); "
        "INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body); END",
    ]
    for statement in statements:
        conn.execute(text(statement))


def _story_features(conn: Connection) -> None:
    """Per-document features of the stories stage, replayed to rebuild its index."""
    schema.story_features.create(conn, checkfirst=True)


def _outlet_lines(conn: Connection) -> None:
    """Per-outlet line counts, from which the clean stage learns outlet boilerplate."""
    schema.outlet_lines.create(conn, checkfirst=True)
    schema.outlet_line_documents.create(conn, checkfirst=True)


def _drop_stage_state(conn: Connection) -> None:
    """The pickled clusterer state of version 1; stories now replay story_features."""
    conn.execute(text("DROP TABLE IF EXISTS state"))


def _stored_comparisons(conn: Connection) -> None:
    """Each story's comparison, so a story page never waits for the compare stage."""
    schema.comparisons.create(conn, checkfirst=True)


def _story_snapshot(conn: Connection) -> None:
    """The clusterer's state after the last ingest, so the next one need not replay all."""
    schema.story_snapshot.create(conn, checkfirst=True)


def _parses(conn: Connection) -> None:
    """Each article's dependency parse from annotate, so compare need not parse again."""
    schema.parses.create(conn, checkfirst=True)


def _postgres_search(conn: Connection) -> None:
    """PostgreSQL: full-text search (a tsvector column with a GIN index), and free text
    in columns that were declared with a length SQLite never enforced."""
    if conn.dialect.name != "postgresql":
        return
    create_postgres_index(conn)
    for table, column in (
        ("documents", "outlet"),
        ("documents", "language"),
        ("mentions", "entity_id"),
        ("mentions", "label"),
        ("outlet_lines", "outlet"),
    ):
        conn.execute(text(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE text"))


def _feed_watch(conn: Connection) -> None:
    """What ``parallax watch`` remembers between polls: feed validators, pages fetched."""
    schema.feeds.create(conn, checkfirst=True)
    schema.feed_pages.create(conn, checkfirst=True)


def _outlet_names(conn: Connection) -> None:
    """The publisher's own name beside its domain (``RawDocument.outlet_name``), indexed
    with the outlet so pages look names up without reading the documents."""
    if "outlet_name" not in {c["name"] for c in inspect(conn).get_columns("documents")}:
        conn.execute(text("ALTER TABLE documents ADD COLUMN outlet_name TEXT"))
    conn.execute(
        text(
            "CREATE INDEX IF NOT EXISTS ix_documents_outlet_name ON documents (outlet, outlet_name)"
        )
    )


MIGRATIONS: list[Migration] = [
    _initial_tables,
    _full_text_search,
    _story_features,
    _outlet_lines,
    _drop_stage_state,
    _stored_comparisons,
    _story_snapshot,
    _parses,
    _postgres_search,
    _feed_watch,
    _outlet_names,
]


def current_version(conn: Connection) -> int:
    """The version a database is at; 0 for a new one. Needs no write lock."""
    if not conn.execute(
        text(
            "SELECT 1 FROM information_schema.tables "
            "WHERE table_name = 'schema_version' AND table_schema = current_schema()"
        )
        if conn.dialect.name != "sqlite"
        else text("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'")
    ).first():
        return 0
    return conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar() or 0


def migrate(conn: Connection) -> int:
    """Apply what is missing; returns the version the database is at."""
    conn.execute(text("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"))
    current = conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar() or 0
    for version, migration in enumerate(MIGRATIONS, start=1):
        if version > current:
            migration(conn)
            conn.execute(text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": version})
    return len(MIGRATIONS)
