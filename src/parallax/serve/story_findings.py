"""The story's findings as a reader scans them: a matrix of statements by outlets
(reports, does not, says otherwise), conflicts with both values side by side, and what
only one outlet reports folded per outlet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from parallax.models import Evidence, Finding
from parallax.render.sections import value_words

FINDING_KINDS = ("agreed", "partial", "conflict", "single-source")
MAX_MATRIX_ROWS = 25
"""Statements in the matrix, most agreed first; a story of 20 outlets may have 150, which
no one reads at a glance (and the page grew to 1.6 MB). The rest are in the JSON."""
MAX_CONFLICT_CARDS = 10
"""Conflicts shown as cards; the others are listed in one line each."""
MAX_OTHERS = 6
"""Other outlets' sentences linked under a conflict; the rest are counted."""


def first_per_outlet(evidence: list[Evidence]) -> list[Evidence]:
    """One sentence per outlet keeps a row readable (and the page small) when a finding
    rests on many sentences; the rest are counted, and all are in the JSON."""
    return list({e.outlet: e for e in reversed(evidence)}.values())[::-1]


@dataclass(frozen=True)
class EvidenceLink:
    outlet: str
    text: str
    here: str


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    links: list[EvidenceLink]
    more: int
    unlinked: list[str]


@dataclass(frozen=True)
class Cell:
    outlet: str
    state: str
    """"reports", "silent" or "differs"."""
    link: EvidenceLink | None = None
    value: str | None = None


@dataclass(frozen=True)
class MatrixRow:
    row: FindingRow
    cells: list[Cell]
    reporting: int


@dataclass(frozen=True)
class Side:
    outlet: str
    value: str
    link: EvidenceLink | None


@dataclass(frozen=True)
class ConflictRow:
    row: FindingRow
    sides: list[Side]
    others: list[EvidenceLink]
    more: int


@dataclass(frozen=True)
class SingleGroup:
    outlet: str
    anchor: str
    rows: list[FindingRow]


def coverage_matrix(
    rows: list[FindingRow],
    outlets: list[str],
    name: Callable[[str], str],
    link: Callable[[Evidence], EvidenceLink],
    limit: int = MAX_MATRIX_ROWS,
) -> tuple[list[MatrixRow], int]:
    """Statements several outlets report, or dispute, by outlet: the ``limit`` most agreed
    first, and how many more there are. Cells are made for the rows shown only: a story of
    20 outlets has some 150 such statements (3,000 cells, most never shown)."""
    order = {kind: n for n, kind in enumerate(FINDING_KINDS)}

    def reporting(finding: Finding) -> int:
        cited = {e.outlet for e in finding.evidence}
        return sum(o in finding.values or o in finding.outlets or o in cited for o in outlets)

    ranked = sorted(
        ((reporting(row.finding), row) for row in rows if row.finding.kind != "single-source"),
        key=lambda item: (-item[0], order[item[1].finding.kind]),
    )
    matrix = []
    for count, row in ranked[:limit]:
        finding = row.finding
        first = {e.outlet: e for e in reversed(finding.evidence)}
        cells = []
        for outlet in outlets:
            evidence = first.get(outlet)
            if outlet in finding.values:
                state = "differs"
            elif outlet in finding.outlets or evidence:
                state = "reports"
            else:
                state = "silent"
            cells.append(
                Cell(
                    outlet=name(outlet),
                    state=state,
                    link=link(evidence) if evidence else None,
                    value=value_words(finding.values[outlet]) if state == "differs" else None,
                )
            )
        matrix.append(MatrixRow(row, cells, count))
    return matrix, len(ranked) - len(matrix)


def conflict_row(
    row: FindingRow, name: Callable[[str], str], link: Callable[[Evidence], EvidenceLink]
) -> ConflictRow:
    """Both values side by side, each with its sentence; how the others word it below."""
    finding = row.finding
    first = {e.outlet: e for e in reversed(finding.evidence)}
    sides = [
        Side(name(o), value_words(value), link(first[o]) if o in first else None)
        for o, value in finding.values.items()
    ]
    others = [e for o, e in first.items() if o not in finding.values]
    return ConflictRow(
        row, sides, [link(e) for e in others[:MAX_OTHERS]], max(0, len(others) - MAX_OTHERS)
    )


def single_groups(
    rows: list[FindingRow], outlets: list[str], name: Callable[[str], str]
) -> list[SingleGroup]:
    """What only one outlet reports, folded per outlet, the outlet with most first."""
    groups: dict[str, list[FindingRow]] = {}
    for row in rows:
        outlet = row.finding.outlets[0] if row.finding.outlets else ""
        groups.setdefault(outlet, []).append(row)
    ordered = sorted(
        groups.items(), key=lambda g: (-len(g[1]), outlets.index(g[0]) if g[0] in outlets else 0)
    )
    return [
        SingleGroup(outlet=name(o), anchor=f"only-{n}", rows=found)
        for n, (o, found) in enumerate(ordered)
    ]
