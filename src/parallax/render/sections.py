"""What every human-readable format shows, in the same order and with the same labels."""

from __future__ import annotations

from collections.abc import Iterable

from parallax.models import Comparison, Finding, TimelineEntry

KIND_TITLES = {
    "agreed": "Agreed",
    "partial": "Reported by some outlets",
    "conflict": "Conflicts",
    "single-source": "Single-source",
}


SLOT_WORDS = {
    "number": "a number",
    "date": "a date",
    "place": "the place",
    "actor": "who acted",
    "speaker": "who said it",
    "negation": "whether it happened",
}
"""What a conflict's slot means to a reader ("negation" is the parser's word)."""


def slot_words(slot: str | None) -> str:
    return SLOT_WORDS.get(slot or "", (slot or "").replace("_", " "))


def findings_by_kind(comparison: Comparison) -> Iterable[tuple[str, str, list[Finding]]]:
    """(kind, heading, findings) for each kind that has findings, in display order."""
    for kind, title in KIND_TITLES.items():
        found = [f for f in comparison.findings if f.kind == kind]
        if found:
            yield kind, title, found


def conflict_values(finding: Finding) -> str:
    return " vs ".join(f"{outlet}: {value}" for outlet, value in finding.values.items())


def one_line(text: str) -> str:
    return " ".join(text.split())


def date_range(entry: TimelineEntry) -> str:
    if entry.start is None or entry.end is None:
        return "date unknown"
    start, end = entry.start.isoformat(), entry.end.isoformat()
    return start if start == end else f"{start} – {end}"
