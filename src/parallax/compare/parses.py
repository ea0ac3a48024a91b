"""Dependency parses of article bodies: the ones annotate made when given (stored with
the document, or its spaCy Docs in hand), else parsed here; kept in a small LRU so that
showing a story again (the web page, a second ``parallax story``) costs nothing.

Parsing is most of the compare stage's cost, and annotate parses the same bodies with
the same pipes. A given parse is used only when it is of the same pipeline and text;
cache entries are keyed by the pipeline, the document id and a hash of the body, so an
edited body or another pipeline is parsed afresh.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

import spacy
from spacy.tokens import Doc

from parallax.annotate.parses import restore
from parallax.models import Article, Parse

PARSE_PIPES = frozenset({"tok2vec", "tagger", "parser"})
CACHE_SIZE = 256
"""Parsed articles kept (about 100 KB each): a dozen large stories."""
BATCH_SIZE = 64

Key = tuple[int, str, str]
_cache: OrderedDict[Key, Doc] = OrderedDict()
_lock = threading.Lock()


def parse(
    nlp: spacy.Language,
    articles: Sequence[Article],
    given: Mapping[str, Doc | Parse] | None = None,
) -> list[Doc]:
    """Dependency parses of the bodies: those ``given`` by document id (annotate's), then
    those in the cache, then the rest parsed, NER off (the annotations hold entities)."""
    keys = [_key(nlp, a) for a in articles]
    with _lock:
        found = {k: _cache[k] for k in keys if k in _cache}
        for k in found:
            _cache.move_to_end(k)
    for key, article in zip(keys, articles, strict=True):
        ready = (given or {}).get(article.doc_id)
        if key not in found and ready is not None:
            doc = _usable(nlp, ready, article.body)
            if doc is not None:
                found[key] = doc
    missing = {k: a.body for k, a in zip(keys, articles, strict=True) if k not in found}
    if missing:
        disable = [name for name in nlp.pipe_names if name not in PARSE_PIPES]
        parsed = nlp.pipe(missing.values(), disable=disable, batch_size=BATCH_SIZE)
        found |= dict(zip(missing, parsed, strict=True))
    with _lock:
        _cache.update(found)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return [found[k] for k in keys]


def _usable(nlp: spacy.Language, ready: Doc | Parse, body: str) -> Doc | None:
    """A given parse, if it is of this body (and, stored, of this pipeline)."""
    if isinstance(ready, Parse):
        return restore(nlp, ready, body)
    return ready if ready.vocab is nlp.vocab and ready.text == body else None


def clear_cache() -> None:
    """Forget every parse (benchmarks time the cold path with it)."""
    with _lock:
        _cache.clear()


def _key(nlp: spacy.Language, article: Article) -> Key:
    digest = hashlib.blake2b(article.body.encode("utf-8"), digest_size=16).hexdigest()
    return id(nlp), article.doc_id, digest
