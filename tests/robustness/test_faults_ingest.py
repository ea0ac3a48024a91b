"""Faults during ingest: kill -9, a writer holding the lock, a full disk. After each the
database holds only whole documents, and a re-run stores the rest once."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from parallax.annotate import Annotator
from parallax.ingest import read_paths
from parallax.models import RawDocument
from parallax.pipeline import ingest
from parallax.store import Store, StoreError

pytestmark = pytest.mark.timeout(300)
Consistency = Callable[[Path], set[str]]  # the `consistent` fixture

PLACES = ["Merovka", "Ostrel", "Tarvesh", "Salun", "Varenland", "Karvenia", "Mirava"]
EVENTS = [
    "the dam at {p} gave way after a week of rain, the river authority said",
    "the central bank of {p} raised its main rate by half a point on {d}",
    "talks on a ceasefire near {p} resumed on {d}, both delegations confirmed",
    "a fire at the port of {p} burned through the night before crews contained it",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_corpus(folder: Path, count: int, seed: int = 7) -> Path:
    """Short fictional reports, several per event, each one distinct."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        place = PLACES[number % len(PLACES)]
        event_text = EVENTS[number % len(EVENTS)].format(p=place, d=rng.choice(DAYS))
        lines = [
            f"Report {number}: {event_text.capitalize()}.",
            f"Officials in {place} said {rng.randint(2, 90)} people were affected.",
            f"Reporter {number} of outlet{number % 5}.example filed this on {rng.choice(DAYS)}.",
        ]
        (folder / f"outlet{number % 5}.example__report-{number:04d}.txt").write_text(
            "\n\n".join(lines), encoding="utf-8"
        )
    return folder


def expected_ids(corpus: Path) -> set[str]:
    return {o.id for o in read_paths([corpus]) if isinstance(o, RawDocument)}


Command = Callable[..., list[str]]  # the `cli` fixture
Count = Callable[[Path], int]  # the `count_stored` fixture


def kill_when_stored(corpus: Path, db: Path, at_least: int, cli: Command, count: Count) -> bool:
    """Start ``parallax ingest``; kill -9 it once ``at_least`` more documents are stored.
    False if it finished first."""
    target = count(db) + at_least
    process = subprocess.Popen(
        cli("ingest", str(corpus), "--db", str(db), "--quiet"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while process.poll() is None:
            if count(db) >= target:
                process.kill()
                process.wait()
                return True
            time.sleep(0.005)
        return False
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def stories(db: Path) -> set[frozenset[str]]:
    """The partition of documents into stories, whatever the story ids."""
    groups: dict[str, set[str]] = {}
    with sqlite3.connect(db) as conn:
        for doc_id, story_id in conn.execute("SELECT doc_id, story_id FROM assignments"):
            groups.setdefault(story_id, set()).add(doc_id)
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def killed_and_resumed(
    tmp_path_factory: pytest.TempPathFactory,
    annotator: Annotator,
    cli: Command,
    count_stored: Count,
) -> dict[str, Any]:
    """One corpus ingested twice: straight through, and by ``parallax ingest`` killed -9
    twice, then resumed."""
    root = tmp_path_factory.mktemp("kill")
    corpus = make_corpus(root / "corpus", 80)
    straight, killed = root / "straight.db", root / "killed.db"
    with Store(straight) as store:
        ingest(read_paths([corpus]), store, annotator=annotator)
    snapshots, kills = [], 0
    for _ in range(2):  # batches of 32, 32 and 16: each kill lands in one batch's saves
        kills += kill_when_stored(corpus, killed, 1, cli, count_stored)
        snapshots.append(root / f"after-kill-{kills}.db")
        with sqlite3.connect(killed) as source, sqlite3.connect(snapshots[-1]) as copy:
            source.backup(copy)
    with Store(killed) as store:
        resumed = ingest(read_paths([corpus]), store, annotator=annotator)
    return {
        "corpus": corpus,
        "straight": straight,
        "killed": killed,
        "snapshots": snapshots,
        "kills": kills,
        "resumed": resumed,
    }


def test_kill_9_leaves_only_whole_documents(
    killed_and_resumed: dict[str, Any], consistent: Consistency
) -> None:
    assert killed_and_resumed["kills"] == 2, "ingest finished before it could be killed"
    expected = expected_ids(killed_and_resumed["corpus"])
    sizes = [len(consistent(snapshot)) for snapshot in killed_and_resumed["snapshots"]]
    assert sizes == sorted(sizes) and 0 < sizes[0] < len(expected)
    assert all(consistent(s) <= expected for s in killed_and_resumed["snapshots"])


def running_with(argument: str) -> list[int]:
    """Processes whose command line holds ``argument`` (a forked worker keeps its parent's)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if argument.encode() in cmdline.read_bytes().split(b"\0"):
                found.append(int(cmdline.parent.name))
        except OSError:  # ended meanwhile
            continue
    return found


def test_kill_9_leaves_no_annotating_worker_behind(killed_and_resumed: dict[str, Any]) -> None:
    """The killed ingests ran with a worker per core; each worker sees its parent gone."""
    killed = str(killed_and_resumed["killed"])
    deadline = time.monotonic() + 10
    while running_with(killed) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running_with(killed) == []


def test_rerun_after_kill_stores_everything_once(
    killed_and_resumed: dict[str, Any], consistent: Consistency
) -> None:
    resumed = killed_and_resumed["resumed"]
    assert not resumed.failed and resumed.added and resumed.unchanged
    expected = expected_ids(killed_and_resumed["corpus"])
    assert consistent(killed_and_resumed["killed"]) == expected
    assert consistent(killed_and_resumed["straight"]) == expected


def articles(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT doc_id, body FROM articles"))


def test_resumed_ingest_makes_the_same_articles_and_stories(
    killed_and_resumed: dict[str, Any],
) -> None:
    """Nothing of the pipeline's state is lost with the process, and nothing half-done
    by the killed run leaks into the resumed one: both give exactly what an
    uninterrupted run gives."""
    killed, straight = killed_and_resumed["killed"], killed_and_resumed["straight"]
    assert articles(killed) == articles(straight)
    assert stories(killed) == stories(straight)


def hold_write_lock(db: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_writer_waits_for_another_writers_lock(
    tmp_path: Path, annotator: Annotator, consistent: Consistency
) -> None:
    corpus = make_corpus(tmp_path / "corpus", 4)
    db = tmp_path / "locked.db"
    Store(db).close()
    holder = hold_write_lock(db)
    release = threading.Timer(1.0, holder.rollback)
    release.start()
    try:
        with Store(db, busy_timeout=20) as store:
            report = ingest(read_paths([corpus]), store, annotator=annotator)
    finally:
        release.join()
        holder.close()
    assert not report.errors and consistent(db) == expected_ids(corpus)


def test_lock_held_too_long_is_a_clear_error_and_no_damage(
    tmp_path: Path, annotator: Annotator, consistent: Consistency
) -> None:
    corpus = make_corpus(tmp_path / "corpus", 4)
    db = tmp_path / "locked.db"
    with Store(db) as store:
        ingest(
            read_paths([corpus / "outlet0.example__report-0000.txt"]), store, annotator=annotator
        )
    before = consistent(db)
    with Store(db, busy_timeout=0.3) as store:
        holder = hold_write_lock(db)
        try:
            with pytest.raises(StoreError, match="another process held the write lock"):
                ingest(read_paths([corpus]), store, annotator=annotator)
        finally:
            holder.close()
    assert consistent(db) == before


def limit_pages(store: Store, extra_pages: int) -> None:
    """SQLite's own disk-full: writes beyond ``max_page_count`` fail with SQLITE_FULL."""
    with sqlite3.connect(store.engine.url.database) as conn:
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])

    @event.listens_for(store.engine, "connect")
    def _limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + extra_pages}")

    store.engine.dispose()


def test_disk_full_stops_with_a_clear_error_and_a_rerun_completes(
    tmp_path: Path, annotator: Annotator, consistent: Consistency
) -> None:
    corpus = make_corpus(tmp_path / "corpus", 40)
    db = tmp_path / "full.db"
    with Store(db) as store:
        limit_pages(store, extra_pages=12)
        with pytest.raises(StoreError, match="full"):
            ingest(read_paths([corpus]), store, annotator=annotator, batch_size=8)
    partial = consistent(db)
    assert 0 < len(partial) < 40
    with Store(db) as store:
        report = ingest(read_paths([corpus]), store, annotator=annotator)
    assert set(report.unchanged) == partial
    assert consistent(db) == expected_ids(corpus)


def test_a_write_failing_mid_document_rolls_the_document_back(
    tmp_path: Path, annotator: Annotator, consistent: Consistency, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document row and its article are written before annotations: a failure there
    must take them back too."""
    corpus = make_corpus(tmp_path / "corpus", 3)
    db = tmp_path / "rollback.db"

    def no_space(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    with Store(db) as store:
        monkeypatch.setattr(Store, "_put_annotations", staticmethod(no_space))
        with pytest.raises(OSError, match="No space"):
            ingest(read_paths([corpus]), store, annotator=annotator)
        monkeypatch.undo()
        assert consistent(db) == set()
        report = ingest(read_paths([corpus]), store, annotator=annotator)
    assert len(report.added) == 3 and consistent(db) == expected_ids(corpus)


def test_cli_reports_a_lock_taken_mid_run_in_one_line(
    tmp_path: Path, consistent: Consistency, cli: Command, count_stored: Count
) -> None:
    """Another writer takes the lock after the first document is stored and keeps it."""
    corpus = make_corpus(tmp_path / "corpus", 60)
    db = tmp_path / "cli.db"
    process = subprocess.Popen(
        cli("ingest", str(corpus), "--db", str(db), "--quiet"),
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PARALLAX_BUSY_TIMEOUT": "0.5"},
    )
    while count_stored(db) == 0 and process.poll() is None:
        time.sleep(0.005)
    holder = hold_write_lock(db)
    try:
        _, stderr = process.communicate(timeout=120)
    finally:
        holder.close()
    assert process.returncode == 1
    assert "Traceback" not in stderr and "another process held the write lock" in stderr
    assert 0 < len(consistent(db)) < 60
