"""Short items are news: a headline alone, one sentence, a lead cut off with "…" or an
article whose first line is its headline is kept whole and marked short, never emptied."""

from __future__ import annotations

from parallax.clean import clean
from parallax.clean.article import no_text_reason
from parallax.ingest.readers import make_document
from parallax.models import Article, RemovedLine


def cleaned(text: str, title: str | None = None) -> Article:
    raw = make_document(
        source="t.txt", fmt="text", content=text, outlet="wire.example", title=title
    )
    return clean(raw)


def test_a_headline_alone_is_a_short_item_with_the_headline_as_its_text() -> None:
    article = cleaned("June 06, 2013\nHarbour master of Velmora resigns after ferry inquiry")
    assert article.short
    assert article.body == "Harbour master of Velmora resigns after ferry inquiry"


def test_a_one_sentence_item_is_kept() -> None:
    article = cleaned("The parliament election is over in Velmora.")
    assert article.short and article.body == "The parliament election is over in Velmora."


def test_a_lead_cut_off_with_an_ellipsis_is_not_dropped_as_a_teaser() -> None:
    text = (
        "MONDAY, MAY 23, 2005\nFIRED IN OSTRAVA!!\n"
        "The Ostrava Lions fired coach Jan Marek today and taking over will be former coach…"
    )
    article = cleaned(text)
    assert "fired coach Jan Marek" in article.body
    assert all(r.reason != "truncated-teaser" for r in article.removed)


def test_a_first_sentence_that_is_the_headline_leaves_the_rest_as_body() -> None:
    text = (
        "Lindsay Brook checks into rehab at Palm Clinic\nFri., May. 3, 2013 11:45 AM\n"
        "Early Friday morning the 26-year-old actress checked into Palm Clinic in Mirage."
    )
    article = cleaned(text)
    assert article.title == "Lindsay Brook checks into rehab at Palm Clinic"
    assert "checked into Palm Clinic" in article.body and article.short


def test_a_full_article_is_not_short() -> None:
    body = "\n\n".join(
        f"Paragraph {n} of the report says the bridge in Velmora reopened after repairs, "
        "the city engineer said on Friday, and trams crossed it at noon."
        for n in range(4)
    )
    assert not cleaned(body).short


def test_an_empty_article_names_the_rules_that_emptied_it() -> None:
    article = Article(doc_id="x", outlet="o", body="", removed=[])
    assert no_text_reason(article) == "no article text: the document holds no text"
    dropped = Article(
        doc_id="x",
        outlet="o",
        body="",
        removed=[RemovedLine(text="Accept cookies\nManage cookies", reason="cookie-notice")],
    )
    assert "cookie-notice (2 lines)" in no_text_reason(dropped)
