"""Acceptance on the two seed articles: every quote the issue names, with its speaker."""

from __future__ import annotations

import pytest

from conftest import SEEDS
from parallax.annotate import Annotator
from parallax.clean import clean
from parallax.models import Annotations, Article, RawDocument

pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason=f"seed corpus not found at {SEEDS}")

EXPECTED = [
    ("000", "PERSON:dmitry-peskov", "no chance that Russian President Vladimir Putin will attend"),
    ("000", "PERSON:dmitry-peskov", "there are plans for a presidential visit"),
    ("000", "PERSON:donald-trump", "if something happened"),
    ("000", "PERSON:sergey-lavrov", "They could find some new semi-fuhrer"),
    ("002", "PERSON:dmitry-peskov", "no"),
    ("002", "PERSON:donald-trump", "always considering"),
    ("002", "PERSON:vladimir-zelensky", "This week really may change a lot — but only may"),
    ("002", "PERSON:vladimir-zelensky", "So far, the signals"),
    ("002", "PERSON:maria-zakharova", "ready for serious work"),
    ("002", "PERSON:jd-vance", "asking for too much"),
]


def seed_article(prefix: str) -> Article:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    raw = RawDocument(id=prefix, source=str(path), format="text", content=path.read_text())
    return clean(raw)


@pytest.fixture(scope="module")
def seeds(annotator: Annotator) -> dict[str, tuple[Article, Annotations]]:
    articles = [seed_article(prefix) for prefix in ("000", "002")]
    return {
        a.doc_id: (a, result)
        for a, result in zip(articles, annotator.annotate(articles), strict=True)
    }


@pytest.mark.parametrize(("seed", "speaker", "words"), EXPECTED)
def test_seed_quote_has_its_speaker(
    seeds: dict[str, tuple[Article, Annotations]], seed: str, speaker: str, words: str
) -> None:
    _, result = seeds[seed]
    quotes = [
        q
        for q in result.quotes
        if (q.text.rstrip(".") == words if words == "no" else words in q.text)
    ]
    assert quotes, f"{words!r} not found among {[q.text for q in result.quotes]}"
    assert speaker in {q.speaker_id for q in quotes}


def test_seed_entities_share_ids_across_outlets(
    seeds: dict[str, tuple[Article, Annotations]],
) -> None:
    forms: dict[str, set[str]] = {}
    for _, result in seeds.values():
        for mention in result.mentions:
            forms.setdefault(mention.entity_id, set()).add(mention.text)
    assert {"Zelensky", "Zelenskyy"} <= forms["PERSON:vladimir-zelensky"]
    assert {"Sergey Lavrov", "Sergei Lavrov"} <= forms["PERSON:sergey-lavrov"]
    assert {"Türkiye", "Turkey"} <= forms["GPE:turkey"]
    assert "Kiev" in forms["GPE:kyiv"]
    assert "Recep Tayyib Erdogan" in forms["PERSON:recep-erdogan"]


def test_seed_dates_resolve_against_publication(
    seeds: dict[str, tuple[Article, Annotations]],
) -> None:
    article, result = seeds["000"]
    assert article.published is not None
    resolved = {(d.text, str(d.value_start), str(d.value_end)) for d in result.dates}
    assert ("last week", "2025-05-05", "2025-05-11") in resolved
    assert ("April", "2025-04-01", "2025-04-30") in resolved
    assert ("2022", "2022-01-01", "2022-12-31") in resolved
    assert ("Thursday", "2025-05-15", "2025-05-15") in resolved
