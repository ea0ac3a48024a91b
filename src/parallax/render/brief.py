"""A story's brief: the few lines a reader takes in at once, the same on the web page and
in every report format, with outlets under the names a reader knows them by."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from parallax.models import Comparison
from parallax.render.headline import shared_findings
from parallax.render.sections import plural, slot_words, value_words

MAX_BRIEF_CONFLICTS = 2
MAX_BRIEF_NAMES = 4


def brief(comparison: Comparison, outlets: list[str], name: Callable[[str], str]) -> list[str]:
    """A few lines a reader takes in at once: the core fact, then the main differences
    (conflicts, voices only one outlet lets speak, what only one outlet reports)."""
    lines = []
    findings = comparison.findings
    shared = shared_findings(findings)
    if shared:
        core = shared[0]
        if len(core.outlets) < len(outlets):
            who = f"{len(core.outlets)} of {len(outlets)} outlets report"
        else:
            who = (
                "Both outlets report" if len(outlets) == 2 else f"All {len(outlets)} outlets report"
            )
        lines.append(f"{who}: {core.statement}")
        if len(shared) > 1:
            lines.append(f"They share {plural(len(shared) - 1, 'more statement')}.")
    elif len(outlets) > 1:
        lines.append(f"The {len(outlets)} outlets report no statement in common.")
    conflicts = [f for f in findings if f.kind == "conflict"]
    for finding in conflicts[:MAX_BRIEF_CONFLICTS]:
        values = "; ".join(f"{name(o)} says {value_words(v)}" for o, v in finding.values.items())
        lines.append(f"They differ on {slot_words(finding.slot)}: {values}.")
    if len(conflicts) > MAX_BRIEF_CONFLICTS:
        more = len(conflicts) - MAX_BRIEF_CONFLICTS
        lines.append(f"And {plural(more, 'more difference')}.")
    if len(outlets) > 1:
        only = sorted(
            (v for v in comparison.voices if v.only_here),
            key=lambda v: (v.speaker_id is None, -v.quotes),
        )  # named people and bodies first, the most quoted among them
        if only:
            named = [f"{v.speaker} ({name(v.outlet)})" for v in only[:MAX_BRIEF_NAMES]]
            rest = len(only) - len(named)
            tail = f" and {rest} more" if rest > 0 else ""
            lines.append(f"Quoted by one outlet only: {', '.join(named)}{tail}.")
        singles = Counter(f.outlets[0] for f in findings if f.kind == "single-source" and f.outlets)
        if singles:
            parts = [f"{name(o)} {n}" for o, n in singles.most_common()]
            lines.append(f"Statements only one outlet reports: {', '.join(parts)}.")
    return lines
