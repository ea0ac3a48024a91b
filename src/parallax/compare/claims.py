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

from parallax.compare.text import content_keys, normalise
from parallax.models import Annotations, Article, Mention, Span

SPEECH_VERBS = frozenset(
    [
        "say",
        "says",
        "said",
        "saying",
        "tell",
        "tells",
        "told",
        "telling",
        "add",
        "adds",
        "added",
        "adding",
        "deny",
        "denies",
        "denied",
        "denying",
        "confirm",
        "confirms",
        "confirmed",
        "confirming",
        "insist",
        "insists",
        "insisted",
        "claim",
        "claims",
        "claimed",
        "announce",
        "announces",
        "announced",
        "warn",
        "warns",
        "warned",
        "state",
        "states",
        "stated",
        "stating",
        "report",
        "reports",
        "reported",
        "argue",
        "argues",
        "argued",
        "accuse",
        "accuses",
        "accused",
        "declare",
        "declares",
        "declared",
        "admit",
        "admits",
        "admitted",
        "acknowledge",
        "acknowledged",
        "note",
        "notes",
        "noted",
        "suggest",
        "suggested",
        "suggests",
        "indicate",
        "indicated",
        "indicates",
        "write",
        "wrote",
        "writes",
        "explain",
        "explained",
        "hail",
        "hailed",
        "reject",
        "rejected",
        "rejects",
    ]
)
NEGATING_VERBS = frozenset(["deny", "denies", "denied", "denying", "reject", "rejected", "rejects"])
NEGATORS = frozenset({"not", "n't", "never", "no", "without", "nobody", "nothing", "none"})
PRONOUNS = frozenset({"he", "she", "they", "him", "her", "it", "i", "we"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DATE_LABELS = frozenset({"DATE", "TIME"})
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"})
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_DATE_WORD = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|june|"
    r"july|august|september|october|november|december|\d{1,2}(?::\d\d)?\s?[ap]\.?m\.?|noon|"
    r"midnight)\b",
    re.IGNORECASE,
)
_MAY = re.compile(r"\bMay\b")
_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_RATIO = re.compile(r"\b(\d{1,3})\s?[-–—]\s?(\d{1,3})\b")
_WORD_NUMBERS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_PERCENT = frozenset({"%", "percent", "pct", "per"})
CONTEXT_WIDTH = 4
UNIT_KEYS = frozenset({"perce", "pct", "point", "basis", "cent", "numbe", "least", "about"})


@dataclass(frozen=True)
class Number:
    value: float
    unit: str
    text: str
    context: frozenset[str] = frozenset()
    """Content words next to the number: what it is a number of, in this sentence."""
    qualifiers: frozenset[tuple[str, str]] = frozenset()
    """(noun, modifier) pairs among those words: 'wage growth' is not 'economic growth'."""


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
    """Content words of the clause itself (without who says it)."""
    quoted: bool = False
    index: int = 0

    @property
    def text(self) -> str:
        return self.clause.text

    @property
    def attributed(self) -> str:
        """The clause with who says it, the text that is compared."""
        return f"{self.clause.text} ({self.speaker})" if self.speaker else self.clause.text


def extract(
    article: Article, annotations: Annotations, doc: Doc, outlet: str, sentences: Sequence[Span]
) -> list[Statement]:
    """The statements of one article, in reading order, clause by clause of ``sentences``."""
    context = _Context(article, annotations)
    statements: list[Statement] = []
    for sentence in sentences:
        tokens = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if tokens is None or not any(_is_verb(t) for t in tokens):
            continue
        for statement in _sentence_statements(sentence, tokens, context, outlet):
            statement.index = len(statements)
            statements.append(statement)
    return statements


class _Context:
    """What the clause reader needs to know about the whole article."""

    def __init__(self, article: Article, annotations: Annotations) -> None:
        self.article = article
        self.doc_id = article.doc_id
        self.mentions: list[Mention] = sorted(annotations.mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._longest = max((m.end - m.start for m in self.mentions), default=0)
        self.names = {e.id: e.name for e in annotations.entities}
        self.quotes = annotations.quotes
        self.dates = annotations.dates
        self.published: datetime | None = article.published

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping [start, end): only those starting within reach are looked at."""
        low = bisect.bisect_left(self._starts, start - self._longest)
        high = bisect.bisect_left(self._starts, end)
        return [m for m in self.mentions[low:high] if m.end > start]

    def last_person_before(self, position: int) -> Mention | None:
        people = [m for m in self.mentions if m.label == "PERSON" and m.end <= position]
        return people[-1] if people else None

    def quote_speaker(self, start: int, end: int) -> tuple[str, str] | None:
        for quote in self.quotes:
            if quote.start < end and quote.end > start and quote.speaker_id:
                name = self.names.get(quote.speaker_id) or (
                    quote.speaker.text if quote.speaker else quote.speaker_id
                )
                return name, quote.speaker_id
        return None

    def in_quote(self, start: int, end: int) -> bool:
        return any(q.start < end and q.end > start and q.kind == "direct" for q in self.quotes)


def _sentence_statements(
    sentence: Span, tokens: SpacySpan, context: _Context, outlet: str
) -> Iterable[Statement]:
    """One statement per clause; who says it comes from the speech verb above it."""
    root = tokens.root
    clauses = [(head, *_attribution(root)) for head in _contents(root)]
    covered = {t.i for head, _, _ in clauses for t in head.subtree}
    for token in tokens:
        if token.i == root.i or token.i in covered:
            continue
        contents = _contents(token)
        if len(contents) > 1 or contents[0].i != token.i:
            nested = [(head, *_attribution(token)) for head in contents]
            clauses += nested
            covered |= {t.i for head, _, _ in nested for t in head.subtree}
    heads = [head for head, _, _ in clauses]
    default_speaker = _according_to(tokens)
    for head, speaker_tokens, negating_cue in clauses:
        members = _clause_tokens(head, [h for h in heads if h.i != head.i], tokens)
        if not members:
            continue
        last = members[-1]
        start, end = _balanced(context.article.body, members[0].idx, last.idx + len(last.text))
        clause = Span(start=start, end=end, text=context.article.body[start:end])
        speaker, speaker_key = _speaker(speaker_tokens or default_speaker, clause, context)
        yield _statement(
            sentence, clause, head, members, context, outlet, speaker, speaker_key, negating_cue
        )


PAIRS = (("“", "”"), ("‘", "’"), ("(", ")"), ("[", "]"))


def _balanced(body: str, start: int, end: int) -> tuple[int, int]:
    """Take in the quotation mark or bracket just outside a clause when the clause holds
    its partner, so a statement never shows half a quotation."""
    text = body[start:end]
    for opening, closing in PAIRS:
        if text.count(opening) > text.count(closing) and body[end : end + 1] == closing:
            end += 1
        if text.count(closing) > text.count(opening) and body[start - 1 : start] == opening:
            start -= 1
    return start, end


def _contents(verb: Token) -> list[Token]:
    """The clause heads a verb stands for: what a speech verb reports, else the verb itself,
    each with the clauses conjoined to it."""
    heads = [verb]
    if verb.lower_ in SPEECH_VERBS:
        reported = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "parataxis")]
        heads = reported or heads
    return _with_conjoined_clauses(heads)


def _attribution(verb: Token) -> tuple[list[Token], bool]:
    """The speaker's tokens and whether the speech verb denies (deny, reject)."""
    if verb.lower_ in SPEECH_VERBS and any(
        c.dep_ in ("ccomp", "xcomp", "parataxis") for c in verb.children
    ):
        return _subtree_of_dep(verb, ("nsubj", "nsubjpass")), verb.lower_ in NEGATING_VERBS
    return [], False


def _subtree_of_dep(head: Token, deps: tuple[str, ...]) -> list[Token]:
    for child in head.children:
        if child.dep_ in deps:
            return list(child.subtree)
    return []


def _according_to(tokens: SpacySpan) -> list[Token]:
    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            to = token.doc[token.i + 1]
            if to.lower_ == "to":
                objects = [c for c in to.children if c.dep_ == "pobj"]
                if objects:
                    return list(objects[0].subtree)
    return []


def _with_conjoined_clauses(heads: list[Token]) -> list[Token]:
    """Heads plus the verbs conjoined to them or subordinate to them (after, when ...)
    that have a subject of their own."""
    found: list[Token] = []
    queue = list(heads)
    while queue:
        head = queue.pop(0)
        found.append(head)
        queue += [
            t
            for t in (*head.conjuncts, *head.children)
            if t.i > head.i
            and (t.dep_ in ("conj", "advcl"))
            and _is_verb(t)
            and _has_subject(t)
            and all(t.i != f.i for f in found + queue)
        ]
    return found


def _is_verb(token: Token) -> bool:
    """By fine-grained tag: the Annotator runs without the attribute ruler that sets POS."""
    return token.tag_.startswith("VB") or token.tag_ == "MD"


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)


def _clause_tokens(head: Token, others: list[Token], tokens: SpacySpan) -> list[Token]:
    excluded: set[int] = set()
    for other in others:
        if other.i != head.i and head not in other.subtree:
            excluded.update(t.i for t in other.subtree)
    members = [
        t
        for t in head.subtree
        if t.i not in excluded and tokens.start <= t.i < tokens.end and not t.is_space
    ]
    while members and (members[0].is_punct or members[0].dep_ in ("cc", "mark")):
        members.pop(0)
    while members and (members[-1].is_punct or members[-1].dep_ == "cc"):
        members.pop()
    return members


def _speaker(
    speaker_tokens: list[Token], clause: Span, context: _Context
) -> tuple[str | None, str | None]:
    quoted = context.quote_speaker(clause.start, clause.end)
    if quoted:
        return quoted
    if not speaker_tokens:
        return None, None
    start = speaker_tokens[0].idx
    end = speaker_tokens[-1].idx + len(speaker_tokens[-1].text)
    people = [m for m in context.mentions_in(start, end) if m.label in ("PERSON", "ORG", "NORP")]
    if people:
        chosen = max(people, key=lambda m: (m.label == "PERSON", m.end - m.start))
        return context.names.get(chosen.entity_id, chosen.text), chosen.entity_id
    text = context.article.body[start:end]
    if text.lower() in PRONOUNS:
        previous = context.last_person_before(start)
        if previous is None:
            return None, None
        return context.names.get(previous.entity_id, previous.text), previous.entity_id
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
        t for t in _subtree_of_dep(head, ("nsubj", "nsubjpass", "expl")) if t in members
    ]
    subject = " ".join(t.text for t in subject_tokens)
    actors = (
        {
            m.entity_id
            for m in context.mentions_in(subject_tokens[0].idx, subject_tokens[-1].idx + 1)
            if m.label in ("PERSON", "ORG", "NORP", "GPE")
        }
        if subject_tokens
        else set()
    )
    obj = " ".join(t.text for t in _subtree_of_dep(head, ("dobj", "attr", "acomp", "oprd")))
    date_spans = [(m.start, m.end) for m in mentions if m.label in DATE_LABELS] + [
        (d.start, d.end) for d in context.dates if d.start < clause.end and d.end > clause.start
    ]
    return Statement(
        doc_id=context.doc_id,
        outlet=outlet,
        sentence=sentence,
        clause=clause,
        subject=subject,
        actors=actors,
        subject_things=_subject_things(head, context),
        transitive=_has_object(head),
        scheduled_start=_scheduled_start(members, date_spans),
        venues=_venues(members, context),
        words=len(content_keys(clause.text)),
        predicate=head.lower_,
        object=obj,
        speaker=speaker,
        speaker_key=speaker_key,
        negated=_polarity(head, members, negating_cue),
        numbers=_numbers(members, date_spans),
        dates=_dates(clause, context),
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
            and _is_verb(t.doc[t.i + 2])
        )
        for t in members
    )


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
    names = {m.entity_id.split(":", 1)[-1] for m in mentions if m.label in NAMED_LABELS}
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


def _has_object(head: Token) -> bool:
    """An object that names something: 'gave way' (a bare noun, a light-verb idiom) has none."""
    return any(
        c.dep_ in ("dobj", "attr", "acomp", "oprd")
        and (c.n_lefts + c.n_rights > 0 or c.tag_ in ("NNP", "NNPS", "PRP"))
        for c in head.children
    )


def _polarity(head: Token, members: list[Token], negating_cue: bool) -> bool | None:
    """True if negated, False if asserted, None if neither (a question, a condition)."""
    if any(t.dep_ == "mark" and t.lower_ in ("whether", "if") for t in head.children):
        return None
    near = {head, *head.children}
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass", "attr", "dobj"):
            near.update(child.children)
    negated = any(t.lower_ in NEGATORS and t.dep_ in ("neg", "det", "advmod") for t in near)
    if not negated and head.lower_ in ("is", "was", "are", "were"):
        negated = any(t.lower_ == "no" for t in members[:6])
    return negated != negating_cue


def _numbers(members: list[Token], date_spans: list[tuple[int, int]]) -> list[Number]:
    found: list[Number] = []
    text = " ".join(t.text_with_ws for t in members)
    for match in _RATIO.finditer(text):
        around = text[max(0, match.start() - 40) : match.end() + 40].replace(match.group(0), " ")
        found.append(
            Number(
                value=float(match.group(1)),
                unit="ratio:" + match.group(0),
                text=match.group(0),
                context=frozenset(content_keys(around)) - UNIT_KEYS,
            )
        )
    for token in members:
        if any(s <= token.idx < e for s, e in date_spans):
            continue
        value = _value(token)
        if value is None or _looks_like_year(token, value) or _is_clock_time(token):
            continue
        if token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in ("-", "–", "—"):
            continue
        unit = _unit(token)
        context = _context(token) - content_keys(unit)
        found.append(
            Number(
                value=value,
                unit=unit,
                text=token.text,
                context=context,
                qualifiers=_qualifiers(token, context),
            )
        )
    return found


def _window(token: Token, width: int = CONTEXT_WIDTH) -> SpacySpan:
    return token.doc[max(0, token.i - width) : token.i + width + 1]


def _context(token: Token) -> frozenset[str]:
    words = " ".join(t.text for t in _window(token) if t.i != token.i)
    return frozenset(content_keys(words)) - UNIT_KEYS


QUALIFYING_DEPS = frozenset({"amod", "compound", "npadvmod"})


def _qualifiers(token: Token, context: frozenset[str]) -> frozenset[tuple[str, str]]:
    """Each noun of the context with the words that narrow it ('economic' growth)."""
    pairs: set[tuple[str, str]] = set()
    for noun in _window(token):
        keys = content_keys(noun.text) & context
        if not keys or not noun.tag_.startswith("NN"):
            continue
        for child in noun.children:
            if child.dep_ in QUALIFYING_DEPS and child.i < noun.i:
                pairs |= {(k, q) for k in keys for q in content_keys(child.text)}
    return frozenset(pairs)


def _value(token: Token) -> float | None:
    lower = token.lower_.rstrip("%")
    if _NUMBER.match(lower):
        value = float(lower.replace(",", ""))
    elif lower in _WORD_NUMBERS:
        value = float(_WORD_NUMBERS[lower])
    else:
        return None
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ in _SCALES:
        value *= _SCALES[following.lower_]
    return value


def _is_clock_time(token: Token) -> bool:
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is not None and following.lower_.replace(".", "") in ("am", "pm", "gmt", "utc")


def _looks_like_year(token: Token, value: float) -> bool:
    return token.text.isdigit() and len(token.text) == 4 and 1800 <= value <= 2100


def _unit(token: Token) -> str:
    """What the number counts: the noun it modifies, or percent, or the nearest noun."""
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if token.text.endswith("%") or (following is not None and following.lower_ in _PERCENT):
        return "percent"
    if token.dep_ in ("nummod", "quantmod") and token.head.tag_.startswith("NN"):
        return _singular(token.head.lower_)
    for near in (doc[token.i + 1 : token.i + 3], reversed(doc[max(0, token.i - 3) : token.i])):
        for candidate in near:
            if candidate.tag_ in ("NN", "NNS"):
                return _singular(candidate.lower_)
    return "count"


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _dates(clause: Span, context: _Context) -> dict[str, str]:
    """Date key to how the clause writes it: resolved dates where annotate gave them
    ("2026-03-10" for "Tuesday"), else the weekday, month and clock-time words."""
    resolved = {
        _date_key(d.value_start.isoformat(), d.value_end.isoformat()): f"{d.text} ({d.value_start})"
        for d in context.dates
        if d.start < clause.end and d.end > clause.start
    }
    if resolved:
        return resolved
    words = {
        m.group(0).lower().replace(".", ""): m.group(0) for m in _DATE_WORD.finditer(clause.text)
    }
    may = _MAY.search(clause.text)
    if may:
        words["may"] = may.group(0)
    return dict(sorted(words.items()))


def _date_key(start: str, end: str) -> str:
    return start if start == end else f"{start}/{end}"


def _has_quote_marks(text: str) -> bool:
    return bool(re.search(r"[“”\"]", text))
