"""Checks on a comparison's findings that several test modules assert."""

from __future__ import annotations

from collections import Counter

from parallax.models import Comparison


def findings_listed_twice(comparison: Comparison) -> list[tuple[str, str, tuple[str, ...]]]:
    """Findings shown twice (same kind, words and outlets), and single-source findings
    of one sentence more than once, as their keys: empty when nothing is repeated."""
    keys = Counter((f.kind, f.statement, tuple(f.outlets)) for f in comparison.findings)
    single = Counter(
        (e.doc_id, e.sentence.start)
        for f in comparison.findings
        if f.kind == "single-source"
        for e in f.evidence
    )
    return [k for k, n in keys.items() if n > 1] + [
        ("single-source", f"{doc}@{start}", ()) for (doc, start), n in single.items() if n > 1
    ]
