"""A time limit on one piece of per-document work, so a pathological page cannot hang a batch.

Signals (``SIGALRM``) only work in the main thread, and the web server runs ingest in
worker threads, so the work runs in a daemon thread and the caller waits for it with a
timeout. Python cannot kill a thread: on timeout the caller moves on and the worker is
abandoned; it finishes (or not) in the background and its result is discarded, and
being a daemon it never keeps the process alive at exit.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
# Seconds one document may take in each step (reading, clean, annotate) before it is
# given up as an error: a 20 MB page takes a few seconds, a pathological one for ever.
DOCUMENT_TIME_LIMIT = 60.0
_END = object()


class DeadlineExceeded(TimeoutError):
    """The work took longer than its limit; the message says how long that was."""


def call_with_deadline(work: Callable[[], T], seconds: float | None) -> T:
    """``work()``'s result or exception, or ``DeadlineExceeded`` after ``seconds``."""
    if seconds is None:
        return work()
    results: list[T] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:  # handed to the caller's thread below
            failures.append(exc)

    worker = threading.Thread(target=run, name="parallax-deadline", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise DeadlineExceeded(f"timed out after {seconds:g} s")
    if failures:
        raise failures[0]
    return results[0]


def iterate_with_deadline(items: Iterable[T], seconds: float | None) -> Iterator[T]:
    """``items``, each within ``seconds`` of the one before, else ``DeadlineExceeded``.

    The iteration runs in a daemon thread that hands items over one at a time, so a
    reader stays streaming (a large WARC is never held whole) and stops when the
    consumer does.
    """
    if seconds is None:
        yield from items
        return
    handoff: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=1)
    stopped = threading.Event()

    def hand(item: tuple[bool, object]) -> bool:
        while not stopped.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items:
                if not hand((True, item)):
                    return
            hand((True, _END))
        except BaseException as exc:  # handed to the consumer's thread
            hand((False, exc))

    threading.Thread(target=run, name="parallax-deadline-iter", daemon=True).start()
    try:
        while True:
            try:
                succeeded, value = handoff.get(timeout=seconds)
            except queue.Empty:
                raise DeadlineExceeded(f"timed out after {seconds:g} s") from None
            if not succeeded:
                raise value  # type: ignore[misc]
            if value is _END:
                return
            yield value  # type: ignore[misc]
    finally:
        stopped.set()
