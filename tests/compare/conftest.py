"""Stories the compare tests write themselves: outlet -> body, annotated for real."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

import pytest

from parallax.annotate import Annotator
from parallax.compare import compare_story
from parallax.models import Annotations, Article, Assignment, Comparison

StoryMaker = Callable[..., Comparison]


def make_article(outlet: str, body: str, published: datetime | None = None) -> Article:
    doc_id = hashlib.sha256(f"{outlet}\n{body}".encode()).hexdigest()[:16]
    return Article(
        doc_id=doc_id, outlet=outlet, body=body, published=published or datetime(2026, 3, 10)
    )


@pytest.fixture
def documents(annotator: Annotator) -> Callable[..., list[tuple[Article, Annotations, None]]]:
    def build(bodies: dict[str, str]) -> list[tuple[Article, Annotations, None]]:
        articles = [make_article(outlet, body) for outlet, body in bodies.items()]
        return [(a, n, None) for a, n in zip(articles, annotator.annotate(articles), strict=True)]

    return build


@pytest.fixture
def make_story(annotator: Annotator, documents: Callable[..., list]) -> StoryMaker:
    """Compare bodies given per outlet; ``copies`` maps a copy's outlet to its original's."""

    def build(bodies: dict[str, str], copies: dict[str, str] | None = None) -> Comparison:
        docs = documents(bodies)
        ids = {a.outlet: a.doc_id for a, _, _ in docs}
        story: list[tuple[Article, Annotations, Assignment | None]] = [
            (
                a,
                n,
                Assignment(doc_id=a.doc_id, story_id="s", duplicate_of=ids[copies[a.outlet]])
                if copies and a.outlet in copies
                else None,
            )
            for a, n, _ in docs
        ]
        return compare_story(story, story_id="s", nlp=annotator.nlp)

    return build
