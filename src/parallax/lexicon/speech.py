"""Speech verbs: the verbs that attribute what follows to their subject ("say", "deny",
"believe", ...), with every inflected form. Annotate finds quotes with them and compare
checks who speaks against the same list; a stage needing a narrower set derives it
from these by name.

General English; verbs were added from counts over PolNeAR's train split, never from
single benchmark articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"),
    "think": ("thought", "thinks", "thinking"),
    "feel": ("felt", "feels", "feeling"),
    "know": ("knew", "known", "knows", "knowing"),
    "admit": ("admitted", "admits", "admitting"),
    "find": ("found", "finds", "finding"),
    "understand": ("understood", "understands", "understanding"),
    "see": ("saw", "seen", "sees", "seeing"),
    "seek": ("sought", "seeks", "seeking"),
    "show": ("showed", "shown", "shows", "showing"),
    "speak": ("spoke", "spoken", "speaks", "speaking"),
    "draw": ("drew", "drawn", "draws", "drawing"),
    "win": ("won", "wins", "winning"),
    "get": ("got", "gotten", "gets", "getting"),
    "lay": ("laid", "lays", "laying"),
}
SPEECH_BASES = [
    "say",
    "tell",
    "add",
    "deny",
    "claim",
    "state",
    "note",
    "explain",
    "argue",
    "insist",
    "warn",
    "announce",
    "declare",
    "confirm",
    "acknowledge",
    "admit",
    "assert",
    "report",
    "write",
    "tweet",
    "post",
    "suggest",
    "indicate",
    "predict",
    "promise",
    "vow",
    "pledge",
    "threaten",
    "believe",
    "think",
    "feel",
    "hope",
    "fear",
    "expect",
    "worry",
    "accuse",
    "charge",
    "contend",
    "maintain",
    "reply",
    "respond",
    "answer",
    "ask",
    "urge",
    "demand",
    "stress",
    "emphasize",
    "emphasise",
    "recall",
    "complain",
    "concede",
    "estimate",
    "allege",
    "testify",
    "reveal",
    "disclose",
    "agree",
    "disagree",
    "caution",
    "observe",
    "remark",
    "reiterate",
    "counter",
    "boast",
    "brag",
    "joke",
    "lament",
    "project",
    "recommend",
    "propose",
    "advise",
    "assure",
    "conclude",
    "decide",
    "know",
    "learn",
    "show",
    "find",
    "hint",
    "signal",
    "continue",
    "comment",
    "brand",
    "dub",
    "label",
    "speculate",
    "wonder",
    "suspect",
    "rule",
    "see",
    "doubt",
    "imply",
    "recognize",
    "realize",
    "understand",
    "point",
    "repeat",
    "echo",
    "proclaim",
    "recount",
    "reaffirm",
    "forecast",
    "interject",
    "retweet",
    "email",
    "shout",
    "yell",
    "chant",
    "quote",
    "plead",
    "bemoan",
    "imagine",
    "envision",
    "dispute",
    "rebut",
    "muse",
    "quip",
    "scoff",
    "theorize",
    "opine",
]

_DOUBLING = re.compile(r"(?:^|[^aeiou])[aeiou][bdglmnprt]$")


def inflect(base: str) -> set[str]:
    """A verb's forms, enough for the speech-verb lexicon."""
    if base in _IRREGULAR:
        return {base, *_IRREGULAR[base]}
    if base.endswith("e"):
        return {base, base + "d", base + "s", base[:-1] + "ing"}
    if base.endswith("y") and base[-2] not in "aeiou":
        return {base, base[:-1] + "ied", base[:-1] + "ies", base + "ing"}
    forms = {base, base + "ed", base + "s", base + "ing"}
    if _DOUBLING.search(base):  # slam -> slammed, rebut -> rebutted
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


def verb_forms(bases: Iterable[str]) -> frozenset[str]:
    """Every form of every verb of a lexicon."""
    return frozenset(form for base in bases for form in inflect(base))


# the bare form is mostly a noun the tagger takes for a verb ("Trump tweet: ...")
MOSTLY_NOUNS = {"tweet"}
SPEECH_VERBS = verb_forms(SPEECH_BASES) - MOSTLY_NOUNS

REPORTING_BASES = [
    *("say", "tell", "add", "state", "note", "explain", "write", "report", "announce"),
    *("declare", "claim", "insist", "argue", "warn", "suggest", "indicate", "accuse"),
    *("confirm", "acknowledge", "admit", "deny", "reject", "doubt", "hail"),
]
"""The narrower set compare splits a sentence at: the verb's clause is what someone
says ('Peskov said [Putin will not attend]'). Belief and knowledge verbs of
``SPEECH_BASES`` ('decided to', 'continue to', 'found') head statements of their own."""
REPORTING_VERBS = verb_forms(REPORTING_BASES)
NEGATING_VERBS = verb_forms(["deny", "reject", "dismiss", "refute"])
"""Reporting verbs that deny what they report: 'denied that it had received a warning'."""
