"""The comparison as a Markdown report.

Markdown passes HTML through, so every piece of article text is escaped: ``<script>``
or ``<img onerror=…>`` in a sentence shows as text wherever the report is rendered,
and ``[x](javascript:…)`` is no link.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from parallax.models import Comparison
from parallax.outlets import shown_domain
from parallax.render.brief import brief
from parallax.render.headline import story_title
from parallax.render.sections import (
    conflict_values,
    date_range,
    findings_by_kind,
    independent,
    namer,
    one_line,
    slot_words,
)


def _text(text: str) -> str:
    """Article text as inert Markdown: HTML escaped, no inline link or image."""
    return html.escape(one_line(text), quote=False).replace("](", "]\\(")


def _cell(text: str) -> str:
    return _text(text).replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(comparison: Comparison, names: Mapping[str, str] | None = None) -> str:
    name = namer(comparison, names)
    lines = [f"# {_text(story_title(comparison))}", ""]
    if comparison.story_id:
        lines += [f"Story `{comparison.story_id[:8]}`", ""]
    lines += ["## Outlets", ""]
    lines += _table(
        ["outlet", "articles", "titles", "copies (not counted)"],
        [
            [
                name(o.outlet)
                + (f" ({d})" if (d := shown_domain(o.outlet, name(o.outlet))) else ""),
                str(len(o.doc_ids)),
                "; ".join(o.titles),
                ", ".join(copy[:8] for copy in o.copies),
            ]
            for o in comparison.outlets
        ],
    )
    summary = brief(comparison, independent(comparison), name)
    if summary:
        lines += ["## Brief", ""] + [f"- {_text(b)}" for b in summary] + [""]
    for _, title, findings in findings_by_kind(comparison):
        lines += [f"## {title}", ""]
        for finding in findings:
            outlets = _text(", ".join(map(name, finding.outlets)))
            head = f"- **{_cell(finding.statement)}** — {outlets}"
            if finding.slot:
                head += f" — *they differ on {_text(slot_words(finding.slot))}*: {_cell(conflict_values(finding, name))}"
            lines.append(head)
            lines += [
                f"  > {_text(name(e.outlet))}: {_cell(e.sentence.text)}" for e in finding.evidence
            ]
        lines.append("")
    if comparison.voices:
        lines += ["## Voices", ""]
        lines += _table(
            ["outlet", "speaker", "statements", "words", "only this outlet"],
            [
                [
                    name(v.outlet),
                    v.speaker,
                    str(v.quotes),
                    str(v.words),
                    "yes" if v.only_here else "",
                ]
                for v in comparison.voices
            ],
        )
    if comparison.naming:
        lines += ["## Naming", ""]
        lines += _table(
            ["entity", "forms by outlet", "differs"],
            [
                [
                    n.name,
                    "; ".join(f"{name(o)}: {', '.join(f)}" for o, f in n.forms.items()),
                    "yes" if n.differs else "",
                ]
                for n in comparison.naming
            ],
        )
    if comparison.loaded:
        lines += ["## Loaded language", ""]
        lines += _table(
            ["outlet", "term", "category", "voice", "sentence"],
            [
                [
                    name(t.outlet),
                    t.text,
                    t.category,
                    "quoted" if t.quoted else "outlet's own",
                    t.evidence.sentence.text,
                ]
                for t in comparison.loaded
            ],
        )
    if comparison.timeline:
        lines += ["## Timeline", ""]
        lines += _table(
            ["date", "outlet", "what"],
            [[date_range(t), name(t.evidence.outlet), t.text] for t in comparison.timeline],
        )
    return "\n".join(lines).rstrip() + "\n"
