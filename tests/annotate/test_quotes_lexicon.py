"""Quotes: which verbs attribute, and with what (invented sentences)."""

from __future__ import annotations

from parallax.annotate import Annotator
from parallax.models import Annotations, Article


def annotate(annotator: Annotator, body: str) -> Annotations:
    return annotator.annotate([Article(doc_id="t", outlet="test", body=body)])[0]


def cued(result: Annotations, cue: str) -> list[str]:
    return [q.text for q in result.quotes if q.cue is not None and q.cue.text == cue]


def test_clause_only_verbs_need_a_clause(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "The incumbent maintains a comfortable lead in the northern districts. "
        "Her rival continues to campaign in the rural towns.",
    )
    assert cued(result, "maintains") == []
    assert cued(result, "continues") == []


def test_clause_only_verbs_with_a_clause(annotator: Annotator) -> None:
    result = annotate(
        annotator, "The director maintained that the museum would reopen before the spring."
    )
    assert cued(result, "maintained") == ["that the museum would reopen before the spring."]


def test_a_bare_tweet_is_no_cue(annotator: Annotator) -> None:
    result = annotate(annotator, "Governor Reyes tweet sparks anger among the county farmers")
    assert cued(result, "tweet") == []


def test_stance_verbs_with_a_nominal_object(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "Mayor Ines Kowal offered her condolences to the families of the miners. "
        "The council voted for the new harbour tax. "
        "Senator Dahl pushed the agency to publish the inspection reports.",
    )
    assert cued(result, "offered") == ["her condolences"]
    assert cued(result, "voted") == ["for the new harbour tax"]
    assert cued(result, "pushed") == ["to publish the inspection reports."]


def test_reported_clause_ends_before_the_speakers_next_predicate(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "The treasurer said the budget was balanced and warned that the reserves were thin.",
    )
    assert cued(result, "said") == ["the budget was balanced"]


def test_stance_nouns_with_their_complement(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "The union's endorsement of the harbour plan surprised the council. "
        "The mayor showed little interest in the stadium project.",
    )
    assert cued(result, "endorsement") == ["the harbour plan"]
    assert cued(result, "interest") == ["the stadium project"]


def test_more_stance_verbs(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "The governor accepted the offer of the fishermen. "
        "Senator Ruiz championed the river cleanup.",
    )
    assert cued(result, "accepted") == ["the offer of the fishermen"]
    assert cued(result, "championed") == ["the river cleanup"]


def test_a_subordinate_cue_ends_with_its_clause(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "Asked why the bridge had closed, the engineer pointed to the winter storms.",
    )
    assert cued(result, "Asked") == ["why the bridge had closed"]


def test_liking_and_allowing(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "The mayor would like a larger harbour. The new rules allow farmers to sell raw milk.",
    )
    assert cued(result, "like") == ["a larger harbour"]
    assert cued(result, "allow") == ["farmers to sell raw milk."]


def test_stance_noun_whose_preposition_hangs_on_the_verb(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "The governor made no mention of the harbour tax. "
        "The farmers took issue with the new quota.",
    )
    assert cued(result, "mention") == ["the harbour tax"]
    assert cued(result, "issue") == ["the new quota"]


def test_a_later_quote_of_the_same_voice_shares_its_cue(annotator: Annotator) -> None:
    body = (
        "“The ferry will run again in May,” harbour master Nina Vik said. The crowd cheered "
        "loudly at the pier.\n\n“We have waited for this day since the storm of last winter.”"
    )
    result = annotate(annotator, body)
    first = next(q for q in result.quotes if q.text.startswith("The ferry"))
    later = next(q for q in result.quotes if q.text.startswith("We have waited"))
    assert first.cue is not None and later.cue == first.cue


def test_a_passive_cue_with_an_infinitive_keeps_its_subject(annotator: Annotator) -> None:
    result = annotate(annotator, "The mayor is expected to announce a new harbour tax.")
    assert cued(result, "expected") == ["The mayor", "to announce a new harbour tax."]


def test_a_stance_taken_on_a_passive_subject(annotator: Annotator) -> None:
    result = annotate(annotator, "The new quota was widely criticized.")
    assert cued(result, "criticized") == ["The new quota"]


def test_a_stance_drawn_by_the_subject(annotator: Annotator) -> None:
    result = annotate(annotator, "The harbour plan drew sharp criticism from the fishermen.")
    assert cued(result, "criticism") == ["The harbour plan"]


def test_stance_adjectives_with_their_complement(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "The fishermen are wary of the new quota. "
        "The mayor is confident that the ferry will run in May.",
    )
    assert cued(result, "wary") == ["of the new quota"]
    assert cued(result, "confident") == ["that the ferry will run in May"]
    assert [q.speaker.text for q in result.quotes if q.speaker] == ["The fishermen", "The mayor"]


def test_a_fronted_phrase_is_not_what_was_said(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "To loud applause, Governor Reyes called for a ban on bottom trawling. "
        "The harbour will close in May, the mayor said.",
    )
    assert cued(result, "called") == ["for a ban on bottom trawling"]
    assert cued(result, "said") == ["The harbour will close in May"]


def test_a_passive_speech_verb_without_agent(annotator: Annotator) -> None:
    result = annotate(annotator, "The leak was first reported in May. The mayor was never told.")
    assert cued(result, "reported") == ["The leak"]
    assert cued(result, "told") == []


def test_hearsay_adverbs_attribute_their_clause(annotator: Annotator) -> None:
    result = annotate(annotator, "The governor is reportedly considering a run for the Senate.")
    assert cued(result, "reportedly") == ["The governor is", "considering a run for the Senate."]


def test_speaking_is_about_its_topic(annotator: Annotator) -> None:
    result = annotate(
        annotator,
        "The minister spoke about the fishing quotas. The mayor talked to reporters at the pier.",
    )
    assert cued(result, "spoke") == ["about the fishing quotas"]
    assert cued(result, "talked") == []
