"""Findings: aligned groups and conflicts turned into what a reader is shown, core first.

agreed = every independent outlet reports it; partial = several; single-source = one.
Within a kind, the facts more outlets report come first, then those they report
earliest (a story's core fact leads its articles). A statement is shown framed ('Peskov
denied there are plans ...'), never as the bare claim; no finding is listed twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from parallax.compare.align import Similarity
from parallax.compare.claims import Statement
from parallax.compare.conflicts import Conflict
from parallax.compare.story import StoryDocument
from parallax.models import Evidence, Finding

OPPOSED_SLOTS = frozenset({"negation", "speaker"})
"""Slots on which two statements say opposite things: their group is no agreement. On a
number, date or place the outlets agree on the event and differ on one detail: the
event stays agreed and the detail is a conflict beside it."""
KIND_ORDER = {"agreed": 0, "partial": 1, "conflict": 2, "single-source": 3}


def findings_of(
    statements: Sequence[Statement],
    sim: Similarity,
    groups: list[list[int]],
    conflicts: list[Conflict],
    outlets: list[str],
    by_id: Mapping[str, StoryDocument],
) -> list[Finding]:
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    in_conflict = {i for c in conflicts for i in (c.first, c.second)}
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
        members = (
            groups[group_of[conflict.first]]
            if group_of[conflict.first] == group_of[conflict.second]
            else pair
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
