"""Annotate's parse as bytes and back: the same tokens, tags, heads and sentences, and
refused when it is of another text or pipeline or cannot be read."""

from __future__ import annotations

from parallax.annotate import Annotator
from parallax.annotate.parses import restore
from parallax.models import Article

BODY = (
    "The river burst its banks on Tuesday, officials said.  At least 12 people died.\n\n"
    '"We lost everything," said Maria Lopez, a farmer near Tarbes. Rescue teams from '
    "Toulouse arrived overnight."
)


def test_a_stored_parse_reads_back_as_the_same_parse(annotator: Annotator) -> None:
    article = Article(doc_id="d1", outlet="a.example", body=BODY)
    ((_, parse),) = annotator.annotate_parsed([article])
    ((_, doc),) = annotator.annotate_docs([article])
    back = restore(annotator.nlp, parse, BODY)
    assert back is not None and back.text == BODY
    assert [(t.idx, t.tag_, t.dep_, t.head.i) for t in back] == [
        (t.idx, t.tag_, t.dep_, t.head.i) for t in doc
    ]
    assert [s.start_char for s in back.sents] == [s.start_char for s in doc.sents]
    assert parse.doc_id == "d1" and len(parse.data) < 40 * len(BODY)


def test_a_parse_of_another_text_or_pipeline_is_refused(annotator: Annotator) -> None:
    article = Article(doc_id="d1", outlet="a.example", body=BODY)
    ((_, parse),) = annotator.annotate_parsed([article])
    assert restore(annotator.nlp, parse, BODY.replace("Tuesday", "Monday")) is None
    other = parse.model_copy(update={"model": "en_other-1.0:parser"})
    assert restore(annotator.nlp, other, BODY) is None
    damaged = parse.model_copy(update={"data": parse.data[: len(parse.data) // 2]})
    assert restore(annotator.nlp, damaged, BODY) is None
