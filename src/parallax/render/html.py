"""The comparison as one standalone HTML file: no scripts, no external resources.

Everything from articles is untrusted, so the template autoescapes and the page
carries a Content-Security-Policy that allows nothing but its own inline style.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from parallax.models import Comparison, LoadedTerm
from parallax.outlets import shown_domain
from parallax.render.brief import brief
from parallax.render.headline import story_title
from parallax.render.sections import (
    KIND_TITLES,
    conflict_values,
    date_range,
    findings_by_kind,
    independent,
    namer,
    one_line,
    plural,
    slot_words,
)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("parallax.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["one_line"] = one_line
    env.filters["date_range"] = date_range
    env.filters["slot_words"] = slot_words
    env.filters["plural"] = plural
    return env


def _highlight(term: LoadedTerm) -> tuple[str, str, str]:
    """The sentence split around the term, for a <mark> without markup in the data."""
    sentence = term.evidence.sentence.text
    at = sentence.find(term.text)
    if at < 0:
        return sentence, "", ""
    return sentence[:at], term.text, sentence[at + len(term.text) :]


def render_html(comparison: Comparison, names: Mapping[str, str] | None = None) -> str:
    """A report for readers: outlets by name, ids only where one opens a story."""
    name = namer(comparison, names)
    return (
        _environment()
        .get_template("report.html")
        .render(
            c=comparison,
            name=name,
            domain=lambda label: shown_domain(label, name(label)),
            conflict_values=lambda finding: conflict_values(finding, name),
            brief=brief(comparison, independent(comparison), name),
            title=story_title(comparison),
            sections=list(findings_by_kind(comparison)),
            kind_titles=KIND_TITLES,
            loaded=[(t, _highlight(t)) for t in comparison.loaded],
        )
    )
