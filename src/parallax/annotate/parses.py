"""The parse annotate makes of a body, as bytes to store, and back.

Compare reads the same dependency parse that annotate computes; keeping it (about
8 KB for an 800-token article, spaCy's DocBin with zlib) saves compare most of its
time. Only what compare reads is kept: words and their spacing, fine tags, heads and
dependency labels (sentences follow from the heads). A parse is named by the pipeline
that made it; one made by another pipeline, or of another text, is not used.
"""

from __future__ import annotations

import zlib
from weakref import WeakKeyDictionary

import numpy
import spacy
from spacy.attrs import DEP, ORTH, SPACY, TAG
from spacy.tokens import Doc, DocBin
from srsly import msgpack

from parallax.models import Parse

ATTRS = ["ORTH", "SPACY", "TAG", "HEAD", "DEP"]
_NAMED = [ORTH, TAG, DEP]  # the kept attributes whose values are strings
_MODELS: WeakKeyDictionary[spacy.Language, str] = WeakKeyDictionary()
_packer: msgpack.Packer | None = None


def pipeline_id(nlp: spacy.Language) -> str:
    """The model's name and version and the pipes that ran before the parse was taken."""
    if nlp not in _MODELS:  # ``nlp.meta`` is rebuilt on each access: milliseconds
        meta = nlp.meta
        _MODELS[nlp] = f"{meta['lang']}_{meta['name']}-{meta['version']}:"
    return _MODELS[nlp] + ",".join(nlp.pipe_names)


def to_parse(nlp: spacy.Language, doc_id: str, doc: Doc) -> Parse:
    return Parse(doc_id=doc_id, model=pipeline_id(nlp), data=_docbin_bytes(doc))


def _docbin_bytes(doc: Doc) -> bytes:
    """What ``DocBin(attrs=ATTRS, docs=[doc]).to_bytes()`` writes, in less than half
    its time: DocBin gathers every token's lemma, norm, morphology and entity strings one
    at a time, which no kept attribute names, and srsly looks its msgpack encoders up
    among all installed packages on every call (one packer here is built once)."""
    global _packer
    stored = DocBin(attrs=ATTRS, store_user_data=False)  # its version, attrs in its order
    store, keys = doc.vocab.strings, numpy.unique(doc.to_array(_NAMED)).tolist()
    message = {
        "version": stored.version,
        "attrs": stored.attrs,
        "tokens": doc.to_array(stored.attrs).reshape(len(doc), -1).tobytes("C"),
        "spaces": doc.to_array(SPACY).astype(bool).tobytes("C"),
        "lengths": numpy.asarray([len(doc)], dtype="int32").tobytes("C"),
        "strings": sorted(store[key] for key in keys),
        "cats": [doc.cats],
        "flags": [{"has_unknown_spaces": doc.has_unknown_spaces}],
        "span_groups": [doc.spans.to_bytes()],
    }
    _packer = _packer or msgpack.Packer(use_bin_type=True)
    return zlib.compress(_packer.pack(message))


def restore(nlp: spacy.Language, parse: Parse, body: str) -> Doc | None:
    """The parsed body, or None when the parse is of another pipeline or another text
    (the body was cleaned again since) or cannot be read."""
    if parse.model != pipeline_id(nlp):
        return None
    try:
        (doc,) = DocBin().from_bytes(parse.data).get_docs(nlp.vocab)
    except Exception:  # a damaged stored parse is parsed again, never fatal
        return None
    return doc if doc.text == body else None
