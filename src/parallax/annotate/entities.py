"""Canonical entities: one id per real-world thing, derived from its name alone.

Id scheme (no global state, so every process and every outlet derives the same id):

``<LABEL>:<slug>`` where LABEL is the coarse type (PERSON, ORG, GPE for places
including spaCy's LOC/FAC, NORP, or spaCy's own label for the rest) and slug is the
normalised key with spaces as hyphens, e.g. ``PERSON:vladimir-zelensky``,
``GPE:turkey``, ``ORG:kremlin``.

The key of a name is built in this order:

1. ``normalise``: Unicode to ASCII (unidecode: Erdoğan -> erdogan, Türkiye ->
   turkiye), lower case, possessive dropped (Putin's), dots removed (U.S. -> us),
   other punctuation to spaces, a leading "the" dropped.
2. People: leading titles and roles dropped (President, Foreign Minister, Mr, ...);
   each word folded for transliteration (``fold``: -yy/-iy/-ii -> -y, -ski -> -sky;
   first names also -ei -> -ey); first names mapped through ``FIRST_NAME_ALIASES`` (Volodymyr ->
   vladimir, Sergei -> sergey); the key is first + last word (middle names and
   initials dropped: "Recep Tayyip Erdoğan" -> "recep erdogan"), with jr/sr kept.
3. Places and organisations: the whole normalised form through ``PLACE_ALIASES``
   (Kiev -> kyiv, U.S. -> united states, Türkiye -> turkey).
4. A one-word person mention (Putin, Zelensky) within an article takes the key of
   the full name with that surname (or first name) introduced earlier in the same
   article, else the first one introduced later, else ``KNOWN_PEOPLE``, else itself.
   Two full names with one surname keep two keys (Bill / Hillary Clinton).

Mentions keep their surface text: how an outlet writes a name is a finding.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from unidecode import unidecode

from parallax.annotate.aliases import FIRST_NAME_ALIASES, KNOWN_PEOPLE, PLACE_ALIASES
from parallax.lexicon.entities import NAMED_LABELS, entity_id, parse_id
from parallax.models import Entity, Mention

COARSE = {"LOC": "GPE", "FAC": "GPE"}
LABEL_PRIORITY = ("PERSON", "GPE", "ORG", "NORP")

TITLES = frozenset(
    [
        "president",
        "vice",
        "prime",
        "foreign",
        "deputy",
        "minister",
        "secretary",
        "state",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chancellor",
        "premier",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "lord",
        "lady",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "general",
        "gen",
        "col",
        "colonel",
        "lt",
        "sgt",
        "adm",
        "admiral",
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "mayor",
        "judge",
        "justice",
        "chief",
        "ambassador",
        "envoy",
        "aide",
        "adviser",
        "advisor",
        "leader",
        "speaker",
        "commander",
        "former",
        "acting",
        "interim",
        "us",
        "russian",
        "ukrainian",
        "turkish",
        "kremlin",
        "attorney",
        "defense",
        "defence",
        "interior",
        "finance",
        "economy",
        "house",
        "senate",
        "majority",
        "minority",
        "whip",
        "candidate",
        "nominee",
        "rev",
        "father",
        "sheikh",
        "emir",
        "crown",
    ]
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

_POSSESSIVE = re.compile(r"['’`]s?$")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_FOLDS = (
    (re.compile(r"(?<=[a-z])(yy|iy|ii|yi|ij)$"), "y"),
    (re.compile(r"(?<=s)ki$"), "ky"),
)
_FIRST_NAME_FOLD = re.compile(r"(?<=[a-z])ei$")  # Sergei, Alexei, Andrei


def normalise(text: str) -> str:
    """Case, diacritics, possessives and punctuation folded away."""
    ascii_text = unidecode(text).lower().strip()
    ascii_text = _POSSESSIVE.sub("", ascii_text.replace("’", "'"))
    ascii_text = _NON_WORD.sub(" ", ascii_text.replace(".", ""))
    words = ascii_text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def fold(word: str) -> str:
    """One spelling for the transliteration variants of a word."""
    for pattern, replacement in _FOLDS:
        word = pattern.sub(replacement, word)
    return word


def coarse_label(label: str) -> str:
    return COARSE.get(label, label)


def person_words(text: str) -> list[str]:
    """The folded words of a person's name, titles removed; a suffix stays as written
    ("III" is no transliteration of "Iy")."""
    words = [w if w in SUFFIXES else fold(w) for w in normalise(text).split()]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return words


def person_key(text: str) -> str:
    words = person_words(text)
    suffix = [words.pop()] if len(words) > 2 and words[-1] in SUFFIXES else []
    if len(words) == 1:
        return words[0]
    names = [w for w in words if len(w) > 1] or words
    first = _FIRST_NAME_FOLD.sub("ey", names[0])
    first = FIRST_NAME_ALIASES.get(first, first)
    return " ".join([first, names[-1], *suffix]) if len(names) > 1 else first


def place_key(text: str) -> str:
    key = normalise(text)
    return PLACE_ALIASES.get(key, key)


@dataclass(frozen=True)
class RawMention:
    """A named-entity span from spaCy, before canonicalisation."""

    start: int
    end: int
    text: str
    label: str


@dataclass
class EntityIndex:
    """The canonical entities of one article and the people each surname stands for."""

    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)

    def people_named(self, word: str, before: int | None = None) -> list[Mention]:
        """PERSON mentions whose canonical key ends or starts with ``word``."""
        return [
            m
            for m in self.mentions
            if m.label == "PERSON"
            and (before is None or m.start < before)
            and word in _first_last(m.entity_id)
        ]

    def at(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start < end and start < m.end]


def _first_last(entity: str) -> tuple[str, str]:
    words = parse_id(entity).words
    return words[0], words[-1]


def _label_of(mention: RawMention) -> str:
    label = coarse_label(mention.label)
    single = " " not in mention.text.strip()
    if label in {"ORG", "GPE", "NORP"} and single and fold(normalise(mention.text)) in KNOWN_PEOPLE:
        return "PERSON"  # the small model tags "Trump" as ORG
    return label


def _resolve_person(words_key: str, full: list[tuple[int, str]], start: int) -> str:
    """A one-word name -> the full name it refers to in this article."""
    matches = [(pos, key) for pos, key in full if words_key in key.split()]
    earlier = [key for pos, key in matches if pos < start]
    if earlier:
        return earlier[-1]
    if matches:
        return matches[0][1]
    return KNOWN_PEOPLE.get(words_key, words_key)


def canonicalise(raw: Iterable[RawMention]) -> EntityIndex:
    """Canonical ids for an article's entity spans (given in text order)."""
    spans = [m for m in raw if m.label in NAMED_LABELS and normalise(m.text)]
    labels = [_label_of(m) for m in spans]
    full: list[tuple[int, str]] = [
        (m.start, person_key(m.text))
        for m, label in zip(spans, labels, strict=True)
        if label == "PERSON" and len(person_key(m.text).split()) > 1
    ]
    keyed: list[tuple[RawMention, str, str]] = []
    for mention, label in zip(spans, labels, strict=True):
        if label == "PERSON":
            key = person_key(mention.text)
            if " " not in key:
                key = _resolve_person(key, full, mention.start)
        else:
            key = place_key(mention.text)
            if label == "NORP" and key.endswith("ans"):
                key = key[:-1]  # Russians -> russian
        if key:
            keyed.append((mention, label, key))
    votes: dict[str, Counter[str]] = {}
    for _, label, key in keyed:
        votes.setdefault(key, Counter())[label] += 1
    index = EntityIndex()
    names: dict[str, str] = {}
    for mention, _, key in keyed:
        counts = votes[key]
        best = (
            "PERSON" if counts["PERSON"] else max(counts, key=lambda x: (counts[x], -_priority(x)))
        )
        ident = entity_id(best, key)
        index.mentions.append(
            Mention(
                start=mention.start,
                end=mention.end,
                text=mention.text,
                entity_id=ident,
                label=best,
            )
        )
        display = _POSSESSIVE.sub("", mention.text.strip())
        if len(display) > len(names.get(ident, "")):
            names[ident] = display
    labels_by_id = {m.entity_id: m.label for m in index.mentions}
    index.entities = {
        ident: Entity(id=ident, name=name, label=labels_by_id[ident])
        for ident, name in names.items()
    }
    return index


def _priority(label: str) -> int:
    return LABEL_PRIORITY.index(label) if label in LABEL_PRIORITY else len(LABEL_PRIORITY)


@dataclass
class StoryEntities:
    """One id per entity across the articles of a story. Each article resolves its own
    surnames (``canonicalise``); across articles a mention that stayed a surname, or
    that the model mislabelled ("Pauley" as ORG in one outlet, "Jane Pauley" as PERSON
    in another), joins the full name of the story that ends with it, when only one
    does, and a name joins the same name with "Jr." or "Sr."; one slug under several
    labels takes the person's, else the commonest."""

    ids: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def canonical(self, ident: str) -> str:
        return self.ids.get(ident, ident)

    def name(self, ident: str, default: str | None = None) -> str:
        return self.names.get(self.canonical(ident), default or ident)


JOINING_LABELS = frozenset({"PERSON", "ORG", "NORP"})
"""Labels a surname can wrongly carry (the small model tags "Trump" as ORG, NORP);
a place ("Jordan", "Washington") keeps its own id."""


def story_entities(articles: Iterable[Iterable[Entity]]) -> StoryEntities:
    """The story-level ids of the entities of several articles (see ``StoryEntities``)."""
    seen: dict[str, Entity] = {}
    count: Counter[str] = Counter()
    for entities in articles:
        for entity in entities:
            count[entity.id] += 1
            if entity.id not in seen or len(entity.name) > len(seen[entity.id].name):
                seen[entity.id] = entity
    by_slug: dict[str, list[str]] = {}
    for ident in seen:
        by_slug.setdefault(parse_id(ident).slug, []).append(ident)
    label_of = {}
    for slug, idents in by_slug.items():
        people = [i for i in idents if parse_id(i).label == "PERSON"]
        label_of[slug] = parse_id(people[0] if people else max(idents, key=count.__getitem__))
    people = [t.words for t in label_of.values() if t.label == "PERSON" and len(t.words) > 1]
    suffixed = {"-".join(w[:-1]): "-".join(w) for w in people if w[-1] in SUFFIXES}
    full_names: dict[str, set[str]] = {}  # a surname, or a name less its "Jr."
    for words in people:
        slug = "-".join(words)
        full = entity_id("PERSON", suffixed.get(slug, slug))
        named = words[:-1] if words[-1] in SUFFIXES else words
        full_names.setdefault(named[-1], set()).add(full)
        full_names.setdefault("-".join(named), set()).add(full)
    result = StoryEntities()
    for ident in seen:
        parsed = parse_id(ident)
        target = label_of[parsed.slug]
        canonical = entity_id(target.label, parsed.slug)
        fuller = full_names.get(parsed.slug, set()) - {canonical}
        if parsed.label in JOINING_LABELS and len(fuller) == 1:
            canonical = next(iter(fuller))
        result.ids[ident] = canonical
    for ident, entity in seen.items():
        canonical = result.ids[ident]
        name = _POSSESSIVE.sub("", entity.name.strip())
        if len(name) > len(result.names.get(canonical, "")):
            result.names[canonical] = name
    return result
