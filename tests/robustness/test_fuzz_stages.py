"""Clean and annotate on hostile text: nothing invented, every span points at its text,
and the pipeline turns whatever fails into an error for that document only."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.annotate import Annotator
from parallax.clean import clean
from parallax.ingest.normalize import content_id
from parallax.models import Article, RawDocument, Span
from parallax.pipeline import ingest
from parallax.store import Store

pytestmark = pytest.mark.timeout(600)
Consistency = Callable[[Path], set[str]]  # the `consistent` fixture

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
_WORD = re.compile(r"\w+")

NAMES = ["Vladimir Putin", "Zelenskyy", "Türkiye", "Kyiv", "Dmitry Peskov", "the Kremlin"]
JUNK = ["Share this:", "Leave a Reply", "00:12:31", "Cookie policy", "Read more »", "Advertisement"]
SENTENCE = st.builds(
    "{} said on {} that “{}” in {}.".format,
    st.sampled_from(NAMES),
    st.sampled_from(["Thursday", "last week", "May 15, 2025", "2022"]),
    st.text(min_size=0, max_size=60),
    st.sampled_from(NAMES),
)
LINE = st.one_of(SENTENCE, st.sampled_from(JUNK), st.text(max_size=120), st.just(""))
DUMP = st.lists(LINE, min_size=1, max_size=25).map("\n".join)
MARKUP = st.lists(
    st.tuples(st.sampled_from(["p", "div", "nav", "script", "span", "h1", "li"]), LINE),
    min_size=1,
    max_size=20,
).map(lambda parts: "".join(f"<{tag}>{text}</{tag}>" for tag, text in parts))


def raw_document(content: str, fmt: str = "text") -> RawDocument:
    page = f"<html><body><article>{content}</article></body></html>" if fmt == "html" else content
    return RawDocument(
        id=content_id(page), source=f"fuzz:{content_id(page)}", format=fmt, content=page
    )  # type: ignore[arg-type]


def words(text: str | None) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "")}


@FUZZ
@given(dump=DUMP)
def test_text_cleaner_invents_no_words(dump: str) -> None:
    raw = raw_document(dump)
    article = clean(raw)
    assert article.doc_id == raw.id
    assert words(article.body) <= words(dump), "the cleaner made up words"
    assert words(article.title) <= words(dump) | words(raw.title)


@FUZZ
@given(markup=MARKUP)
def test_html_cleaner_returns_an_article_or_a_clear_error(markup: str) -> None:
    raw = raw_document(markup, "html")
    try:
        article = clean(raw)
    except Exception as exc:  # the pipeline turns this into an IngestError
        assert str(exc), "an error must say why"
        return
    assert isinstance(article, Article) and article.doc_id == raw.id


def assert_points_at(body: str, span: Span | None) -> None:
    if span is not None:
        assert 0 <= span.start <= span.end <= len(body)
        assert body[span.start : span.end] == span.text


@FUZZ
@given(bodies=st.lists(DUMP.filter(str.strip), min_size=1, max_size=4))
def test_annotation_spans_point_at_their_text(annotator: Annotator, bodies: list[str]) -> None:
    articles = [
        Article(doc_id=content_id(body), outlet="fuzz.example", body=body) for body in bodies
    ]
    results = annotator.annotate(articles)
    assert [a.doc_id for a in results] == [a.doc_id for a in articles]
    for article, found in zip(articles, results, strict=True):
        body = article.body
        entity_ids = {e.id for e in found.entities}
        for mention in found.mentions:
            assert_points_at(body, mention)
            assert mention.entity_id in entity_ids
        for span in [*found.sentences, *found.dates]:
            assert_points_at(body, span)
        for quote in found.quotes:
            for span in (quote, quote.speaker, quote.cue):
                assert_points_at(body, span)


@settings(FUZZ, max_examples=15)
@given(
    documents=st.lists(
        st.one_of(DUMP.map(raw_document), MARKUP.map(lambda m: raw_document(m, "html"))),
        min_size=1,
        max_size=6,
    )
)
def test_pipeline_stores_whole_documents_or_reports_them(
    annotator: Annotator, consistent: Consistency, documents: list[RawDocument]
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        db = Path(directory) / "fuzz.db"
        with Store(db) as store:
            report = ingest(documents, store, annotator=annotator, batch_size=4, time_limit=30)
        stored = consistent(db)
    unique = {d.id for d in documents}
    assert set(report.added) == stored
    failed = {e.source for e in report.errors}
    assert all(d.id in stored or d.source in failed for d in documents)
    assert len(report.added) + len(failed) <= len(unique)
