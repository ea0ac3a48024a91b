"""A time limit on one piece of per-document work, so a pathological page cannot hang a batch.

Signals (``SIGALRM``) only work in the main thread, and the web server runs ingest in
worker threads, so the work runs in a daemon thread and the caller waits for it with a
timeout. Python cannot kill a thread: on timeout the caller moves on and the worker is
abandoned; it finishes (or not) in the background and its result is discarded, and
being a daemon it never keeps the process alive at exit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


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
