"""Clauses of a parsed sentence: which verbs head a statement, what a speech verb
reports and who says it, the clause's tokens, and whether it is negated."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from parallax.lexicon.speech import NEGATING_VERBS, REPORTING_VERBS
from parallax.lexicon.words import COPULAS, NEGATORS
from parallax.models import Span

PAIRS = (("“", "”"), ("‘", "’"), ("(", ")"), ("[", "]"))


def balanced(body: str, start: int, end: int) -> tuple[int, int]:
    """Take in the quotation mark or bracket just outside a clause when the clause holds
    its partner, so a statement never shows half a quotation."""
    text = body[start:end]
    for opening, closing in PAIRS:
        if text.count(opening) > text.count(closing) and body[end : end + 1] == closing:
            end += 1
        if text.count(closing) > text.count(opening) and body[start - 1 : start] == opening:
            start -= 1
    return start, end


def contents(verb: Token) -> list[Token]:
    """The clause heads a verb stands for: what a speech verb reports, else the verb itself,
    each with the clauses conjoined to it."""
    heads = [verb]
    if verb.lower_ in REPORTING_VERBS:
        reported = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "parataxis")]
        heads = reported or heads
    return _with_conjoined_clauses(heads)


def attribution(verb: Token) -> tuple[list[Token], bool]:
    """The speaker's tokens and whether the speech verb denies (deny, reject)."""
    if verb.lower_ in REPORTING_VERBS and any(
        c.dep_ in ("ccomp", "xcomp", "parataxis") for c in verb.children
    ):
        return subtree_of_dep(verb, ("nsubj", "nsubjpass")), verb.lower_ in NEGATING_VERBS
    return [], False


def subtree_of_dep(head: Token, deps: tuple[str, ...]) -> list[Token]:
    for child in head.children:
        if child.dep_ in deps:
            return list(child.subtree)
    return []


def according_to(tokens: SpacySpan) -> list[Token]:
    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            to = token.doc[token.i + 1]
            if to.lower_ == "to":
                objects = [c for c in to.children if c.dep_ == "pobj"]
                if objects:
                    return list(objects[0].subtree)
    return []


def _with_conjoined_clauses(heads: list[Token]) -> list[Token]:
    """Heads plus the verbs conjoined to them or subordinate to them (after, when ...)
    that have a subject of their own."""
    found: list[Token] = []
    queue = list(heads)
    while queue:
        head = queue.pop(0)
        found.append(head)
        queue += [
            t
            for t in (*head.conjuncts, *head.children)
            if t.i > head.i
            and (t.dep_ in ("conj", "advcl"))
            and is_verb(t)
            and has_subject(t)
            and all(t.i != f.i for f in found + queue)
        ]
    return found


def is_verb(token: Token) -> bool:
    """By fine-grained tag: the Annotator runs without the attribute ruler that sets POS."""
    return token.tag_.startswith("VB") or token.tag_ == "MD"


def has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)


def clause_tokens(head: Token, others: list[Token], tokens: SpacySpan) -> list[Token]:
    excluded: set[int] = set()
    for other in others:
        if other.i != head.i and head not in other.subtree:
            excluded.update(t.i for t in other.subtree)
    members = [
        t
        for t in head.subtree
        if t.i not in excluded and tokens.start <= t.i < tokens.end and not t.is_space
    ]
    while members and (members[0].is_punct or members[0].dep_ in ("cc", "mark")):
        members.pop(0)
    while members and (members[-1].is_punct or members[-1].dep_ == "cc"):
        members.pop()
    return members


def frame(clause: Span, speaker_tokens: list[Token], head: Token, body: str) -> str:
    """The clause with who says it and how, as the sentence words it ('Peskov denied
    there are plans for a presidential visit'): a reported claim is never shown bare.
    Only a speaker next to the clause is taken in ('..., Peskov said' too)."""
    if not speaker_tokens:
        return clause.text
    verb = head.head if head.dep_ in ("ccomp", "xcomp", "parataxis") else head
    words = [*speaker_tokens, verb]
    start = min(clause.start, *(t.idx for t in words))
    end = max(clause.end, *(t.idx + len(t.text) for t in words))
    if end - start > len(clause.text) + 80:
        return clause.text
    return body[start:end].strip(" ,")


def has_object(head: Token) -> bool:
    """An object that names something: 'gave way' (a bare noun, a light-verb idiom) has none."""
    return any(
        c.dep_ in ("dobj", "attr", "acomp", "oprd")
        and (c.n_lefts + c.n_rights > 0 or c.tag_ in ("NNP", "NNPS", "PRP"))
        for c in head.children
    )


def polarity(head: Token, members: list[Token], negating_cue: bool) -> bool | None:
    """True if negated, False if asserted, None if neither (a question, a condition)."""
    if any(t.dep_ == "mark" and t.lower_ in ("whether", "if") for t in head.children):
        return None
    near = {head, *head.children}
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass", "attr", "dobj"):
            near.update(child.children)
    negated = any(t.lower_ in NEGATORS and t.dep_ in ("neg", "det", "advmod") for t in near)
    if not negated and head.lower_ in COPULAS:
        negated = any(t.lower_ == "no" for t in members[:6])
    return negated != negating_cue
