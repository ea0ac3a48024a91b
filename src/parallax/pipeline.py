"""Runs the stages over incoming documents and stores each one whole.

Documents go through clean and annotate in batches (spaCy is fastest that way);
each is then assigned to a story and saved in its own transaction, so an interrupted
run keeps everything it finished and a re-run picks up where it stopped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import TypeVar

from parallax.annotate import Annotator
from parallax.clean import clean
from parallax.clean.article import no_text_reason
from parallax.clean.boilerplate import MIN_DOCUMENTS as BOILERPLATE_DOCUMENTS
from parallax.clean.boilerplate import line_keys
from parallax.ingest.deadline import DOCUMENT_TIME_LIMIT, call_with_deadline
from parallax.ingest.readers import failure
from parallax.models import Annotations, Article, Assignment, IngestError, Parse, RawDocument
from parallax.store import Store, StoreError
from parallax.store.locks import story_lock
from parallax.stories import Clusterer
from parallax.stories.state import catch_up, load_clusterer, save_clusterer
from parallax.story_comparisons import compare_stories
from parallax.workers import Annotating, annotate_articles

Outcome = RawDocument | IngestError
T = TypeVar("T")
_DIGITS = re.compile(r"\d+")
MAX_TEXT_CHARS = 1_000_000
"""Longest article text annotated: spaCy's ``nlp.max_length``, past which it refuses a
text (E088) rather than parse it in gigabytes; said plainly here first."""
Progress = Callable[[Outcome, str], None]
Annotated = tuple[RawDocument, Article, Annotations, Parse]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    compared: list[str] = field(default_factory=list)
    """Stories whose comparison was made and stored after the documents were added."""

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def errors_by_reason(self) -> Counter[str]:
        """How many errors of each kind: a reason up to its first colon, numbers as N."""
        return Counter(_DIGITS.sub("N", e.reason.split(":")[0]) for e in self.errors)


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size``, the last one shorter."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _fail(report: IngestReport, notify: Progress, raw: RawDocument, reason: str) -> None:
    error = failure(raw.source, reason)
    report.errors.append(error)
    notify(error, "error")


def clean_batch(
    raws: list[RawDocument],
    report: IngestReport,
    notify: Progress,
    time_limit: float | None,
    store: Store | None = None,
    learned: dict[str, frozenset[str]] | None = None,
) -> list[tuple[RawDocument, Article]]:
    """Clean each document with the boilerplate its outlet has shown so far (learned
    from the store, into ``learned`` when given; ``ingest`` counts a document's lines
    when it saves it)."""
    learned = {} if learned is None else learned
    cleaned = []
    for raw in raws:
        learns = store is not None and raw.outlet != "unknown"
        if learns and raw.outlet not in learned:
            learned[raw.outlet] = store.outlet_boilerplate(raw.outlet, BOILERPLATE_DOCUMENTS)
        boilerplate = learned.get(raw.outlet, frozenset())
        try:
            stage = (
                partial(clean, raw, boilerplate=boilerplate) if boilerplate else partial(clean, raw)
            )
            article = call_with_deadline(stage, time_limit)
            if not article.body.strip():
                raise ValueError(no_text_reason(article))
            if len(article.body) > MAX_TEXT_CHARS:
                raise ValueError(
                    f"too long: {len(article.body):,} characters of article text, over the "
                    f"{MAX_TEXT_CHARS:,} the language model takes"
                )
        except Exception as exc:  # one bad page must not stop the batch
            _fail(report, notify, raw, f"clean failed: {exc}")
            continue
        cleaned.append((raw, article))
    return cleaned


def _annotated(
    cleaned: list[tuple[RawDocument, Article]],
    results: list[tuple[Annotations, Parse] | str],
    report: IngestReport,
    notify: Progress,
) -> list[Annotated]:
    found = []
    for (raw, article), result in zip(cleaned, results, strict=True):
        if isinstance(result, str):
            _fail(report, notify, raw, result)
        else:
            found.append((raw, article, *result))
    return found


def annotate_batch(
    annotator: Annotator,
    cleaned: list[tuple[RawDocument, Article]],
    report: IngestReport,
    notify: Progress,
    time_limit: float | None,
) -> list[Annotated]:
    """The cleaned batch annotated (see ``annotate_articles``), failures reported. Each
    comes with its parse, which compare reads instead of parsing again."""
    results = annotate_articles(annotator, [a for _, a in cleaned], time_limit)
    return _annotated(cleaned, results, report, notify)


def outlet_line_keys(raw: RawDocument, article: Article) -> list[str] | None:
    """What a stored document counts towards its outlet's boilerplate; a document of
    no known outlet counts nothing."""
    return None if raw.outlet == "unknown" else line_keys(article)


def save_document(
    store: Store,
    document: tuple[RawDocument, Article, Annotations, Parse | None],
    assignment: Assignment,
    features: bytes,
    moved: Iterable[Assignment] = (),
) -> bool:
    """The document stored whole with its story and the features that placed it in it,
    and the earlier documents it ``moved`` to another story (ingest and ``parallax
    load`` alike); False when it was stored already."""
    raw, article, notes, parse = document
    return store.save(
        raw,
        article,
        notes,
        assignment,
        story_features=features,
        line_keys=outlet_line_keys(raw, article),
        parse=parse,
        reassigned=moved,
    )


def _has_documents(store: Store, story_id: str) -> bool:
    try:
        return bool(store.story_documents(story_id))
    except StoreError:
        return False


def _assign_and_save(
    store: Store,
    clusterer: Clusterer,
    raw: RawDocument,
    article: Article,
    notes: Annotations,
    parse: Parse,
    touched: dict[str, None],
) -> bool:
    """Give the document its story and store it whole, with the earlier documents it
    moved to another story; False when it was stored already."""
    assignment, features = clusterer.add_with_features(article, notes)
    moved = clusterer.take_changes()
    saved = save_document(store, (raw, article, notes, parse), assignment, features, moved)
    if saved:
        touched.update(dict.fromkeys(a.story_id for a in [assignment, *moved]))
    return saved


def _cleaned_batches(
    outcomes: Iterable[Outcome],
    store: Store,
    batch_size: int,
    report: IngestReport,
    notify: Progress,
    time_limit: float | None,
) -> Iterator[tuple[list[tuple[RawDocument, Article]], dict[str, frozenset[str]]]]:
    """Batches of new documents, cleaned, with the outlet boilerplate they were cleaned
    with; errors and documents stored before are reported."""
    for batch in batches(outcomes, batch_size):
        fresh: list[RawDocument] = []
        seen: set[str] = set()
        for outcome in batch:
            if isinstance(outcome, IngestError):
                report.errors.append(outcome)
                notify(outcome, "error")
            elif outcome.id in seen or store.has_document(outcome.id):
                report.unchanged.append(outcome.id)
                notify(outcome, "unchanged")
            else:
                seen.add(outcome.id)
                fresh.append(outcome)
        learned: dict[str, frozenset[str]] = {}
        if cleaned := clean_batch(fresh, report, notify, time_limit, store, learned):
            yield cleaned, learned


def _as_if_in_turn(
    annotated: list[Annotated],
    learned: dict[str, frozenset[str]],
    store: Store,
    redo: Callable[[Annotated], list[Annotated]],
) -> list[Annotated]:
    """The batch as if cleaned just now: a batch is cleaned while earlier ones are still
    being annotated, so an outlet's boilerplate may have grown since; its documents are
    then cleaned and annotated again (``redo``), so any number of workers stores what
    one process cleaning each batch in its turn would."""
    now = {o: store.outlet_boilerplate(o, BOILERPLATE_DOCUMENTS) for o in learned}
    stale = {o for o in learned if now[o] != learned[o]}
    if not stale:
        return annotated
    found: list[Annotated] = []
    for item in annotated:
        found += redo(item) if item[0].outlet in stale else [item]
    return found


def ingest(
    outcomes: Iterable[Outcome],
    store: Store,
    *,
    annotator: Annotator | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
    time_limit: float | None = DOCUMENT_TIME_LIMIT,
    compare: bool = False,
    make_annotator: Callable[[], Annotator] = Annotator,
    workers: int = 1,
) -> IngestReport:
    """Clean, annotate, assign and store every new document; report the rest.

    With ``compare`` (as ``parallax ingest`` and uploads do), each story the run added to,
    and each an interrupted run left changed since its comparison, is compared once at
    the end and its comparison stored, so its page is ready; a story the stage fails on
    is an error. Off by default: a bulk load compares later, once. ``make_annotator`` is
    called only when a document needs annotating or a story comparing (the server shares
    one spaCy pipeline between uploads and pages, loaded on first need), or at the start
    when workers are forked from this process, to share its pipeline with them.

    With ``workers`` > 1, batches are annotated in that many processes while this one
    reads, cleans, assigns and stores, in the order read (see ``parallax.workers``): the
    result is the same whatever the number of workers.

    Every document read is counted once: added, unchanged (stored before, or by another
    ingest meanwhile) or an error. Ingests into one database at once take turns around
    story assignment (``story_lock``), so they make the stories one ingest of the same
    documents in the order they were stored makes (bench/hostile.py).
    """
    report = IngestReport()
    touched: dict[str, None] = {}
    notify = progress or (lambda _outcome, _status: None)
    clusterer = load_clusterer(store)
    given = annotator
    with Annotating(workers, time_limit, lambda: given or make_annotator()) as annotating:

        def redo(item: Annotated) -> list[Annotated]:
            cleaned = clean_batch([item[0]], report, notify, time_limit, store)
            if not cleaned or cleaned[0][1] == item[1]:
                return [item] if cleaned else []
            return _annotated(cleaned, annotating.here(cleaned), report, notify)

        cleaned_batches = _cleaned_batches(outcomes, store, batch_size, report, notify, time_limit)
        for cleaned, learned, results in annotating.ahead(cleaned_batches):
            annotated = _as_if_in_turn(
                _annotated(cleaned, results, report, notify), learned, store, redo
            )
            with story_lock(store):  # another ingest's documents come first, then this batch
                catch_up(store, clusterer)
                for raw, article, notes, parse in annotated:
                    saved = not store.has_document(raw.id) and _assign_and_save(
                        store, clusterer, raw, article, notes, parse, touched
                    )
                    (report.added if saved else report.unchanged).append(raw.id)
                    notify(raw, "added" if saved else "unchanged")
        annotator = annotator or annotating.annotator
    if report.added:
        with story_lock(store):
            save_clusterer(store, catch_up(store, clusterer))
    # a story this run started may have been merged into another since: it has no documents
    live = [s for s in touched if _has_documents(store, s)] if compare else []
    pending = [*live, *store.stories_changed_since_compared()] if compare else []
    if pending:
        # What this run touched, and what an interrupted run left; the annotator's spaCy
        # pipeline is reused (a stand-in without one, in tests, leaves compare to load its own).
        annotator = annotator or make_annotator()
        compared = compare_stories(store, pending, nlp=getattr(annotator, "nlp", None))
        report.compared = compared.compared
        for story_id, reason in compared.failed.items():
            error = failure(f"story {story_id}", reason)
            report.errors.append(error)
            notify(error, "error")
    return report
