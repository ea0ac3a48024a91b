"""What every human-readable format shows, in the same order and with the same labels."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from parallax.models import Comparison, Finding, TimelineEntry
from parallax.outlets import reader_names

Namer = Callable[[str], str]

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


VALUE_WORDS = {"denied / negated": "it did not happen", "asserted": "it happened"}
"""A conflict's values that are the parser's words (on whether it happened)."""


def value_words(value: str) -> str:
    return VALUE_WORDS.get(value, value)


def slot_words(slot: str | None) -> str:
    return SLOT_WORDS.get(slot or "", (slot or "").replace("_", " "))


def findings_by_kind(comparison: Comparison) -> Iterable[tuple[str, str, list[Finding]]]:
    """(kind, heading, findings) for each kind that has findings, in display order."""
    for kind, title in KIND_TITLES.items():
        found = [f for f in comparison.findings if f.kind == kind]
        if found:
            yield kind, title, found


def namer(comparison: Comparison, stored: Mapping[str, str] | None = None) -> Namer:
    """Each outlet label of the comparison as a reader sees it (``outlets.reader_names``):
    the publisher's stored name, else the domain, else "unnamed source n"."""
    names = reader_names((c.outlet for c in comparison.outlets), stored or {})
    return lambda label: names.get(label, label)


def independent(comparison: Comparison) -> list[str]:
    """The outlets with an article of their own (not only copies of another's)."""
    return [c.outlet for c in comparison.outlets if c.doc_ids]


def conflict_values(finding: Finding, name: Namer = str) -> str:
    return " vs ".join(
        f"{name(outlet)}: {value_words(value)}" for outlet, value in finding.values.items()
    )


def one_line(text: str) -> str:
    return " ".join(text.split())


def date_range(entry: TimelineEntry) -> str:
    if entry.start is None or entry.end is None:
        return "date unknown"
    start, end = entry.start.isoformat(), entry.end.isoformat()
    return start if start == end else f"{start} – {end}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 document', '4 documents'."""
    return f"{count} {singular if count == 1 else many or singular + 's'}"
