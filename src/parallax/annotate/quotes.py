"""Quotations and reported speech, each with its cue and speaker.

Direct quotes come from quote marks (curly, straight, guillemets, and the '' / ``
of some wire copy); a quote left open at the end of a paragraph ends there (the
newspaper convention when the next paragraph reopens it). A quote's cue is the
speech verb nearest to it in its own sentence, else one opening the sentence right
after it ("...!" Mr. Fox wrote.), else the last one of a preceding sentence that ends
in a colon. A name signing a quote after a dash outranks any cue. A quote without a
cue continues the quote just before it when it follows that quote's cue sentence
("“A,” he said. “B.”"), else takes its speaker and cue (same or previous paragraph);
a short one (under five words) with neither is a scare quote and is dropped.

Reported speech: a speech verb (said, told, denied, added, believes, ...) with a
clausal complement, the content running to the end of the sentence (of its own
clause, for a cue in a subordinate one) unless another speaker cuts in; the
parenthetical forms "X, officials said." / "X, said Y." and "X, he said, Y";
"according to X" and "in a poll/report/statement" (the rest of the clause); speech
and stance verbs with a nominal object (acknowledged the cost, called for,
criticized, cited, ...; time, place and occasion phrases left out), though maintain
or continue only with a clause or quote; passives ("was first reported by the
Post"; "was accused of fraud" and "the plan was criticized", nobody named; "X is
expected to Y": X and Y); "X seemed/appears Y" (the writer's view); "X is
reportedly Y" (someone unnamed); any subject-verb with a that-clause (the court
ruled that ...); nouns such as claim or warning with a that-clause; stance nouns
with their complement (support for, criticism of; also when the parser hangs the
preposition on the verb: made no mention of) or with the subject that draws them
(the plan drew criticism); stance adjectives with theirs (wary of, eager to).
Content stays within the cue's paragraph. The speaker is the verb's subject (never
a passive subject), found through participles and infinitives ("adding", "shifted
to accusing") up to the clause that has one, skipping a label or timestamp line the
parser took for it; a relative pronoun resolves through the noun it modifies; for a
noun cue the possessor (Trump's claim that ...). Lines a source label opens ("Poll:
...", transcript turns "PENCE: ...") are attributed to the label. A cue can carry
several quotes: a direct quote inside a reported clause, or the two halves around a
parenthetical attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from parallax.annotate.cues import (
    ADJUNCT_PREPS,
    CLAUSE_ONLY,
    DRAW_VERBS,
    NAMING_VERBS,
    NOUN_CUES,
    OBJECT_CUES,
    OBJECT_DEPS,
    RECIPIENT_VERBS,
    SEEM_VERBS,
    SOURCE_DOCUMENTS,
    STANCE_ADJECTIVES,
    STANCE_NOUNS,
    TIME_LABELS,
    TOPIC_VERBS,
    XCOMP_VERBS,
)
from parallax.annotate.sources import (
    QUOTE_ENDS,
    SUBJECTS,
    controller,
    dateline_end,
    governing_subject,
    implicit_subject,
    noun_speaker,
    past_dateline,
    seen_doing,
)
from parallax.annotate.speakers import SpeakerResolver
from parallax.lexicon.entities import PLACE_LABELS, SPEAKER_LABELS
from parallax.lexicon.speech import SPEECH_VERBS
from parallax.models import Quote
from parallax.models import Span as TextSpan

SUBORDINATE_DEPS = {"advcl", "relcl", "acl", "pcomp", "csubj", "amod"}
FRONTED_DEPS = {"prep", "advcl", "npadvmod", "advmod"}
HEARSAY_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly"}
CLIMB_DEPS = {"xcomp", "advcl", "pcomp", "conj", "prep", "acl", "acomp"}
OPENERS = {"“": "”", '"': '"', "«": "»", "''": "''", "``": "''", "”": "”"}
_LONGEST_FIRST = sorted(OPENERS, key=len, reverse=True)
_MARK = re.compile("|".join(re.escape(mark) for mark in _LONGEST_FIRST))
QUOTE_MARKS = ("“", "”", '"', "«", "»", "''", "``")
MIN_WORDS = 5
MIN_CHARS = 3
_WORD = re.compile(r"\w+")
_SIGNATURE = re.compile(r"[”\"']*[.,]?\s*[―—–-]+\s*(\w)")
_EDGE = " \t\n,;:—–-"
_LABEL = re.compile(
    r"^[\"“]?([A-Z][\w.'’&-]*(?:[ \t]+[A-Z0-9][\w.'’&-]*){0,5}):[ \t]+(\S[^\n]*)$", re.M
)
NOT_SOURCES = {"the latest", "update", "updated", "editor's note", "note", "correction", "related"}
SOURCE_NOUNS = {
    "poll",
    "survey",
    "study",
    "report",
    "newspaper",
    "camp",
    "campaign",
    "memo",
    "analysis",
    "aides",
    "officials",
    "sources",
    "source",
    "spokesman",
    "spokeswoman",
    "spokesperson",
}
NAMED_SPEAKERS = tuple(label for label in SPEAKER_LABELS if label not in PLACE_LABELS)
"""Names a speaker phrase is looked for by (a place speaks only as a sentence's subject)."""
_SENTENCE_END = re.compile(r"[.!?][”\"'’]*\s+[“\"'‘`]+$")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int


@dataclass(frozen=True)
class Labelled:
    """A line's text after its source label and colon, with the label's characters."""

    start: int
    end: int
    label_start: int
    label_end: int


def _opener_at(text: str, i: int) -> str | None:
    """The quote mark opening at ``i``: curly, guillemet, or straight (" and ''); a
    closing curly mark that opens a line is a mistyped opening one."""
    if text.startswith("”", i) and (i == 0 or text[i - 1] == "\n"):
        return "”"
    for mark in _LONGEST_FIRST:
        if text.startswith(mark, i):
            straight = mark in {'"', "''"}
            if straight and i > 0 and text[i - 1].isalnum():
                return None  # a closing mark or an inch sign, not an opening one
            return mark
    return None


def quote_segments(text: str) -> list[Segment]:
    """Spans inside quote marks; an unclosed quote ends with its paragraph."""
    segments = []
    i, n = 0, len(text)
    while i < n:
        candidate = _MARK.search(text, i)  # jump to the next quote-like character
        if candidate is None:
            break
        i = candidate.start()
        mark = _opener_at(text, i)
        if mark is None:
            i += 1
            continue
        opened = i + len(mark)
        paragraph_end = text.find("\n", i)
        paragraph_end = n if paragraph_end < 0 else paragraph_end
        close = text.find(OPENERS[mark], opened, paragraph_end)
        end = close if close >= 0 else paragraph_end
        if end > opened:
            segments.append(Segment(opened, end))
        i = end + len(OPENERS[mark])
    return segments


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _span(text: str, start: int, end: int) -> TextSpan:
    start, end = _trim(text, start, end)
    return TextSpan(start=start, end=end, text=text[start:end])


def _is_cue(token: Token) -> bool:
    return token.lower_ in SPEECH_VERBS and token.tag_.startswith("VB")


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, climbing through clauses that have none of their own."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return None
        for child in current.children:
            if child.dep_ == "nsubj":
                return child
            if child.dep_ == "agent":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if current.dep_ not in CLIMB_DEPS or current.head == current:
            return None
        current = current.head
    return None


def speaker_span(subject: Token) -> Span:
    """The subject's noun phrase up to its head (no relative clauses or appositions,
    but the name of a role: "one pastor, Jane Roe,"), never reaching back over a line
    break (a timestamp or label above the sentence), a closing quote mark (the parser
    can hang the quote on the speaker's phrase) or a dateline ("OSLO -")."""
    doc = subject.doc
    start = subject.left_edge.i
    end = subject.i + 1
    while end < len(doc) and doc[end].dep_ in {"flat", "compound"} and doc[end].head == subject:
        end += 1
    names = [c for c in subject.rights if c.dep_ == "appos" and c.tag_ in {"NNP", "NNPS"}]
    if subject.tag_ in {"NN", "NNS"} and names:
        end = names[0].i + 1
    breaks = [t.i for t in doc[start : subject.i] if "\n" in t.text or t.text in QUOTE_ENDS]
    start = breaks[-1] + 1 if breaks else start
    return doc[dateline_end(doc[start:end]) : end]


def antecedent(subject: Token) -> Token:
    """Whom a relative pronoun stands for ("officials who said" -> officials)."""
    if subject.tag_ in {"WP", "WDT"} and subject.head.dep_ == "relcl":
        return subject.head.head
    return subject


def _distance(token: Token, segment: Segment) -> int:
    if token.idx >= segment.end:
        return token.idx - segment.end
    return max(0, segment.start - token.idx - len(token))


def _end_char(token: Token) -> int:
    return token.idx + len(token)


def _adjunct(token: Token) -> bool:
    """A prepositional phrase of time, place or occasion ("on Tuesday", "at a rally")."""
    if token.dep_ != "prep":
        return False
    objects = [c for c in token.children if c.dep_ == "pobj"]
    return token.lower_ in ADJUNCT_PREPS or any(o.ent_type_ in TIME_LABELS for o in objects)


def _source_document(token: Token) -> Token | None:
    """The poll or report of "In a CNN poll, Clinton leads ...": a source that says
    the rest of the sentence, unless a speech verb already carries it ("said in a
    statement")."""
    if token.lower_ != "in" or token.dep_ != "prep" or token.i == token.head.i:
        return None
    head = token.head
    if _is_cue(head) or head.lower_ in OBJECT_CUES:
        return None
    documents = [c for c in token.children if c.dep_ == "pobj" and c.lower_ in SOURCE_DOCUMENTS]
    return documents[0] if documents else None


class QuoteFinder:
    """Direct and reported quotes of one parsed article."""

    def __init__(self, doc: Doc, resolver: SpeakerResolver) -> None:
        self.doc = doc
        self.text = resolver.text  # spaCy rebuilds Doc.text on every access
        self.resolver = resolver
        self.segments = quote_segments(self.text)
        self.sentences = [(s, s.start_char, s.end_char) for s in doc.sents]  # doc.sents too
        self.quoted = bytearray(len(self.text))  # 1 for each character inside a quote
        for segment in self.segments:
            self.quoted[segment.start : segment.end] = bytes([1]) * (segment.end - segment.start)

    def _inside(self, token: Token) -> bool:
        """Whether the token lies in a quote."""
        return self.quoted[token.idx] == 1

    def find(self) -> list[Quote]:
        found: dict[int, list[Quote]] = {}
        cue_of: dict[Segment, Token | None] = {s: self._cue(s) for s in self.segments}
        labelled = self._labelled()
        labels = {line.label_start for line in labelled}  # a quoted transcript turn
        items: list[Segment | Labelled | tuple[Token, int, int]] = [
            *[s for s in self.segments if s.start not in labels],
            *self._reported(),
            *labelled,
        ]
        items.sort(key=lambda item: item[1] if isinstance(item, tuple) else item.start)
        previous: Quote | None = None
        for item in items:
            if isinstance(item, Segment):
                quote = self._direct(item, cue_of[item], previous)
            elif isinstance(item, Labelled):
                quote = self._labelled_quote(item)
            else:
                quote = self._quote("reported", item[1], item[2], item[0])
            if quote is not None:
                found.setdefault(quote.start, []).append(quote)
                self.resolver.remember(quote.start, quote.speaker_id)
                aside = previous is not None and self._aside(previous, quote)
                if quote.kind == "direct" or (quote.speaker is not None and not aside):
                    previous = quote  # a voice that a following quote can continue
        return [q for start in sorted(found) for q in found[start]]

    # -- labelled lines -----------------------------------------------------------

    def _labelled(self) -> list[Labelled]:
        """Lines a source label opens: headlines ("Poll: Clinton leads") and transcript
        turns ("PENCE: Well, look ..."). A label counts when it names someone (an
        entity, a source noun such as poll or report) or is in capitals where two lines
        or more open so, as speakers' turns do in a transcript."""
        lines = [m for m in _LABEL.finditer(self.text) if len(m.group(2).split()) >= 3]
        transcript = sum(m.group(1).isupper() for m in lines) >= 2
        found = []
        for match in lines:
            label = match.group(1)
            words = {w.lower().strip(".") for w in label.split()}
            if label.lower() in NOT_SOURCES:
                continue
            named = any(
                e.label_ in NAMED_SPEAKERS
                and e.start_char < match.end(1)
                and match.start(1) < e.end_char
                for e in self.doc.ents
            )
            if named or words & SOURCE_NOUNS or (label.isupper() and transcript):
                found.append(Labelled(match.start(2), match.end(2), match.start(1), match.end(1)))
        return found

    def _labelled_quote(self, line: Labelled) -> Quote | None:
        label = self.doc.char_span(line.label_start, line.label_end, alignment_mode="expand")
        if label is None:
            return None
        return Quote(
            **_span(self.text, line.start, line.end).model_dump(),
            kind="reported",
            speaker=_span(self.text, line.label_start, line.label_end),
            speaker_id=self.resolver.resolve(label),
            cue=TextSpan(start=line.label_end, end=line.label_end + 1, text=":"),
        )

    # -- direct quotes ------------------------------------------------------------

    def _sentences(self, segment: Segment) -> list[Span]:
        return [
            s for s, start, end in self.sentences if start < segment.end and segment.start < end
        ]

    def _cue(self, segment: Segment) -> Token | None:
        sentences = self._sentences(segment)
        following = self._sentence_after(segment)
        # the cue lies in the quote's paragraph (the parser can run a sentence across a
        # paragraph break), or in the one above when that ends in a colon
        opens = self.text.rfind("\n", 0, segment.start) + 1
        closes = self.text.find("\n", segment.end) % (len(self.text) + 1)
        above = self.text[:opens].rstrip()
        if above.endswith(":"):
            opens = self.text.rfind("\n", 0, len(above)) + 1
        candidates = [
            t
            for s in sentences
            for t in s
            if _is_cue(t) and not self._inside(t) and opens <= t.idx < closes
        ] or [t for t in following[:6] if _is_cue(t)]
        if candidates:
            return min(candidates, key=lambda t: _distance(t, segment))
        if sentences and sentences[0].start > 0:
            before = self.doc[sentences[0].start - 1]
            while before.is_space and before.i > 0:
                before = self.doc[before.i - 1]
            if before.text == ":":
                previous = [t for t in before.sent if _is_cue(t)]
                return previous[-1] if previous else None
        return None

    def _sentence_after(self, segment: Segment) -> Span | list[Token]:
        """The sentence starting right after a quote that ends its own sentence."""
        rest = self.text[segment.end : segment.end + 4]
        if "\n" in rest:
            return []
        token = self.doc.char_span(segment.end, segment.end + 1, alignment_mode="expand")
        if token is None:
            return []
        sentence = token[-1].sent
        if sentence.end_char > segment.end + 3:
            return []
        return self.doc[sentence.end : sentence.end + 8] if sentence.end < len(self.doc) else []

    def _direct(self, segment: Segment, cue: Token | None, previous: Quote | None) -> Quote | None:
        words = len(_WORD.findall(self.text[segment.start : segment.end]))
        content = _span(self.text, segment.start, segment.end).model_dump()
        signed = self._signature(segment) if words >= MIN_WORDS else None
        if signed is not None:  # “...” ― Jane Doe: the signature outranks any cue nearby
            return Quote(
                **content, kind="direct", speaker=signed, speaker_id=self._signer_id(signed)
            )
        if cue is not None:
            return self._quote("direct", segment.start, segment.end, cue)
        if previous is not None and self._continues(previous, segment):
            return Quote(
                **content,
                kind="direct",
                speaker=previous.speaker,
                speaker_id=previous.speaker_id,
                cue=previous.cue,
            )
        if words < MIN_WORDS:
            return None
        tokens = self.doc.char_span(segment.start, segment.end, alignment_mode="expand")
        governor = governing_subject(tokens) if tokens is not None else None
        if governor is not None:  # "she called it “...”": the verb's subject utters it
            speaker, speaker_id = self._voice(governor)
            return Quote(**content, kind="direct", speaker=speaker, speaker_id=speaker_id)
        if previous is not None and self.text.count("\n\n", previous.end, segment.start) <= 1:
            # a quote of its own right after someone spoke: the same voice goes on
            return Quote(
                **content,
                kind="direct",
                speaker=previous.speaker,
                speaker_id=previous.speaker_id,
                cue=previous.cue,
            )
        return Quote(**content, kind="direct")

    def _signature(self, segment: Segment) -> TextSpan | None:
        """A name after a dash that signs the quote: “...” ― Jane Doe."""
        match = _SIGNATURE.match(self.text, segment.end)
        if match is None:
            return None
        name = self.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if name is None:
            return None
        people = [e for e in self.doc.ents if e.start == name.start]
        if people:
            return _span(self.text, people[0].start_char, people[0].end_char)
        words = self.doc[name.start : name.start + 5]
        run = 0
        while run < len(words) and words[run].text[:1].isupper() and "\n" not in words[run].text:
            run += 1  # a name the model does not know, on a signature line of its own
        end = words[run - 1].idx + len(words[run - 1]) if run else 0
        line_end = self.text.find("\n", match.start(1)) % (len(self.text) + 1)
        signs_line = run >= 2 and not self.text[end:line_end].strip().strip(".")
        return _span(self.text, match.start(1), end) if signs_line else None

    def _signer_id(self, signed: TextSpan) -> str | None:
        mentions = self.resolver.index.at(signed.start, signed.end)
        return mentions[0].entity_id if mentions else None

    def _aside(self, previous: Quote, quote: Quote) -> bool:
        """A reported clause inside the sentence that attributes a direct quote ("“A,”
        Cruz said of the article alleging that B. “C.”"): C goes on in the quote's voice."""
        if previous.kind != "direct" or previous.cue is None or quote.cue is None:
            return False
        first = self.doc.char_span(previous.cue.start, previous.cue.end, alignment_mode="expand")
        return first is not None and first.sent.start_char <= quote.cue.start < first.sent.end_char

    def _continues(self, previous: Quote, segment: Segment) -> bool:
        """The quote opens the sentence right after the previous quote's sentence, or
        right after the cue that closes it ("“A,” he said. “B.”")."""
        gap = self.text[previous.end : segment.start]
        cue_between = previous.cue is not None and previous.end <= previous.cue.start
        if cue_between and "\n" not in gap and len(gap) < 120 and _SENTENCE_END.search(gap):
            return True
        first = self.doc.char_span(segment.start, segment.end, alignment_mode="expand")
        last = self.doc.char_span(previous.start, previous.end, alignment_mode="expand")
        if not first or not last:  # None, or no token: a quote of spaces ('“ ' at the end)
            return False
        between = self.doc[last[-1].sent.end : first[0].sent.start]
        opens = self.text[first[0].sent.start_char : segment.start].strip() in OPENERS
        return opens and all(t.is_space for t in between)

    # -- reported speech ----------------------------------------------------------

    def _reported(self) -> list[tuple[Token, int, int]]:
        found = []
        for token in self.doc:
            if self._inside(token):
                continue
            for first, last in self._content(token):
                start, end = _trim(self.text, *self._paragraph_part(token, first, last))
                if end - start < MIN_CHARS or self._quoted_share(start, end) > 0.8:
                    continue
                if first == last and self.doc[first].tag_ in {"IN", "TO", "RP", "DT"}:
                    continue  # a stranded preposition or determiner says nothing
                found.append((token, start, end))
        return found

    def _paragraph_part(self, cue: Token, first: int, last: int) -> tuple[int, int]:
        """The characters of a token run that lie in the cue's paragraph (a sentence the
        parser ran across a headline or a line break)."""
        start, end = self.doc[first].idx, _end_char(self.doc[last])
        if start < cue.idx:
            start = max(start, self.text.rfind("\n", start, min(end, cue.idx)) + 1)
        if end > cue.idx:
            stop = self.text.find("\n", max(start, cue.idx), end)
            end = end if stop < 0 else stop
        return start, end

    def _content(self, token: Token) -> list[tuple[int, int]]:
        """Token ranges (first, last) of what the cue ``token`` attributes."""
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            return self._around(token.sent, token.left_edge.i, token.right_edge.i)
        if _source_document(token) is not None:
            return self._around(token.sent, token.left_edge.i, token.right_edge.i)
        if token.lower_ in SEEM_VERBS and token.tag_.startswith("VB"):
            return self._appearance(token)
        if token.lower_ in HEARSAY_ADVERBS and token.dep_ == "advmod":
            # "X is reportedly considering Y": the clause, told by someone unnamed
            clause = token.head
            runs = [(clause.left_edge.i, token.i - 1), (token.i + 1, clause.right_edge.i)]
            return [(a, b) for a, b in runs if a <= b]
        if token.lower_ in STANCE_NOUNS and token.tag_.startswith("NN"):
            # the parser often hangs the preposition on the verb of "made no mention
            # of X", "expressed support for X"
            holders = [token, token.head] if token.dep_ == "dobj" else [token]
            objects = [
                g
                for holder in holders
                for c in holder.rights
                if c.dep_ == "prep" and c.i > token.i and c.lower_ == STANCE_NOUNS[token.lower_]
                for g in c.children
                if g.dep_ in {"pobj", "pcomp"}
            ]
            if objects:
                return [(objects[0].left_edge.i, objects[0].right_edge.i)]
            return self._drawn_by(token)
        if token.lower_ in STANCE_ADJECTIVES and token.tag_ == "JJ":
            return self._stance_complement(token)
        if token.lower_ in NOUN_CUES and token.tag_.startswith("NN"):
            clauses = [
                c for c in token.children if c.dep_ in {"acl", "ccomp", "relcl"} and c.i > token.i
            ]
            marked = [
                c
                for c in clauses
                if any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
            ]
            return [(marked[0].left_edge.i, marked[0].right_edge.i)] if marked else []
        is_object_cue = token.lower_ in OBJECT_CUES and token.tag_.startswith("VB")
        if not (_is_cue(token) or is_object_cue):
            return self._that_clause(token)
        sentence = token.sent
        subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
        first = token.i if subject is None else min(token.i, subject.left_edge.i)
        inserted = (
            subject is not None
            and sentence.start < first
            and self.doc[first - 1].text in {",", "''", "”", '"', "—", "--"}
            and not self._fronted(token, sentence.start, first - 1)
        )
        for child in token.children:
            clausal = child.dep_ == "ccomp" or (
                child.dep_ == "xcomp"
                and token.lower_ not in CLAUSE_ONLY
                and (token.lower_ in XCOMP_VERBS or child.i > token.i)
            )
            if clausal and child.i > token.i:
                runs = [(child.left_edge.i, self._clause_end(token, child))]
                if inserted and self.doc[token.i + 1].text == ",":
                    runs.insert(0, (sentence.start, first - 2))
                elif child.dep_ == "xcomp" and subject is not None and subject.dep_ == "nsubjpass":
                    # "X is expected to win": who is expected, and to do what
                    runs.insert(0, (subject.left_edge.i, subject.right_edge.i))
                return runs
        if subject is not None and subject.dep_ == "nsubjpass":
            # "was first reported by the Post": the passive subject is what was said;
            # "was accused of fraud": who was accused, and of what (nobody named)
            subject_run = (subject.left_edge.i, subject.right_edge.i)
            if any(c.dep_ == "agent" for c in token.children):
                return [subject_run]
            if token.lower_ in NAMING_VERBS:
                return []  # "known as HFCs", "called EB-5": a name, not a claim
            objects = self._objects(token)
            if objects:
                return [subject_run, *objects]
            # "the plan was widely criticized", "the leak was first reported in May": what
            # drew the stance or was said (not whom: "he was told")
            said = token.lower_ in OBJECT_CUES or _is_cue(token)
            return [subject_run] if said and token.lower_ not in RECIPIENT_VERBS else []
        complements = [
            c
            for c in token.children
            if c.i > token.i
            and c.dep_ in OBJECT_DEPS - {"prep", "dative"}
            and not (c.dep_ == "dobj" and token.lower_ in RECIPIENT_VERBS)
        ]
        if inserted and not complements:
            # the phrase ends at the comma after the cue (or after a subject that follows
            # it, with its apposition): "A, Mr. Clarke said, until B" / "A, said X, a Y."
            after = token.i if subject is None or subject.i < token.i else subject.right_edge.i
            comma = next((t.i for t in self.doc[after + 1 : sentence.end] if t.text == ","), None)
            last = comma if comma is not None else max(token.i, token.right_edge.i)
            return self._around(sentence, first, last)
        return [] if token.lower_ in CLAUSE_ONLY else self._objects(token)

    @staticmethod
    def _drawn_by(noun: Token) -> list[tuple[int, int]]:
        """What a stance is about when it is drawn rather than given ("the plan drew
        criticism", "she has won support"): the drawing verb's subject."""
        verb = noun.head
        if noun.dep_ != "dobj" or verb.lower_ not in DRAW_VERBS:
            return []
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return [(subject.left_edge.i, subject.right_edge.i)] if subject is not None else []

    @staticmethod
    def _stance_complement(adjective: Token) -> list[tuple[int, int]]:
        """ "wary of X", "eager to Y", "confident that Z": the adjective's complement,
        when the adjective is predicated of a subject."""
        if adjective.dep_ not in {"acomp", "oprd"}:
            return []
        for child in adjective.rights:
            if child.dep_ in {"xcomp", "ccomp", "prep"} and child.right_edge.i > child.i:
                return [(child.left_edge.i, child.right_edge.i)]
        return []

    def _fronted(self, cue: Token, start: int, end: int) -> bool:
        """Whether the words before "..., X verb" are a phrase fronted to the cue's own
        clause ("To applause, X called for Y"; "In 2008, X distanced himself from Y"),
        not what X said: no clause of their own, and the cue has words after it."""
        tops = [t for t in self.doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
        if not all(t.dep_ in FRONTED_DEPS or t.is_punct for t in tops):
            return False
        return any(
            not c.is_punct and c.dep_ not in {"nsubj", "advmod", "npadvmod"} for c in cue.rights
        )

    def _appearance(self, token: Token) -> list[tuple[int, int]]:
        """ "X seemed to Y" / "X appears unperturbed": how something looks to someone
        (the writer, unless "to Z" names them) is an attribution of its own."""
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        complement = next(
            (c for c in token.rights if c.dep_ in {"xcomp", "acomp", "ccomp", "attr"}), None
        )
        if subject is None or complement is None or subject.lower_ in {"it", "there"}:
            return []
        return [
            (subject.left_edge.i, subject.right_edge.i),
            (complement.left_edge.i, complement.right_edge.i),
        ]

    def _objects(self, token: Token) -> list[tuple[int, int]]:
        """What a verb says or takes a stance on when it has no clause: its objects,
        without the time, place and occasion phrases around them."""
        deps = OBJECT_DEPS - {"dative"}
        if token.lower_ in RECIPIENT_VERBS:
            deps = deps - {"dobj"}  # told reporters, asked him: whom, not what
        objects: list[Token] = []
        topic_only = token.lower_ in TOPIC_VERBS
        for child in token.rights:
            if _adjunct(child):
                if objects:
                    break  # what follows is the occasion
            elif topic_only and child.lower_ not in {"about", "of", "on"}:
                continue  # spoke to reporters, at a rally: not what was said
            elif child.dep_ in deps:
                objects.append(child)
        return [(objects[0].left_edge.i, objects[-1].right_edge.i)] if objects else []

    def _that_clause(self, token: Token) -> list[tuple[int, int]]:
        """Any verb whose subject states a that-clause ("the court ruled that ...")."""
        if not token.tag_.startswith("VB"):
            return []
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ in {"it", "this", "that", "there"}:
            return []
        for child in token.children:
            marked = any(m.dep_ == "mark" and m.lower_ == "that" for m in child.children)
            if child.dep_ == "ccomp" and child.i > token.i and marked:
                return [(child.left_edge.i, self._clause_end(token, child))]
        return []

    def _clause_end(self, cue: Token, clause: Token) -> int:
        """Where a reported clause ends: the sentence end, unless another speaker cuts in
        or the cue's subject goes on to do something else."""
        last = clause.right_edge.i
        for token in self.doc[last + 1 : cue.sent.end]:
            if _is_cue(token) and any(c.dep_ in SUBJECTS for c in token.children):
                return last
            if token.dep_ == "conj" and token.head.i == cue.i:
                return last  # "said X and warned Y": the cue's own next predicate
        end = cue.sent.end - 1
        if cue.dep_ in SUBORDINATE_DEPS and cue.right_edge.i < end:
            # "Asked why, she ...": its own clause, and the full stop if that ends it
            rest = self.doc[cue.right_edge.i + 1 : end + 1]
            return end if all(t.is_punct for t in rest) else cue.right_edge.i
        return end

    def _around(self, sentence: Span, first: int, last: int) -> list[tuple[int, int]]:
        """The parts of a sentence left and right of an attribution phrase inside it
        (the right part starts after the comma that closes the phrase)."""
        runs = []
        if first > sentence.start:
            runs.append((sentence.start, first - 1))
        comma = last if self.doc[last].text == "," else None
        for token in self.doc[last + 1 : sentence.end] if comma is None else []:
            if token.text in {",", ".", ";"}:
                comma = token.i if token.text == "," else None
                break
        if comma is not None and comma + 1 < sentence.end - 1:
            runs.append((comma + 1, sentence.end - 1))
        return runs

    def _quoted_share(self, start: int, end: int) -> float:
        covered = sum(max(0, min(end, s.end) - max(start, s.start)) for s in self.segments)
        return covered / max(1, end - start)

    # -- shared -------------------------------------------------------------------

    def _quote(self, kind: str, start: int, end: int, cue: Token) -> Quote:
        if cue.lower_ == "according":
            subject = self._according_source(cue)
        elif cue.dep_ == "prep":
            subject = _source_document(cue)
        elif cue.lower_ in SEEM_VERBS:  # seemed to whom: the writer unless "to Z"
            to = [g for c in cue.children if c.lower_ == "to" for g in c.children]
            subject = to[0] if to else seen_doing(cue)
        elif cue.tag_.startswith("NN"):
            subject = noun_speaker(cue)
        else:
            subject = controller(cue) or subject_of(cue)
            quoted = subject is not None and self._inside(subject)
            if subject is None or (quoted and not self._inside(cue)):
                subject = implicit_subject(cue, subject if quoted else None)
        if subject is not None and subject.i < cue.i:
            subject = self._past_label(past_dateline(subject, cue), cue)
        speaker, speaker_id = self._voice(subject) if subject is not None else (None, None)
        cue_end = cue.idx + len(cue)
        if cue.lower_ == "according":
            cue_end = next((c.idx + len(c) for c in cue.children if c.lower_ == "to"), cue_end)
        return Quote(
            **_span(self.text, start, end).model_dump(),
            kind="direct" if kind == "direct" else "reported",
            speaker=speaker,
            speaker_id=speaker_id,
            cue=_span(self.text, cue.idx, cue_end),
        )

    def _voice(self, subject: Token) -> tuple[TextSpan, str | None]:
        """The speaker phrase as written and the entity it resolves to (a relative
        pronoun through the noun it stands for)."""
        phrase = speaker_span(subject)
        speaker = _span(self.text, phrase.start_char, phrase.end_char)
        return speaker, self.resolver.resolve(speaker_span(antecedent(subject)))

    def _past_label(self, subject: Token, cue: Token) -> Token | None:
        """The parser takes a label or timestamp line for the subject ("The Latest:
        Trump urges ...", "5:45 p.m.\n\nTrump says ..."); the speaker is then the first
        name after the colon or line break."""
        between = self.text[subject.idx : cue.idx]
        cut = max(between.rfind(":"), between.rfind("\n"))
        if cut < 0 or any(mark in between for mark in QUOTE_MARKS):
            return subject  # no label, or a quotation the cue introduces
        if between[cut] == ":" and between[cut + 1 : cut + 2] not in {" ", "\n"}:
            return subject  # a clock time, not a label
        after = subject.idx + cut + 1
        names = [e for e in self.doc.ents if after <= e.start_char and e.end_char <= cue.idx]
        named = [e.root for e in names if e.label_ in NAMED_SPEAKERS]
        proper = [t for t in self.doc[subject.i : cue.i] if t.idx >= after and t.tag_ == "NNP"]
        return (named or proper or [None])[0]  # a name the model did not label

    @staticmethod
    def _according_source(cue: Token) -> Token | None:
        for child in cue.children:
            if child.lower_ == "to":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                return objects[0] if objects else None
        return None
