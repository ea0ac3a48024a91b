"""The words that mark attribution for the quote finder beyond the speech verbs
(``parallax.lexicon.speech``, shared with compare): object and stance verbs, cue and
stance nouns, documents that speak, verbs that only name, and the dependencies and
prepositions that carry (or are not) a cue's content.

Kept apart from the finder's patterns so the lexicons can be read and extended on their
own. They are general English; verbs were added from counts over PolNeAR's train split,
never from single benchmark articles.
"""

from __future__ import annotations

from parallax.lexicon.speech import MOSTLY_NOUNS, verb_forms

OBJECT_BASES = [
    "call",
    "cite",
    "criticize",
    "criticise",
    "attack",
    "describe",
    "question",
    "condemn",
    "mention",
    "praise",
    "blast",
    "defend",
    "oppose",
    "propose",
    "support",
    "urge",
    "want",
    "plan",
    "demand",
    "reject",
    "accuse",
    "blame",
    "welcome",
    "discuss",
    "slam",
    "dismiss",
    "endorse",
    "tout",
    "highlight",
    "recommend",
    "seek",
    "request",
    "applaud",
    "decry",
    "denounce",
    "remind",
    "invoke",
    "ignore",
    "confront",
    "thank",
    "pitch",
    "challenge",
    "embrace",
    "back",
    "decline",
    "refuse",
    "express",
    "refer",
    "reference",
    "mock",
    "list",
    "order",
    "portray",
    "deem",
    "rail",
    "voice",
    "credit",
    "assail",
    "lambast",
    "hail",
    "liken",
    "lash",
    "allude",
    "chide",
    "deride",
    "rebuke",
    "brag",
    "congratulate",
    "outline",
    "detail",
    "side",
    "distance",
    "balk",
    "brush",
    "compare",
    "prefer",
    "ridicule",
    "fault",
    "tease",
    "address",
    "float",
    "pan",
    "offer",
    "talk",
    "vote",
    "name",
    "consider",
    "release",
    "push",
    "identify",
    "nominate",
    "encourage",
    "favor",
    "view",
    "remember",
    "approve",
    "share",
    "advocate",
    "convince",
    "publish",
    "attribute",
    "lay",
    "issue",
    "aim",
    "press",
    "pressure",
    "characterize",
    "tweet",
    "sound",
    "block",
    "negotiate",
    "appoint",
    "expose",
    "sponsor",
    "rattle",
    "champion",
    "accept",
    "promote",
    "intend",
    "persuade",
    "regard",
    "allow",
    "like",
    "restrict",
    "boycott",
    "speak",
]
NOUN_CUES = frozenset(
    noun + suffix
    for noun in [
        "claim",
        "statement",
        "assertion",
        "belief",
        "argument",
        "suggestion",
        "warning",
        "promise",
        "pledge",
        "accusation",
        "allegation",
        "report",
        "view",
        "fear",
        "hope",
        "insistence",
        "charge",
        "notion",
        "announcement",
        "admission",
        "estimate",
        "prediction",
        "assessment",
        "conclusion",
        "finding",
    ]
    for suffix in ("", "s")
)
OBJECT_DEPS = {"dobj", "prep", "xcomp", "oprd", "attr", "dative"}
XCOMP_BASES = {"promise", "vow", "pledge", "threaten", "refuse", "decline", "agree", "plan", "seek"}


OBJECT_CUES = verb_forms(OBJECT_BASES) - MOSTLY_NOUNS
XCOMP_VERBS = verb_forms(XCOMP_BASES)
# speech verbs that say something only through a clause or a quote ("maintained that",
# "continued: ...", "adding that"); with a nominal object or an infinitive they mean
# something else ("maintains a lead", "continues to campaign")
CLAUSE_ONLY = verb_forms(["continue", "maintain", "add", "advise"])
STANCE_NOUNS = {
    noun + suffix: prep
    for noun, prep in [
        ("support", "for"),
        ("opposition", "to"),
        ("criticism", "of"),
        ("attack", "on"),
        ("call", "for"),
        ("praise", "for"),
        ("skepticism", "of"),
        ("comment", "about"),
        ("remark", "about"),
        ("endorsement", "of"),
        ("interest", "in"),
        ("rejection", "of"),
        ("approval", "of"),
        ("defense", "of"),
        ("question", "about"),
        ("mention", "of"),
        ("issue", "with"),
    ]
    for suffix in ("", "s")
}
# verbs by which a stance noun comes to its subject ("drew criticism", "won support")
DRAW_VERBS = verb_forms(
    ["draw", "receive", "face", "attract", "earn", "garner", "win", "get", "gain"]
)
# adjectives that state a stance on their complement ("wary of X", "eager to Y",
# "confident that Z"), kept where PolNeAR train counts favour them
STANCE_ADJECTIVES = frozenset(
    [
        "eager",
        "wary",
        "inclined",
        "unhappy",
        "hopeful",
        "reluctant",
        "confident",
        "aware",
        "supportive",
        "skeptical",
        "critical",
        "optimistic",
        "pessimistic",
        "convinced",
        "certain",
        "sure",
        "adamant",
        "opposed",
        "willing",
        "keen",
        "concerned",
        "angry",
        "upset",
        "pleased",
        "happy",
        "proud",
    ]
)
# verbs whose content is only the topic they are about ("spoke about the economy")
TOPIC_VERBS = verb_forms(["speak", "talk"])
NAMING_VERBS = verb_forms(["know", "call", "name", "dub", "label", "title", "brand"])
SEEM_VERBS = verb_forms(["seem", "appear"])
RECIPIENT_VERBS = verb_forms(["tell", "ask"])
ADJUNCT_PREPS = {
    "in",
    "at",
    "during",
    "after",
    "before",
    "since",
    "from",
    "while",
    "through",
    "throughout",
    "outside",
    "near",
    "amid",
    "despite",
    "without",
    "via",
    "by",
    "until",
}
TIME_LABELS = {"DATE", "TIME"}
SOURCE_DOCUMENTS = frozenset(
    noun + suffix
    for noun in ["poll", "survey", "study", "report", "memo", "filing", "analysis", "statement"]
    for suffix in ("", "s")
)
