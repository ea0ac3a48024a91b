"""One writer at a time where order matters.

The stories stage assigns each document given every document stored before it. Two
ingests into one database (a ``parallax ingest`` beside the server's upload, or two
at once) therefore take turns: each holds this lock while it catches up on what the
other stored and saves its own batch. SQLite's own write lock is per transaction, and
a batch is many, so the lock is a file beside the database (``<db>.lock``, flock:
released by the kernel if the holder dies); PostgreSQL takes an advisory lock.
"""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from parallax.store.database import Store

_ADVISORY_KEY = 0x50415241  # "PARA"
_IN_MEMORY = threading.Lock()


@contextmanager
def story_lock(store: Store) -> Iterator[None]:
    """Held by one writer at a time across threads and processes; waits up to the
    store's busy timeout for it, then raises ``StoreError``."""
    from parallax.store.database import StoreError

    url = store.engine.url
    if url.get_backend_name() == "postgresql":
        with store.engine.connect() as conn:
            try:  # the connection's lock_timeout is the store's busy timeout
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _ADVISORY_KEY})
            except OperationalError as exc:
                raise StoreError(
                    f"another ingest held the story lock for over {store.busy_timeout:g} s"
                ) from exc
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _ADVISORY_KEY})
        return
    if not url.database or url.database == ":memory:":
        with _IN_MEMORY:
            yield
        return
    with open(f"{url.database}.lock", "a+b") as handle:
        deadline = time.monotonic() + store.busy_timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"another ingest held {handle.name} for over {store.busy_timeout:g} s"
                    ) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
