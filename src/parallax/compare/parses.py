"""Dependency parses of article bodies, kept in a small LRU so that showing a story again
(the web page, a second ``parallax story``) does not parse its articles again.

The parse is most of the compare stage's cost; annotate parses the same bodies but
does not store the result. Entries are keyed by the pipeline, the document id and a
hash of the body, so an edited body or another pipeline is parsed afresh.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

import spacy
from spacy.tokens import Doc

from parallax.models import Article

PARSE_PIPES = frozenset({"tok2vec", "tagger", "parser"})
CACHE_SIZE = 256
"""Parsed articles kept (about 100 KB each): a dozen large stories."""
BATCH_SIZE = 64

Key = tuple[int, str, str]
_cache: OrderedDict[Key, Doc] = OrderedDict()
_lock = threading.Lock()


def parse(nlp: spacy.Language, articles: Sequence[Article]) -> list[Doc]:
    """Dependency parses of the bodies, NER off (the annotations already hold entities);
    bodies parsed before by the same pipeline come from the cache."""
    keys = [_key(nlp, a) for a in articles]
    with _lock:
        found = {k: _cache[k] for k in keys if k in _cache}
        for k in found:
            _cache.move_to_end(k)
    missing = {k: a.body for k, a in zip(keys, articles, strict=True) if k not in found}
    if missing:
        disable = [name for name in nlp.pipe_names if name not in PARSE_PIPES]
        parsed = nlp.pipe(missing.values(), disable=disable, batch_size=BATCH_SIZE)
        fresh = dict(zip(missing, parsed, strict=True))
        found |= fresh
        with _lock:
            _cache.update(fresh)
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return [found[k] for k in keys]


def clear_cache() -> None:
    """Forget every parse (benchmarks time the cold path with it)."""
    with _lock:
        _cache.clear()


def _key(nlp: spacy.Language, article: Article) -> Key:
    digest = hashlib.blake2b(article.body.encode("utf-8"), digest_size=16).hexdigest()
    return id(nlp), article.doc_id, digest
