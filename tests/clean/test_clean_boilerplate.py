"""Per-outlet boilerplate: lines an outlet repeats across its documents are dropped."""

from __future__ import annotations

from parallax.annotate import Annotator
from parallax.clean import clean
from parallax.clean.boilerplate import MIN_DOCUMENTS, line_key, line_keys
from parallax.models import RawDocument
from parallax.pipeline import ingest
from parallax.store import Store

TAGLINE = (
    "The Valley Gazette has reported on local life in the valley since 1887 and is owned "
    "by the people who read it."
)
TOPICS = ["bridge", "school", "harbour", "library", "market", "railway"]


def _story(topic: str) -> str:
    return (
        f"The council voted on Tuesday to close the old {topic} for the winter, after "
        f"inspectors found that the {topic} needed far more repair work than anyone had "
        "expected when the budget was drawn up last spring.\n\n"
        f"Residents who rely on the {topic} told the meeting that they had not been consulted "
        "and asked the council to publish the inspection report in full before the vote."
    )


def _raw(topic: str, outlet: str) -> RawDocument:
    return RawDocument(
        id=f"{outlet[:6]}-{topic}"[:16],
        source=f"{outlet}/{topic}.txt",
        format="text",
        content=f"{_story(topic)}\n\n{TAGLINE}",
        outlet=outlet,
    )


def test_line_key_folds_case_punctuation_and_spacing() -> None:
    assert line_key("Sign  up, today!") == line_key("sign up today")
    assert line_key("Sign up today") != line_key("Sign up tomorrow")


def test_clean_drops_learned_lines_and_says_why() -> None:
    raw = _raw("bridge", "gazette.example")
    assert TAGLINE in clean(raw).paragraphs
    article = clean(raw, boilerplate=frozenset({line_key(TAGLINE)}))
    assert TAGLINE not in article.body
    assert {"text": TAGLINE, "reason": "outlet-boilerplate"} in [
        line.model_dump() for line in article.removed
    ]
    assert line_key(TAGLINE) in line_keys(article)


def test_learned_lines_that_are_most_of_the_article_are_kept() -> None:
    raw = _raw("bridge", "gazette.example")
    learned = frozenset(line_keys(clean(raw)))
    assert clean(raw, boilerplate=learned).paragraphs == clean(raw).paragraphs


def test_store_counts_each_document_once(store: Store) -> None:
    assert store.count_outlet_lines("a.example", "doc1", ["k1", "k2"])
    assert not store.count_outlet_lines("a.example", "doc1", ["k1", "k2"])
    store.count_outlet_lines("a.example", "doc2", ["k1"])
    store.count_outlet_lines("b.example", "doc3", ["k1"])
    assert store.outlet_boilerplate("a.example", 2) == {"k1"}
    assert store.outlet_boilerplate("b.example", 2) == frozenset()


def test_pipeline_learns_boilerplate_per_outlet(store: Store, annotator: Annotator) -> None:
    gazette = [_raw(topic, "gazette.example") for topic in TOPICS[: MIN_DOCUMENTS + 1]]
    ingest(gazette, store, annotator=annotator, batch_size=1)
    first, last = store.article(gazette[0].id), store.article(gazette[-1].id)
    assert first is not None and last is not None
    assert TAGLINE in first.body
    assert TAGLINE not in last.body
    assert "outlet-boilerplate" in {line.reason for line in last.removed}

    other = _raw(TOPICS[-1], "courier.example")
    ingest([other], store, annotator=annotator)
    article = store.article(other.id)
    assert article is not None and TAGLINE in article.body
