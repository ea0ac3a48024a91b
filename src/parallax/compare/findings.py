"""Findings: aligned groups and conflicts turned into what a reader is shown, core first.

agreed = every independent outlet reports it; partial = several; single-source = one.
Within a kind, the facts more outlets report come first, then those they report
earliest (a story's core fact leads its articles). A statement is shown framed ('Peskov
denied there are plans ...'), never as the bare claim; no finding is listed twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

from parallax.compare.claims import Statement
from parallax.compare.conflicts import Conflict
from parallax.compare.similarity import Similarity
from parallax.compare.story import StoryDocument
from parallax.models import Evidence, Finding

OPPOSED_SLOTS = frozenset({"negation", "speaker"})
"""Slots on which two statements say opposite things: their group is no agreement. On a
number, date or place the outlets agree on the event and differ on one detail: the
event stays agreed and the detail is a conflict beside it."""
DETAIL_SLOTS = frozenset({"number", "date", "place"})
KIND_ORDER = {"agreed": 0, "partial": 1, "conflict": 2, "single-source": 3}


def findings_of(
    statements: Sequence[Statement],
    sim: Similarity,
    groups: list[list[int]],
    conflicts: list[Conflict],
    outlets: list[str],
    by_id: Mapping[str, StoryDocument],
    link_floor: float,
) -> list[Finding]:
    """The findings, core first. A conflict between two close statements (at least
    ``link_floor`` alike: one report, one detail told differently) stands for both
    sides; a side whose counterpart is worded apart is still its outlet's own report."""
    close = [c for c in conflicts if sim.score[c.first, c.second] >= link_floor]
    aligned = {i: group for group in groups for i in group}
    groups = one_event(statements, groups, close)
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    in_conflict = {i for c in close for i in (c.first, c.second)}
    conflict_groups = {
        group_of[c.first]
        for c in conflicts
        if group_of[c.first] == group_of[c.second] and c.slot in OPPOSED_SLOTS
    }
    order = _reading_order(statements)
    ranked: list[tuple[tuple[float, ...], Finding]] = []

    def evidence(indexes: Sequence[int]) -> list[Evidence]:
        seen: dict[tuple[str, int], Evidence] = {}
        for i in sorted(indexes, key=lambda i: (outlets.index(statements[i].outlet), i)):
            s = statements[i]
            seen.setdefault((s.doc_id, s.sentence.start), by_id[s.doc_id].evidence(s.sentence))
        return list(seen.values())

    for n, group in enumerate(groups):
        group_outlets = [o for o in outlets if any(statements[i].outlet == o for i in group)]
        if n in conflict_groups or (len(group_outlets) == 1 and set(group) & in_conflict):
            continue
        kind = _kind(len(group_outlets), len(outlets))
        representative = max(group, key=lambda i: (sum(float(sim.score[i, j]) for j in group), -i))
        position = sum(
            min(order[i] for i in group if statements[i].outlet == o) for o in group_outlets
        )
        ranked.append(
            (
                (KIND_ORDER[kind], -len(group_outlets), position / len(group_outlets)),
                Finding(
                    kind=kind,
                    statement=shown(statements[representative]),
                    outlets=group_outlets,
                    evidence=evidence(group),
                ),
            )
        )
    for conflict in conflicts:
        first, second = statements[conflict.first], statements[conflict.second]
        pair = [conflict.first, conflict.second]
        members = (  # other outlets' wording of the same report, as aligned
            aligned[conflict.first] if conflict.second in aligned[conflict.first] else pair
        )
        ranked.append(
            (
                (KIND_ORDER["conflict"], 0, min(order[i] for i in pair)),
                Finding(
                    kind="conflict",
                    statement=shown(first),
                    outlets=[first.outlet, second.outlet],
                    evidence=evidence(pair + _one_per_outlet(statements, members, pair)),
                    slot=conflict.slot,
                    values={first.outlet: conflict.values[0], second.outlet: conflict.values[1]},
                ),
            )
        )
    return _once([f for _, f in sorted(ranked, key=lambda pair: pair[0])])


def one_event(
    statements: Sequence[Statement], groups: list[list[int]], conflicts: Sequence[Conflict]
) -> list[list[int]]:
    """Groups that report one event however differently worded, joined: an outlet's
    statement that differs from a group of other outlets on a detail (a conflict on a
    number, date or place: 'burst late on Monday' vs 'gave way before 3 a.m. on
    Tuesday'), or statements that give the same amount on the same day ('raised its rate
    to 7.25% on Thursday' vs 'pushed its key rate up to 7.25 percent'). Only groups of
    different outlets join, so a chain never grows past one group per outlet; two lone
    statements in conflict stay a conflict."""
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    links = [
        (c.first, c.second)
        for c in conflicts
        if c.slot in DETAIL_SLOTS
        and max(len(groups[group_of[c.first]]), len(groups[group_of[c.second]])) > 1
    ]
    links += same_amount_same_day(statements)
    root = list(range(len(groups)))

    def find(n: int) -> int:
        while root[n] != n:
            n = root[n]
        return n

    outlets_of = [{statements[i].outlet for i in g} for g in groups]
    for i, j in links:
        a, b = find(group_of[i]), find(group_of[j])
        if a != b and not outlets_of[a] & outlets_of[b]:
            root[b] = a
            outlets_of[a] |= outlets_of[b]
    joined: dict[int, list[int]] = {}
    for n, group in enumerate(groups):
        joined.setdefault(find(n), []).extend(group)
    return [sorted(g) for g in joined.values()]


def same_amount_same_day(statements: Sequence[Statement]) -> list[tuple[int, int]]:
    """Pairs of statements of different outlets giving one amount (the same value in the
    same unit, not a bare count) in sentences dated to the same day."""
    days: dict[tuple[str, int], set[str]] = {}
    for s in statements:
        days.setdefault((s.doc_id, s.sentence.start), set()).update(
            d for d in s.dates if d[:1].isdigit() and "/" not in d
        )
    by_amount: dict[tuple[str, float], list[int]] = {}
    for i, s in enumerate(statements):
        for n in s.numbers:
            if n.unit != "count" and not n.unit.startswith("ratio:"):
                by_amount.setdefault((n.unit, n.value), []).append(i)
    pairs = []
    for members in by_amount.values():
        for i, j in combinations(dict.fromkeys(members), 2):
            a, b = statements[i], statements[j]
            if (
                a.outlet != b.outlet
                and days[(a.doc_id, a.sentence.start)] & days[(b.doc_id, b.sentence.start)]
            ):
                pairs.append((i, j))
    return pairs


def shown(statement: Statement) -> str:
    """The statement as a reader sees it: framed by who says it and how."""
    return statement.framed or statement.text


def _reading_order(statements: Sequence[Statement]) -> dict[int, int]:
    """Each statement's rank among its article's sentences (0 = the first one)."""
    starts: dict[str, list[int]] = {}
    for s in statements:
        starts.setdefault(s.doc_id, []).append(s.sentence.start)
    ranks = {doc: {start: n for n, start in enumerate(sorted(set(v)))} for doc, v in starts.items()}
    return {i: ranks[s.doc_id][s.sentence.start] for i, s in enumerate(statements)}


def _once(findings: list[Finding]) -> list[Finding]:
    """No finding twice: the same words shown for the same outlets, or a single-source
    finding on a sentence another finding of that outlet already shows, is dropped."""
    seen_text: set[tuple[str, str, tuple[str, ...]]] = set()
    shown_sentences: set[tuple[str, int]] = set()
    kept = []
    for finding in findings:
        key = (finding.kind, finding.statement, tuple(finding.outlets))
        sentences = {(e.doc_id, e.sentence.start) for e in finding.evidence}
        if key in seen_text:
            continue
        if finding.kind == "single-source" and sentences <= shown_sentences:
            continue
        seen_text.add(key)
        if finding.kind != "conflict":
            shown_sentences |= sentences
        kept.append(finding)
    return kept


def _one_per_outlet(
    statements: Sequence[Statement], members: Sequence[int], pair: Sequence[int]
) -> list[int]:
    """How each other outlet words a contested statement: one sentence each. A story whose
    statements align into one large group has many conflicts in it, and each would
    otherwise repeat the whole group."""
    shown_outlets = {statements[i].outlet for i in pair}
    chosen = []
    for i in members:
        if statements[i].outlet not in shown_outlets:
            shown_outlets.add(statements[i].outlet)
            chosen.append(i)
    return chosen


def _kind(reporting: int, total: int) -> str:
    if reporting <= 1:
        return "single-source"
    return "agreed" if reporting == total else "partial"
