"""The demo corpus (examples/, answer key in examples/README.md): junk it lists is dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from parallax.clean import clean
from parallax.models import RawDocument

JUNK = [
    "icon alerticon",
    "icon accounticon",
    "Dear readers!",
    "Podcasts",
    "Skip to main content",
    "Share this article",
    "Follow us on",
    "Leave a Reply",
    "Your email address will not be published",
    "We use cookies",
    "BREAKING Harbour strike",
    "originally published by Coast Wire",
    "Most read",
    "Comments (23)",
    "Read more: Ostrel braces",
    "Advertisement",
    "Sign up to The Lantern Morning Brief",
    "appeared first on",
]


def _examples() -> list[Path]:
    folders = [EXAMPLES / "text", EXAMPLES / "html"]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.iterdir())


@pytest.mark.parametrize("path", _examples(), ids=lambda path: path.name)
def test_example_article_is_clean(path: Path) -> None:
    fmt = "html" if path.suffix == ".html" else "text"
    raw = RawDocument(
        id=path.stem[:16], source=str(path), format=fmt, content=path.read_text(encoding="utf-8")
    )
    article = clean(raw)
    assert article.title and article.published
    assert len(article.paragraphs) >= 5
    assert article.title not in article.body
    for junk in JUNK:
        assert junk not in article.body, junk


def test_syndicated_copy_keeps_the_wire_body() -> None:
    copies = sorted((EXAMPLES / "text").glob("thelantern.example__*.txt"))
    if not copies:
        pytest.skip("demo corpus not present")
    raw = RawDocument(id="a3s", source="a3s", format="text", content=copies[0].read_text())
    article = clean(raw)
    assert article.title == "Fourteen dead as Merovka Dam bursts in Ostrel"
    assert article.byline == "Coast Wire"
    assert article.body.startswith("VISHKOVO, Karvenia (Coast Wire) —")
