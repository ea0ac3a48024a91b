"""The per-document time limit, and a stage failing on one document: that document
becomes an error, the rest of the batch is stored whole."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from parallax import pipeline
from parallax.annotate import Annotator
from parallax.ingest.deadline import DeadlineExceeded, call_with_deadline
from parallax.ingest.normalize import content_id
from parallax.models import Annotations, Article, RawDocument
from parallax.store import Store

pytestmark = pytest.mark.timeout(120)
Consistency = Callable[[Path], set[str]]  # the `consistent` fixture
POISON = "poison"


def raw(text: str) -> RawDocument:
    return RawDocument(id=content_id(text), source=f"test:{text[:20]}", format="text", content=text)


def batch() -> list[RawDocument]:
    return [
        raw(f"{topic} The river authority said on Tuesday that the dam held overnight.")
        for topic in ("Dam report one.", f"{POISON} report.", "Dam report three.")
    ]


def test_deadline_returns_raises_and_times_out() -> None:
    assert call_with_deadline(lambda: 42, 1.0) == 42
    with pytest.raises(ZeroDivisionError):
        call_with_deadline(lambda: 1 / 0, 1.0)
    release = threading.Event()
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match=r"0\.2 s"):
        call_with_deadline(release.wait, 0.2)
    assert time.monotonic() - started < 5
    release.set()


def test_deadline_works_off_the_main_thread() -> None:
    """Where ``signal.alarm`` cannot: the server runs ingest in worker threads."""
    release = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(call_with_deadline, release.wait, 0.2)
        with pytest.raises(DeadlineExceeded):
            future.result(timeout=10)
    release.set()


def hang_on_poison(original: object, release: threading.Event) -> object:
    def stage(item: RawDocument) -> Article:
        if POISON in item.content:
            release.wait()
        return original(item)  # type: ignore[operator]

    return stage


def test_a_hanging_clean_costs_one_document(
    tmp_path: Path, annotator: Annotator, monkeypatch: pytest.MonkeyPatch, consistent: Consistency
) -> None:
    release = threading.Event()
    monkeypatch.setattr(pipeline, "clean", hang_on_poison(pipeline.clean, release))
    db = tmp_path / "limits.db"
    with Store(db) as store:
        report = pipeline.ingest(batch(), store, annotator=annotator, time_limit=0.5)
    release.set()
    assert len(report.added) == 2
    (error,) = report.errors
    assert POISON[:4] in error.source and "timed out" in error.reason
    assert consistent(db) == set(report.added)


class FaultyAnnotator:
    """The real annotator, except on the poisoned article: there it hangs or raises."""

    def __init__(self, real: Annotator, hang: bool, release: threading.Event) -> None:
        self.real, self.hang, self.release = real, hang, release

    def annotate(self, articles: Sequence[Article]) -> list[Annotations]:
        if any(POISON in a.body for a in articles):
            if self.hang:
                self.release.wait()
            raise ValueError("text of length 2000000 exceeds maximum of 1000000")
        return self.real.annotate(articles)


@pytest.mark.parametrize("hang", [False, True], ids=["raises", "hangs"])
def test_a_failing_annotate_costs_one_document(
    tmp_path: Path, annotator: Annotator, hang: bool, consistent: Consistency
) -> None:
    release = threading.Event()
    faulty = FaultyAnnotator(annotator, hang, release)
    db = tmp_path / "annotate.db"
    with Store(db) as store:
        report = pipeline.ingest(batch(), store, annotator=faulty, time_limit=0.3)  # type: ignore[arg-type]
    release.set()
    assert len(report.added) == 2
    (error,) = report.errors
    assert "annotate failed" in error.reason
    assert ("timed out" in error.reason) == hang
    assert consistent(db) == set(report.added)
