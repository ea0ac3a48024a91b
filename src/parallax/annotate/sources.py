"""Which token in the parse speaks for a cue: its subject when it has one, else the
source the sentence implies.

The parser leaves many cues without a subject of their own: participles ("super PACs
backing X"), adverbial clauses ("after saying"), raised subjects ("likely to say"),
passives with an agent it hung elsewhere, inverted quotes ("“…,” added an aide") and
nouns ("Roe's claim", "a CNN poll"). These functions find the token to use; the
resolver in ``speakers`` then turns its phrase into a canonical entity.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from parallax.lexicon.speech import verb_forms
from parallax.lexicon.voices import DOCUMENTS

SUBJECTS = {"nsubj", "nsubjpass"}
ADJUNCT_CLAUSES = {"pcomp", "advcl"}
UP_DEPS = {"xcomp", "acomp", "advcl", "pcomp", "conj", "prep", "acl"}
NOUNS = {"NN", "NNS", "NNP", "NNPS"}
NOMINALS = NOUNS | {"PRP"}
QUOTE_ENDS = {"”", "''", '"', "’"}
DELIVERING = verb_forms(
    [
        "make",
        "issue",
        "release",
        "offer",
        "voice",
        "express",
        "deliver",
        "give",
        "have",
        "put",
        "send",
        "publish",
        "post",
        "repeat",
        "renew",
        "raise",
        "lodge",
        "file",
        "level",
        "launch",
        "write",
        "share",
        "reiterate",
    ]
)
_DATELINE = re.compile(r"[A-Z][A-Z .'-]+(?:,[^\n—―–]{1,30}?)?(?:\s*\([A-Za-z]+\))?\s+[-—―–]+\s*")
DASHES = {"-", "--", "—", "―", "–"}
CAUSING = verb_forms(
    ["lead", "force", "prompt", "leave", "cause", "drive", "spur", "inspire", "compel"]
) | {"led", "left", "drove", "driven"}
INVERTED_DEPS = {"dobj", "attr", "npadvmod", "nsubj", "appos", "oprd", "dative"}


def implicit_subject(cue: Token, lost: Token | None = None) -> Token | None:
    """Who says what a verb without a subject of its own says: the noun a participle
    modifies ("super PACs backing Cruz"), the subject of the clause an adverbial
    participle hangs from ("she was suspended after slamming ..."), the subject of
    "likely to say"; else, where the parser lost the subject, the name just before a
    finite verb ("..., Jane Roe, said") or just after one that follows a quote
    ("“...,” added a senior aide"). ``lost`` is a subject the parser gave that cannot
    be the speaker (a word of the quote)."""
    current, adjunct, raised = cue, False, False
    for _ in range(6):
        participle = current.dep_ == "acl" and current.tag_ == "VBG" and not adjunct
        if participle and current.head.tag_ in NOMINALS:
            return _issuer(current.head)
        subjects = [c for c in current.children if c.dep_ in SUBJECTS and c != lost]
        # "was heard yelling", "is expected to say": a passive subject does the saying
        usable = subjects and (adjunct or raised or subjects[0].dep_ == "nsubj")
        if usable and (current != cue or lost is not None):
            return subjects[0]
        through_noun = adjunct and current.dep_ in {"dobj", "pobj", "attr"}
        if current.head == current or not (current.dep_ in UP_DEPS or through_noun):
            break
        adjunct = adjunct or current.dep_ in ADJUNCT_CLAUSES
        raised = current.dep_ == "xcomp"
        current = current.head
    if any(c.dep_ == "nsubjpass" for c in cue.children):
        return _by_agent(cue)
    finite = cue.tag_ in {"VBD", "VBZ", "VBP"}
    if finite and (lost is not None or not any(c.dep_ in SUBJECTS for c in cue.children)):
        return _inverted_subject(cue) or _name_before(cue)
    return None


def past_dateline(subject: Token, cue: Token) -> Token:
    """ "JACKSON, Miss. - Judge Jane Roe issued ...", "WASHINGTON (AP) — Roe said":
    the parser can take the dateline for the subject; the speaker is the noun phrase
    after its dash."""
    if not subject.text.isupper() or len(subject.text) < 2:
        return subject
    text = subject.doc.text  # rebuilt on every access: only for a capitalised subject
    line = text.rfind("\n", 0, subject.idx) + 1
    match = _DATELINE.match(text, line)
    if match is None or not subject.idx < match.end() < cue.idx:
        return subject
    after = subject.doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
    if after is None:
        return subject
    token = after[0]
    while token.head != token and match.end() <= token.head.idx < cue.idx:
        token = token.head
    return token if token.tag_ in NOMINALS else subject


def dateline_end(phrase: Span) -> int:
    """Where a phrase starts once a dateline opening its line is left out ("BERGEN,
    Norway - Harbour master Nina Vik" -> "Harbour master Nina Vik")."""
    dashes = [t.i for t in phrase if t.text in DASHES]
    if not dashes or dashes[0] + 1 >= phrase.end:
        return phrase.start
    doc, first = phrase.doc, phrase.start
    while first > 0 and first > phrase.start - 6 and "\n" not in doc[first - 1].text:
        first -= 1
    opener = doc[first]
    line_start = first == 0 or "\n" in doc[first - 1].text
    return dashes[0] + 1 if line_start and opener.is_upper and len(opener) > 1 else phrase.start


def controller(cue: Token) -> Token | None:
    """ "The defeat led some to speculate ...", "forcing candidates to address ...": the
    object of the verb an infinitive completes does what the infinitive says."""
    if cue.dep_ != "xcomp" or cue.tag_ != "VB" or cue.head.lower_ not in CAUSING:
        return None
    objects = [c for c in cue.head.children if c.dep_ == "dobj" and cue.head.i < c.i < cue.i]
    return objects[0] if objects else None


def seen_doing(cue: Token) -> Token | None:
    """ "Obama seemed to recognize ...", "the review appears to show ...": whoever is
    seen doing something (not merely being something) is the source of it."""
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    action = next((c for c in cue.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
    if subject is None or action is None or action.lower_ in {"be", "have"}:
        return None
    return None if subject.lower_ in {"it", "there", "this", "that"} else subject


def governing_subject(quote: Span) -> Token | None:
    """Who utters a quote that no speech verb introduces but a verb of its sentence
    governs ("the singer sings, “...”", "she called it “...”", "he groused that the
    network “...”"): that verb's subject, when it lies outside the quote."""
    roots = [t for t in quote if not quote.start <= t.head.i < quote.end and t.head != t]
    if not roots:
        return None
    verb = roots[0].head
    for _ in range(3):
        if verb.tag_.startswith("VB") or verb.head == verb:
            break
        verb = verb.head
    if not verb.tag_.startswith("VB") or quote.start <= verb.i < quote.end:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    subject = subject or implicit_subject(verb)
    if subject is None or quote.start <= subject.i < quote.end:
        return None
    return subject


def _issuer(noun: Token) -> Token:
    """Who speaks through a document: "a post from Jane Roe", "Roe's letter", "Roe
    issued a statement saying ...", "Roe wrote in a column arguing ..."; else the
    document itself."""
    return (noun_speaker(noun) or noun) if noun.lower_ in DOCUMENTS else noun


def noun_speaker(noun: Token) -> Token | None:
    """Whose claim, statement or criticism a noun is: its possessor ("Roe's claim"),
    "from/by Roe", or the subject of the verb that delivers it ("Roe issued a
    statement", "Roe said in a statement", "Roe answered with criticism")."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
            author = next((g for g in child.children if g.dep_ == "pobj"), None)
            if author is not None:
                return author
    names = [c for c in noun.lefts if c.dep_ == "compound" and c.tag_ in {"NNP", "NNPS"}]
    if names:  # "a New York Times report that ...", "a CNN poll"
        return names[-1]
    if noun.dep_ == "ROOT":  # a verb the tagger took for a noun: "Trump charges that ..."
        names = [c for c in noun.lefts if c.dep_ in {"compound", "nsubj"} and c.tag_ in NOUNS]
        return names[-1] if names else None
    verb = noun.head
    delivered = noun.dep_ == "dobj" and verb.lower_ in DELIVERING
    if noun.dep_ == "pobj" and verb.lower_ in {"in", "with", "through", "via"}:
        verb, delivered = verb.head, verb.dep_ == "prep"
    if delivered and verb.tag_.startswith("VB"):
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


def _by_agent(cue: Token) -> Token | None:
    """ "was attacked on the speeches by Sanders": the agent of a passive cue that the
    parser hung on a phrase after it."""
    for token in cue.doc[cue.i + 1 : cue.sent.end]:
        if token.lower_ == "by" and token.dep_ in {"prep", "agent"}:
            chain, head = 0, token.head
            while head != cue and chain < 3 and head.tag_[:2] in {"NN", "IN"}:
                head, chain = head.head, chain + 1
            objects = [c for c in token.children if c.dep_ == "pobj"]
            return objects[0] if head == cue and objects else None
    return None


def _inverted_subject(cue: Token) -> Token | None:
    """ "“...,” added a senior aide": the noun after a cue that follows a quote."""
    if cue.dep_ in {"amod", "compound"} and cue.head.i > cue.i and cue.head.tag_ in NOMINALS:
        return cue.head  # the parser took the cue for a modifier: "added Lauten", "Said Ellis:"
    before = [t for t in cue.doc[max(0, cue.i - 2) : cue.i] if t.text != ","]
    if not before or before[-1].text not in QUOTE_ENDS:
        return None
    child = next((c for c in cue.rights if c.dep_ in INVERTED_DEPS and c.tag_ in NOMINALS), None)
    return child or _noun_after(cue)


def _noun_after(cue: Token) -> Token | None:
    """The head of the noun phrase right after a cue ("said David Brock, a ..."), which
    the parser hung elsewhere."""
    for token in cue.doc[cue.i + 1 : min(cue.i + 6, cue.sent.end)]:
        if token.tag_ in NOMINALS:
            while token.dep_ in {"compound", "flat"} and token.head.i > token.i:
                token = token.head
            return token
        if token.tag_ not in {"DT", "JJ", "NNP", "PRP$", "POS", "CD", "HYPH"}:
            return None
    return None


def _name_before(cue: Token) -> Token | None:
    """ "In a statement, her adviser, Jane Roe, said ...": the parser hung the name on
    the phrase before it; the nearest noun left of the verb, past commas, numbers
    (an age) and adverbs, is the speaker."""
    i = cue.i - 1
    while i >= cue.sent.start and cue.doc[i].tag_ in {",", "CD", "RB", "''", "-LRB-", "-RRB-"}:
        if cue.doc[i].text in QUOTE_ENDS:
            return None
        i -= 1
    if i < cue.sent.start or cue.doc[i].tag_ not in NOUNS:
        return None
    return cue.doc[i]
