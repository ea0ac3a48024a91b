"""The parse cache: a story shown again is not parsed again; a changed body is."""

from __future__ import annotations

import pytest

from parallax.annotate import Annotator
from parallax.compare import parses
from parallax.compare.parses import clear_cache, parse
from parallax.models import Article


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
