"""Acceptance: the two seed articles (../shared/corpus/seeds) come out as the issue says."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import SEEDS
from parallax.clean import clean
from parallax.models import Article, RawDocument


def _seed(prefix: str) -> Article:
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not paths:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    path: Path = paths[0]
    raw = RawDocument(
        id=prefix, source=str(path), format="text", content=path.read_text(encoding="utf-8")
    )
    return clean(raw)


def _removed(article: Article) -> dict[str, str]:
    """Each removed line with its rule (neighbouring lines of one rule share an entry)."""
    return {text: line.reason for line in article.removed for text in line.text.split("\n")}


def test_seed_000_headline_dek_date_and_body() -> None:
    article = _seed("000")
    assert article.title == "Kremlin rules out Putin appearance at Ukraine peace talks"
    assert article.dek == (
        "Direct talks between Moscow and Kiev are set to resume in Istanbul on Thursday"
    )
    assert article.published == datetime(2025, 5, 15, 9, 4, tzinfo=UTC)
    assert article.body.startswith("There is no chance")
    assert article.body.endswith("but the essence of the regime would remain.”")
    assert article.title not in article.body
    assert "15 May, 2025" not in article.body


def test_seed_000_junk_removed_and_named() -> None:
    article = _seed("000")
    removed = _removed(article)
    icon_line = next(text for text in removed if text.startswith("icon bookmark"))
    assert removed[icon_line] == "icon-run"
    dear = next(text for text in removed if text.startswith("Dear readers!"))
    assert removed[dear] == "reader-notice"
    assert removed["Podcasts"] == "media-label"
    assert {"0:00", "48:25", "51:42"} <= {t for t, why in removed.items() if why == "timestamp"}
    assert removed[article.title] == "repeated-title"
    for junk in ("Dear readers", "Podcasts", "48:25", "icon"):
        assert junk not in article.body


def test_seed_002_title_body_and_comment_junk() -> None:
    article = _seed("002")
    assert article.title == (
        "Kremlin Confirms Putin’s Ignore Russia-Ukraine Peace Talk Scheduled To Hold In Turkey"
    )
    assert article.body.startswith("Kremlin confirmed that president Vladimir Putin")
    last = article.paragraphs[-1]
    assert "“ready for serious work,”" in last and last.endswith("the same day.")
    removed = _removed(article)
    assert removed["Leave a Reply"] == "comment-notice"
    assert removed["Your email address will not be published."] == "comment-notice"
    assert "Leave a Reply" not in article.body


def test_seed_002_quote_across_two_paragraphs_kept() -> None:
    paragraphs = _seed("002").paragraphs
    opening = next(p for p in paragraphs if p.startswith("“This week really may change a lot"))
    assert opening.endswith("which steps Ukraine should take.")
    assert paragraphs[paragraphs.index(opening) + 1] == (
        "“So far, the signals from them in the media are unconvincing,” he added."
    )
