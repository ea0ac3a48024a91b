"""Conflicts: two outlets report the same thing with a different value in one slot.

Slots: a number (same unit, no value in common), a date, a place, the speaker of the
same words, or the same proposition negated by one and asserted by the other.
A pair is only compared when the two statements are about the same thing (a gate on
similarity and shared content words), so most unrelated numbers never meet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

import numpy as np
from unidecode import unidecode

from parallax.compare.claims import Statement
from parallax.compare.quantities import MONTHS, Number
from parallax.compare.similarity import Similarity
from parallax.compare.text import content_keys, jaccard
from parallax.lexicon.entities import parse_id
from parallax.lexicon.words import COPULAS

RELATED = 0.15
"""Similarity above which two statements may be about the same thing."""
NUMBER_RELATED = 0.0
"""Similarity above which two statements may conflict on a number (the words around
the numbers must match as well)."""
SAME_EVENT = 0.35
"""Similarity above which a differing date, place or polarity is a conflict."""
SPELLED_ALIKE = 0.8
"""Similarity of two surnames (difflib ratio) above which they are one name spelled
two ways ('Heffner', 'Hefner'; 'Zelensky', 'Zelenskyy')."""
SAME_WORDS = 0.70
"""Overlap of content words above which the same words from different speakers conflict."""


@dataclass(frozen=True)
class Conflict:
    slot: str
    first: int
    second: int
    values: tuple[str, str]


def find_conflicts(
    statements: Sequence[Statement],
    sim: Similarity,
    places_of: Mapping[str, set[str]],
) -> list[Conflict]:
    """At most one conflict per pair of statements, strongest slot first."""
    values_of: dict[str, set[tuple[str, str | float]]] = {}
    for s in statements:
        values_of.setdefault(s.doc_id, set()).update(_value_key(n) for n in s.numbers)
        values_of.setdefault(_sentence_key(s), set()).update(("date", d) for d in s.dates)
    starts_in = Counter(s.doc_id for s in statements if s.scheduled_start)
    checks: list[Callable[[Statement, Statement, float], tuple[str, str] | None]] = [
        lambda a, b, s: _number_conflict(a, b, s, values_of),
        _negation_conflict,
        lambda a, b, s: _date_conflict(a, b, s, values_of),
        lambda a, b, s: _start_conflict(a, b, starts_in, values_of),
        lambda a, b, s: _place_conflict(a, b, s, places_of),
        _venue_conflict,
        _speaker_conflict,
    ]
    slots = ("number", "negation", "date", "date", "place", "place", "speaker")
    found: list[Conflict] = []
    outlet_ids = {o: n for n, o in enumerate(sorted({s.outlet for s in statements}))}
    outlet_of = np.array([outlet_ids[s.outlet] for s in statements])
    starts = np.array([s.scheduled_start for s in statements], dtype=bool)
    candidates = np.triu(
        (((sim.score >= NUMBER_RELATED) & (sim.lexical > 0)) | (starts[:, None] & starts[None, :]))
        & (outlet_of[:, None] != outlet_of[None, :]),
        k=1,
    )
    for i, j in zip(*np.nonzero(candidates), strict=True):
        a, b, score = statements[i], statements[j], float(sim.score[i, j])
        for slot, check in zip(slots, checks, strict=True):
            values = check(a, b, score)
            if values:
                found.append(Conflict(slot=slot, first=int(i), second=int(j), values=values))
                break
    return _strongest_per_statement(found, sim)


def _strongest_per_statement(found: list[Conflict], sim: Similarity) -> list[Conflict]:
    """A statement takes part in at most one conflict per slot: its most similar one."""
    kept: list[Conflict] = []
    used: set[tuple[int, str]] = set()
    for conflict in sorted(found, key=lambda c: -float(sim.score[c.first, c.second])):
        keys = {(conflict.first, conflict.slot), (conflict.second, conflict.slot)}
        if keys & used:
            continue
        used |= keys
        kept.append(conflict)
    return sorted(kept, key=lambda c: (c.first, c.second))


def _number_conflict(
    a: Statement,
    b: Statement,
    score: float,
    values_of: Mapping[str, set[tuple[str, str | float]]],
) -> tuple[str, str] | None:
    """Same kind of number, no value in common, and the numbers stand among the same
    words (inflation ... in March), so a rate and a vote count never meet. A value the
    other article gives as well is no dispute (the old rate beside the new one)."""
    if score < NUMBER_RELATED or not a.numbers or not b.numbers:
        return None
    if a.actors and b.actors and not a.actors & b.actors:
        return None  # said of different people: 'Rahman (36 KOs)', 'Bowe (33 KOs)'
    units = {n.unit for n in a.numbers if n.unit != "count" and not n.unit.startswith("ratio:")}
    units &= {n.unit for n in b.numbers}
    kinds = [
        ([n for n in a.numbers if n.unit == u], [n for n in b.numbers if n.unit == u])
        for u in sorted(units)
    ]
    kinds.append(
        (
            [n for n in a.numbers if n.unit.startswith("ratio:")],
            [n for n in b.numbers if n.unit.startswith("ratio:")],
        )
    )
    for left, right in kinds:
        if not left or not right or {_key(n) for n in left} & {_key(n) for n in right}:
            continue
        if _mentioned(left, values_of.get(b.doc_id)) or _mentioned(right, values_of.get(a.doc_id)):
            continue
        if any(_same_quantity(x, y) for x in left for y in right):
            return _show(left), _show(right)
    return None


def _same_quantity(x: Number, y: Number) -> bool:
    """Numbers said of the same thing (the same verb or subject on the way up from them)
    with a context word in common that neither side narrows differently: 'inflation' and
    'consumer price inflation' are one quantity, 'wage growth' and 'economic growth' two."""
    if _years(x.context) != _years(y.context):
        return False  # '$1.7 billion in 2003' is not the '$13.9 billion' of today
    if x.unit.startswith("ratio:") and (x.slot is None or y.slot is None):
        return False  # a score or record the parse did not place: nothing says whose
    if x.slot is not None and y.slot is not None and not x.slot & y.slot:
        return False  # said of different things: 'presided three times', 'hosted five times'
    for word in x.context & y.context:
        left = {q for w, q in x.qualifiers if w == word}
        right = {q for w, q in y.qualifiers if w == word}
        if not (left and right and left.isdisjoint(right)):
            return True
    return False


def _years(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in words if len(w) == 4 and w.isdigit() and 1800 <= int(w) <= 2100)


def _key(number: Number) -> str | float:
    return _ratio(number) if number.unit.startswith("ratio:") else number.value


def _mentioned(numbers: list[Number], values: set[tuple[str, str | float]] | None) -> bool:
    return bool(values) and any(_value_key(n) in values for n in numbers)


def _value_key(number: Number) -> tuple[str, str | float]:
    kind = "ratio" if number.unit.startswith("ratio:") else "value"
    return kind, _key(number)  # by value: outlets read the unit of '55.3 million' apart


def _ratio(number: Number) -> str:
    return "".join(ch if ch.isdigit() else "-" for ch in number.text.replace(" ", ""))


def _show(numbers: list[Number]) -> str:
    return ", ".join(
        n.text
        if n.unit in ("percent", "count") or n.unit.startswith("ratio:")
        else f"{n.text} {n.unit}"
        for n in numbers
    )


SAME_CONTENT = 0.5
"""Overlap of content words above which two clauses say the same thing."""


def _same_predicate(a: Statement, b: Statement) -> bool:
    """The same main verb ("be" does not count: it says nothing about the event)."""
    return a.predicate not in COPULAS and a.predicate[:5] == b.predicate[:5]


def _same_content(a: Statement, b: Statement) -> bool:
    return jaccard(content_keys(a.text), content_keys(b.text)) >= SAME_CONTENT


def _same_subject(a: Statement, b: Statement) -> bool:
    left, right = content_keys(a.subject), content_keys(b.subject)
    return bool(left) and left == right


def _about_the_same(a: Statement, b: Statement) -> bool:
    return _same_predicate(a, b) or _same_content(a, b)


def _negation_conflict(a: Statement, b: Statement, score: float) -> tuple[str, str] | None:
    if a.negated is None or b.negated is None or a.negated == b.negated:
        return None
    if a.denied != b.denied and _same_content(a, b):
        return _polarity_word(a.negated), _polarity_word(b.negated)  # denied vs confirmed
    if score < SAME_EVENT and not (score >= RELATED and _about_the_same(a, b)):
        return None
    if not _about_the_same(a, b) and not _predicated_alike(a, b):
        return None  # alike through who they are about only: 'X did not respond', 'X was hopeful'
    if not (a.denied or b.denied) and not _same_predicate(a, b):
        return None  # a negation inside one sentence ('no chance he will attend') against
        # other words ('he will skip the talks') is no dispute: only a denial is, or the
        # same verb asserted and negated
    return _polarity_word(a.negated), _polarity_word(b.negated)


def _predicated_alike(a: Statement, b: Statement) -> bool:
    """A content word in common outside the subjects: what is said of it, not only of whom."""
    left = content_keys(a.text) - content_keys(a.subject)
    return bool(left & (content_keys(b.text) - content_keys(b.subject)))


def _polarity_word(negated: bool) -> str:
    return "denied / negated" if negated else "asserted"


def _date_conflict(
    a: Statement, b: Statement, score: float, values_of: Mapping[str, set[tuple[str, str | float]]]
) -> tuple[str, str] | None:
    if not _comparable_dates(a, b, values_of):
        return None
    if _same_thing_happening(a, b):
        return ", ".join(a.dates.values()), ", ".join(b.dates.values())
    if score < RELATED or not _about_the_same(a, b):
        return None  # one actor does many things on many days: the same occurrence only
    return ", ".join(a.dates.values()), ", ".join(b.dates.values())


def _comparable_dates(
    a: Statement, b: Statement, values_of: Mapping[str, set[tuple[str, str | float]]]
) -> bool:
    """Dates that can disagree: both resolved (or both bare weekday words), none in
    common, at the same granularity ('Monday' against 'last week' is a day inside a
    week, not another day), and neither given by the other sentence as well (the other
    clause of a copied sentence, 'between 1991 and 1998 ... until June 1999')."""
    if not a.dates or not b.dates or set(a.dates) & set(b.dates):
        return False
    if _resolved(a.dates) != _resolved(b.dates):
        return False  # a resolved date and a bare weekday name cannot be compared
    if {_granularity(d) for d in a.dates} != {_granularity(d) for d in b.dates}:
        return False
    return not (
        {("date", d) for d in a.dates} & values_of.get(_sentence_key(b), set())
        or {("date", d) for d in b.dates} & values_of.get(_sentence_key(a), set())
    )


def _sentence_key(statement: Statement) -> str:
    return f"{statement.doc_id}@{statement.sentence.start}"


def _granularity(key: str) -> int:
    """Days a date key spans: 0 for a day, about 6 for a week, 30 for a month; a bare
    word counts as a day (a weekday, a clock time) or a month ('June' vs 'Thursday')."""
    start, _, end = key.partition("/")
    if not start[:1].isdigit():
        return 30 if key in MONTHS else 0
    if not end:
        return 0
    try:
        return (date.fromisoformat(end) - date.fromisoformat(start)).days
    except ValueError:
        return -1


def _start_conflict(
    a: Statement,
    b: Statement,
    starts_in: Mapping[str, int],
    values_of: Mapping[str, set[tuple[str, str | float]]],
) -> tuple[str, str] | None:
    """Two outlets giving different dates for when something is due to begin, worded
    however differently ('the truce is to take effect on Sunday', 'armies are to halt
    operations from Monday'): a conflict when both name the same thing starting, or when
    each article gives only this one start, the one its story is about."""
    if not (a.scheduled_start and b.scheduled_start) or not _comparable_dates(a, b, values_of):
        return None
    alone = starts_in.get(a.doc_id) == 1 and starts_in.get(b.doc_id) == 1
    if not alone and not _same_subject(a, b):
        return None
    return ", ".join(a.dates.values()), ", ".join(b.dates.values())


def _same_thing_happening(a: Statement, b: Statement) -> bool:
    """The same named thing (not a person, who does many things) undergoing something,
    with no object and no 'be': 'the X dam burst', 'the X dam gave way'. Such an event
    happens once, so its two dates disagree however differently the verbs put it."""
    return bool(
        a.subject_things & b.subject_things
        and not a.transitive
        and not b.transitive
        and a.predicate not in COPULAS
        and b.predicate not in COPULAS
    )


def _resolved(dates: Mapping[str, str]) -> bool:
    return all(d[:1].isdigit() for d in dates)


def _place_conflict(
    a: Statement, b: Statement, score: float, places_of: Mapping[str, set[str]]
) -> tuple[str, str] | None:
    if not a.places or not b.places or set(a.places) & set(b.places):
        return None
    if score < SAME_EVENT or not _same_predicate(a, b):
        return None
    # One place containing the other (Istanbul in Turkey) shows as both outlets naming
    # both somewhere; only places the other article never mentions count.
    if set(a.places) & places_of.get(b.doc_id, set()) or set(b.places) & places_of.get(
        a.doc_id, set()
    ):
        return None
    words = [{w for p in s.places for w in parse_id(p).words} for s in (a, b)]
    if words[0] <= words[1] or words[1] <= words[0]:
        return None  # 'California' and 'Southern California': one place, told less closely
    return ", ".join(parse_id(p).slug for p in a.places), ", ".join(
        parse_id(p).slug for p in b.places
    )


def _venue_conflict(a: Statement, b: Statement, score: float) -> tuple[str, str] | None:
    """Two different buildings in or by the same place (the hotel in the city, the
    guesthouse outside it): the same meeting cannot have been held at both."""
    for text_a, words_a, place_a in a.venues:
        for text_b, words_b, place_b in b.venues:
            if place_a == place_b and words_a and words_b and not words_a & words_b:
                return text_a, text_b
    return None


def _speaker_conflict(a: Statement, b: Statement, score: float) -> tuple[str, str] | None:
    if not a.speaker_key or not b.speaker_key or a.speaker_key == b.speaker_key:
        return None
    if a.negated != b.negated:
        return None
    if not (_named_in_sentence(a) and _named_in_sentence(b)):
        return None  # 'he said': who "he" is was inferred, and is no outlet's claim
    if not (_person(a.speaker_key) and _person(b.speaker_key)):
        return None  # 'Paul Lee' and 'ABC Entertainment Group', 'TMZ' and 'celebrity
        # website TMZ', 'authorities' and their spokesman: one voice named two ways
    if _spelled_alike(a.speaker or "", b.speaker or ""):
        return None  # 'Heffner' and 'Hugh Hefner' are one person spelled apart
    if score < RELATED or jaccard(content_keys(a.text), content_keys(b.text)) < SAME_WORDS:
        return None
    return a.speaker or a.speaker_key, b.speaker or b.speaker_key


def _person(key: str) -> bool:
    return parse_id(key).label == "PERSON"


def _spelled_alike(left: str, right: str) -> bool:
    """One name within the other, or its last word spelled almost alike."""
    a, b = content_keys(left), content_keys(right)
    if a and b and (a <= b or b <= a):
        return True
    last = [unidecode(n).lower().split()[-1:] for n in (left, right)]
    return all(last) and SequenceMatcher(None, last[0][0], last[1][0]).ratio() >= SPELLED_ALIKE


def _named_in_sentence(statement: Statement) -> bool:
    """The speaker is named in the statement's own sentence, not resolved from a pronoun."""
    return bool(content_keys(statement.speaker or "") & content_keys(statement.sentence.text))
