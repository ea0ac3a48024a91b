"""The per-document time limit, and a stage failing on one document: that document
becomes an error, the rest of the batch is stored whole."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from parallax import pipeline
from parallax.annotate import Annotator
from parallax.ingest import readers
from parallax.ingest.deadline import DeadlineExceeded, call_with_deadline, iterate_with_deadline
from parallax.ingest.normalize import content_id
from parallax.models import Annotations, Article, IngestError, Parse, RawDocument
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


def test_streaming_deadline_yields_in_order_and_passes_errors_on() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("record 3 is broken")

    got = []
    with pytest.raises(ValueError, match="record 3"):
        for item in iterate_with_deadline(items(), 1.0):
            got.append(item)
    assert got == [1, 2]
    assert list(iterate_with_deadline(iter(range(500)), 1.0)) == list(range(500))


def test_streaming_deadline_gives_up_on_a_stalled_item_and_stops_its_producer() -> None:
    release, produced = threading.Event(), []

    def items() -> Iterator[int]:
        for number in range(1_000_000):
            produced.append(number)
            if number == 3:
                release.wait()
            yield number

    stream = iterate_with_deadline(items(), 0.3)
    assert [next(stream) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(DeadlineExceeded):
        next(stream)
    release.set()
    time.sleep(0.3)
    assert len(produced) < 10, "the producer kept going after the consumer gave up"


def test_a_file_that_takes_too_long_to_read_costs_only_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As lxml does on a tag with 200,000 attributes (minutes, quadratic)."""
    release = threading.Event()

    def stalled(path: Path, _max: int, _data: bytes | None) -> Iterator[RawDocument]:
        release.wait()
        yield from ()

    (tmp_path / "b.txt").write_text("The dam held through the night, engineers said.")
    list(readers.read_paths([tmp_path]))  # language detection loads its model once
    monkeypatch.setitem(readers.READERS, ".slow", stalled)
    monkeypatch.setattr(readers, "READ_TIME_LIMIT", 0.5)
    (tmp_path / "a.slow").write_text("x")
    first, second = readers.read_paths([tmp_path])
    release.set()
    assert isinstance(first, IngestError) and "timed out" in first.reason
    assert isinstance(second, RawDocument)


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

    def annotate_parsed(self, articles: Sequence[Article]) -> list[tuple[Annotations, Parse]]:
        if any(POISON in a.body for a in articles):
            if self.hang:
                self.release.wait()
            raise ValueError("text of length 2000000 exceeds maximum of 1000000")
        return self.real.annotate_parsed(articles)


@pytest.mark.parametrize("hang", [False, True], ids=["raises", "hangs"])
def test_a_failing_annotate_costs_one_document(
    tmp_path: Path, annotator: Annotator, hang: bool, consistent: Consistency
) -> None:
    release = threading.Event()
    faulty = FaultyAnnotator(annotator, hang, release)
    db = tmp_path / "annotate.db"
    with Store(db) as store:
        report = pipeline.ingest(batch(), store, annotator=faulty, time_limit=1.0)  # type: ignore[arg-type]
    release.set()
    assert len(report.added) == 2
    (error,) = report.errors
    assert "annotate failed" in error.reason
    assert ("timed out" in error.reason) == hang
    assert consistent(db) == set(report.added)


def test_text_over_the_language_models_limit_is_a_clear_error_before_spacy(
    tmp_path: Path, annotator: Annotator
) -> None:
    sentences = "The river authority said on Tuesday that the dam held overnight. "
    long = raw("Long report. " + sentences * (pipeline.MAX_TEXT_CHARS // len(sentences) + 1))
    short = raw(f"Short report. {sentences}")
    with Store(tmp_path / "long.db") as store:
        report = pipeline.ingest([long, short], store, annotator=annotator)
    assert report.added == [short.id]
    (error,) = report.errors
    assert error.source == long.source
    assert "too long" in error.reason and "1,000,000" in error.reason
