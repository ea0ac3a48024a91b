"""Named patterns for the page furniture scrapers leave around an article.

Each rule is (name, longest line it applies to in words, regex). The word limit
keeps a pattern from deleting a real paragraph that merely mentions cookies or
comments. ``END_MARKERS`` are headings after which a news page stops being the
article (comments, related stories, tags), as trafilatura and jusText also learn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Rule:
    """``gate``: cheap substrings of which the lower-cased line must hold one before
    the regex runs (unanchored regexes are the cost of the whole cleaner).
    ``vocabulary``: instead of a regex match, every word of the line (as found by
    ``pattern``) must be in this set."""

    name: str
    max_words: int
    pattern: re.Pattern[str]
    gate: re.Pattern[str] | None = None
    min_hits: int = 1
    cost: float = 40.0
    vocabulary: frozenset[str] = frozenset()

    def matches(self, text: str, lowered: str, words: int) -> bool:
        if words > self.max_words:
            return False
        if self.vocabulary:
            tokens = self.pattern.findall(lowered)
            return bool(tokens) and all(token in self.vocabulary for token in tokens)
        if self.gate is not None and self.gate.search(lowered) is None:
            return False
        if self.min_hits > 1:
            return len(self.pattern.findall(text)) >= self.min_hits
        return self.pattern.search(text) is not None


def _rule(
    name: str,
    max_words: int,
    *alternatives: str,
    gate: tuple[str, ...] = (),
    min_hits: int = 1,
    cost: float = 40.0,
    flags: int = _I,
) -> Rule:
    """``cost``: how strongly the line says "not inside an article", in characters of
    article text it outweighs; listing furniture (dates, comment headers) costs most."""
    pattern = re.compile("|".join(f"(?:{a})" for a in alternatives), flags)
    gate_pattern = re.compile("|".join(map(re.escape, gate))) if gate else None
    return Rule(name, max_words, pattern, gate_pattern, min_hits, cost)


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)"
# Lines made only of these words are share bars and social links.
_SOCIAL = frozenset(
    [
        "facebook",
        "twitter",
        "x",
        "email",
        "e",
        "mail",
        "whatsapp",
        "whats",
        "app",
        "pinterest",
        "linkedin",
        "reddit",
        "print",
        "share",
        "shares",
        "copy",
        "link",
        "tumblr",
        "telegram",
        "messenger",
        "flipboard",
        "pocket",
        "sms",
        "tweet",
        "comment",
        "comments",
        "save",
        "vk",
        "ok",
        "viber",
        "google",
        "instagram",
        "youtube",
        "rss",
        "close",
        "menu",
        "search",
        "subscribe",
        "follow",
        "like",
        "gift",
        "article",
        "this",
        "on",
        "via",
        "us",
        "the",
        "to",
        "story",
    ]
)
_ONLY_WORDS = re.compile(r"\w+")

RULES: tuple[Rule, ...] = (
    _rule("icon-run", 10_000, r"icon\b", gate=("icon",), min_hits=4),
    _rule("timestamp", 3, r"^\(?\d{1,2}:\d{2}(?::\d{2})?\)?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?$"),
    _rule(
        "comment-notice",
        50,
        r"\bleave a (?:reply|comment)\b",
        r"your email address will not be published",
        r"required fields are marked",
        r"\bcomments? (?:are|is) (?:now )?closed\b",
        r"\b(?:post|add|view|show|load|hide|read) (?:a |all |more |your )?comments?\b",
        r"\b(?:log|sign) ?in to (?:comment|reply|post)\b",
        r"\bjoin the (?:conversation|discussion)\b",
        r"\bcommunity (?:guidelines|standards)\b",
        r"\bsave my name, email\b",
        r"\bnotify me of (?:new|follow-up)\b",
        gate=(
            "leave a",
            "email address",
            "required fields",
            "comment",
            "log in",
            "login",
            "sign in",
            "signin",
            "join the",
            "community",
            "save my name",
            "notify me",
        ),
        cost=150.0,
    ),
    _rule(
        "comment-header",
        8,
        r"^\d+\s+comments?$",
        r"^comments?\s*(?:\(\d+\))?$",
        r"^(?:reply|report|flag|like|upvote|downvote)(?:\s*[|·]\s*\w+)*$",
        r"^\S+(?: \S+)? (?:says|said|wrote|commented|replied):?$",
        r"^\d+ (?:responses|replies|comments|thoughts) (?:to|on)\b",
        r"^permalink\b|^in reply to\b|\breply\s*↓",
        cost=150.0,
    ),
    _rule(
        "comment-header",
        16,
        r"\b(?:on|at)\b.*\d.*\b(?:says|said|wrote|commented|replied):$",
        gate=("says:", "said:", "wrote:", "commented:", "replied:"),
        cost=150.0,
    ),
    _rule(
        "syndication-notice",
        50,
        r"^the post .{1,200} appeared first on\b",
        r"^this (?:article|story|post) (?:was )?(?:originally |first )?(?:published|appeared) "
        r"(?:by|in|on|at)\b",
        gate=("appeared first", "published", "appeared"),
    ),
    _rule(
        "contact-info",
        150,
        r"\b(?:tel|telephone|phone|fax|e-mail|email)\s*[:.]\s*[+*(\d]",
        gate=("@", "tel", "phone", "fax", "mail"),
    ),
    _rule(
        "reader-notice",
        150,
        r"^dear (?:readers|users|visitors|subscribers)\b",
        r"\b(?:new|our) commenting (?:system|platform)\b",
        gate=("dear ", "commenting"),
        cost=150.0,
    ),
    _rule(
        "cookie-notice",
        50,
        r"\bcookies?\b.*\b(?:use|accept|consent|policy|settings|browsing|experience)\b",
        r"\b(?:use|accept|consent|policy|settings|browsing|experience)\b.*\bcookies?\b",
        r"\bprivacy (?:policy|notice|settings|statement)\b",
        r"\bterms (?:of|and) (?:use|service|conditions)\b",
        r"\bdo not sell my\b",
        r"\bad ?blocker\b",
        r"\benable javascript\b|\bjavascript (?:is )?(?:disabled|required)\b",
        gate=("cookie", "privacy", "terms", "do not sell", "blocker", "javascript"),
    ),
    _rule(
        "copyright",
        40,
        r"^(?:copyright|©|\(c\)\s*\d{4})",
        r"©\s*\d{4}|\ball rights reserved\b",
        gate=("©", "copyright", "rights reserved", "(c)"),
    ),
    Rule("share-bar", 25, _ONLY_WORDS, vocabulary=_SOCIAL),
    _rule(
        "share-bar",
        25,
        r"^share (?:this|on|via|the)\b",
        r"^\d+\s+shares?$",
        r"^(?:share|tweet|pin|email)\s*(?:\(\d+\))?$",
        r"^click to (?:share|email|print|tweet|pin)\b",
        r"\(opens in (?:a )?new window\)",
        r"\bshare (?:it|this) with (?:a|your) friends?\b",
    ),
    _rule(
        "media-label",
        4,
        r"^(?:podcasts?|videos?|watch(?: now| live| video)?|listen(?: now)?|play(?: video)?|"
        r"advertisement|advertising|sponsored(?: content)?|ad|ads|photos?|gallery|"
        r"image|loading\.*|live|live tv|trending|popular|skip(?: ad)?|replay|"
        r"audio|transcript|slideshow|close|menu|search|more|next|previous|prev|back|"
        r"top|home|open|expand|collapse|view all|see all|show more|load more)\W*$",
        r"^(?:[\d.,]+[km]?\s+)?(?:views?|likes?|plays?|listens?|reads?)$",
        r"^\d+\s*(?:min|mins|minutes?|sec|s)\.?(?:\s+(?:read|watch|listen))?$",
        r"^story continues below\b",
        r"^(?:scroll|swipe) (?:down|to continue)",
    ),
    _rule(
        "read-more",
        25,
        r"^(?:read|see|click|tap) (?:more|also|here|the full|full|next|related|our)\b",
        r"^continue reading\b",
        r"^also (?:on|in|read|see)\b",
        r"^(?:read|watch|listen)\s*(?:more|now)?\s*[:»›>]",
    ),
    _rule(
        "teaser-heading",
        12,
        r"^(?:related|recommended|more|also read|also see|also on|further reading|"
        r"trending|most (?:read|popular|viewed|shared)|top stories|latest(?: news)?|"
        r"editor'?s picks?|you (?:may|might) (?:also )?like|more from|more stories|"
        r"don'?t miss|must read|read next|up next|what to read next)\b",
        cost=100.0,
    ),
    _rule(
        "newsletter",
        40,
        r"\bsign up (?:for|to)\b.*\b(?:newsletter|email|updates|alerts|inbox)\b",
        r"\bsubscribe (?:to|for|now|today)\b",
        r"\b(?:newsletter|inbox)\b.*\b(?:sign up|subscribe|delivered)\b",
        r"^(?:already (?:a )?subscriber|become a (?:subscriber|member))\b",
        r"\bunlimited (?:digital )?access\b",
        r"^(?:log|sign) ?(?:in|out|up)\b",
        r"^(?:register|my account|create (?:an|your) account|forgot (?:your )?password)\b",
        r"\bthanks? (?:you )?for (?:subscribing|signing up|reading)\b",
        gate=(
            "sign",
            "subscri",
            "newsletter",
            "inbox",
            "unlimited",
            "log",
            "register",
            "account",
            "password",
            "thank",
        ),
    ),
    _rule(
        "social-follow",
        25,
        r"^follow (?:us|@|\w+ on)\b",
        r"\bfollow (?:us|him|her|them|me) on\b",
        r"^(?:like|find) us on\b",
        gate=("follow", "like us", "find us"),
    ),
    _rule(
        "credit",
        30,
        r"\((?:photo|image|picture|video)(?: credit)?\s*:[^)]*\)$",
        r"^(?:photo|image|picture|video|graphic|illustration|source|credit)s?"
        r"(?: credit| courtesy| by)?\s*[:|]",
        r"\b(?:getty images|ap photo|reuters/|afp via getty|shutterstock|istock)\b",
        r"^(?:file )?(?:photo|image)\W*$",
        gate=(
            "photo",
            "image",
            "picture",
            "video",
            "graphic",
            "illustration",
            "source",
            "credit",
            "getty",
            "reuters/",
            "afp",
            "shutterstock",
            "istock",
        ),
    ),
    _rule(
        "nav-crumbs",
        40,
        r"^(?:[^|»›>/]{1,40}\s*(?:[|»›>]|\s/\s)\s*){2,}[^|»›>/]{0,40}$",
        r"^you are (?:at|here)\s*:?",
        gate=("|", "»", "›", ">", " / ", "you are"),
    ),
    _rule(
        "dateline",
        16,
        r"^(?:first )?(?:published|updated|posted|last (?:updated|modified)|modified|"
        r"created|date)\s*(?:on|at)?\s*[:|-]?\s*\S.*\d",
    ),
    _rule(
        "relative-time",
        10,
        r"^(?:updated |posted |published )?\d+\s*(?:[smhdw]|mins?|minutes?|hours?|hrs?|days?|"
        r"weeks?|months?|years?)\s+ago\b",
        cost=120.0,
    ),
    _rule(
        "date-only",
        10,
        rf"^(?:{_WEEKDAY}\w*\.?,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\w*\.?\s+"
        r"\d{1,4}(?:st|nd|rd|th)?(?:,?\s+\d{4})?(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*"
        r"(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\W*$",
        r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]m)?)?$",
        cost=120.0,
    ),
    _rule("bullet-only", 2, r"^[\W_]+$"),
    _rule("counter", 4, r"^[\d\s.,:/%+()-]+$"),
    _rule(
        "code",
        10_000,
        r"[{}]|\bfunction\s*\(|\bvar\s+\w+\s*=|\blorem ipsum\b",
        gate=("{", "}", "function", "var ", "lorem"),
    ),
)

END_MARKERS: re.Pattern[str] = re.compile(
    r"^(?:"
    r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?|"
    r"leave a (?:reply|comment)|"
    r"(?:related|recommended|more|similar|other|latest|popular|trending|top)\s+"
    r"(?:articles?|stories|posts?|news|reads?|content|videos?|coverage|links?|topics?|tags?)|"
    r"related(?: tags| topics)?|tags|topics|filed under|"
    r"(?:you|we think you) (?:may|might|will) (?:also )?(?:like|enjoy|be interested in)|"
    r"more from [\w ]{1,40}|more in [\w ]{1,40}|more on this story|"
    r"about the author|share this (?:article|story|post)|"
    r"most (?:read|popular|viewed|shared|commented)|read next|up next|"
    r"(?:what to|what you should) read next|around the web|from the web|"
    r"sponsored (?:stories|links|content)|promoted (?:stories|links|content)|"
    r"join the (?:conversation|discussion)|conversation|discussion|"
    r"dear readers!?"
    r")\b[\s:»›>|•·-]*$",
    _I,
)


@lru_cache(maxsize=65536)
def junk_rule(text: str, words: int) -> Rule | None:
    """The first furniture rule ``text`` matches, if any.

    Cached: the same menu and footer lines come back on every page of an outlet."""
    lowered = text.lower()
    for rule in RULES:
        if rule.matches(text, lowered, words):
            return rule
    return None


# Of those, the ones that only ever open the page's tail (comments, tags, the
# author box): nothing after them is the article.
TAIL_MARKERS: re.Pattern[str] = re.compile(
    r"^(?:(?:\d+\s+)?comments?(?:\s*\(\d+\))?|leave a (?:reply|comment)|"
    r"join the (?:conversation|discussion)|(?:related )?tags|filed under|about the author)"
    r"\b[\s:»›>|•·-]*$",
    _I,
)


def forget_line_verdicts() -> None:
    """Empty the cache of line verdicts (for measurements that must start cold)."""
    junk_rule.cache_clear()


def is_end_marker(text: str) -> bool:
    return len(text) < 60 and END_MARKERS.match(text) is not None


def is_tail_marker(text: str) -> bool:
    return len(text) < 60 and TAIL_MARKERS.match(text) is not None
