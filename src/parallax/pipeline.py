"""Runs the stages over incoming documents and stores each one whole.

Documents go through clean and annotate in batches (spaCy is fastest that way);
each is then assigned to a story and saved in its own transaction, so an interrupted
run keeps everything it finished and a re-run picks up where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from parallax.annotate import Annotator
from parallax.clean import clean
from parallax.models import Article, IngestError, RawDocument
from parallax.store import Store
from parallax.stories import Clusterer

CLUSTERER_STATE = "stories.clusterer"

Outcome = RawDocument | IngestError
Progress = Callable[[Outcome, str], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def _batches(items: Iterable[Outcome], size: int) -> Iterator[list[Outcome]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _clean_all(
    raws: list[RawDocument], report: IngestReport, notify: Progress
) -> list[tuple[RawDocument, Article]]:
    cleaned = []
    for raw in raws:
        try:
            article = clean(raw)
            if not article.body.strip():
                raise ValueError("no article text found")
        except Exception as exc:  # one bad page must not stop the batch
            error = IngestError(source=raw.source, reason=f"clean failed: {exc}")
            report.errors.append(error)
            notify(error, "error")
            continue
        cleaned.append((raw, article))
    return cleaned


def load_clusterer(store: Store) -> Clusterer:
    state = store.get_state(CLUSTERER_STATE)
    return Clusterer.load(state) if state else Clusterer()


def ingest(
    outcomes: Iterable[Outcome],
    store: Store,
    *,
    annotator: Annotator | None = None,
    batch_size: int = 32,
    progress: Progress | None = None,
) -> IngestReport:
    """Clean, annotate, assign and store every new document; report the rest."""
    report = IngestReport()
    notify = progress or (lambda _outcome, _status: None)
    clusterer = load_clusterer(store)
    try:
        for batch in _batches(outcomes, batch_size):
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
            cleaned = _clean_all(fresh, report, notify)
            if not cleaned:
                continue
            annotator = annotator or Annotator()
            annotated = annotator.annotate([article for _, article in cleaned])
            for (raw, article), annotations in zip(cleaned, annotated, strict=True):
                assignment = clusterer.add(article, annotations)
                if store.save(raw, article, annotations, assignment):
                    report.added.append(raw.id)
                notify(raw, "added")
    finally:
        store.put_state(CLUSTERER_STATE, clusterer.dump())
    return report
