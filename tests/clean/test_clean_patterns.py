"""Each furniture rule family names the lines it should, and leaves prose alone."""

from __future__ import annotations

import pytest

from parallax.clean.lines import split_lines
from parallax.clean.patterns import RULES, is_end_marker, is_tail_marker, junk_rule


def _rule_name(text: str) -> str | None:
    (line,) = split_lines(text, "en")
    rule = junk_rule(line.text, line.words)
    return rule.name if rule else None


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("icon menu-icon searchicon closeicon arrowicon playicon", "icon-run"),
        ("0:00", "timestamp"),
        ("1:02:33", "timestamp"),
        ("Leave a Reply", "comment-notice"),
        (
            "Your email address will not be published. Required fields are marked *",
            "comment-notice",
        ),
        ("Comments are closed.", "comment-notice"),
        ("joetoronto says:", "comment-header"),
        ("34 responses to “Lynn: we needed this game”", "comment-header"),
        (
            "Dear readers! Please note that we have switched to a new commenting system.",
            "reader-notice",
        ),
        ("We use cookies to improve your browsing experience.", "cookie-notice"),
        ("Privacy Policy", "cookie-notice"),
        ("© 2024 Example Media Ltd. All rights reserved.", "copyright"),
        ("Facebook Twitter WhatsApp Email", "share-bar"),
        ("Share this article", "share-bar"),
        ("Click to share on Twitter (Opens in new window)", "share-bar"),
        ("Podcasts", "media-label"),
        ("ADVERTISEMENT", "media-label"),
        ("3 min read", "media-label"),
        ("Read more: the mayor's full statement", "read-more"),
        (
            "Also on example.com Mayor defends the bridge closure in a late-night statement",
            "read-more",
        ),
        ("Like this story? Share it with a friend!", "share-bar"),
        ("Related stories", "teaser-heading"),
        ("Sign up for our daily newsletter", "newsletter"),
        ("Follow @janeroe", "social-follow"),
        ("(Photo: Jane Roe/Getty Images)", "credit"),
        ("Home › World › Europe", "nav-crumbs"),
        ("Updated: 12 March 2024, 10:15", "dateline"),
        ("5 hours ago", "relative-time"),
        ("November 19, 2019 at 6:34 am", "date-only"),
        ("Nov 7 23:05", "date-only"),
        ("•", "bullet-only"),
        ("1,024", "counter"),
        ("var x = function() { return 1; }", "code"),
        ("The post Bridge closes appeared first on The Gazette.", "syndication-notice"),
        ("This article was originally published by Coast Wire.", "syndication-notice"),
        ("Telephone: +44 20 7946 0000, Fax: +44 20 7946 0001", "contact-info"),
        ("Milan on September 12, 2018 at 4:47 pm said:", "comment-header"),
        ("Become a member", "newsletter"),
    ],
)
def test_rule_names_its_line(line: str, rule: str) -> None:
    assert _rule_name(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "The mayor said the council would vote on the budget on Thursday.",
        "Critics said the cookie factory closure would cost 200 jobs in the town.",
        "He added that readers of the report should share their concerns with the board.",
        "“I am waiting to see who will come from Russia,” he said in a video posted on Sunday.",
        "Kremlin rules out Putin appearance at Ukraine peace talks",
    ],
)
def test_prose_matches_no_rule(line: str) -> None:
    assert _rule_name(line) is None


def test_long_paragraph_escapes_short_line_rules() -> None:
    paragraph = "Share this with care, the minister told parliament. " * 12
    assert _rule_name(paragraph) is None


@pytest.mark.parametrize("line", ["Comments", "Related articles", "More from Culture", "Tags:"])
def test_end_markers(line: str) -> None:
    assert is_end_marker(line)


@pytest.mark.parametrize(
    "line",
    [
        "12 Comments",
        "Leave a Reply",
        "Join the discussion",
        "Related tags:",
        "Filed under",
        "About the author",
    ],
)
def test_tail_markers_are_end_markers(line: str) -> None:
    """The article stretch looks for tail markers only among end markers."""
    assert is_tail_marker(line)
    assert is_end_marker(line)


def test_sentence_is_not_end_marker() -> None:
    assert not is_end_marker("More from the minister came on Tuesday.")


@pytest.mark.parametrize(
    "text",
    [
        "Reply ↓",
        "Share this with a friend: the mayor's speech (Photo: Jane Roe/Getty Images)",
        "Photo: Jane Roe. We use cookies to improve your experience.",
        "Follow us on Facebook. Copyright 2024, all rights reserved.",
        "Sign up to our newsletter. Comments are closed.",
        "Home | News | icon icon icon icon",
        "The mayor said the council would vote on the budget on Thursday.",
        "Nov 7 23:05 · 5 hours ago",
    ],
)
def test_first_rule_wins(text: str) -> None:
    """All rules run at once give the rule that comes first when each runs alone."""
    (line,) = split_lines(text, "en")
    alone = next((rule for rule in RULES if rule.matches(line.text, line.words)), None)
    assert junk_rule(line.text, line.words) is alone
