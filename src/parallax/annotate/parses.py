"""The parse annotate makes of a body, as bytes to store, and back.

Compare reads the same dependency parse that annotate computes; keeping it (about
8 KB for an 800-token article, spaCy's DocBin with zlib) saves compare most of its
time. Only what compare reads is kept: words and their spacing, fine tags, heads and
dependency labels (sentences follow from the heads). A parse is named by the pipeline
that made it; one made by another pipeline, or of another text, is not used.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, DocBin

from parallax.models import Parse

ATTRS = ["ORTH", "SPACY", "TAG", "HEAD", "DEP"]


def pipeline_id(nlp: spacy.Language) -> str:
    """The model's name and version and the pipes that ran before the parse was taken."""
    meta = nlp.meta
    return f"{meta['lang']}_{meta['name']}-{meta['version']}:" + ",".join(nlp.pipe_names)


def to_parse(nlp: spacy.Language, doc_id: str, doc: Doc) -> Parse:
    stored = DocBin(attrs=ATTRS, store_user_data=False, docs=[doc])
    return Parse(doc_id=doc_id, model=pipeline_id(nlp), data=stored.to_bytes())


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
