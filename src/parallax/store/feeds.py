"""The feed watcher's memory: each feed's validators and each item page's fate.

Part of ``Store`` (a base class of it), kept apart as one group of tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from parallax.store import schema
from parallax.store.backends import insert

if TYPE_CHECKING:
    from parallax.store.database import Store


class FeedState:
    def feed_validators(self: Store, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) of the feed's last answer, for a conditional GET."""
        f = schema.feeds
        with self.read() as conn:
            row = conn.execute(select(f.c.etag, f.c.last_modified).where(f.c.url == url)).first()
        return (row.etag, row.last_modified) if row else (None, None)

    def save_feed_poll(
        self: Store,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record a poll of a feed; a failed one keeps the validators of the last success."""
        f = schema.feeds
        values = {"url": url, "polled_at": datetime.now(UTC), "error": error}
        changed = {"polled_at": values["polled_at"], "error": error}
        if error is None:
            values |= {"etag": etag, "last_modified": last_modified}
            changed |= {"etag": etag, "last_modified": last_modified}
        with self.write() as conn:
            statement = insert(conn, f).values(**values)
            conn.execute(statement.on_conflict_do_update(index_elements=[f.c.url], set_=changed))

    def pages_to_fetch(self: Store, urls: Iterable[str], max_attempts: int) -> list[str]:
        """The pages among ``urls`` not stored yet (by the watcher, or as a document with
        that URL) that failed fewer than ``max_attempts`` times, in order, once each."""
        wanted = list(dict.fromkeys(urls))
        p, d = schema.feed_pages, schema.documents
        with self.read() as conn:
            done = set(conn.execute(select(d.c.url).where(d.c.url.in_(wanted))).scalars())
            done |= set(
                conn.execute(
                    select(p.c.url).where(
                        p.c.url.in_(wanted),
                        p.c.doc_id.is_not(None) | (p.c.attempts >= max_attempts),
                    )
                ).scalars()
            )
        return [url for url in wanted if url not in done]

    def record_pages(self: Store, stored: Mapping[str, str], failed: Mapping[str, str]) -> None:
        """Pages that became documents (URL to document id), and pages that failed (URL
        to the reason; each failure counts one attempt)."""
        p = schema.feed_pages
        now = datetime.now(UTC)
        outcomes = [(url, doc_id, None) for url, doc_id in stored.items()]
        outcomes += [(url, None, reason) for url, reason in failed.items()]
        with self.write() as conn:
            for url, doc_id, error in outcomes:
                row = {"url": url, "doc_id": doc_id, "error": error, "updated_at": now}
                tries = p.c.attempts + (1 if error else 0)
                conn.execute(
                    insert(conn, p)
                    .values(**row, attempts=1)
                    .on_conflict_do_update(
                        index_elements=[p.c.url], set_={**row, "attempts": tries}
                    )
                )

    def page_errors(self: Store) -> dict[str, str]:
        """Pages that have not become documents, with their last failure."""
        p = schema.feed_pages
        query = select(p.c.url, p.c.error).where(p.c.doc_id.is_(None))
        with self.read() as conn:
            return {url: error for url, error in conn.execute(query)}
