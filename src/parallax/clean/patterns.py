"""Named patterns for the page furniture scrapers leave around an article.

Each rule has a name, the longest line it applies to in words, and regex
alternatives, written in lower case and run on the lower-cased line: ``start``
ones must match at the start of the line, ``anywhere`` ones may match anywhere in
it. The word limit keeps a pattern from deleting a real paragraph that merely
mentions cookies or comments. ``END_MARKERS`` are headings after which a news
page stops being the article (comments, related stories, tags), as trafilatura
and jusText also learn.

Running two dozen rules one by one on every line was the cost of the whole
cleaner, so ``junk_rule`` runs all ``start`` alternatives that apply to a line's
length as one regex anchored at the line start, and only the few ``anywhere``
rules one by one, each behind a cheap substring gate.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Rule:
    """``gate``: cheap substrings of which the lower-cased line must hold one before
    the ``anywhere`` regex runs; ``min_hits``: how often it must be found."""

    name: str
    max_words: int
    start: re.Pattern[str] | None
    anywhere: re.Pattern[str] | None
    gate: tuple[str, ...] = ()
    min_hits: int = 1
    cost: float = 40.0
    gate_pattern: re.Pattern[str] | None = None

    def found_anywhere(self, lowered: str) -> bool:
        if self.anywhere is None or self.gate_pattern is None:
            return False
        if self.gate_pattern.search(lowered) is None:
            return False
        if self.min_hits > 1:
            return len(self.anywhere.findall(lowered)) >= self.min_hits
        return self.anywhere.search(lowered) is not None

    def matches(self, text: str, words: int) -> bool:
        """The rule on its own (``junk_rule`` finds the first of all rules at once)."""
        if words > self.max_words:
            return False
        lowered = text.lower()
        started = self.start is not None and self.start.match(lowered) is not None
        return started or self.found_anywhere(lowered)


def _alternation(alternatives: tuple[str, ...]) -> str:
    return "|".join(f"(?:{alternative})" for alternative in alternatives)


def _any_of(parts: tuple[str, ...]) -> re.Pattern[str]:
    """A regex finding any of the literal ``parts``."""
    return re.compile("|".join(map(re.escape, parts)))


def _rule(
    name: str,
    max_words: int,
    *,
    start: tuple[str, ...] = (),
    anywhere: tuple[str, ...] = (),
    gate: tuple[str, ...] = (),
    min_hits: int = 1,
    cost: float = 40.0,
) -> Rule:
    """``cost``: how strongly the line says "not inside an article", in characters of
    article text it outweighs; listing furniture (dates, comment headers) costs most."""
    if anywhere and not gate:
        raise ValueError(f"rule {name}: an anywhere pattern needs a gate")
    return Rule(
        name,
        max_words,
        re.compile(_alternation(start)) if start else None,
        re.compile(_alternation(anywhere)) if anywhere else None,
        gate,
        min_hits,
        cost,
        _any_of(gate) if gate else None,
    )


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)"
# Lines made only of these words are share bars and social links.
_SOCIAL = (
    "facebook", "twitter", "x", "email", "e", "mail", "whatsapp", "whats", "app",
    "pinterest", "linkedin", "reddit", "print", "share", "shares", "copy", "link",
    "tumblr", "telegram", "messenger", "flipboard", "pocket", "sms", "tweet", "comment",
    "comments", "save", "vk", "ok", "viber", "google", "instagram", "youtube", "rss",
    "close", "menu", "search", "subscribe", "follow", "like", "gift", "article", "this",
    "on", "via", "us", "the", "to", "story",
)  # fmt: skip

RULES: tuple[Rule, ...] = (
    _rule("icon-run", 10_000, anywhere=(r"icon\b",), gate=("icon",), min_hits=4),
    _rule(
        "timestamp",
        3,
        start=(r"\(?\d{1,2}:\d{2}(?::\d{2})?\)?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?$",),
    ),
    _rule(
        "comment-notice",
        50,
        anywhere=(
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
        ),
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
        start=(
            r"\d+\s+comments?$",
            r"comments?\s*(?:\(\d+\))?$",
            r"(?:reply|report|flag|like|upvote|downvote)(?:\s*[|·]\s*\w+)*$",
            r"\S+(?: \S+)? (?:says|said|wrote|commented|replied):?$",
            r"\d+ (?:responses|replies|comments|thoughts) (?:to|on)\b",
            r"permalink\b",
            r"in reply to\b",
        ),
        anywhere=(r"\breply\s*↓",),
        gate=("reply",),
        cost=150.0,
    ),
    _rule(
        "comment-header",
        16,
        anywhere=(r"\b(?:on|at)\b.*\d.*\b(?:says|said|wrote|commented|replied):$",),
        gate=("says:", "said:", "wrote:", "commented:", "replied:"),
        cost=150.0,
    ),
    _rule(
        "syndication-notice",
        50,
        start=(
            r"the post .{1,200} appeared first on\b",
            r"this (?:article|story|post) (?:was )?(?:originally |first )?(?:published|appeared) "
            r"(?:by|in|on|at)\b",
        ),
    ),
    _rule(
        "contact-info",
        150,
        anywhere=(r"\b(?:tel|telephone|phone|fax|e-mail|email)\s*[:.]\s*[+*(\d]",),
        gate=("tel", "phone", "fax", "mail"),
    ),
    _rule(
        "reader-notice",
        150,
        start=(r"dear (?:readers|users|visitors|subscribers)\b",),
        anywhere=(r"\b(?:new|our) commenting (?:system|platform)\b",),
        gate=("commenting",),
        cost=150.0,
    ),
    _rule(
        "cookie-notice",
        50,
        anywhere=(
            r"\bcookies?\b.*\b(?:use|accept|consent|policy|settings|browsing|experience)\b",
            r"\b(?:use|accept|consent|policy|settings|browsing|experience)\b.*\bcookies?\b",
            r"\bprivacy (?:policy|notice|settings|statement)\b",
            r"\bterms (?:of|and) (?:use|service|conditions)\b",
            r"\bdo not sell my\b",
            r"\bad ?blocker\b",
            r"\benable javascript\b|\bjavascript (?:is )?(?:disabled|required)\b",
        ),
        gate=("cookie", "privacy", "terms", "do not sell", "blocker", "javascript"),
    ),
    _rule(
        "copyright",
        40,
        start=(r"(?:copyright|©|\(c\)\s*\d{4})",),
        anywhere=(r"©\s*\d{4}|\ball rights reserved\b",),
        gate=("©", "rights reserved"),
    ),
    _rule(
        "share-bar",
        25,
        start=(
            rf"\W*(?:(?:{'|'.join(_SOCIAL)})(?!\w)\W*)+$",
            r"share (?:this|on|via|the)\b",
            r"\d+\s+shares?$",
            r"(?:share|tweet|pin|email)\s*(?:\(\d+\))?$",
            r"click to (?:share|email|print|tweet|pin)\b",
        ),
        anywhere=(
            r"\(opens in (?:a )?new window\)",
            r"\bshare (?:it|this) with (?:a|your) friends?\b",
        ),
        gate=("opens in", "share"),
    ),
    _rule(
        "media-label",
        4,
        start=(
            r"(?:podcasts?|videos?|watch(?: now| live| video)?|listen(?: now)?|play(?: video)?|"
            r"advertisement|advertising|sponsored(?: content)?|ad|ads|photos?|gallery|"
            r"image|loading\.*|live|live tv|trending|popular|skip(?: ad)?|replay|"
            r"audio|transcript|slideshow|close|menu|search|more|next|previous|prev|back|"
            r"top|home|open|expand|collapse|view all|see all|show more|load more)\W*$",
            r"(?:[\d.,]+[km]?\s+)?(?:views?|likes?|plays?|listens?|reads?)$",
            r"\d+\s*(?:min|mins|minutes?|sec|s)\.?(?:\s+(?:read|watch|listen))?$",
            r"story continues below\b",
            r"(?:scroll|swipe) (?:down|to continue)",
        ),
    ),
    _rule(
        "read-more",
        25,
        start=(
            r"(?:read|see|click|tap) (?:more|also|here|the full|full|next|related|our)\b",
            r"continue reading\b",
            r"also (?:on|in|read|see)\b",
            r"(?:read|watch|listen)\s*(?:more|now)?\s*[:»›>]",
        ),
    ),
    _rule(
        "teaser-heading",
        12,
        start=(
            r"(?:related|recommended|more|also read|also see|also on|further reading|"
            r"trending|most (?:read|popular|viewed|shared)|top stories|latest(?: news)?|"
            r"editor'?s picks?|you (?:may|might) (?:also )?like|more from|more stories|"
            r"don'?t miss|must read|read next|up next|what to read next)\b",
        ),
        cost=100.0,
    ),
    _rule(
        "newsletter",
        40,
        start=(
            r"(?:already (?:a )?subscriber|become a (?:subscriber|member))\b",
            r"(?:log|sign) ?(?:in|out|up)\b",
            r"(?:register|my account|create (?:an|your) account|forgot (?:your )?password)\b",
        ),
        anywhere=(
            r"\bsign up (?:for|to)\b.*\b(?:newsletter|email|updates|alerts|inbox)\b",
            r"\bsubscribe (?:to|for|now|today)\b",
            r"\b(?:newsletter|inbox)\b.*\b(?:sign up|subscribe|delivered)\b",
            r"\bunlimited (?:digital )?access\b",
            r"\bthanks? (?:you )?for (?:subscribing|signing up|reading)\b",
        ),
        gate=("sign up", "subscribe", "newsletter", "inbox", "unlimited", "thank"),
    ),
    _rule(
        "social-follow",
        25,
        start=(r"follow (?:us|@|\w+ on)\b", r"(?:like|find) us on\b"),
        anywhere=(r"\bfollow (?:us|him|her|them|me) on\b",),
        gate=("follow",),
    ),
    _rule(
        "credit",
        30,
        start=(
            r"(?:photo|image|picture|video|graphic|illustration|source|credit)s?"
            r"(?: credit| courtesy| by)?\s*[:|]",
            r"(?:file )?(?:photo|image)\W*$",
        ),
        anywhere=(
            r"\((?:photo|image|picture|video)(?: credit)?\s*:[^)]*\)$",
            r"\b(?:getty images|ap photo|reuters/|afp via getty|shutterstock|istock)\b",
        ),
        gate=("photo", "image", "picture", "video", "getty", "reuters/", "shutterstock", "istock"),
    ),
    _rule(
        "nav-crumbs",
        40,
        start=(
            r"(?:[^|»›>/]{1,40}\s*(?:[|»›>]|\s/\s)\s*){2,}[^|»›>/]{0,40}$",
            r"you are (?:at|here)\s*:?",
        ),
    ),
    _rule(
        "dateline",
        16,
        start=(
            r"(?:first )?(?:published|updated|posted|last (?:updated|modified)|modified|"
            r"created|date)\s*(?:on|at)?\s*[:|-]?\s*\S.*\d",
        ),
    ),
    _rule(
        "relative-time",
        10,
        start=(
            r"(?:updated |posted |published )?\d+\s*(?:[smhdw]|mins?|minutes?|hours?|hrs?|days?|"
            r"weeks?|months?|years?)\s+ago\b",
        ),
        cost=120.0,
    ),
    _rule(
        "date-only",
        10,
        start=(
            rf"(?:{_WEEKDAY}\w*\.?,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\w*\.?\s+"
            r"\d{1,4}(?:st|nd|rd|th)?(?:,?\s+\d{4})?(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*"
            r"(?:[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)?\W*$",
            r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]m)?)?$",
        ),
        cost=120.0,
    ),
    _rule("bullet-only", 2, start=(r"[\W_]+$",)),
    _rule("counter", 4, start=(r"[\d\s.,:/%+()-]+$",)),
    _rule(
        "code",
        10_000,
        anywhere=(r"[{}]|\bfunction\s*\(|\bvar\s+\w+\s*=|\blorem ipsum\b",),
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


@dataclass(frozen=True, slots=True)
class _Bucket:
    """The rules for lines of one range of lengths: their ``start`` alternatives as
    one regex (capture group k closes after rule ``starters[k - 1]``), and the rules
    with ``anywhere`` patterns, with their places in ``RULES`` and all their gates
    as one regex (most lines hold none)."""

    start: re.Pattern[str] | None
    starters: tuple[tuple[int, Rule], ...]
    anywhere: tuple[tuple[int, Rule], ...]
    gate: re.Pattern[str]


def _bucket(limit: int) -> _Bucket:
    rules = [(order, rule) for order, rule in enumerate(RULES) if rule.max_words >= limit]
    starters = tuple((order, rule) for order, rule in rules if rule.start is not None)
    start = "|".join(f"(?:{rule.start.pattern})()" for _, rule in starters if rule.start)
    anywhere = tuple((order, rule) for order, rule in rules if rule.anywhere is not None)
    return _Bucket(
        re.compile(start) if start else None,
        starters,
        anywhere,
        _any_of(tuple(part for _, rule in anywhere for part in rule.gate)),
    )


# A line of ``words`` words is judged by the bucket of the first limit >= words.
_LIMITS = sorted({rule.max_words for rule in RULES})
_BUCKETS = [_bucket(limit) for limit in _LIMITS]


def junk_rule(text: str, words: int) -> Rule | None:
    """The first furniture rule ``text`` (of ``words`` words) matches, if any."""
    index = bisect_left(_LIMITS, words)
    if index == len(_BUCKETS):
        return None
    bucket = _BUCKETS[index]
    lowered = text.lower()
    first: tuple[int, Rule] | None = None
    if bucket.start is not None and (match := bucket.start.match(lowered)) is not None:
        first = bucket.starters[match.lastindex - 1] if match.lastindex else None
    if bucket.gate.search(lowered) is None:
        return first[1] if first is not None else None
    for order, rule in bucket.anywhere:
        if first is not None and order >= first[0]:
            break
        if rule.found_anywhere(lowered):
            return rule
    return first[1] if first is not None else None


# Of those, the ones that only ever open the page's tail (comments, tags, the
# author box): nothing after them is the article.
TAIL_MARKERS: re.Pattern[str] = re.compile(
    r"^(?:(?:\d+\s+)?comments?(?:\s*\(\d+\))?|leave a (?:reply|comment)|"
    r"join the (?:conversation|discussion)|(?:related )?tags|filed under|about the author)"
    r"\b[\s:»›>|•·-]*$",
    _I,
)


@lru_cache(maxsize=65536)
def furniture(text: str, words: int) -> tuple[str | None, float, bool]:
    """The name and cost of the first furniture rule the line matches (``None`` if
    none does), and whether it is an end marker.

    Cached: the same menu and footer lines come back on every page of an outlet.
    The entry holds only strings and numbers, which the garbage collector stops
    tracking."""
    rule, end = junk_rule(text, words), is_end_marker(text)
    return (rule.name, rule.cost, end) if rule else (None, 0.0, end)


def forget_line_verdicts() -> None:
    """Empty the cache of line verdicts (for measurements that must start cold)."""
    furniture.cache_clear()


def is_end_marker(text: str) -> bool:
    return len(text) < 60 and END_MARKERS.match(text) is not None


def is_tail_marker(text: str) -> bool:
    return len(text) < 60 and TAIL_MARKERS.match(text) is not None
