"""The article lines of a plain-text dump: a layered line classifier.

Layer 1 labels every line on its own: furniture patterns and lines the outlet
repeats everywhere are junk; the rest is labelled by length and stopword density
as in jusText (good / near-good / short / bad), with the C4 and Gopher signals
(sentence-final punctuation, title case) deciding the borderline.
Layer 2 keeps the one stretch of the page with the most article text (a maximum
sum over line scores, as in Finn's BTE), which drops related-story teasers,
comments and footers that look like prose but sit outside the article.
Layer 3 smooths by context inside that stretch: short lines between article
lines (subheadings, one-line paragraphs) stay, short lines touching junk go.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from parallax.clean.boilerplate import line_key
from parallax.clean.lines import Line, split_lines
from parallax.clean.metadata import headline_like
from parallax.clean.patterns import furniture, is_tail_marker

_WORDS = re.compile(r"\w+")
TITLE_MAX_CHARS = 300
TITLE_MIN_WORDS = 3

# Gopher's rule: a line cut off with an ellipsis is a teaser for another page.
TRUNCATED = ("...", "…", "[…]", "[...]")

Label = Literal["good", "near", "prose", "short", "bad"]

LENGTH_LOW = 70
LENGTH_HIGH = 200
STOPWORDS_LOW = 0.30
STOPWORDS_HIGH = 0.32
# A punctuated sentence of this many words needs fewer stopwords to be near-good
# (C4 keeps any such line; names and numbers lower the density of real news).
SENTENCE_WORDS = 10
STOPWORDS_SENTENCE = 0.18
# Share of stopwords in a document's long lines below which the text is taken to
# be in a language our stopword lists do not cover; then length and punctuation
# decide alone.
MIN_DOCUMENT_STOPWORDS = 0.1

# Scores for the maximum-sum stretch, in characters of article text.
WEIGHTS: dict[Label, float] = {"good": 1.0, "near": 0.7, "prose": 0.3}
SHORT_COST = 10.0
JUNK_COST = 40.0
END_MARKER_COST = 400.0
# A repeat of the page title is the article's headline: the stretch that holds it
# is the article, however long the teaser lists elsewhere on the page.
HEADLINE_BONUS = 400.0
AFTER_TAIL_FACTOR = 0.25

ARTICLE: frozenset[Label] = frozenset({"good", "near", "prose"})
# Learned outlet boilerplate is ignored when it would remove more than this share
# of a document's article text.
MAX_LEARNED_SHARE = 0.5


@dataclass(slots=True)
class Verdict:
    line: Line
    label: Label
    reason: str | None = None
    end_marker: bool = False
    keep: bool = False
    cost: float = JUNK_COST
    headline: bool = False

    @property
    def junk(self) -> bool:
        return self.reason is not None and self.label == "bad"


@dataclass(frozen=True, slots=True)
class Extraction:
    """Every line with its verdict, and the half-open range of the article stretch."""

    verdicts: list[Verdict]
    start: int
    end: int

    def kept(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.keep]

    def removed(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.keep]


def _uses_stopwords(lines: list[Line]) -> bool:
    long = [line for line in lines if line.chars >= LENGTH_LOW]
    if not long:
        return True
    return sum(line.stop_density for line in long) / len(long) >= MIN_DOCUMENT_STOPWORDS


def _label(line: Line, stopwords: bool) -> tuple[Label, str | None]:
    """Layer 1 for a line that matched no furniture pattern."""
    if line.chars < LENGTH_LOW:
        return "short", "short-line"
    if line.text.endswith(TRUNCATED):
        return "bad", "truncated-teaser"
    if not line.terminal and line.words >= 4 and line.capitalised >= 0.7:
        return "bad", "title-case-line"
    if not stopwords:
        if line.terminal:
            return ("good" if line.chars > LENGTH_HIGH else "near"), None
        return "prose", None
    if line.stop_density >= STOPWORDS_HIGH and line.chars > LENGTH_HIGH:
        return "good", None
    if line.stop_density >= STOPWORDS_LOW:
        return ("near" if line.terminal or line.chars > LENGTH_HIGH else "prose"), None
    if line.terminal and line.words >= SENTENCE_WORDS and line.stop_density >= STOPWORDS_SENTENCE:
        return "near", None
    return "bad", "low-stopword-density"


def label_lines(lines: list[Line], boilerplate: Collection[str] = frozenset()) -> list[Verdict]:
    stopwords = _uses_stopwords(lines)
    verdicts = []
    for line in lines:
        rule, cost, end_marker = furniture(line.text, line.words)
        if rule:
            verdicts.append(Verdict(line, "bad", rule, end_marker, cost=cost))
        elif end_marker:
            verdicts.append(Verdict(line, "bad", "end-of-article-marker", end_marker))
        else:
            label, why = _label(line, stopwords)
            verdicts.append(Verdict(line, label, why))
    _mark_repeats(verdicts)
    if boilerplate:
        _apply_boilerplate(verdicts, boilerplate)
    return verdicts


def _mark_repeats(verdicts: list[Verdict]) -> None:
    """Prose printed twice on one page is a teaser block or a widget shown twice, not
    the article; headline-shaped lines may repeat (the title above the article)."""
    counts = Counter(v.line.text for v in verdicts if v.label in ARTICLE)
    for verdict in verdicts:
        line = verdict.line
        if counts[line.text] > 1 and not headline_like(line.words, line.terminal):
            verdict.label, verdict.reason, verdict.cost = "bad", "repeated-in-page", JUNK_COST


def _apply_boilerplate(verdicts: list[Verdict], boilerplate: Collection[str]) -> None:
    """Lines the outlet repeats on its pages are junk, unless they would be most of
    the article: then the outlet ran this article before (an update, a copy)."""
    learned = [v for v in verdicts if line_key(v.line.text) in boilerplate]
    article = sum(v.line.chars for v in verdicts if v.label in ARTICLE)
    repeated = sum(v.line.chars for v in learned if v.label in ARTICLE)
    if article and repeated > MAX_LEARNED_SHARE * article:
        return
    for verdict in learned:
        verdict.label, verdict.reason, verdict.cost = "bad", "outlet-boilerplate", JUNK_COST


def _score(verdict: Verdict) -> float:
    if verdict.headline:
        return HEADLINE_BONUS
    if verdict.end_marker:
        return -END_MARKER_COST
    if verdict.label in WEIGHTS:
        return WEIGHTS[verdict.label] * verdict.line.chars
    if verdict.label == "short":
        return -SHORT_COST
    if verdict.reason in ("low-stopword-density", "title-case-line"):
        return -max(SHORT_COST, verdict.line.chars / 4)
    return -verdict.cost


def best_stretch(verdicts: list[Verdict]) -> tuple[int, int]:
    """Layer 2: the half-open range of lines with the largest total score (Kadane).

    Text after a tail marker (comments, tags) that follows article text counts for
    little: a long comment thread must not outweigh a short article."""
    best, best_range = 0.0, (0, 0)
    total, start = 0.0, 0
    factor, seen_article = 1.0, False
    for index, verdict in enumerate(verdicts):
        if total <= 0:
            total, start = 0.0, index
        # Every tail marker is an end marker (tests hold the patterns to that).
        if seen_article and verdict.end_marker and is_tail_marker(verdict.line.text):
            factor = AFTER_TAIL_FACTOR
        score = _score(verdict)
        seen_article = seen_article or verdict.label == "good"
        total += score * factor if score > 0 else score
        if total > best:
            best, best_range = total, (start, index + 1)
    return best_range


def _article_neighbours(verdicts: list[Verdict]) -> list[tuple[bool, bool]]:
    """Whether the nearest non-short line before / after each line is article text."""
    before, after = [], []
    last = False
    for verdict in verdicts:
        before.append(last)
        if verdict.label != "short":
            last = verdict.label in ARTICLE
    last = False
    for verdict in reversed(verdicts):
        after.append(last)
        if verdict.label != "short":
            last = verdict.label in ARTICLE
    after.reverse()
    return list(zip(before, after, strict=True))


def keep_in_stretch(verdicts: list[Verdict], start: int, end: int) -> None:
    """Layer 3: inside the stretch keep article lines and the short lines framed by
    them; everything outside the stretch goes."""
    stretch = verdicts[start:end]
    for verdict, (before, after) in zip(stretch, _article_neighbours(stretch), strict=True):
        framed = before and after and verdict.line.stop_density > 0
        verdict.keep = verdict.label in ARTICLE or (verdict.label == "short" and framed)
    for verdict in verdicts[:start] + verdicts[end:]:
        if verdict.label != "bad":
            verdict.reason = "outside-article"


def fold(text: str) -> str:
    """Text reduced to lower-case words, for comparing titles and lines."""
    return " ".join(_WORDS.findall(text.casefold()))


def folds_to(text: str, key: str) -> bool:
    """``fold(text) == key``, folding only texts that hold the key's first word."""
    return key.split(" ", 1)[0] in text.casefold() and fold(text) == key


def _same_title(line: str, title: str) -> bool:
    """The line is the title, or the title is the line plus a site name."""
    if not line or not title:
        return False
    if line == title:
        return True
    longer, shorter = (title, line) if len(title) > len(line) else (line, title)
    return longer.startswith(shorter) and shorter.count(" ") >= 3


def mark_headline(verdicts: list[Verdict], title: str | None) -> Verdict | None:
    """Mark the headline: the first line after the top that repeats the page title
    (the given one, else the dump's first line, which is the HTML <title>),
    preferring an exact repeat to one with the site name attached."""
    if not verdicts:
        return None
    first = 0 if title else 1
    target = fold(title or verdicts[0].line.text)
    if len(target) > TITLE_MAX_CHARS or target.count(" ") < TITLE_MIN_WORDS - 1:
        return None
    opening = target.split(" ", 1)[0]
    found: Verdict | None = None
    for verdict in verdicts[first:]:
        if opening not in verdict.line.text.casefold():
            continue
        folded = fold(verdict.line.text)
        if folded == target:  # the headline itself beats "headline | Site name"
            found = verdict
            break
        if found is None and _same_title(folded, target):
            found = verdict
    if found is not None:
        found.headline = True
    return found


def extract_lines(
    text: str,
    boilerplate: Collection[str] = frozenset(),
    language: str | None = None,
    title: str | None = None,
) -> Extraction:
    verdicts = label_lines(split_lines(text, language), boilerplate)
    mark_headline(verdicts, title)
    start, end = best_stretch(verdicts)
    keep_in_stretch(verdicts, start, end)
    return Extraction(verdicts, start, end)
