"""Parses for compare: annotate's when given (stored or in hand) and of the same body,
else from the cache, else parsed; the comparison is the same either way."""

from __future__ import annotations

from typing import NoReturn

import pytest

from conftest import EXAMPLES
from parallax.annotate import Annotator
from parallax.clean import clean
from parallax.compare import compare_story, parses
from parallax.compare.parses import clear_cache, parse
from parallax.ingest.readers import read_paths
from parallax.models import Article, RawDocument


def _article(doc_id: str, body: str) -> Article:
    return Article(doc_id=doc_id, outlet="a.example", body=body)


def test_a_parse_is_reused_for_the_same_body(annotator: Annotator) -> None:
    clear_cache()
    first = _article("d1", "The minister said the bridge will reopen on Friday.")
    second = _article("d2", "Engineers found cracks in the bridge last year.")
    before = parse(annotator.nlp, [first, second])
    again = parse(annotator.nlp, [second, first])
    assert again[0] is before[1] and again[1] is before[0]
    assert [t.dep_ for t in before[0]] and any(t.dep_ == "ROOT" for t in before[0])


def test_a_changed_body_is_parsed_afresh(annotator: Annotator) -> None:
    clear_cache()
    old = parse(annotator.nlp, [_article("d1", "The bridge will reopen on Friday.")])[0]
    new = parse(annotator.nlp, [_article("d1", "The bridge will stay shut until May.")])[0]
    assert new is not old and new.text == "The bridge will stay shut until May."


def test_the_cache_stays_bounded(annotator: Annotator, monkeypatch: pytest.MonkeyPatch) -> None:
    clear_cache()
    monkeypatch.setattr(parses, "CACHE_SIZE", 2)
    articles = [_article(f"d{n}", f"Story number {n} was filed today.") for n in range(4)]
    docs = parse(annotator.nlp, articles)
    assert [d.text for d in docs] == [a.body for a in articles]
    assert parse(annotator.nlp, articles[-1:])[0] is docs[-1]
    assert parse(annotator.nlp, articles[:1])[0] is not docs[0]


def _no_parsing(*_args: object, **_kwargs: object) -> NoReturn:
    raise AssertionError("parsed although a usable parse was given")


def test_a_given_parse_is_used_not_parsed_again(
    annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear_cache()
    article = _article("d1", "The minister said the bridge will reopen on Friday.")
    ((_, stored),) = annotator.annotate_parsed([article])
    ((_, doc),) = annotator.annotate_docs([article])
    with monkeypatch.context() as patched:
        patched.setattr(annotator.nlp, "pipe", _no_parsing)
        (restored,) = parse(annotator.nlp, [article], {"d1": stored})
        clear_cache()
        (handed,) = parse(annotator.nlp, [article], {"d1": doc})
    assert handed is doc
    assert [(t.dep_, t.head.i) for t in restored] == [(t.dep_, t.head.i) for t in doc]


def test_a_given_parse_of_another_body_is_not_used(annotator: Annotator) -> None:
    clear_cache()
    old = _article("d1", "The bridge will reopen on Friday.")
    ((_, stored),) = annotator.annotate_parsed([old])
    new = _article("d1", "The bridge will stay shut until May.")
    (doc,) = parse(annotator.nlp, [new], {"d1": stored})
    assert doc.text == new.body


@pytest.mark.skipif(not (EXAMPLES / "text").is_dir(), reason=f"demo corpus not found at {EXAMPLES}")
def test_the_comparison_is_the_same_from_stored_parses(
    annotator: Annotator, monkeypatch: pytest.MonkeyPatch
) -> None:
    dam = [p for p in (EXAMPLES / "text").iterdir() if "dam" in p.name]
    articles = [clean(raw) for raw in read_paths(dam) if isinstance(raw, RawDocument)]
    annotated = annotator.annotate_parsed(articles)
    story = [(a, n, None) for a, (n, _) in zip(articles, annotated, strict=True)]
    stored = {p.doc_id: p for _, p in annotated}
    clear_cache()
    fresh = compare_story(story, "s", nlp=annotator.nlp)
    clear_cache()
    with monkeypatch.context() as patched:
        patched.setattr(annotator.nlp, "pipe", _no_parsing)
        reused = compare_story(story, "s", nlp=annotator.nlp, parsed=stored)
    assert len(articles) == 3 and fresh.findings
    assert reused.model_dump() == fresh.model_dump()
