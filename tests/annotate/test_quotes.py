"""Quotes on texts written for the tests: each pattern, its cue and its speaker."""

from __future__ import annotations

from parallax.annotate import Annotator
from parallax.annotate.quotes import quote_segments
from parallax.models import Annotations, Article, Quote


def annotate(annotator: Annotator, body: str) -> Annotations:
    return annotator.annotate([Article(doc_id="t", outlet="test", body=body)])[0]


def quote_with(result: Annotations, words: str) -> Quote:
    matches = [q for q in result.quotes if words in q.text]
    assert matches, f"no quote containing {words!r} in {[q.text for q in result.quotes]}"
    return matches[0]


def test_segments_from_straight_and_curly_marks() -> None:
    text = 'He said "one two" and “three four” then.\n\nA “fifth\n\nnext'
    found = [text[s.start : s.end] for s in quote_segments(text)]
    assert found == ["one two", "three four", "fifth"]


def test_speaker_after_the_quote(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "“The bridge will reopen before the winter storms arrive,” Mayor Anna Berg said on Monday.",
    )
    quote = quote_with(result, "The bridge will reopen")
    assert quote.kind == "direct"
    assert quote.cue is not None and quote.cue.text == "said"
    assert quote.speaker_id == "PERSON:anna-berg"


def test_speaker_before_the_quote_with_straight_marks(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        'Local farmer Tomas Halloran told reporters: "We lost half of the harvest to the floods."',
    )
    quote = quote_with(result, "We lost half")
    assert quote.speaker_id == "PERSON:tomas-halloran"
    assert quote.cue is not None and quote.cue.text == "told"


def test_speaker_in_the_middle_of_a_split_quote(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "“We are not finished,” said Minister Clara Osei, “and we will not stop until the dam is safe.”",
    )
    first = quote_with(result, "We are not finished")
    second = quote_with(result, "we will not stop")
    assert first.speaker_id == second.speaker_id == "PERSON:clara-osei"


def test_quote_continued_in_the_next_sentence_and_paragraph(annotator: Annotator) -> None:
    body = (
        "“The river rose in an hour,” engineer Paolo Brandt said. “Nobody had time to move "
        "the trucks out of the valley.\n\n“We will need a month to clear the roads,” he added."
    )
    result = annotate(annotator, body)
    assert quote_with(result, "Nobody had time").speaker_id == "PERSON:paolo-brandt"
    assert quote_with(result, "We will need a month").speaker_id == "PERSON:paolo-brandt"


def test_short_quote_needs_a_cue(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "The so-called “reform” passed. Asked whether she would resign, Judge Mira Holt told the paper “no.”",
    )
    assert not [q for q in result.quotes if q.text == "reform"]
    assert quote_with(result, "no").speaker_id == "PERSON:mira-holt"


def test_reported_speech_with_speech_verbs(annotator: Annotator) -> None:
    body = (
        "Finance Minister Lena Park said that the budget would be balanced next year. "
        "Park denied there were plans to raise taxes. "
        "The deficit will shrink to 2 percent, according to the central bank."
    )
    result = annotate(annotator, body)
    said = quote_with(result, "the budget would be balanced")
    assert said.kind == "reported" and said.speaker_id == "PERSON:lena-park"
    denied = quote_with(result, "there were plans to raise taxes")
    assert denied.cue is not None and denied.cue.text == "denied"
    assert denied.speaker_id == "PERSON:lena-park"
    according = quote_with(result, "The deficit will shrink")
    assert according.speaker is not None and "central bank" in according.speaker.text
    assert "according" not in according.text


def test_spans_index_into_the_body(annotator: Annotator) -> None:
    body = (
        "Spokesman Ian Roe said the talks “went well” and told reporters “more will follow soon.”"
    )
    result = annotate(annotator, body)
    assert result.quotes
    for quote in result.quotes:
        assert body[quote.start : quote.end] == quote.text
        for span in (quote.speaker, quote.cue):
            assert span is None or body[span.start : span.end] == span.text


def test_attribution_in_the_middle_of_a_sentence(annotator: Annotator) -> None:
    body = "To keep the bridge open, Mayor Anna Berg said, the city will need new money."
    result = annotate(annotator, body)
    halves = [q for q in result.quotes if q.cue is not None and q.cue.text == "said"]
    texts = " | ".join(q.text for q in halves)
    assert "To keep the bridge open" in texts and "the city will need new money" in texts
    assert {q.speaker_id for q in halves} == {"PERSON:anna-berg"}


def test_speech_verb_with_a_nominal_object(annotator: Annotator) -> None:
    body = "Governor Lisa Tran acknowledged the cost of the new barriers during a visit to the dam."
    quote = quote_with(annotate(annotator, body), "the cost of the new barriers")
    assert quote.speaker_id == "PERSON:lisa-tran"
    assert "visit" not in quote.text  # the occasion is not what she acknowledged


def test_quote_continued_after_its_cue_sentence(annotator: Annotator) -> None:
    body = (
        "“The water came in an hour,” farmer Tomas Halloran said. “We lost half of the "
        "harvest and most of the barns.”"
    )
    result = annotate(annotator, body)
    first = quote_with(result, "The water came")
    second = quote_with(result, "We lost half")
    assert first.cue is not None and second.cue == first.cue
    assert second.speaker_id == "PERSON:tomas-halloran"


def test_transcript_turns_and_headline_labels(annotator: Annotator) -> None:
    body = (
        "Poll: Voters in the valley want the dam rebuilt\n\n"
        "HOST: Will the dam be rebuilt before the winter?\n\n"
        "BERG: We have the money and the engineers, and we will start in March.\n\n"
        "HOST: And if the money runs out?"
    )
    result = annotate(annotator, body)
    headline = quote_with(result, "Voters in the valley")
    assert headline.speaker is not None and headline.speaker.text == "Poll"
    turn = quote_with(result, "We have the money")
    assert turn.speaker is not None and turn.speaker.text == "BERG"
    assert not any(q.text.startswith("HOST") for q in result.quotes)


def test_relative_clause_speaker_resolves_to_its_noun(annotator: Annotator) -> None:
    body = (
        "The plan was drawn up by engineer Paolo Brandt, who said that the river would "
        "be diverted within a year."
    )
    quote = quote_with(annotate(annotator, body), "the river would be diverted")
    assert quote.speaker_id == "PERSON:paolo-brandt"


def test_signed_quotes_with_a_mistyped_opening_mark(annotator: Annotator) -> None:
    body = (
        "Readers wrote in about the flood.\n\n"
        "”The water took our barn and the council did nothing to stop it.” ― Wenna Tallis.\n"
        "“We have asked for a new dam for ten years and nobody listened.” ― Orrin Pask."
    )
    result = annotate(annotator, body)
    first = quote_with(result, "The water took our barn")
    second = quote_with(result, "We have asked for a new dam")
    assert first.speaker is not None and first.speaker.text == "Wenna Tallis"
    assert second.speaker is not None and second.speaker.text == "Orrin Pask"


def test_timestamp_line_is_not_the_speaker(annotator: Annotator) -> None:
    body = "5:45 p.m.\n\nMayor Anna Berg says the bridge will reopen before the winter."
    quote = quote_with(annotate(annotator, body), "the bridge will reopen")
    assert quote.speaker_id == "PERSON:anna-berg"


def test_poll_as_a_source_and_appearances(annotator: Annotator) -> None:
    body = (
        "In a new Harbour Times poll, most residents would pay more for a new dam.\n\n"
        "The mayor seemed unmoved by the protests outside the council building."
    )
    result = annotate(annotator, body)
    poll = quote_with(result, "most residents would pay more")
    assert poll.speaker is not None and poll.speaker.text.endswith("poll")
    seemed = quote_with(result, "unmoved by the protests")
    assert seemed.speaker is None  # how the mayor seemed is the writer's view
    assert "The mayor" in " ".join(q.text for q in result.quotes)


def test_attribution_before_a_subordinate_clause(annotator: Annotator) -> None:
    body = "The mill was a giant, Mr. Berg said, until it went bankrupt in 1999."
    result = annotate(annotator, body)
    texts = " | ".join(q.text for q in result.quotes if q.cue is not None and q.cue.text == "said")
    assert "The mill was a giant" in texts and "until it went bankrupt" in texts
