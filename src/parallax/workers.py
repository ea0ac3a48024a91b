"""Annotation in worker processes: spaCy is most of ingest's work, and one process uses
one core.

Workers are forked from this process with its model when it runs a single thread (the
command line, a bench): they start at once. Otherwise (the web server runs ingest in
threads) they are forked from a server process that imports and loads the model once.
Batches go to them in chunks of ``CHUNK`` documents, so the last ones end together.

Batches are cleaned ``LOOKAHEAD`` ahead of the one being stored, whatever the number of
workers (one annotates in this process), so cleaning learns an outlet's boilerplate from
the same stored documents and every run gives the same result.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from typing import TypeVar

from parallax.annotate import Annotator
from parallax.ingest.deadline import call_with_deadline
from parallax.models import Annotations, Article, Parse, RawDocument

LOOKAHEAD = 4  # batches in flight: enough to keep every worker busy
CHUNK = 8  # documents per worker's task: the last tasks of a run end close together
ORPHAN_CHECK = 1.0  # seconds between a worker's looks at whether its parent still runs
Result = tuple[Annotations, Parse] | str  # the annotations and parse, or why it failed
Cleaned = list[tuple[RawDocument, Article]]
T = TypeVar("T")

_annotator: Annotator | None = None  # a worker process's own pipeline


def annotate_articles(
    annotator: Annotator, articles: list[Article], time_limit: float | None
) -> list[tuple[Annotations, Parse] | str]:
    """Each article's annotations and parse, or why it failed: the batch in one spaCy
    pass; if that fails or overruns, one article at a time, so only the article at fault
    fails. Pure, so worker processes run it too."""
    batch_limit = time_limit * len(articles) if time_limit is not None else None
    try:
        return list(call_with_deadline(partial(annotator.annotate_parsed, articles), batch_limit))
    except Exception:  # retried below, one by one, to name the culprit
        pass
    results: list[tuple[Annotations, Parse] | str] = []
    for article in articles:
        try:
            (found,) = call_with_deadline(partial(annotator.annotate_parsed, [article]), time_limit)
        except Exception as exc:
            results.append(f"annotate failed: {exc}")
            continue
        results.append(found)
    return results


def _use(annotator: Annotator) -> None:
    global _annotator
    _annotator = annotator
    _exit_with_parent()


def _start_worker() -> None:
    from parallax.annotate.loaded import ANNOTATOR  # loaded in the fork server already

    _use(ANNOTATOR)


def _exit_with_parent() -> None:
    """A worker ends once the process that started it is gone (an ingest killed -9 says
    nothing): it would otherwise wait for tasks for ever, holding a model's memory."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK)
        os._exit(1)

    threading.Thread(target=watch, name="parallax-orphan-watch", daemon=True).start()


def _server_context() -> BaseContext:
    """Workers forked from a server process that loaded the model once, for a process
    that runs threads (forking it could copy a lock another thread holds). The server
    imports this process's main module too, so a worker does not import it again."""
    context = get_context("forkserver")
    context.set_forkserver_preload(["__main__", "parallax.annotate.loaded"])
    return context


def _annotate_in_worker(articles: list[Article], time_limit: float | None) -> list[Result]:
    assert _annotator is not None, "worker started without its annotator"
    return annotate_articles(_annotator, articles, time_limit)


def _chunks(cleaned: Cleaned) -> list[Cleaned]:
    return [cleaned[start : start + CHUNK] for start in range(0, len(cleaned), CHUNK)]


class Annotating:
    """``ahead`` yields each cleaned batch with its annotation results, in order."""

    def __init__(
        self, workers: int, time_limit: float | None, make_annotator: Callable[[], Annotator]
    ) -> None:
        self.workers = workers
        self.time_limit = time_limit
        self.make_annotator = make_annotator
        self.annotator: Annotator | None = None  # this process's, once one was needed
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Annotating:
        if self.workers > 1 and threading.active_count() == 1:
            self._pool = self._forked_pool()
        return self

    def _forked_pool(self) -> ProcessPoolExecutor:
        """Workers forked from this process now, while it runs one thread (so safe to
        fork), with its model: they start at once, importing and loading nothing. The
        model is loaded here first, as nearly every run with workers needs it."""
        self.annotator = self.annotator or self.make_annotator()
        pool = ProcessPoolExecutor(
            self.workers,
            mp_context=get_context("fork"),
            initializer=_use,
            initargs=(self.annotator,),
        )
        pool.submit(int)  # the first task forks every worker, before any thread starts
        return pool

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def here(self, cleaned: Cleaned) -> list[Result]:
        """The batch annotated in this process."""
        self.annotator = self.annotator or self.make_annotator()
        return annotate_articles(self.annotator, [a for _, a in cleaned], self.time_limit)

    def _submit(self, cleaned: Cleaned) -> list[Future[list[Result]]] | None:
        """Hand the batch to the workers, in chunks (None: annotated here in its turn)."""
        if self.workers <= 1:
            return None
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=_server_context(), initializer=_start_worker
            )
        pool = self._pool
        return [
            pool.submit(_annotate_in_worker, [a for _, a in chunk], self.time_limit)
            for chunk in _chunks(cleaned)
        ]

    def _result(self, cleaned: Cleaned, futures: list[Future[list[Result]]] | None) -> list[Result]:
        if futures is None:
            return self.here(cleaned)
        results: list[Result] = []
        for chunk, future in zip(_chunks(cleaned), futures, strict=True):
            try:
                results += future.result()
            except Exception:  # a worker died (out of memory, killed): this process goes on
                results += self.here(chunk)
        return results

    def ahead(
        self, batches: Iterable[tuple[Cleaned, T]]
    ) -> Iterator[tuple[Cleaned, T, list[Result]]]:
        """Each batch (with what the caller keeps beside it) and its results, in order.
        Unless workers were forked already, the first batch waits for a second before it
        goes to one: one batch alone (a small ingest, an upload) is annotated here, not
        worth starting a fork server for."""
        window: deque[tuple[Cleaned, T, list[Future[list[Result]]] | None]] = deque()
        for number, (cleaned, kept) in enumerate(batches):
            if number == 1 and window[0][2] is None:
                first, mine, _ = window[0]
                window[0] = (first, mine, self._submit(first))
            started = number > 0 or self._pool is not None
            window.append((cleaned, kept, self._submit(cleaned) if started else None))
            if len(window) > LOOKAHEAD:
                first, mine, future = window.popleft()
                yield first, mine, self._result(first, future)
        while window:
            first, mine, future = window.popleft()
            yield first, mine, self._result(first, future)
