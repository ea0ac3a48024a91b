"""The brief: agreed statements first, then the differences."""

from __future__ import annotations

from collections.abc import Sequence

from parallax.models import Finding, Voice

MAX_SINGLE_PER_OUTLET = 3


def brief(
    findings: Sequence[Finding], voices: Sequence[Voice], outlets: Sequence[str]
) -> list[str]:
    """Plain sentences: what all or several outlets report, then where they part."""
    lines = [
        f"{f.statement}{_said_by(f, voices)} ({_outlets(f.outlets)})"
        for f in findings
        if f.kind in ("agreed", "partial")
    ]
    for finding in findings:
        if finding.kind == "conflict":
            values = "; ".join(f"{outlet}: {value}" for outlet, value in finding.values.items())
            lines.append(f"Outlets differ on the {finding.slot} — {values}. ({finding.statement})")
    for outlet in outlets:
        only = [
            f.statement for f in findings if f.kind == "single-source" and f.outlets == [outlet]
        ]
        if only:
            shown = "; ".join(only[:MAX_SINGLE_PER_OUTLET])
            more = len(only) - MAX_SINGLE_PER_OUTLET
            extra = f" (and {more} more)" if more > 0 else ""
            lines.append(f"Only {outlet} reports: {shown}{extra}")
        heard = sorted({v.speaker for v in voices if v.outlet == outlet and v.only_here})
        if heard:
            lines.append(f"Only {outlet} quotes {', '.join(heard)}.")
    return lines


def _said_by(finding: Finding, voices: Sequence[Voice]) -> str:
    """Who the outlets attribute the statement to, from the voices quoted in its sentences."""
    sentences = {(e.doc_id, e.sentence.start) for e in finding.evidence}
    names = sorted(
        {
            v.speaker
            for v in voices
            if any((e.doc_id, e.sentence.start) in sentences for e in v.evidence)
        }
    )
    return f", according to {', '.join(names)}" if names else ""


def _outlets(outlets: Sequence[str]) -> str:
    return ", ".join(outlets)
