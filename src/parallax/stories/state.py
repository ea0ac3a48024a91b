"""The stories stage's state kept in the store: a snapshot of the clusterer now and
then, and every document's features, replayed after it to rebuild the rest."""

from __future__ import annotations

from contextlib import closing

from parallax.store import Store
from parallax.stories import snapshot
from parallax.stories.clusterer import Clusterer
from parallax.stories.features import DocFeatures

SNAPSHOT_LIMIT = 900_000_000  # bytes; SQLite's default limit for one value is 10**9
SNAPSHOT_EVERY = 2_000  # documents: replaying this many takes about a second


def _snapshot_clusterer(store: Store) -> Clusterer | None:
    """The clusterer the last ingest saved, if it still matches the store: the documents
    it holds are the first ones in ingest order."""
    found = store.story_snapshot()
    clusterer = snapshot.load(found[2]) if found else None
    if found is None or clusterer is None or len(clusterer) != found[0]:
        return None
    with closing(store.story_features(start=found[0] - 1)) as rows:
        last = next(rows, None)
    return clusterer if last is not None and last[0].doc_id == found[1] else None


def load_clusterer(store: Store) -> Clusterer:
    """The stories index as the last ingest left it: its saved state, then the documents
    stored after it replayed from their features (every document when there is no
    usable saved state); those stored without features, or with an older kind, are
    recomputed."""
    return catch_up(store, _snapshot_clusterer(store) or Clusterer())


def catch_up(store: Store, clusterer: Clusterer) -> Clusterer:
    """``clusterer`` given every document stored after those it holds: what another
    ingest into the same database stored meanwhile (call it under ``story_lock``)."""
    if store.assigned_documents() == len(clusterer):
        return clusterer
    for assignment, features in store.story_features(start=len(clusterer)):
        # stored without features, or features of an older kind: computed again
        if features is None or not DocFeatures.readable(features):
            article, annotations = (
                store.article(assignment.doc_id),
                store.annotations(assignment.doc_id),
            )
            if article is None or annotations is None:
                continue
            features = clusterer.features(article, annotations)
        clusterer.restore(assignment, features)
    return clusterer


def save_clusterer(store: Store, clusterer: Clusterer, every: int = SNAPSHOT_EVERY) -> None:
    """Keep the clusterer's state once it holds ``every`` documents more than the kept
    one, so ``load_clusterer`` replays fewer than that (a state of a million documents
    takes seconds to write: not worth it for one upload). A state too large for one
    SQLite value is not kept: the last one kept is then continued."""
    if len(clusterer) - store.story_snapshot_docs() < every:
        return
    data = snapshot.dump(clusterer)
    if len(data) <= SNAPSHOT_LIMIT:
        store.save_story_snapshot(len(clusterer), clusterer.doc_ids[-1], data)
