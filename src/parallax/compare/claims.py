"""Atomic statements: each sentence split into clauses with their slots filled.

A statement keeps what alignment and conflict detection compare: subject, predicate,
object, who says it, whether it is negated, and the numbers, dates and places in it.
The dependency parse comes from the Annotator's spaCy pipeline (NER switched off:
the entities come from the annotations).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from parallax.annotate.entities import StoryEntities
from parallax.compare.clauses import (
    according_to,
    attribution,
    balanced,
    clause_tokens,
    contents,
    frame,
    has_object,
    is_verb,
    polarity,
    subtree_of_dep,
)
from parallax.compare.quantities import Number, dates_in, numbers_in
from parallax.compare.text import content_keys, normalise
from parallax.lexicon.entities import (
    DATE_LABELS,
    NAMED_LABELS,
    PLACE_LABELS,
    SPEAKER_LABELS,
    is_place,
    parse_id,
)
from parallax.lexicon.voices import PERSONAL_PRONOUNS
from parallax.models import Annotations, Article, Mention, Span

__all__ = ["Number", "Statement", "extract"]


@dataclass
class Statement:
    """One clause of one sentence of one article, with its slots."""

    doc_id: str
    outlet: str
    sentence: Span
    clause: Span
    subject: str
    predicate: str
    object: str
    speaker: str | None = None
    speaker_key: str | None = None
    negated: bool | None = False
    numbers: list[Number] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)
    """Date key (ISO date or range, or a weekday word) to the words the clause uses."""
    places: list[str] = field(default_factory=list)
    entities: set[str] = field(default_factory=set)
    keys: frozenset[str] = frozenset()
    actors: set[str] = field(default_factory=set)
    """Entities named in the subject: who does what the clause says."""
    subject_things: frozenset[str] = frozenset()
    """Names (without the NER label, which outlets' texts get differently) of the things,
    not people, named in the subject: the dam that burst."""
    transitive: bool = False
    scheduled_start: bool = False
    """Says when something is due to begin ('the truce is to take effect on Sunday',
    'armies are to halt operations from Monday'): a start still ahead, whose date two
    outlets can only give differently by disagreeing."""
    venues: list[tuple[str, frozenset[str], str]] = field(default_factory=list)
    """Where in a place something happened: ('the Hotel Serrano in Lorvane', its content
    words, the place's entity id)."""
    words: int = 0
    """Content words of the clause itself, without who says it and its dates."""
    quoted: bool = False
    denied: bool = False
    """Reported under a denying verb ('denied that ...', 'rejected ...')."""
    framed: str = ""
    """How a reader is shown it: the clause with its speaker and speech verb as the
    sentence has them ('Peskov denied there are plans ...'); the clause if none."""
    index: int = 0

    @property
    def text(self) -> str:
        return self.clause.text

    @property
    def attributed(self) -> str:
        """The clause with who says it, the text that is compared."""
        return f"{self.clause.text} ({self.speaker})" if self.speaker else self.clause.text


def extract(
    article: Article,
    annotations: Annotations,
    doc: Doc,
    outlet: str,
    sentences: Sequence[Span],
    entities: StoryEntities | None = None,
) -> list[Statement]:
    """The statements of one article, in reading order, clause by clause of ``sentences``;
    entities under their story-level ids (``entities``) when given, so one person keeps
    one id across outlets ("Jane Pauley" PERSON in one, "Pauley" ORG in another)."""
    context = _Context(article, annotations, entities or StoryEntities())
    statements: list[Statement] = []
    seen: set[tuple[int, int]] = set()
    for sentence in sentences:
        tokens = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if tokens is None:
            continue
        found = (
            _sentence_statements(sentence, tokens, context, outlet)
            if any(is_verb(t) for t in tokens)
            else _headline_statement(sentence, tokens, context, outlet)
        )
        for statement in found:
            if (statement.clause.start, statement.clause.end) in seen:
                continue
            seen.add((statement.clause.start, statement.clause.end))
            statement.index = len(statements)
            statements.append(statement)
    return statements


def _headline_statement(
    sentence: Span, tokens: SpacySpan, context: _Context, outlet: str
) -> list[Statement]:
    """A line without a verb the tagger sees ('Drug lord captured by marines in Mexico',
    read as nouns) is a statement as a whole: headlines are written that way."""
    members = [t for t in tokens if not t.is_space]
    while members and members[-1].is_punct:
        members.pop()
    if not members:
        return []
    start, end = members[0].idx, members[-1].idx + len(members[-1].text)
    clause = Span(start=start, end=end, text=context.article.body[start:end])
    return [_statement(sentence, clause, tokens.root, members, context, outlet, None, None, False)]


class _Context:
    """What the clause reader needs to know about the whole article."""

    def __init__(self, article: Article, annotations: Annotations, entities: StoryEntities) -> None:
        self.article = article
        self.doc_id = article.doc_id
        self.mentions: list[Mention] = sorted(
            (
                m.model_copy(update={"entity_id": entities.canonical(m.entity_id)})
                for m in annotations.mentions
            ),
            key=lambda m: m.start,
        )
        self._starts = [m.start for m in self.mentions]
        self._longest = max((m.end - m.start for m in self.mentions), default=0)
        self.names = {
            entities.canonical(e.id): entities.name(e.id, e.name) for e in annotations.entities
        }
        self.canonical = entities.canonical
        self.quotes = annotations.quotes
        self.dates = annotations.dates
        self.published: datetime | None = article.published

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping [start, end): only those starting within reach are looked at."""
        low = bisect.bisect_left(self._starts, start - self._longest)
        high = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[low:high] if m.end > start]

    def quote_speaker(self, start: int, end: int) -> tuple[str, str] | None:
        """Who says a clause that is, for the most part, a quote: a clause that only
        runs into one ('the bank raised its rate and said ...') is the outlet's own."""
        for quote in self.quotes:
            covered = min(end, quote.end) - max(start, quote.start)
            if covered * 2 >= end - start and quote.speaker_id:
                ident = self.canonical(quote.speaker_id)
                name = self.names.get(ident) or (quote.speaker.text if quote.speaker else ident)
                return name, ident
        return None

    def in_quote(self, start: int, end: int) -> bool:
        return any(q.start < end and q.end > start and q.kind == "direct" for q in self.quotes)


def _sentence_statements(
    sentence: Span, tokens: SpacySpan, context: _Context, outlet: str
) -> Iterable[Statement]:
    """One statement per clause; who says it comes from the speech verb above it."""
    root = tokens.root
    clauses = [(head, *attribution(root)) for head in contents(root)]
    covered = {t.i for head, _, _ in clauses for t in head.subtree}
    for token in tokens:
        if token.i == root.i or token.i in covered:
            continue
        reported = contents(token)
        if len(reported) > 1 or reported[0].i != token.i:
            nested = [(head, *attribution(token)) for head in reported]
            clauses += nested
            covered |= {t.i for head, _, _ in nested for t in head.subtree}
    heads = [head for head, _, _ in clauses]
    default_speaker = according_to(tokens)
    for head, speaker_tokens, negating_cue in clauses:
        members = clause_tokens(head, [h for h in heads if h.i != head.i], tokens)
        if not members:
            continue
        last = members[-1]
        start, end = balanced(context.article.body, members[0].idx, last.idx + len(last.text))
        clause = Span(start=start, end=end, text=context.article.body[start:end])
        speaker, speaker_key = _speaker(speaker_tokens or default_speaker, clause, context)
        statement = _statement(
            sentence, clause, head, members, context, outlet, speaker, speaker_key, negating_cue
        )
        statement.framed = frame(clause, speaker_tokens, head, context.article.body)
        yield statement


def _speaker(
    speaker_tokens: list[Token], clause: Span, context: _Context
) -> tuple[str | None, str | None]:
    """Who says a clause: annotate's speaker of a quote that is most of it, else the
    entity the speaker phrase's head word belongs to ('Kremlin spokesman Dmitry Peskov',
    'the spokesman, Peskov'), else the phrase itself ('Reid's rep' is not Reid). A
    pronoun annotate did not resolve stays unknown: the last name before it is as often
    someone else ('her publicist confirmed. ... he said')."""
    quoted = context.quote_speaker(clause.start, clause.end)
    if quoted:
        return quoted
    if not speaker_tokens:
        return None, None
    start = speaker_tokens[0].idx
    end = speaker_tokens[-1].idx + len(speaker_tokens[-1].text)
    text = context.article.body[start:end]
    if text.lower() in PERSONAL_PRONOUNS:
        return None, None
    inside = {t.i for t in speaker_tokens}
    root = next((t for t in speaker_tokens if t.head.i not in inside or t.head.i == t.i), None)
    heads = [root, *(c for c in root.children if c.dep_ == "appos")] if root else []
    people = [
        m
        for w in heads
        for m in context.mentions_in(w.idx, w.idx + len(w.text))
        if m.label in SPEAKER_LABELS and not is_place(m.entity_id)
    ]
    if people:
        chosen = max(people, key=lambda m: (m.label == "PERSON", m.end - m.start))
        return context.names.get(chosen.entity_id, chosen.text), chosen.entity_id
    return text, "text:" + normalise(text)


def _statement(
    sentence: Span,
    clause: Span,
    head: Token,
    members: list[Token],
    context: _Context,
    outlet: str,
    speaker: str | None,
    speaker_key: str | None,
    negating_cue: bool,
) -> Statement:
    mentions = context.mentions_in(clause.start, clause.end)
    named = [m for m in mentions if m.label in NAMED_LABELS]
    subject_tokens = [
        t for t in subtree_of_dep(head, ("nsubj", "nsubjpass", "expl")) if t in members
    ]
    subject = " ".join(t.text for t in subject_tokens)
    obj = " ".join(t.text for t in subtree_of_dep(head, ("dobj", "attr", "acomp", "oprd")))
    date_spans = [(m.start, m.end) for m in mentions if m.label in DATE_LABELS] + [
        (d.start, d.end) for d in context.dates if d.start < clause.end and d.end > clause.start
    ]
    return Statement(
        doc_id=context.doc_id,
        outlet=outlet,
        sentence=sentence,
        clause=clause,
        subject=subject,
        actors=_actors(head, context),
        subject_things=_subject_things(head, context),
        transitive=has_object(head),
        scheduled_start=_scheduled_start(members, date_spans),
        venues=_venues(members, context),
        words=len(content_keys(_without(clause, date_spans))),
        predicate=head.lower_,
        object=obj,
        speaker=speaker,
        speaker_key=speaker_key,
        negated=polarity(head, members, negating_cue),
        denied=negating_cue,
        numbers=numbers_in(members, date_spans),
        dates=dates_in(clause, context.dates),
        places=sorted({m.entity_id for m in mentions if m.label in PLACE_LABELS}),
        entities={m.entity_id for m in named} | ({speaker_key} if speaker_key else set()),
        keys=content_keys(f"{clause.text} {speaker or ''}"),
        quoted=context.in_quote(clause.start, clause.end) or _has_quote_marks(clause.text),
    )


ONSET_VERBS = frozenset(
    f"{stem}{ending}"
    for stem, endings in (
        ("begin", ("", "s", "ning")),
        ("start", ("", "s", "ed", "ing")),
        ("commence", ("", "s", "d")),
    )
    for ending in endings
)
"""Word forms, not lemmas: the Annotator's pipeline runs without a lemmatizer."""
ONSET_PHRASES = (("into", "force"), ("into", "effect"), ("take", "effect"), ("takes", "effect"))
FUTURE_WORDS = frozenset({"will", "shall", "'ll"})
SCHEDULING_WORDS = frozenset(
    {"is", "are", "be", "due", "supposed", "set", "scheduled", "expected", "planned", "poised"}
)
"""Words that, followed by 'to' and a verb, put what follows ahead: 'is due to begin'."""


def _scheduled_start(members: list[Token], date_spans: list[tuple[int, int]]) -> bool:
    """A start (an onset verb or phrase, or 'from' a date) in a frame that puts it ahead."""
    if not date_spans:
        return False
    words = [t.lower_ for t in members]
    pairs = set(pairwise(words))
    onset = (
        any(word in ONSET_VERBS for word in words)
        or any(pair in pairs for pair in ONSET_PHRASES)
        or any(
            t.lower_ == "from"
            and any(start < c.idx + len(c.text) and c.idx < end for c in t.subtree)
            for t in members
            for start, end in date_spans
        )
    )
    return onset and any(
        t.lower_ in FUTURE_WORDS
        or (
            t.lower_ in SCHEDULING_WORDS
            and t.i + 2 < len(t.doc)
            and t.doc[t.i + 1].lower_ == "to"
            and is_verb(t.doc[t.i + 2])
        )
        for t in members
    )


NAMING_DEPS = frozenset({"compound", "appos", "conj", "flat", "nmod", "amod"})
"""How the words that name a subject hang on its head: 'the company Ostrel Hydro',
'Putin and Erdogan', 'the spokesman, Dmitry Peskov'."""


def _actors(head: Token, context: _Context) -> set[str]:
    """Who does what the clause says: the entities named by the subject's head word and
    the words naming it with it; a possessor ('Varenland's central bank' is the bank)
    and a place it is in ('the dam in Karvenia') name no actor."""
    queue = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    words: list[Token] = []
    while queue:
        word = queue.pop()
        words.append(word)
        queue += [c for c in word.children if c.dep_ in NAMING_DEPS]
    return {
        m.entity_id
        for w in words
        for m in context.mentions_in(w.idx, w.idx + len(w.text))
        if m.label in SPEAKER_LABELS
    }


def _subject_things(head: Token, context: _Context) -> frozenset[str]:
    """The named thing the subject's head word stands for, by its entity (label left
    off) and by its run of proper nouns, which also holds where NER missed the name."""
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return frozenset()
    word = subjects[0]
    mentions = context.mentions_in(word.idx, word.idx + len(word.text))
    if any(m.label == "PERSON" for m in mentions):
        return frozenset()
    names = {parse_id(m.entity_id).slug for m in mentions if m.label in NAMED_LABELS}
    if word.tag_.startswith("NNP"):
        run = [c for c in word.children if c.dep_ == "compound" and c.tag_.startswith("NNP")]
        names.add("-".join(normalise(t.text) for t in sorted([*run, word], key=lambda t: t.i)))
    return frozenset(names)


LOCATING = frozenset({"in", "outside", "near", "inside"})


def _venues(members: list[Token], context: _Context) -> list[tuple[str, frozenset[str], str]]:
    """'at <a building> in|outside|near <a place>': the building, read in word order
    (the parser often hangs 'in <place>' on another word)."""
    found: list[tuple[str, frozenset[str], str]] = []
    inside = {t.i for t in members}
    for at in members:
        if at.lower_ != "at" or at.dep_ != "prep":
            continue
        venue = next((c for c in at.children if c.dep_ == "pobj" and c.tag_.startswith("NN")), None)
        if venue is None or venue.i + 2 not in inside:
            continue
        locating, place = venue.doc[venue.i + 1], venue.doc[venue.i + 2]
        places = [
            m
            for m in context.mentions_in(place.idx, place.idx + len(place.text))
            if m.label in PLACE_LABELS
        ]
        if locating.lower_ not in LOCATING or not places:
            continue
        words = venue.doc[venue.left_edge.i : venue.i + 1]
        found.append(
            (
                f"{words.text} {locating.text} {places[0].text}",
                content_keys(words.text),
                places[0].entity_id,
            )
        )
    return found


def _without(clause: Span, spans: list[tuple[int, int]]) -> str:
    """The clause's text with the given spans blanked: what a dateline says besides its
    date ('April 4, 2012', 'Updated 4:08 p.m. ET' say nothing of the story)."""
    text = list(clause.text)
    for start, end in spans:
        for i in range(max(start, clause.start), min(end, clause.end)):
            text[i - clause.start] = " "
    return "".join(text)


def _has_quote_marks(text: str) -> bool:
    return bool(re.search(r"[“”\"]", text))
