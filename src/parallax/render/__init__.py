"""Render a comparison for people (terminal, Markdown, standalone HTML) or programs (JSON)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from parallax.models import Comparison
from parallax.render.html import render_html
from parallax.render.markdown import render_markdown
from parallax.render.terminal import render_text

Format = Literal["text", "md", "json", "html"]
FORMATS: tuple[Format, ...] = ("text", "md", "json", "html")


def render(
    comparison: Comparison,
    fmt: Format,
    width: int = 100,
    names: Mapping[str, str] | None = None,
) -> str:
    """``names``: the publishers' names of the outlets (domain to name), shown by the
    formats for people; JSON keeps the outlet labels (its schema is the contract)."""
    if fmt == "text":
        return render_text(comparison, width=width, names=names)
    if fmt == "md":
        return render_markdown(comparison, names)
    if fmt == "json":
        return comparison.model_dump_json(indent=2) + "\n"
    if fmt == "html":
        return render_html(comparison, names)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "Format", "render"]
