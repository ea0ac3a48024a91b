"""The HTML path: trafilatura, our second pass over its output, and the fallback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from parallax.clean import clean, html
from parallax.models import RawDocument

PARAGRAPHS = [
    "The harbour authority said on Monday that the northern pier would close for repairs "
    "for most of next year, after divers found deep cracks in its foundations.",
    "Fishing crews who use the pier said they had been warned about the damage for years "
    "and accused the authority of waiting until the structure was close to collapse.",
    "“We will keep one berth open for the lifeboat at all times,” the harbour master, "
    "Ellen Varga, told reporters, adding that the work would cost about four million.",
    "The authority expects to publish the timetable for the works before the end of the "
    "month, once the contractors have finished their own survey of the site.",
]


def _page(article_html: str) -> str:
    nav = "".join(f"<li><a href='/{n}'>{n}</a></li>" for n in ("News", "Sport", "Weather"))
    return f"""<!DOCTYPE html><html lang="en"><head>
<title>Northern pier to close for repairs | Coast Courier</title>
<meta property="og:title" content="Northern pier to close for repairs">
<meta property="article:published_time" content="2024-03-11T08:30:00+00:00">
<meta name="author" content="Tom Reyes">
</head><body>
<header><nav><ul>{nav}</ul></nav></header>
<main><article>
<h1>Northern pier to close for repairs</h1>
{article_html}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Storm warning for the weekend</a></li>
<li><a href="/b">New ferry timetable</a></li></ul></aside></main>
<footer><p>© 2024 Coast Courier. All rights reserved.</p><p>Privacy Policy</p></footer>
</body></html>"""


def _raw(markup: str) -> RawDocument:
    return RawDocument(id="html", source="test.html", format="html", content=markup)


def test_html_path_gives_article_and_metadata() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    article = clean(_raw(_page(body)))
    assert article.title == "Northern pier to close for repairs"
    assert article.published == datetime(2024, 3, 11, 8, 30, tzinfo=UTC)
    assert article.byline == "Tom Reyes"
    assert article.paragraphs == PARAGRAPHS
    for junk in ("Most read", "Storm warning", "Privacy Policy", "All rights reserved"):
        assert junk not in article.body


def test_second_pass_removes_furniture_inside_the_article() -> None:
    inside = [*PARAGRAPHS[:2], "Share this article", "Facebook Twitter Email", *PARAGRAPHS[2:]]
    article = clean(_raw(_page("".join(f"<p>{p}</p>" for p in inside))))
    assert article.paragraphs == PARAGRAPHS
    removed = {line.text: line.reason for line in article.removed}
    assert removed.get("Facebook Twitter Email") == "share-bar"


def test_fallback_to_text_cleaner_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def nothing(markup: str, **_kwargs: object) -> None:
        calls.append(markup)

    monkeypatch.setattr(html.trafilatura, "bare_extraction", nothing)
    article = clean(_raw(_page("".join(f"<p>{p}</p>" for p in PARAGRAPHS))))
    assert calls, "trafilatura was not asked first"
    assert article.paragraphs == PARAGRAPHS
    assert article.title == "Northern pier to close for repairs"
    assert "News" not in article.paragraphs


def test_page_text_puts_blocks_on_lines_and_drops_scripts() -> None:
    text = html.page_text("<div>One</div><p>Two <b>three</b></p><script>var x = 1;</script>")
    assert [line for line in text.splitlines() if line.strip()] == ["One", "Two three"]
