"""Annotate's parses are stored with their document, read back per story, and dropped
when the body they were made of is replaced; ingest stores one per article."""

from __future__ import annotations

from conftest import EXAMPLES
from parallax.annotate import Annotator
from parallax.annotate.parses import restore
from parallax.ingest.readers import read_paths
from parallax.models import Article, Parse, RawDocument
from parallax.pipeline import ingest
from parallax.store import Store


def _raw(doc_id: str) -> RawDocument:
    return RawDocument(id=doc_id, source=f"{doc_id}.txt", format="text", content="x", outlet="o")


def _article(doc_id: str, body: str) -> Article:
    return Article(doc_id=doc_id, outlet="o", body=body)


def test_a_parse_is_saved_with_its_document_and_read_back(store: Store) -> None:
    parse = Parse(doc_id="d1", model="m", data=b"\x00\x01parse")
    store.save(_raw("d1"), _article("d1", "Body one."), parse=parse)
    store.save(_raw("d2"), _article("d2", "Body two."))
    assert store.parses_for(["d1", "d2", "d3"]) == {"d1": parse}


def test_a_replaced_body_drops_its_parse(store: Store) -> None:
    store.save(
        _raw("d1"), _article("d1", "Body one."), parse=Parse(doc_id="d1", model="m", data=b"x")
    )
    store.update(annotations=None, article=_article("d1", "Body one, cleaned again."))
    assert store.parses_for(["d1"]) == {}


def test_ingest_stores_each_articles_parse(store: Store, annotator: Annotator) -> None:
    dam = sorted(p for p in (EXAMPLES / "text").iterdir() if "dam" in p.name)
    report = ingest(read_paths(dam), store, annotator=annotator, compare=False)
    stored = store.parses_for(report.added)
    assert len(report.added) == 3 and set(stored) == set(report.added)
    for doc_id, parse in stored.items():
        body = store.articles_for([doc_id])[doc_id].body
        doc = restore(annotator.nlp, parse, body)
        assert doc is not None and any(t.dep_ == "ROOT" for t in doc)
