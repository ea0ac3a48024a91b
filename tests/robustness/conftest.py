"""What the robustness tests share: the check that a database holds only whole documents."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

STAGE_TABLES = ("articles", "annotations", "assignments")


def whole_documents(db: Path) -> set[str]:
    """The ids stored, after checking that SQLite's structures are intact and that each
    document has every stage output and no output lacks its document."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        ids = {row[0] for row in conn.execute("SELECT id FROM documents")}
        for table in STAGE_TABLES:
            stored = {row[0] for row in conn.execute(f"SELECT doc_id FROM {table}")}
            assert stored == ids, f"{table}: partial records {sorted(stored ^ ids)[:5]}"
        mentioned = {row[0] for row in conn.execute("SELECT DISTINCT doc_id FROM mentions")}
        assert mentioned <= ids, "mentions of documents that are not stored"
    return ids


@pytest.fixture
def consistent() -> Callable[[Path], set[str]]:
    """Call with a database path; returns the ids of the (whole) documents in it."""
    return whole_documents


def parallax_command(*args: str) -> list[str]:
    """The ``parallax`` CLI of this interpreter, for tests that need it as a process."""
    return [sys.executable, "-c", "from parallax.cli import main; main()", *args]


def documents_stored(db: Path) -> int:
    """How many documents a database holds, read without disturbing its writer."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created yet, or mid-migration
        return 0


@pytest.fixture(scope="session")
def cli() -> Callable[..., list[str]]:
    return parallax_command


@pytest.fixture(scope="session")
def count_stored() -> Callable[[Path], int]:
    return documents_stored
