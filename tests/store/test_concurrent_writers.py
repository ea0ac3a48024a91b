"""Writers in parallel (several ingests, an upload) and a reader at the same time lose
and duplicate nothing, on every backend: writers take turns, readers never wait."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from parallax.models import Article, Assignment, RawDocument
from parallax.store import Store, StoreError
from parallax.store.locks import story_lock

IDS = [f"{i:04x}" for i in range(30)]
KEYS = ["line-a", "line-b"]


def _raw(doc_id: str) -> RawDocument:
    return RawDocument(
        id=doc_id, source=f"{doc_id}.txt", format="text", content="x", outlet="o.example"
    )


def _write_all(database: str, start: int) -> list[str]:
    """Save every document, starting at ``start``, so writers overlap; returns those added."""
    added = []
    with Store(database) as store:
        for doc_id in IDS[start:] + IDS[:start]:
            raw = _raw(doc_id)
            article = Article(doc_id=doc_id, outlet="o.example", body=f"Dam report {doc_id}.")
            assignment = Assignment(doc_id=doc_id, story_id=f"story-{int(doc_id, 16) % 3}")
            if store.save(raw, article, None, assignment, line_keys=KEYS):
                added.append(doc_id)
    return added


def test_parallel_writers_and_a_reader_lose_and_duplicate_nothing(database: str) -> None:
    Store(database).close()  # migrated before the race
    stop = threading.Event()
    seen: list[int] = []

    def read() -> None:
        with Store(database) as store:
            while not stop.is_set():
                seen.append(store.stats()["documents"])
                store.find_stories(query="dam")

    reader = threading.Thread(target=read)
    reader.start()
    with ThreadPoolExecutor(3) as pool:
        added = [
            doc for found in pool.map(_write_all, [database] * 3, [0, 10, 20]) for doc in found
        ]
    stop.set()
    reader.join()
    assert sorted(added) == IDS  # each document added by exactly one writer
    assert seen == sorted(seen)  # a reader sees documents arrive, never leave
    with Store(database) as store:
        assert store.stats()["documents"] == len(IDS)
        assert sorted(store.search("dam report")) == IDS
        assert sum(len(store.story_documents(s)) for s in store.story_ids()) == len(IDS)
        assert store.outlet_boilerplate("o.example", len(IDS)) == frozenset(KEYS)
        assert store.outlet_boilerplate("o.example", len(IDS) + 1) == frozenset()


def test_a_writer_kept_waiting_past_the_busy_timeout_is_told_why(database: str) -> None:
    with Store(database) as holder, Store(database, busy_timeout=0.2) as waiter:
        with (
            holder.write(),
            pytest.raises(StoreError, match=r"held the write lock for over 0\.2 s"),
        ):
            waiter.save(_raw("late"))
        with (
            story_lock(holder),
            pytest.raises(StoreError, match="another ingest held"),
            story_lock(waiter),
        ):
            pass
        assert waiter.save(_raw("late"))  # both locks free again
