"""The stories stage on fictional reports written for these tests: two events, copies,
and a later event that shares the first one's names."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime

import numpy as np
import pytest
from datasketch import MinHash

from parallax.models import Annotations, Article, Assignment, Entity, Mention, RawDocument
from parallax.store import Store
from parallax.stories import Clusterer, StorySettings, snapshot
from parallax.stories.features import DocFeatures, featurize, permutations, shingle_hashes
from parallax.stories.state import load_clusterer, save_clusterer

FLOOD_A = (
    "Marrowby floods as River Tessel bursts its banks",
    "Floodwater poured through the centre of Marrowby on Monday after the River Tessel burst "
    "its banks following three days of torrential rain, forcing hundreds of residents from "
    "their homes.\n\nMayor Ilse Vandermeer said emergency crews had evacuated 400 people from "
    'the lower town and opened the sports hall as a shelter. "The water rose faster than '
    'anyone expected," she said.\n\nThe regional water authority said the Tessel peaked at '
    "4.2 metres, the highest level recorded since 1987. Sandbag barriers along the quay "
    "failed before dawn.\n\nRail services between Marrowby and Keldhaven were suspended and "
    "schools stayed closed. Forecasters warned more rain was expected on Tuesday.",
)
FLOOD_B = (
    "Hundreds evacuated in Marrowby after record Tessel flood",
    "Hundreds of people were evacuated from their homes in Marrowby when the River Tessel "
    "overflowed on Monday, flooding the lower town after days of heavy rain.\n\nThe river "
    "reached 4.2 metres, its highest level since 1987, according to the water authority, "
    "and sandbag defences on the quay gave way overnight.\n\nMarrowby mayor Ilse Vandermeer "
    "told reporters that about 400 residents had been moved to a shelter in the sports "
    "hall. Trains to Keldhaven were cancelled and schools shut.\n\nMore rain is forecast "
    "for Tuesday, and the authority urged residents near the river to stay alert.",
)
MERGER = (
    "Quillon Systems agrees to buy chipmaker Ardent Micro",
    "Quillon Systems said on Monday it had agreed to buy the chip designer Ardent Micro for "
    "$2.1 billion in cash, its largest acquisition to date.\n\nChief executive Tomas Reyl "
    "said the deal would give Quillon its own processors for data-centre servers. Ardent "
    "shareholders will receive $38 a share, a premium of 31 percent.\n\nThe purchase needs "
    "approval from competition regulators and is expected to close next spring. Shares of "
    "Quillon fell 4 percent in early trading while Ardent jumped 27 percent.",
)
FESTIVAL = (
    "Marrowby lantern festival draws record crowds",
    "Thousands of visitors filled the streets of Marrowby on Saturday for the town's lantern "
    "festival, which organisers said drew its largest crowd yet.\n\nMayor Ilse Vandermeer "
    "opened the parade on the quay beside the River Tessel, where paper lanterns were floated "
    "at dusk.\n\nLocal bakers, brass bands and a puppet theatre from Keldhaven took part, "
    "and the festival raised money for the town library.",
)

ENTITIES = {
    "Marrowby": "GPE",
    "River Tessel": "LOC",
    "Tessel": "LOC",
    "Ilse Vandermeer": "PERSON",
    "Vandermeer": "PERSON",
    "Keldhaven": "GPE",
    "Quillon Systems": "ORG",
    "Quillon": "ORG",
    "Ardent Micro": "ORG",
    "Ardent": "ORG",
    "Tomas Reyl": "PERSON",
}
_CANONICAL = {
    "Tessel": "River Tessel",
    "Vandermeer": "Ilse Vandermeer",
    "Quillon": "Quillon Systems",
    "Ardent": "Ardent Micro",
}


def annotations_for(article: Article) -> Annotations:
    """Mentions of the known names, the way the annotate stage would give them."""
    mentions = []
    for surface, label in ENTITIES.items():
        entity_id = f"{label}:{_CANONICAL.get(surface, surface).lower()}"
        start = article.body.find(surface)
        while start >= 0:
            mentions.append(
                Mention(
                    start=start,
                    end=start + len(surface),
                    text=surface,
                    label=label,
                    entity_id=entity_id,
                )
            )
            start = article.body.find(surface, start + len(surface))
    entities = {m.entity_id: Entity(id=m.entity_id, name=m.text, label=m.label) for m in mentions}
    return Annotations(doc_id=article.doc_id, mentions=mentions, entities=list(entities.values()))


def article(
    doc_id: str, text: tuple[str, str], day: datetime, outlet: str = "example.org"
) -> Article:
    title, body = text
    return Article(doc_id=doc_id, outlet=outlet, title=title, body=body, published=day)


def pair(
    doc_id: str, text: tuple[str, str], day: datetime, outlet: str = "example.org"
) -> tuple[Article, Annotations]:
    made = article(doc_id, text, day, outlet)
    return made, annotations_for(made)


def day(month: int, date: int, year: int = 2025) -> datetime:
    return datetime(year, month, date, 9, tzinfo=UTC)


def copy_of(text: tuple[str, str]) -> tuple[str, str]:
    """A republished page: same text, one figure changed, a credit line added."""
    title, body = text
    return title, body.replace(
        "400", "about 400"
    ) + "\n\nThis story was first published by a partner site."


Pair = tuple[Article, Annotations]


def _stream() -> list[Pair]:
    return [
        pair("a1", FLOOD_A, day(3, 3), "daily.example"),
        pair("m1", MERGER, day(3, 3), "markets.example"),
        pair("a2", FLOOD_B, day(3, 4), "herald.example"),
        pair("c1", copy_of(FLOOD_A), day(3, 4), "partner.example"),
        pair("c2", copy_of(copy_of(FLOOD_A)), day(3, 5), "second.example"),
        pair("f1", FESTIVAL, day(10, 18), "daily.example"),
    ]


def _run(pairs: list[Pair], clusterer: Clusterer | None = None) -> dict[str, Assignment]:
    clusterer = Clusterer() if clusterer is None else clusterer
    return {a.doc_id: clusterer.add(a, n) for a, n in pairs}


def test_a_copy_is_linked_to_its_original_and_joins_its_story() -> None:
    result = _run(_stream())
    assert result["c1"].duplicate_of == "a1"
    assert result["c2"].duplicate_of == "a1"  # a copy of a copy names the first original
    assert result["c1"].story_id == result["a1"].story_id
    assert result["a2"].duplicate_of is None  # a rewrite is not a copy


def test_reports_of_one_event_in_different_words_join_one_story() -> None:
    result = _run(_stream())
    assert result["a2"].story_id == result["a1"].story_id
    assert result["m1"].story_id != result["a1"].story_id


def test_an_event_months_later_with_the_same_names_starts_its_own_story() -> None:
    result = _run(_stream())
    assert result["f1"].story_id not in {result["a1"].story_id, result["m1"].story_id}


def test_the_same_text_a_week_earlier_would_have_joined() -> None:
    """The time decay, not the text, keeps the festival apart: moved close, it joins."""
    stream = [*_stream()[:3], pair("f1", FESTIVAL, day(3, 5))]
    loose = dataclasses.replace(StorySettings(), join_threshold=0.12)
    near = _run(stream, Clusterer(loose))
    far = _run([*_stream()[:3], pair("f1", FESTIVAL, day(10, 18))], Clusterer(loose))
    assert near["f1"].story_id == near["a1"].story_id
    assert far["f1"].story_id != far["a1"].story_id


def test_story_ids_come_from_the_first_document_and_runs_repeat_exactly() -> None:
    first, second = _run(_stream()), _run(_stream())
    assert first == second
    assert first["a2"].story_id == "a1"
    assert first["m1"].story_id == "m1"


def test_a_replayed_index_continues_exactly_like_one_session() -> None:
    stream = _stream()
    whole = _run(stream)
    session = Clusterer()
    kept = [session.add_with_features(a, n) for a, n in stream[:3]]
    resumed = Clusterer()
    for assignment, features in kept:
        resumed.restore(assignment, features)
    assert _run(stream[3:], resumed) == {k: v for k, v in whole.items() if k not in "a1 m1 a2"}
    assert resumed.index.df.tolist() == _whole_state(stream).index.df.tolist()


def _partition(clusterer: Clusterer) -> set[frozenset[str]]:
    stories: dict[str, set[str]] = {}
    for doc_id in clusterer.doc_ids:
        stories.setdefault(clusterer.assignment(doc_id).story_id, set()).add(doc_id)
    return {frozenset(docs) for docs in stories.values()}


def test_stories_are_the_same_whatever_order_the_documents_came_in() -> None:
    stream = [*_stream(), pair("m2", (MERGER[0], MERGER[1][:260]), day(3, 4))]
    expected = _partition(_whole_state(stream))
    assert frozenset({"a1", "a2", "c1", "c2"}) in expected
    for seed in range(4):
        order = np.random.default_rng(seed).permutation(len(stream)).tolist()
        assert _partition(_whole_state([stream[i] for i in order])) == expected


def test_a_report_that_bridges_two_stories_moves_the_earlier_one_and_says_so() -> None:
    """Six days apart, the flood's first and last paragraphs are two stories; the whole
    report between them makes them one, and the document moved is handed out once."""
    paragraphs = FLOOD_A[1].split("\n\n")
    clusterer = Clusterer()
    first = clusterer.add(*pair("x1", ("", paragraphs[0]), day(3, 3)))
    last = clusterer.add(*pair("x2", ("", "\n\n".join(paragraphs[2:])), day(3, 9)))
    assert (first.story_id, last.story_id, clusterer.take_changes()) == ("x1", "x2", [])
    whole = clusterer.add(*pair("x3", FLOOD_A, day(3, 7)))
    assert whole.story_id == "x1"
    assert [(a.doc_id, a.story_id) for a in clusterer.take_changes()] == [("x2", "x1")]
    assert clusterer.take_changes() == []


def _whole_state(stream: list[Pair]) -> Clusterer:
    clusterer = Clusterer()
    _run(stream, clusterer)
    return clusterer


def _save(store: Store, clusterer: Clusterer, pairs: list[Pair], keep_features: bool) -> None:
    for article, notes in pairs:
        assignment, features = clusterer.add_with_features(article, notes)
        raw = RawDocument(
            id=article.doc_id, source=f"{article.doc_id}.txt", format="text", content=article.body
        )
        store.save(
            raw,
            article,
            notes,
            assignment,
            story_features=features if keep_features else None,
            reassigned=clusterer.take_changes(),
        )


OLDER_FEATURES = b"\x00" * 64  # what an earlier version stored: not this format


def test_features_of_an_older_format_are_computed_again(database: str) -> None:
    stream = _stream()
    with Store(database) as store:
        clusterer = Clusterer()
        for article, notes in stream[:3]:
            raw = RawDocument(id=article.doc_id, source="t", format="text", content=article.body)
            assignment, _ = clusterer.add_with_features(article, notes)
            store.save(raw, article, notes, assignment, story_features=OLDER_FEATURES)
        assert not DocFeatures.readable(OLDER_FEATURES)
        assert _state(load_clusterer(store)) == _state(clusterer)


@pytest.mark.parametrize("keep_features", [True, False], ids=["stored-features", "recomputed"])
def test_two_ingest_runs_through_the_store_equal_one(database: str, keep_features: bool) -> None:
    stream = _stream()
    whole = _run(stream)
    with Store(database) as store:
        _save(store, Clusterer(), stream[:3], keep_features)
    with Store(database) as store:
        resumed = load_clusterer(store)
        assert len(resumed) == 3
        _save(store, resumed, stream[3:], keep_features=True)
        stored = {a.doc_id: a for a in store.assignments()}
        assert store.copies_per_story() == {"a1": 2}
    assert stored == whole


def _state(clusterer: Clusterer) -> dict[str, list[object]]:
    """Everything a later decision reads (the comparison counters are statistics)."""
    with np.load(io.BytesIO(snapshot.dump(clusterer))) as stored:
        return {name: stored[name].tolist() for name in stored.files if name != "comparisons"}


def _replays(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    replayed: list[str] = []
    restore = Clusterer.restore

    def counting(self: Clusterer, assignment: Assignment, features: bytes) -> None:
        replayed.append(assignment.doc_id)
        restore(self, assignment, features)

    monkeypatch.setattr(Clusterer, "restore", counting)
    return replayed


def test_a_saved_state_is_continued_and_only_later_documents_replayed(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = _stream()
    with Store(database) as store:
        first = Clusterer()
        _save(store, first, stream[:2], keep_features=True)
        save_clusterer(store, first, every=2)
        _save(store, first, stream[2:4], keep_features=True)  # a run stopped before saving
        save_clusterer(store, first, every=3)  # too few new documents to save again
        assert store.story_snapshot_docs() == 2
        replayed = _replays(monkeypatch)
        resumed = load_clusterer(store)
        assert replayed == ["a2", "c1"]
        assert _state(resumed) == _state(first)
        _save(store, resumed, stream[4:], keep_features=True)
        stored = {a.doc_id: a for a in store.assignments()}
    assert stored == _run(stream)
    assert _state(resumed) == _state(_whole_state(stream))


def test_a_saved_state_that_does_not_fit_the_store_is_not_used(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = _stream()
    with Store(database) as store:
        clusterer = Clusterer()
        _save(store, clusterer, stream[:3], keep_features=True)
        store.save_story_snapshot(3, "m1", snapshot.dump(clusterer))  # not the last stored
        replayed = _replays(monkeypatch)
        assert _state(load_clusterer(store)) == _state(clusterer)
        assert replayed == ["a1", "m1", "a2"]
    other = Clusterer(StorySettings(join_threshold=0.5))
    other.add(*stream[0])
    assert snapshot.load(snapshot.dump(other)) is None
    assert snapshot.load(snapshot.dump(other), other.settings) is not None


def test_a_damaged_saved_state_is_replayed_instead(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = _stream()
    with Store(database) as store:
        clusterer = Clusterer()
        _save(store, clusterer, stream[:3], keep_features=True)
        data = snapshot.dump(clusterer)
        store.save_story_snapshot(3, "a2", data[: len(data) // 2])
        replayed = _replays(monkeypatch)
        assert _state(load_clusterer(store)) == _state(clusterer)
        assert replayed == ["a1", "m1", "a2"]
    assert snapshot.load(b"not a snapshot") is None


def test_features_survive_encoding() -> None:
    (features,) = featurize([_stream()[0]], StorySettings())
    decoded = DocFeatures.decode(features.encode())
    for field in dataclasses.fields(DocFeatures):
        assert np.array_equal(getattr(decoded, field.name), getattr(features, field.name))
    with pytest.raises(ValueError, match="malformed"):
        DocFeatures.decode(features.encode() + b"x")


def test_signatures_are_datasketch_minhash() -> None:
    settings = StorySettings()
    shingles = shingle_hashes(np.arange(50, dtype=np.uint64) * np.uint64(2654435761), 3)
    reference = MinHash(num_perm=settings.num_perm, seed=settings.seed, hashfunc=int)
    reference.update_batch(shingles.tolist())
    (ours,) = featurize([_stream()[0]], settings)
    from parallax.stories.features import signature

    assert np.array_equal(signature(shingles, settings), reference.hashvalues)
    assert permutations(settings.num_perm, settings.seed)[0].dtype == np.uint32
    assert ours.signature.shape == (settings.num_perm,)


def _filler(n: int) -> list[Pair]:
    """``n`` short reports that all share the same common words: worst case for blocking."""
    rng = np.random.default_rng(3)
    vocabulary = [f"word{i}" for i in range(400)]
    pairs = []
    for i in range(n):
        words = " ".join(rng.choice(vocabulary, size=60))
        text = (
            f"Council meeting report {i}",
            f"The council met today. {words} The council adjourned.",
        )
        pairs.append(pair(f"d{i:04d}", text, day(1 + i // 40, 1 + i % 28)))
    return pairs


def test_blocking_keeps_comparisons_bounded() -> None:
    settings = dataclasses.replace(StorySettings(), max_candidates=5, posting_limit=6)
    clusterer = Clusterer(settings)
    pairs = _filler(240)
    clusterer.add_many(pairs)
    n = len(pairs)
    assert clusterer.index.comparisons <= n * settings.max_candidates
    assert clusterer.duplicates.comparisons <= n * settings.bands
    assert clusterer.comparisons < n * (n - 1) / 2 / 4


def test_features_do_not_depend_on_the_batch() -> None:
    stream = _stream()
    together = featurize(stream, StorySettings())
    alone = [featurize([p], StorySettings())[0] for p in stream]
    for a, b in zip(together, alone, strict=True):
        assert a.encode() == b.encode()


def test_sentence_vectors_load_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    import parallax.embed
    from parallax.stories import features

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr("requests.get", refuse)
    parallax.embed.wordllama_model.cache_clear()
    features._tokenizer.cache_clear()
    vectors = features.vectors(["Floodwater poured through Marrowby.", ""], 16)
    assert vectors.shape == (2, parallax.embed.DIM)
    assert abs(float(np.linalg.norm(vectors[0].astype(np.float32))) - 1.0) < 1e-2
    assert not vectors[1].any()


def test_a_document_dated_behind_the_horizon_at_a_sweep_is_linked_before_it_retires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Out-of-order dates: the late-arriving old report lands on a sweep (every document
    here) and lies behind the horizon; it is still scored, linked and given a story."""
    monkeypatch.setattr("parallax.stories.index._SWEEP_EVERY", 1)
    clusterer = Clusterer()
    early = clusterer.add(*pair("a1", FLOOD_A, day(3, 3)))
    late = clusterer.add(*pair("f1", FESTIVAL, day(10, 18)))
    old = clusterer.add(*pair("a2", FLOOD_B, day(3, 4)))
    assert late.story_id != early.story_id
    assert old.story_id not in {early.story_id, late.story_id}  # a1 retired before a2 came
    assert clusterer.add(*pair("m1", MERGER, day(10, 19))).story_id != late.story_id
