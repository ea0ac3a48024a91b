"""The layered line classifier: features, the article stretch, context smoothing."""

from __future__ import annotations

from parallax.clean.lines import split_lines
from parallax.clean.stopwords import guess_language, stopwords
from parallax.clean.textdump import extract_lines

PARAGRAPHS = [
    "The city council voted on Tuesday to close the old bridge to traffic, after engineers "
    "found that the supports had corroded far faster than anyone had expected.",
    "Residents who live on the east bank will have to drive an extra twenty minutes to reach "
    "the hospital, and several of them told the meeting that they had not been consulted.",
    "The mayor said that a temporary footbridge would be built within the year and that the "
    "council was looking for money to replace the crossing altogether before 2030.",
]
NAV = ["Home", "News", "Sport", "Weather", "Business", "Culture", "Travel", "Video"]


def _kept(text: str, **kwargs: object) -> list[str]:
    return [v.line.text for v in extract_lines(text, **kwargs).kept()]  # type: ignore[arg-type]


def test_features_stopword_density_and_sentence_end() -> None:
    prose, menu = split_lines(PARAGRAPHS[0] + "\nBreaking News Live Updates", "en")
    assert prose.terminal and prose.stop_density > 0.3
    assert not menu.terminal and menu.stop_density == 0
    assert menu.capitalised == 1.0


def test_stopwords_come_from_spacy_and_language_is_guessed() -> None:
    assert {"the", "and", "of"} <= stopwords("en")
    assert {"que", "não"} <= stopwords("pt")
    words = [
        "a",
        "casa",
        "que",
        "eu",
        "vi",
        "não",
        "era",
        "a",
        "mesma",
        "que",
        "você",
        "comprou",
        "para",
        "o",
        "seu",
        "pai",
    ]
    assert guess_language(words) == "pt"
    assert (
        guess_language(
            ["the", "house", "that", "I", "saw", "was", "not", "the", "one", "you", "bought"]
        )
        == "en"
    )


def test_article_kept_menu_and_footer_dropped() -> None:
    page = "\n".join([*NAV, *PARAGRAPHS, "Related stories", "Bridge closures elsewhere", *NAV])
    assert _kept(page) == PARAGRAPHS


def test_non_english_page_uses_its_own_stopwords() -> None:
    paragraphs = [
        "A câmara municipal decidiu na terça-feira fechar a ponte velha ao trânsito, depois de "
        "os engenheiros terem descoberto que os pilares estavam muito mais corroídos do que se "
        "esperava.",
        "Os moradores da margem leste vão ter de conduzir mais vinte minutos para chegar ao "
        "hospital, e vários disseram na reunião que não tinham sido consultados sobre isso.",
    ]
    assert _kept("\n".join([*NAV, *paragraphs, *NAV])) == paragraphs


def test_short_subheading_between_paragraphs_is_kept() -> None:
    page = "\n".join([*NAV, PARAGRAPHS[0], "What happens next", PARAGRAPHS[1], *NAV])
    assert _kept(page) == [PARAGRAPHS[0], "What happens next", PARAGRAPHS[1]]


def test_short_lines_next_to_junk_are_dropped() -> None:
    page = "\n".join([*PARAGRAPHS, "Photo gallery", "Share this article", *NAV])
    assert _kept(page) == PARAGRAPHS


def test_teasers_after_an_end_marker_are_not_the_article() -> None:
    teasers = [
        "Another town voted to rebuild its harbour wall after the storms of last winter, "
        "which destroyed much of the old wall and flooded the streets near the water.",
        "A third council said it would spend its reserves on repairing roads, a decision "
        "that opposition members called reckless in a heated debate on Monday night.",
    ]
    page = "\n".join([*PARAGRAPHS, "You may also like", *teasers])
    assert _kept(page) == PARAGRAPHS


def test_comment_thread_is_not_the_article() -> None:
    comments = []
    for name in ("joe", "ann", "kim"):
        comments += [
            f"{name} says:",
            "November 19, 2019 at 6:34 am",
            "This is the worst decision the council has made in years, and everyone in town "
            "knows that it will cost us more than they say it will in the end.",
        ]
    page = "\n".join([*PARAGRAPHS, "3 Comments", *comments])
    assert _kept(page) == PARAGRAPHS


def test_repeat_of_page_title_marks_the_headline() -> None:
    teasers = [
        "Another town voted to rebuild its harbour wall after the storms of last winter, "
        "which destroyed much of the old wall and flooded the streets near the water, "
        "and the work will take three years to finish according to the engineers.",
    ] * 4
    page = "\n".join(
        [
            "Council closes old bridge - Example Gazette",
            *NAV,
            "Council closes old bridge",
            PARAGRAPHS[0],
            "Trending now",
            *teasers,
        ]
    )
    extraction = extract_lines(page)
    headline = next(v for v in extraction.verdicts if v.headline)
    assert headline.line.text == "Council closes old bridge"
    assert PARAGRAPHS[0] in [v.line.text for v in extraction.kept()]


def test_every_line_is_kept_or_removed_with_a_reason() -> None:
    page = "\n".join([*NAV, *PARAGRAPHS, "Leave a Reply", "© 2024 Gazette"])
    extraction = extract_lines(page)
    assert len(extraction.kept()) + len(extraction.removed()) == len(extraction.verdicts)
    reasons = {v.line.text: v.reason for v in extraction.removed()}
    assert reasons["Leave a Reply"] == "comment-notice"
    assert reasons["© 2024 Gazette"] == "copyright"
    assert all(reasons.values())


def test_long_comment_thread_after_tail_marker_loses_to_short_article() -> None:
    comments = [
        f"I have lived next to that bridge for {years} years and I can tell you that nobody "
        "ever came to look at it until the council needed an excuse to save money on it."
        for years in range(20, 26)
    ]
    article = [f"{PARAGRAPHS[0]} {PARAGRAPHS[1]}", PARAGRAPHS[2]]
    page = "\n".join([*NAV, *article, "Comments", *comments])
    assert _kept(page) == article
