"""Who is speaking: a speaker phrase resolved to a canonical entity.

Articles introduce a person once with a role ("Kremlin spokesman Dmitry Peskov",
"Dmitry Peskov, the Kremlin spokesman") and then refer to them by the role ("the
Kremlin spokesman", "the Russian president") or a pronoun. The resolver remembers
the roles introduced so far and the speakers quoted so far, in text order, and falls
back on the office table of the gazetteer for well-known offices whose holder the
article names somewhere ("U.S. president" -> Trump when Trump is mentioned).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from parallax.annotate.aliases import OFFICES
from parallax.annotate.entities import EntityIndex, normalise
from parallax.lexicon.entities import SPEAKER_LABELS, entity_id, parse_id
from parallax.lexicon.voices import ROLE_HEADS
from parallax.models import Mention

PRONOUNS = {
    "he": ("PERSON",),
    "she": ("PERSON",),
    "it": ("ORG", "GPE"),  # a nationality is "they": "Americans ... they"
}
HEAD_CLASS = {
    "leader": "leader",
    "president": "leader",
    "premier": "leader",
    "chancellor": "leader",
    "chief": "leader",
    "head": "leader",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "representative": "spokesperson",
}
NATIONALITY = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "pres": "president",
    "sec": "secretary",
    "american": "us",
    "russia": "russian",
    "ukraine": "ukrainian",
    "turkey": "turkish",
    "turkiye": "turkish",
    "britain": "british",
    "uk": "british",
    "france": "french",
    "germany": "german",
    "china": "chinese",
}
HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "madam": "f"}
GENDERED = {
    **dict.fromkeys(["he", "him", "his", "himself"], "m"),
    **dict.fromkeys(["she", "her", "hers", "herself"], "f"),
}
_GENDERED = re.compile(r"\b(?:" + "|".join(GENDERED) + r")\b", re.IGNORECASE)
SKIP_WORDS = {"the", "a", "an", "s", "his", "her", "its", "their", "former", "then"}
ROLE_TAGS = {"NN", "NNS", "NNP", "NNPS", "JJ", "POS", "HYPH"}


def _words(text: str) -> list[str]:
    words = [NATIONALITY.get(w, w) for w in normalise(text).split()]
    return [w for w in words if w not in SKIP_WORDS]


def _head_class(words: list[str]) -> str | None:
    """The role's kind ("leader", "spokesperson", "minister", ...) from its last word."""
    if not words:
        return None
    last = words[-1]
    return HEAD_CLASS.get(last, last if last in ROLE_HEADS else None)


@dataclass(frozen=True)
class Role:
    position: int
    entity_id: str
    words: frozenset[str]
    head: str


@dataclass
class SpeakerResolver:
    """Resolves speaker phrases of one article, fed in text order."""

    doc: Doc
    index: EntityIndex
    roles: list[Role] = field(default_factory=list)
    speakers: list[tuple[int, str]] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)
    text: str = ""
    sentence_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.text = self.doc.text  # spaCy rebuilds Doc.text on every access
        self.sentence_starts = [0, *[s.start_char for s in self.doc.sents][1:]]
        for mention in self.index.mentions:
            if mention.label == "PERSON":
                self._learn_roles(mention)
                self._learn_gender(mention)
        self._learn_genders_from_pronouns()

    def _learn_gender(self, mention: Mention) -> None:
        """Mr. / Mrs. / Ms. before a name tell which pronoun can refer to the person."""
        before = self.text[max(0, mention.start - 6) : mention.start].split()
        honorific = before[-1].rstrip(".").lower() if before else ""
        gender = HONORIFICS.get(honorific)
        if gender:
            self.genders.setdefault(mention.entity_id, gender)

    def _learn_genders_from_pronouns(self) -> None:
        """A gendered pronoun in a sentence that names one person before it ("Lauten said
        her words ...", "Clinton and her campaign") votes for that person's gender; the
        majority of votes decides. (Nouns such as wife or spokesman name another
        person: "Trump's wife".)"""
        people = sorted((m.start, m.entity_id) for m in self.index.mentions if m.label == "PERSON")
        if not people:
            return
        starts = [start for start, _ in people]
        sentences = self.sentence_starts
        votes: dict[str, list[int]] = {}
        for match in _GENDERED.finditer(self.text):
            sentence = sentences[bisect_right(sentences, match.start()) - 1]
            first = bisect_left(starts, sentence)
            named = {ident for _, ident in people[first : bisect_left(starts, match.start())]}
            if len(named) == 1:
                tally = votes.setdefault(named.pop(), [0, 0])
                tally[GENDERED[match.group().lower()] == "f"] += 1
        for ident, (male, female) in votes.items():
            if male != female:
                self.genders.setdefault(ident, "m" if male > female else "f")

    def _learn_roles(self, mention: Mention) -> None:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return
        left: list[Token] = []
        i = span.start - 1
        while i >= 0 and len(left) < 5 and self.doc[i].tag_ in ROLE_TAGS:
            left.insert(0, self.doc[i])
            i -= 1
        phrases = [" ".join(t.text for t in left)] if left else []
        for token in span:
            for child in token.children:
                if child.dep_ == "appos" and child.i >= span.end:
                    phrases.append(self.doc[child.left_edge.i : child.i + 1].text)
        for phrase in phrases:
            words = _words(phrase)
            head = _head_class(words)
            if head:
                self.roles.append(
                    Role(mention.start, mention.entity_id, frozenset(words[:-1]), head)
                )

    def remember(self, position: int, ident: str | None) -> None:
        if ident:
            self.speakers.append((position, ident))

    def resolve(self, speaker: Span) -> str | None:
        """The canonical entity id of a speaker phrase, if it can be told."""
        root = speaker.root
        if root.lower_ in PRONOUNS:
            return self._pronoun(speaker.start_char, root.lower_)
        mentions = self.index.at(speaker.start_char, speaker.end_char)
        heads = [m for m in mentions if m.start <= root.idx < m.end]
        if heads:
            return heads[0].entity_id
        role = self._role(_words(speaker.text), speaker.start_char)
        if role:
            return role
        owners = [m for m in mentions if self._possessor(m)]
        for label in SPEAKER_LABELS:
            for mention in mentions:
                if mention.label == label and mention not in owners:
                    return mention.entity_id
        return None

    def _possessor(self, mention: Mention) -> bool:
        """A name that owns the speaker ("Reid's rep", "Varenland's central bank"): the
        rep speaks, not Reid."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is not None and span.root.dep_ == "poss"

    def _pronoun(self, position: int, pronoun: str) -> str | None:
        """The most recent compatible speaker nearby, else the nearest subject mentioned."""
        labels = PRONOUNS[pronoun]
        excluded = {"he": "f", "she": "m"}.get(pronoun)
        compatible = [
            (pos, ident)
            for pos, ident in self.speakers
            if pos < position
            and parse_id(ident).label in labels
            and (excluded is None or self.genders.get(ident) != excluded)
        ]
        same_sentence = self._subject_in_sentence(position, labels, excluded)
        if same_sentence:
            return same_sentence
        paragraph_start = self.text.rfind("\n\n", 0, position)
        previous_paragraph = self.text.rfind("\n\n", 0, max(paragraph_start, 0))
        wanted = {"he": "m", "she": "f"}.get(pronoun)
        recent = [c for c in compatible if c[0] > previous_paragraph]
        agreeing = [c for c in recent if self.genders.get(c[1]) == wanted]
        if agreeing or recent:
            return (agreeing or recent)[-1][1]
        nearby = [
            m
            for m in self.index.mentions
            if m.label in labels
            and m.end <= position
            and m.start > previous_paragraph
            and (excluded is None or self.genders.get(m.entity_id) != excluded)
        ]
        subjects = [m for m in nearby if self._is_subject(m)]
        if subjects or nearby:
            return (subjects or nearby)[-1].entity_id
        return compatible[-1][1] if compatible else None

    def _subject_in_sentence(
        self, position: int, labels: tuple[str, ...], excluded: str | None
    ) -> str | None:
        """The last compatible speaker or named subject earlier in the pronoun's own
        sentence ("Zelenskyy has presented himself as compliant ..., therefore he backed
        ..."; "U.S. president has said he is ... if he believes ..."): it beats a
        speaker of an earlier sentence."""
        sentence = self.sentence_starts[bisect_right(self.sentence_starts, position) - 1]
        candidates = [
            (m.start, m.entity_id)
            for m in self.index.mentions
            if m.label in labels
            and sentence <= m.start
            and m.end <= position
            and self._is_subject(m)
        ]
        candidates += [
            (pos, ident)
            for pos, ident in self.speakers
            if sentence <= pos < position and parse_id(ident).label in labels
        ]
        compatible = [
            c
            for c in candidates
            if (excluded is None or self.genders.get(c[1]) != excluded)
            and not self._quoted(sentence, c[0])
        ]
        return max(compatible)[1] if compatible else None

    def _quoted(self, sentence: int, position: int) -> bool:
        """Inside a quotation opened earlier in the sentence: a name the quoted speaker
        says ("“President Obama has said ...,” he said") is not who "he" is."""
        before = self.text[sentence:position]
        return before.count("“") > before.count("”") or before.count('"') % 2 == 1

    def _is_subject(self, mention: Mention) -> bool:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is not None and span.root.dep_ in {"nsubj", "nsubjpass"}

    def _role(self, words: list[str], position: int) -> str | None:
        head = _head_class(words)
        if head is None:
            return None
        modifiers = set(words[:-1])
        best: tuple[int, int, str] | None = None
        for role in self.roles:
            if role.head != head or role.position > position:
                continue
            shared = len(modifiers & role.words)
            if modifiers and not shared:
                continue
            candidate = (shared, role.position, role.entity_id)
            best = max(best, candidate) if best else candidate
        if best:
            return best[2]
        return self._office(" ".join(words), position)

    def _office(self, phrase: str, position: int) -> str | None:
        holders = [entity_id("PERSON", key) for key in OFFICES.get(phrase, ())]
        named = [m for m in self.index.mentions if m.entity_id in holders]
        before = [m for m in named if m.start < position]
        if before:
            return before[-1].entity_id
        return named[0].entity_id if named else None
