"""Every output format of a comparison: content, escaping, and the documented schema."""

from __future__ import annotations

import json
from datetime import date

import pytest

from parallax.models import (
    Comparison,
    Evidence,
    Finding,
    LoadedTerm,
    Naming,
    OutletCoverage,
    Span,
    TimelineEntry,
    Voice,
)
from parallax.render import FORMATS, render
from parallax.render.schema import SCHEMA_PATH, schema_text

PAYLOAD = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _evidence(outlet: str, text: str) -> Evidence:
    return Evidence(
        doc_id=f"{outlet}-doc", outlet=outlet, sentence=Span(start=0, end=len(text), text=text)
    )


@pytest.fixture
def comparison() -> Comparison:
    first = "Fourteen people were killed [officially] on Tuesday."
    second = f"Twelve people were killed, {PAYLOAD} officials said."
    return Comparison(
        story_id="story-1",
        title=f"Dam collapse {PAYLOAD}",
        outlets=[
            OutletCoverage(outlet="a.example", doc_ids=["a-doc"], titles=["Dam bursts"]),
            OutletCoverage(
                outlet="b.example", doc_ids=["b-doc"], titles=["Dam fails"], copies=["c-doc"]
            ),
        ],
        brief=["The dam failed (a.example, b.example)"],
        findings=[
            Finding(
                kind="agreed",
                statement="The dam failed",
                outlets=["a.example", "b.example"],
                evidence=[
                    _evidence("a.example", "The dam failed."),
                    _evidence("b.example", "The dam gave way."),
                ],
            ),
            Finding(
                kind="conflict",
                statement="people were killed",
                outlets=["a.example", "b.example"],
                evidence=[_evidence("a.example", first), _evidence("b.example", second)],
                slot="number",
                values={"a.example": "Fourteen people", "b.example": "Twelve people"},
            ),
        ],
        voices=[
            Voice(
                outlet="a.example",
                speaker="Darya Kostelnik",
                speaker_id="PERSON:darya-kostelnik",
                quotes=2,
                words=17,
                only_here=True,
                evidence=[_evidence("a.example", first)],
            )
        ],
        naming=[
            Naming(
                entity_id="GPE:vyshkovo",
                name="Vyshkovo",
                label="GPE",
                forms={"a.example": ["Vishkovo"], "b.example": ["Vyshkovo"]},
                differs=True,
            )
        ],
        loaded=[
            LoadedTerm(
                outlet="b.example",
                text="crumbling",
                category="loaded",
                quoted=False,
                evidence=_evidence("b.example", "The crumbling dam burst."),
            )
        ],
        timeline=[
            TimelineEntry(
                start=date(2026, 3, 10),
                end=date(2026, 3, 10),
                text="Tuesday: the dam failed",
                evidence=_evidence("a.example", first),
            )
        ],
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_every_section(comparison: Comparison, fmt: str) -> None:
    out = render(comparison, fmt)  # type: ignore[arg-type]
    for expected in (
        "The dam failed",
        "Fourteen people",
        "Twelve people",
        "Darya Kostelnik",
        "Vishkovo",
        "crumbling",
        "2026-03-10",
        "[officially]",
    ):
        assert expected in out, (fmt, expected)
    # a copy: its id in JSON, the terminal and Markdown (``parallax show`` opens it), a count
    # in the reader's HTML report
    assert ("c-doc" in out) == (fmt != "html"), fmt


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_reports_name_outlets_as_their_publishers_do(comparison: Comparison, fmt: str) -> None:
    out = render(comparison, fmt, width=400, names={"a.example": "Alpha Daily"})  # type: ignore[arg-type]
    assert "Alpha Daily says Fourteen people" in out  # the brief's conflict, by name
    assert "Alpha Daily: Fourteen people" in out  # the conflict's sides
    assert "b.example" in out  # no name stored: its domain


def test_html_report_shows_no_document_ids_or_offsets(comparison: Comparison) -> None:
    out = render(comparison, "html")
    for raw in ("a-doc", "b-doc", "c-doc", "0–15"):
        assert raw not in out, raw
    assert "Both outlets report: The dam failed" in out  # the page's own brief


def test_json_round_trips(comparison: Comparison) -> None:
    assert Comparison.model_validate_json(render(comparison, "json")) == comparison


def test_html_is_standalone_and_inert(comparison: Comparison) -> None:
    out = render(comparison, "html")
    assert "<script" not in out
    assert "<img" not in out
    assert "&lt;script&gt;" in out
    assert "Content-Security-Policy" in out and "default-src 'none'" in out
    assert "http://" not in out and "https://" not in out
    assert "<mark>crumbling</mark>" in out


def test_markdown_tables_survive_pipes(comparison: Comparison) -> None:
    piped = comparison.model_copy(
        update={"voices": [comparison.voices[0].model_copy(update={"speaker": "A | B"})]}
    )
    assert "A \\| B" in render(piped, "md")


def test_unknown_format_is_refused(comparison: Comparison) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(comparison, "pdf")  # type: ignore[arg-type]


def test_documented_schema_is_current() -> None:
    """docs/comparison-schema.json is generated by `python -m parallax.render.schema`."""
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()
    schema = json.loads(schema_text())
    assert set(schema["required"]) >= {"findings", "voices", "naming", "loaded", "timeline"}


def test_markdown_shows_article_html_as_text(comparison: Comparison) -> None:
    agreed = comparison.findings[0].model_copy(
        update={"statement": "See [here](javascript:alert(3)) now"}
    )
    linked = comparison.model_copy(update={"findings": [agreed, *comparison.findings[1:]]})
    out = render(linked, "md")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "](javascript:" not in out and "[here]\\(javascript:" in out


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_whether_it_happened_is_said_in_words(comparison: Comparison, fmt: str) -> None:
    conflict = comparison.findings[1].model_copy(
        update={
            "slot": "negation",
            "values": {"a.example": "asserted", "b.example": "denied / negated"},
        }
    )
    denied = comparison.model_copy(update={"findings": [comparison.findings[0], conflict]})
    out = render(denied, fmt, width=400)  # type: ignore[arg-type]
    assert "b.example says it did not happen" in out
    assert "negated" not in out
