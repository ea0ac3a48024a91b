"""Voices: whom each outlet quotes or paraphrases, how much, and who is heard only once.

A voice is a person, an organisation or a document, each under its story-level entity
(``story_entities``: "Kremlin spokesman Dmitry Peskov", "Peskov" and a "he" resolved to
him are one voice in every outlet). A speaker phrase that resolves to no entity is a
voice only when it describes one ("officials", "a senior aide", "the ministry", "a
statement"); pronouns left unresolved, relative and demonstrative pronouns ("which",
"that person"), other nouns ("a lasting peace") and places never are, except a place
that is the subject of a speech verb, heard as its government.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from parallax.annotate.entities import StoryEntities, story_entities
from parallax.compare.claims import Statement
from parallax.compare.story import StoryDocument
from parallax.compare.text import normalise
from parallax.lexicon.entities import is_place
from parallax.lexicon.speech import SPEECH_VERBS
from parallax.lexicon.voices import (
    ANAPHORIC_DETERMINERS,
    NON_VOICE_PRONOUNS,
    PERSONAL_PRONOUNS,
    VOICE_HEADS,
    head_word,
)
from parallax.models import Evidence, Quote, Voice

ARTICLES = frozenset({"the", "a", "an"})
REPORTED = frozenset({"ccomp", "parataxis", "xcomp"})
MODIFIERS = frozenset({"amod", "compound", "nmod"})
GOVERNMENT = "{} (government)"
"""How a place that speaks is listed: a capital or country speaking is its government
("Moscow has said that ..."), a voice, but not a person's."""


@dataclass
class _Tally:
    name: str
    speaker_id: str | None
    words: int = 0
    sentences: dict[tuple[str, int], Evidence] = field(default_factory=dict)


def described_voice(phrase: str) -> bool:
    """Whether a speaker phrase that names no entity still describes a voice: its head
    is a person, a body or a document ("senior officials", "a statement"), and it
    points to no one said before ("that person", "which", "he")."""
    words = phrase.lower().split()
    if not words or words[0] in ANAPHORIC_DETERMINERS:
        return False
    if len(words) == 1 and words[0] in PERSONAL_PRONOUNS | NON_VOICE_PRONOUNS:
        return False
    return head_word(phrase) in VOICE_HEADS


def described_key(phrase: str) -> str:
    """One key for a described voice however an outlet words it: "The police",
    "police" and "the Police" are one voice."""
    words = normalise(phrase).split()
    while len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return "text:" + " ".join(words)


def voices(
    documents: Sequence[StoryDocument],
    statements: Sequence[Statement],
    parses: Sequence[Doc],
    entities: StoryEntities | None = None,
) -> list[Voice]:
    """Quotes from the annotations, plus attributed statements they do not cover, each
    speaker judged as above and keyed by its story-level entity."""
    entities = entities or story_entities(d.annotations.entities for d in documents)
    tallies: dict[tuple[str, str], _Tally] = {}
    judged = {
        (d.doc_id, d.sentence_at(q.start).start) for d in documents for q in d.annotations.quotes
    }
    for document, doc in zip(documents, parses, strict=True):
        for quote, key, name in heard_quotes(document.annotations.quotes, doc, entities):
            sentence = document.sentence_at(quote.start)
            tally = tallies.setdefault(
                (document.outlet, key), _Tally(name, None if key.startswith("text:") else key)
            )
            tally.words += len(quote.text.split())
            tally.sentences[(document.doc_id, sentence.start)] = document.evidence(sentence)
    by_id = {d.doc_id: d for d in documents}
    for statement in statements:
        where = (statement.doc_id, statement.sentence.start)
        if where in judged or not statement.speaker_key or not statement.speaker:
            continue  # a sentence with quotes is heard through them, judged above
        if statement.speaker_key.startswith("text:"):
            if not described_voice(statement.speaker):
                continue
            key, name, speaker_id = described_key(statement.speaker), statement.speaker, None
        elif is_place(statement.speaker_key):
            continue  # a place speaks only as the subject of a speech verb: quotes above
        else:
            speaker_id = key = entities.canonical(statement.speaker_key)
            name = entities.name(key, statement.speaker)
        tally = tallies.setdefault((statement.outlet, key), _Tally(name, speaker_id))
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


def heard_quotes(
    quotes: Sequence[Quote], doc: Doc, entities: StoryEntities
) -> list[tuple[Quote, str, str]]:
    """The quotes whose speaker is a voice, each with the key and name it is heard
    under (an entity id, or ``text:`` and the phrase for a described voice)."""
    heard = []
    for quote in quotes:
        voice = _quote_voice(quote, doc, entities)
        if voice is not None:
            heard.append((quote, *voice))
    return heard


def _quote_voice(quote: Quote, doc: Doc, entities: StoryEntities) -> tuple[str, str] | None:
    """The key and name a quote is heard under, or None when its speaker is no voice."""
    if quote.speaker is None or _not_a_speaker(quote, doc):
        return None
    if quote.speaker_id is None:
        text = quote.speaker.text
        return (described_key(text), text) if described_voice(text) else None
    key = entities.canonical(quote.speaker_id)
    name = entities.name(key, quote.speaker.text)
    if is_place(key):
        return (key, GOVERNMENT.format(name)) if _speaks(quote, doc) else None
    return key, name


def _root(doc: Doc, start: int, end: int) -> Token | None:
    words = doc.char_span(start, end, alignment_mode="expand")
    return None if words is None else words.root


def _not_a_speaker(quote: Quote, doc: Doc) -> bool:
    """A cue that only modifies a noun other than its speaker ("a shouting match")
    reports nothing; a name owned by a pronoun ("his historic Oval Office") is a thing
    of someone's, not someone who speaks."""
    if quote.speaker is None:
        return True
    speaker = _root(doc, quote.speaker.start, quote.speaker.end)
    owned = quote.speaker_id is not None and speaker is not None
    if owned and any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in speaker.children):
        return True
    cue = _root(doc, quote.cue.start, quote.cue.end) if quote.cue else None
    if cue is None or cue.dep_ not in MODIFIERS or not cue.head.tag_.startswith("NN"):
        return False
    return not quote.speaker.start <= cue.head.idx < quote.speaker.end


def _speaks(quote: Quote, doc: Doc) -> bool:
    """The speaker's words are the subject of a speech verb that reports something (a
    quotation, or a clause: 'has said that ...')."""
    if quote.speaker is None:
        return False
    word = _root(doc, quote.speaker.start, quote.speaker.end)
    if word is None:
        return False
    verb = word.head
    return (
        word.dep_ in ("nsubj", "nsubjpass")
        and verb.lower_ in SPEECH_VERBS
        and (quote.kind == "direct" or any(c.dep_ in REPORTED for c in verb.children))
    )
