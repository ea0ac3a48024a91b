"""Voices: whom each outlet quotes or paraphrases, how much, and who is heard only once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from parallax.compare.claims import PLACE_LABELS, PRONOUNS, SPEECH_VERBS, Statement
from parallax.compare.story import StoryDocument
from parallax.compare.text import normalise
from parallax.models import Evidence, Quote, Voice

REPORTED = frozenset({"ccomp", "parataxis", "xcomp"})
GOVERNMENT = "{} (government)"
"""How a place that speaks is listed: a capital or country speaking is its government
("Moscow has said that ..."), a voice, but not a person's."""


@dataclass
class _Tally:
    name: str
    speaker_id: str | None
    words: int = 0
    sentences: dict[tuple[str, int], Evidence] = field(default_factory=dict)


def voices(
    documents: Sequence[StoryDocument], statements: Sequence[Statement], parses: Sequence[Doc]
) -> list[Voice]:
    """Quotes from the annotations, plus attributed statements they do not cover. A place
    is heard only where it is the subject of a speech verb ('Kiev rejected the deal' and
    'Washington calling such contacts ...' are not speech), and then as its government."""
    tallies: dict[tuple[str, str], _Tally] = {}
    covered: set[tuple[str, int]] = set()
    for document, doc in zip(documents, parses, strict=True):
        names = {e.id: e.name for e in document.annotations.entities}
        for quote in document.annotations.quotes:
            if quote.speaker_id and _is_place(quote.speaker_id):
                if not _speaks(quote, doc):
                    continue
                name = names.get(quote.speaker_id, quote.speaker_id)
                key, name = quote.speaker_id, GOVERNMENT.format(name)
            elif quote.speaker_id:
                key, name = quote.speaker_id, names.get(quote.speaker_id, quote.speaker_id)
            elif quote.speaker is not None and quote.speaker.text.lower() not in PRONOUNS:
                key, name = "text:" + normalise(quote.speaker.text), quote.speaker.text
            else:
                continue
            sentence = document.sentence_at(quote.start)
            tally = tallies.setdefault(
                (document.outlet, key), _Tally(name, quote.speaker_id if quote.speaker_id else None)
            )
            tally.words += len(quote.text.split())
            tally.sentences[(document.doc_id, sentence.start)] = document.evidence(sentence)
            covered.add((document.doc_id, sentence.start))
    by_id = {d.doc_id: d for d in documents}
    for statement in statements:
        if not statement.speaker_key or not statement.speaker or _is_place(statement.speaker_key):
            continue  # a place speaks through the annotations' quotes, checked above
        where = (statement.doc_id, statement.sentence.start)
        if where in covered:
            continue
        speaker_id = None if statement.speaker_key.startswith("text:") else statement.speaker_key
        tally = tallies.setdefault(
            (statement.outlet, statement.speaker_key), _Tally(statement.speaker, speaker_id)
        )
        tally.words += len(statement.text.split())
        tally.sentences[where] = by_id[statement.doc_id].evidence(statement.sentence)
    outlets_of: dict[str, set[str]] = {}
    for outlet, key in tallies:
        outlets_of.setdefault(key, set()).add(outlet)
    result = [
        Voice(
            outlet=outlet,
            speaker=tally.name,
            speaker_id=tally.speaker_id,
            quotes=len(tally.sentences),
            words=tally.words,
            only_here=len(outlets_of[key]) == 1,
            evidence=list(tally.sentences.values()),
        )
        for (outlet, key), tally in tallies.items()
    ]
    return sorted(result, key=lambda v: (v.outlet, -v.quotes, -v.words, v.speaker))


def _is_place(entity_id: str) -> bool:
    return entity_id.split(":", 1)[0] in PLACE_LABELS


def _speaks(quote: Quote, doc: Doc) -> bool:
    """The speaker's words are the subject of a speech verb that reports something (a
    quotation, or a clause: 'has said that ...')."""
    if quote.speaker is None:
        return False
    words = doc.char_span(quote.speaker.start, quote.speaker.end, alignment_mode="expand")
    if words is None:
        return False
    word = words.root
    verb = word.head
    return (
        word.dep_ in ("nsubj", "nsubjpass")
        and verb.lower_ in SPEECH_VERBS
        and (quote.kind == "direct" or any(c.dep_ in REPORTED for c in verb.children))
    )
