"""Stored story comparisons: made once when a story changes (at the end of an ingest, by
``parallax compare --stories``, or on a page's first view) and read back by every view.

A comparison is stored under a key made of the story's fingerprint (its documents and
what the stages made of them) and a hash of the compare stage's code, so that a changed
story or a new version of the analysis shows the stored one stale. spaCy is imported only
to compare: reading a fresh comparison costs a fingerprint query and a JSON parse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from parallax.models import Annotations, Article, Assignment, Comparison
from parallax.store import Store, StoreError

if TYPE_CHECKING:
    import spacy

COMPARE_CODE = Path(__file__).parent / "compare"
StoryInputs = list[tuple[Article, Annotations, Assignment]]


@cache
def compare_version() -> str:
    """A hash of the compare stage's code and data files, read without importing it:
    any change to the analysis makes every stored comparison stale."""
    digest = hashlib.blake2b(digest_size=8)
    files = sorted(
        p
        for p in COMPARE_CODE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    for path in files:
        digest.update(path.relative_to(COMPARE_CODE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def comparison_key(fingerprint: str) -> str:
    """What a stored comparison must have been made from to be fresh: the story's
    fingerprint (``Store.story_fingerprint``) and the compare code. Take the fingerprint
    before reading the story's records: a change made in between then shows it stale."""
    return f"{compare_version()}:{fingerprint}"


def stage_inputs(
    assignments: Sequence[Assignment],
    articles: Mapping[str, Article],
    annotations: Mapping[str, Annotations],
) -> StoryInputs:
    """The compare stage's input, the same whoever asks: every cleaned document, with
    empty annotations for one not annotated."""
    return [
        (article, annotations.get(a.doc_id) or Annotations(doc_id=a.doc_id), a)
        for a in assignments
        if (article := articles.get(a.doc_id)) is not None
    ]


def load_inputs(store: Store, story_id: str) -> StoryInputs:
    assignments = store.story_assignments(story_id)
    if not assignments:
        raise StoreError(f"no story with id {story_id!r}")
    doc_ids = [a.doc_id for a in assignments]
    return stage_inputs(assignments, store.articles_for(doc_ids), store.annotations_for(doc_ids))


def _compare(
    store: Store, inputs: StoryInputs, story_id: str, nlp: spacy.Language | None
) -> Comparison:
    """The stage over the story, with the parses annotate stored for its documents."""
    from parallax.compare import compare_story  # spaCy loads only when a story is compared

    parsed = store.parses_for([article.doc_id for article, _, _ in inputs])
    return compare_story(inputs, story_id, nlp=nlp, parsed=parsed)


def stored_or_compared(
    store: Store, story_id: str, nlp: spacy.Language | None = None
) -> Comparison:
    """The stored comparison when fresh; otherwise compared now and stored."""
    key = comparison_key(store.story_fingerprint(story_id))
    stored = store.comparison(story_id, key)
    if stored is not None:
        return stored
    comparison = _compare(store, load_inputs(store, story_id), story_id, nlp)
    store.save_comparison(comparison, key)
    return comparison


@dataclass
class CompareReport:
    compared: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def compare_stories(
    store: Store,
    story_ids: Iterable[str] | None = None,
    *,
    nlp: spacy.Language | None = None,
    force: bool = False,
    progress: Callable[[str, str], None] | None = None,
) -> CompareReport:
    """Compare and store each story (all by default) whose stored comparison is missing
    or stale, or every one with ``force``. A story the stage fails on is reported and
    the rest go on; ``progress`` hears (story id, "compared" | "fresh" | "failed")."""
    report = CompareReport()
    notify = progress or (lambda _story, _status: None)
    stored = store.comparison_fingerprints()
    for story_id in dict.fromkeys(store.story_ids() if story_ids is None else story_ids):
        key = comparison_key(store.story_fingerprint(story_id))
        if not force and stored.get(story_id) == key:
            report.fresh.append(story_id)
            notify(story_id, "fresh")
            continue
        try:
            comparison = _compare(store, load_inputs(store, story_id), story_id, nlp)
        except Exception as exc:  # one story the stage cannot handle must not stop the rest
            report.failed[story_id] = f"compare failed: {exc}"
            notify(story_id, "failed")
            continue
        store.save_comparison(comparison, key)
        report.compared.append(story_id)
        notify(story_id, "compared")
    return report
