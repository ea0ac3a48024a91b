"""Speakers named by a role or a pronoun resolve to the person introduced earlier."""

from __future__ import annotations

from spacy.lang.en import English
from spacy.tokens import Doc

from parallax.annotate import Annotator
from parallax.annotate.sources import implicit_subject
from parallax.models import Article


def speakers(annotator: Annotator, body: str) -> dict[str, str | None]:
    result = annotator.annotate([Article(doc_id="t", outlet="test", body=body)])[0]
    return {q.text: q.speaker_id for q in result.quotes}


def speaker_of(annotator: Annotator, body: str, opening: str) -> str | None:
    """The speaker id of the quote that starts with ``opening``."""
    found = speakers(annotator, body)
    return found[next(text for text in found if text.startswith(opening))]


def test_role_introduced_before_the_name(annotator: Annotator) -> None:
    body = (
        "Harbour authority spokesman Erik Lund confirmed the closure on Monday.\n\n"
        "“Ships will wait outside the port for at least two days,” the harbour authority spokesman said."
    )
    assert speaker_of(annotator, body, "Ships will wait") == "PERSON:erik-lund"


def test_role_picks_the_person_with_matching_modifiers(annotator: Annotator) -> None:
    body = (
        "Chilean President Marta Rojas met Peruvian President Luis Vega in Lima.\n\n"
        "“Our border will stay open for trade and for families,” the Chilean president said."
    )
    assert speaker_of(annotator, body, "Our border") == "PERSON:marta-rojas"


def test_a_possessor_is_not_the_speaker(annotator: Annotator) -> None:
    """ "Reid's rep told Us": the representative speaks, not Reid."""
    body = (
        "Tara Reid has entered a rehab program, the actress confirmed last year.\n\n"
        "“Tara Reid has checked herself into Promises Treatment Center,” Reid's rep told Us."
    )
    assert speaker_of(annotator, body, "Tara Reid has checked") != "PERSON:tara-reid"


def test_pronoun_takes_the_most_recent_speaker(annotator: Annotator) -> None:
    body = (
        "“The harvest is the worst in ten years,” farmer Jonas Meyer said.\n\n"
        "“We will ask the government for help with the seed for next spring,” he added."
    )
    assert speaker_of(annotator, body, "We will ask") == "PERSON:jonas-meyer"


def test_office_resolves_to_the_holder_the_article_names(annotator: Annotator) -> None:
    body = (
        "Trump backed calls for a ceasefire.\n\n"
        "U.S. president has said he is “always considering” new sanctions against Russia."
    )
    found = speakers(annotator, body)
    assert found["always considering"] == "PERSON:donald-trump"


def test_it_takes_the_most_recent_organisation(annotator: Annotator) -> None:
    body = (
        "The World Bank said that growth would slow across the region this year. "
        "It added that food prices would keep rising until the harvest."
    )
    found = speakers(annotator, body)
    quote = next(text for text in found if "food prices" in text)
    assert found[quote] == "ORG:world-bank"


def test_she_skips_a_more_recent_man(annotator: Annotator) -> None:
    body = (
        "Senator Ingrid Holm said her committee would reopen the inquiry.\n\n"
        "“The committee has done its work,” Governor Paul Ames said of his own review.\n\n"
        "“We owe the families a full answer, and they will get one,” she said."
    )
    assert speaker_of(annotator, body, "We owe the families") == "PERSON:ingrid-holm"


def speaker_phrases(annotator: Annotator, body: str) -> dict[str, str | None]:
    result = annotator.annotate([Article(doc_id="t", outlet="test", body=body)])[0]
    return {q.text: q.speaker.text if q.speaker else None for q in result.quotes}


def test_participle_speaks_for_the_noun_it_modifies(annotator: Annotator) -> None:
    body = "A coalition of farm groups backing Senator Maria Olsen raised more money in May."
    assert speaker_phrases(annotator, body)["Senator Maria Olsen"] == "farm groups"


def test_adverbial_participle_takes_the_clause_subject_even_when_passive(
    annotator: Annotator,
) -> None:
    body = (
        "The miners' union was fined last year after accusing the mine owners "
        "of hiding safety reports."
    )
    found = speaker_phrases(annotator, body)
    quote = next(text for text in found if text.startswith("the mine owners"))
    assert found[quote] == "The miners' union"


def test_likely_to_say_takes_the_subject_of_likely(annotator: Annotator) -> None:
    body = "Fishermen in the northern ports were more likely to say that the quota system had failed them."
    found = speaker_phrases(annotator, body)
    quote = next(text for text in found if "quota system" in text)
    assert found[quote] == "Fishermen"


def test_speaker_after_the_cue_that_follows_a_quote(annotator: Annotator) -> None:
    body = "“The bridge will reopen in June,” added a senior engineer at the city works department."
    assert speaker_phrases(annotator, body)["The bridge will reopen in June"] == "a senior engineer"


def test_name_the_parser_hung_on_the_phrase_before_the_verb() -> None:
    """A parse seen on news text: the name is an apposition of "plea", "said" has no subject."""
    words = [
        "After",
        "his",
        "plea",
        ",",
        "Karl",
        "Ostrow",
        ",",
        "52",
        ",",
        "said",
        "that",
        "he",
        "lied",
    ]
    heads = [9, 2, 0, 2, 5, 2, 5, 5, 5, 9, 12, 12, 9]
    deps = ["prep", "poss", "pobj", "punct", "compound", "appos", "punct", "appos", "punct"]
    deps += ["ROOT", "mark", "nsubj", "ccomp"]
    tags = ["IN", "PRP$", "NN", ",", "NNP", "NNP", ",", "CD", ",", "VBD", "IN", "PRP", "VBD"]
    doc = Doc(English().vocab, words=words, heads=heads, deps=deps, tags=tags)
    subject = implicit_subject(doc[9])
    assert subject is not None and subject.text == "Ostrow"


def test_a_word_of_the_quote_is_never_its_speaker(annotator: Annotator) -> None:
    inverted = '"Nonsense," wrote a farmer who runs a popular blog about the harvest.'
    assert speaker_phrases(annotator, inverted)["Nonsense"] == "a farmer"
    body = "“Happy harvest festival to every farmer!,” he tweeted."
    assert speaker_phrases(annotator, body)["Happy harvest festival to every farmer!"] == "he"


def test_a_document_speaks_for_whoever_issued_it(annotator: Annotator) -> None:
    body = "The farmers' union issued a statement saying that the new quota would ruin small farms."
    found = speaker_phrases(annotator, body)
    assert found["that the new quota would ruin small farms."] == "The farmers' union"
    column = "Mayor Ida Lind wrote in a column arguing that the port should stay public."
    assert speakers(annotator, column)["that the port should stay public."] == "PERSON:ida-lind"


def test_a_cue_in_the_next_paragraph_does_not_take_a_quote(annotator: Annotator) -> None:
    """The parser can run a sentence across a paragraph break; the quote continues
    the voice before it instead of taking the next paragraph's speaker."""
    body = (
        "Harbour master Nina Vik spoke to reporters on Monday.\n\n"
        "“We have lost three ferries this winter,” she said. “There is a reason for that. "
        "Nobody maintained the engines.”\n\n"
        "Turning to the budget, the mayor said the council would pay for repairs."
    )
    assert speaker_of(annotator, body, "There is a reason") == "PERSON:nina-vik"


def test_a_colon_at_the_end_of_a_paragraph_introduces_the_next(annotator: Annotator) -> None:
    body = (
        "Mayor Ida Lind went further on Thursday morning, tweeting:\n\n"
        "“Councillor Per Dahl, who spent two years blocking the ferry budget, should resign today!”"
    )
    assert speaker_of(annotator, body, "Councillor Per Dahl") == "PERSON:ida-lind"


def test_the_verb_governing_a_quote_names_who_utters_it(annotator: Annotator) -> None:
    body = 'Former mayor Jon Berg welcomed "the first honest budget this town has seen in years."'
    assert speaker_of(annotator, body, "the first honest budget") == "PERSON:jon-berg"


def test_someone_seen_doing_something_is_its_source(annotator: Annotator) -> None:
    found = speaker_phrases(
        annotator, "The minister seemed to admit that the ferry budget had failed."
    )
    assert found["to admit that the ferry budget had failed"] == "The minister"
    merely = speaker_phrases(annotator, "The old bridge appears to be safe for heavy trucks.")
    assert merely["to be safe for heavy trucks"] is None  # the writer's view


def test_a_claim_belongs_to_whoever_delivers_it_not_to_whoever_rejects_it(
    annotator: Annotator,
) -> None:
    delivered = speaker_phrases(
        annotator, "The dockworkers' union answered with criticism of the new port rules."
    )
    assert delivered["the new port rules"] == "The dockworkers' union"
    rejected = speaker_phrases(
        annotator,
        "Councillor Per Dahl dismissed the claim that the ferry contract had been rigged.",
    )
    assert rejected["that the ferry contract had been rigged"] is None


def test_whoever_an_event_leads_to_speak_is_the_speaker(annotator: Annotator) -> None:
    body = "The sudden closure led several fishermen to complain that the port had been mismanaged."
    assert speaker_phrases(annotator, body)["that the port had been mismanaged."] == (
        "several fishermen"
    )


def test_a_role_speaker_phrase_keeps_the_name_in_apposition(annotator: Annotator) -> None:
    body = "One harbour pilot, Lars Eng, said that the channel was too shallow for the new ferries."
    result = annotator.annotate([Article(doc_id="t", outlet="test", body=body)])[0]
    quote = next(q for q in result.quotes if "channel" in q.text)
    assert quote.speaker is not None and quote.speaker.text == "One harbour pilot, Lars Eng"
    assert quote.speaker_id == "PERSON:lars-eng"


def test_a_dateline_is_no_part_of_the_speaker(annotator: Annotator) -> None:
    body = (
        "BERGEN, Norway - Harbour master Nina Vik on Monday warned that the old ferry "
        "terminal would close for the winter."
    )
    result = annotator.annotate([Article(doc_id="t", outlet="test", body=body)])[0]
    quote = next(q for q in result.quotes if "ferry terminal" in q.text)
    assert quote.speaker is not None and quote.speaker.text == "Harbour master Nina Vik"


def test_a_signature_line_ending_in_a_no_break_space_still_signs(annotator: Annotator) -> None:
    body = (
        "“The ferry must keep running through the winter, whatever it costs.”\u00a0― Nina Vik\u00a0\n"
        "“We were never asked about the new timetable, not once, by anyone.”\u00a0― Per Dahl\u00a0\n"
    )
    found = speaker_phrases(annotator, body)
    quote = next(text for text in found if text.startswith("We were never asked"))
    assert found[quote] == "Per Dahl"


def test_a_cue_the_tagger_misread_still_names_its_speaker(annotator: Annotator) -> None:
    said = speaker_phrases(
        annotator, "Said Ellis: “I do not think the council has read the report.”"
    )
    assert said["I do not think the council has read the report."] in {"Ellis", "Said Ellis"}
    charges = speaker_phrases(
        annotator, "Dahl charges that the council hid the true cost of the ferry contract."
    )
    quote = next(text for text in charges if "true cost" in text)
    assert charges[quote] == "Dahl"


def test_the_name_after_a_cue_the_parser_hung_elsewhere() -> None:
    """A parse seen on news text: "Berg" is the subject of a later verb, not of "said"."""
    words = ['"', "Fine", ",", '"', "said", "Tom", "Berg", ",", "who", "heads", "the", "union"]
    heads = [1, 4, 4, 4, 4, 6, 9, 6, 9, 4, 11, 9]
    deps = ["punct", "ccomp", "punct", "punct", "ROOT", "compound", "nsubj", "punct", "nsubj"]
    deps += ["ccomp", "det", "dobj"]
    tags = ["``", "JJ", ",", "''", "VBD", "NNP", "NNP", ",", "WP", "VBZ", "DT", "NN"]
    doc = Doc(English().vocab, words=words, heads=heads, deps=deps, tags=tags)
    subject = implicit_subject(doc[4])
    assert subject is not None and subject.text == "Berg"


def test_the_agent_of_a_passive_cue_hung_on_a_later_phrase() -> None:
    words = ["Lind", "was", "attacked", "on", "the", "budget", "by", "Dahl"]
    heads = [2, 2, 2, 2, 5, 3, 5, 6]
    deps = ["nsubjpass", "auxpass", "ROOT", "prep", "det", "pobj", "prep", "pobj"]
    tags = ["NNP", "VBD", "VBN", "IN", "DT", "NN", "IN", "NNP"]
    doc = Doc(English().vocab, words=words, heads=heads, deps=deps, tags=tags)
    subject = implicit_subject(doc[2])
    assert subject is not None and subject.text == "Dahl"


def test_a_claim_inside_the_attribution_does_not_take_over_the_voice(
    annotator: Annotator,
) -> None:
    body = (
        "“It is garbage, complete and utter nonsense,” Mayor Ida Lind said about the newspaper "
        "report alleging that she had lied. “It is a smear, and it came straight from my rivals.”"
    )
    found = speakers(annotator, body)
    assert found["It is a smear, and it came straight from my rivals."] == "PERSON:ida-lind"


def test_the_passive_subject_of_heard_does_the_telling(annotator: Annotator) -> None:
    body = "Harbour master Nina Vik can be heard telling the crew that the engine had failed."
    assert speakers(annotator, body)["that the engine had failed."] == "PERSON:nina-vik"


def test_a_named_report_speaks_for_its_publisher(annotator: Annotator) -> None:
    body = "The mayor cited a Harbour Gazette report that the ferry contract had been rigged."
    found = speaker_phrases(annotator, body)
    assert found["that the ferry contract had been rigged"] == "Harbour Gazette"


def test_the_speaker_phrase_stops_at_the_closing_quote_mark(annotator: Annotator) -> None:
    """The parser hangs the quote on the speaker's noun phrase here."""
    body = "“The ferry will run again in May,” harbour master Nina Vik said."
    assert speaker_phrases(annotator, body)["The ferry will run again in May"] == (
        "harbour master Nina Vik"
    )


def test_pronoun_takes_the_subject_of_its_own_sentence_over_an_earlier_speaker(
    annotator: Annotator,
) -> None:
    body = (
        "Senator Paul Ward has accused the port of “asking for too much” in the talks.\n\n"
        "Mayor Anna Berg has presented herself as flexible after she struck a deal, "
        "therefore she backed the call for a ceasefire. "
        "Governor Tom Hale said he would wait."
    )
    found = speakers(annotator, body)
    backed = next(text for text in found if text.startswith("the call"))
    assert found[backed] == "PERSON:anna-berg"
