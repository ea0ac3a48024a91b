"""Naming, voices and loaded language on annotations written here, so that canonical
ids and quotes are known exactly."""

from __future__ import annotations

from datetime import date

from parallax.compare import compare_story
from parallax.compare.loaded import detect
from parallax.models import Annotations, Article, DateMention, Entity, Mention, Quote, Span


def _mention(body: str, text: str, entity_id: str, label: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Mention(start=start, end=start + len(text), text=text, entity_id=entity_id, label=label)


def _sentences(body: str) -> list[Span]:
    spans, start = [], 0
    for part in body.split(". "):
        end = start + len(part) + (1 if start + len(part) < len(body) else 0)
        spans.append(Span(start=start, end=end, text=body[start:end]))
        start = end + 1
    return spans


ZEL = "PERSON:volodymyr-zelensky"
TUR = "GPE:turkey"
KYIV = "GPE:kyiv"
BODY_A = (
    "Vladimir Zelensky flew to Türkiye on Thursday. "
    "“We will see who comes,” Zelensky said in Kiev. "
    "The talks opened in the city on Thursday."
)
BODY_B = (
    "Volodymyr Zelenskyy flew to Turkey on Thursday. "
    "“We are ready for serious work,” said Maria Zakharova. "
    "The talks opened in the city on Thursday."
)


def _story() -> list[tuple[Article, Annotations, None]]:
    docs = []
    for doc_id, outlet, body, names in [
        (
            "a",
            "a.example",
            BODY_A,
            [
                ("Vladimir Zelensky", ZEL, "PERSON"),
                ("Türkiye", TUR, "GPE"),
                ("Zelensky", ZEL, "PERSON"),
                ("Kiev", KYIV, "GPE"),
            ],
        ),
        (
            "b",
            "b.example",
            BODY_B,
            [
                ("Volodymyr Zelenskyy", ZEL, "PERSON"),
                ("Turkey", TUR, "GPE"),
                ("Maria Zakharova", "PERSON:maria-zakharova", "PERSON"),
            ],
        ),
    ]:
        mentions = [_mention(body, text, eid, label) for text, eid, label in names]
        quote_text = "We will see who comes," if doc_id == "a" else "We are ready for serious work,"
        q_start = body.index(quote_text)
        speaker = mentions[2]
        quotes = [
            Quote(
                start=q_start,
                end=q_start + len(quote_text),
                text=quote_text,
                kind="direct",
                speaker=Span(start=speaker.start, end=speaker.end, text=speaker.text),
                speaker_id=speaker.entity_id,
            )
        ]
        thursday = body.index("Thursday")
        dates = [
            DateMention(
                start=thursday,
                end=thursday + 8,
                text="Thursday",
                value_start=date(2025, 5, 15),
                value_end=date(2025, 5, 15),
            )
        ]
        entities = [Entity(id=m.entity_id, name=m.text, label=m.label) for m in mentions]
        article = Article(doc_id=doc_id, outlet=outlet, body=body)
        annotations = Annotations(
            doc_id=doc_id,
            sentences=_sentences(body),
            entities=list({e.id: e for e in entities}.values()),
            mentions=mentions,
            quotes=quotes,
            dates=dates,
        )
        docs.append((article, annotations, None))
    return docs


def test_naming_keeps_every_outlets_spelling(annotator) -> None:
    comparison = compare_story(_story(), nlp=annotator.nlp)
    by_id = {n.entity_id: n for n in comparison.naming}
    assert by_id[ZEL].forms == {
        "a.example": ["Vladimir Zelensky", "Zelensky"],
        "b.example": ["Volodymyr Zelenskyy"],
    }
    assert by_id[ZEL].differs
    assert by_id[TUR].forms == {"a.example": ["Türkiye"], "b.example": ["Turkey"]}
    assert by_id[TUR].differs
    assert by_id[KYIV].forms == {"a.example": ["Kiev"]}
    assert not by_id[KYIV].differs


def test_voices_count_quotes_per_outlet_and_mark_single_voices(annotator) -> None:
    comparison = compare_story(_story(), nlp=annotator.nlp)
    voices = {(v.outlet, v.speaker_id): v for v in comparison.voices}
    zelensky = voices[("a.example", ZEL)]
    assert zelensky.quotes == 1 and zelensky.words == 5 and zelensky.only_here
    assert zelensky.evidence[0].sentence.text.startswith("“We will see who comes,”")
    assert voices[("b.example", "PERSON:maria-zakharova")].only_here


def test_timeline_from_resolved_dates_and_the_rest_unknown(annotator) -> None:
    """The articles are undated and the story has no day: the second "Thursday" of each,
    left unresolved by annotate, is listed with its date unknown."""
    comparison = compare_story(_story(), nlp=annotator.nlp)
    dated = [t for t in comparison.timeline if t.reference == "article"]
    assert {t.start for t in dated} == {date(2025, 5, 15)}
    assert {t.evidence.outlet for t in dated} == {"a.example", "b.example"}
    unknown = [t for t in comparison.timeline if t.reference == "unknown"]
    assert [(t.start, t.evidence.sentence.text) for t in unknown] == [
        (None, "The talks opened in the city on Thursday.")
    ] * 2
    assert comparison.timeline[-2:] == unknown


def test_agreed_statement_is_in_the_brief_with_its_outlets(annotator) -> None:
    comparison = compare_story(_story(), nlp=annotator.nlp)
    agreed = [f for f in comparison.findings if f.kind == "agreed"]
    assert any("talks opened" in f.statement for f in agreed)
    assert any(
        "talks opened" in line and "a.example, b.example" in line for line in comparison.brief
    )


def test_loaded_words_in_the_outlets_own_voice_and_in_quotes() -> None:
    body = (
        "The crumbling dam burst after years of reckless neglect by the Solodkin regime. "
        "“They could find some new semi-fuhrer,” the minister said. "
        "The so-called ‘safety review’ found nothing."
    )
    hits = {h.text: h for h in detect(body, [])}
    assert hits["crumbling"].category == "loaded" and not hits["crumbling"].quoted
    assert hits["regime"].category == "label"
    assert hits["semi-fuhrer"].quoted and hits["semi-fuhrer"].category == "name-calling"
    assert hits["‘safety review’"].category == "scare-quote"
    assert not hits["‘safety review’"].quoted


def test_a_quoted_word_after_a_determiner_is_a_scare_quote() -> None:
    body = 'Critics mocked the "independent" bank. The minister called the plan "unworkable".'
    scare = [h.text for h in detect(body, []) if h.category == "scare-quote"]
    assert scare == ['"independent"']


def test_speech_and_titles_in_quotes_are_not_scare_quotes() -> None:
    body = (
        "Police recovered “Winter Harbour at Kessing,” the museum said. "
        "He said the plan was “unworkable” and left. "
        "Talks were “ready for serious work,” she added."
    )
    assert [h for h in detect(body, []) if h.category == "scare-quote"] == []


def test_words_talked_about_are_not_scare_quotes() -> None:
    body = (
        "The ritual means ‘turning the bones’ in the local language. "
        "Readers clicked ‘like’ under the post. Stream it in ‘1080p’ tonight."
    )
    assert [h for h in detect(body, []) if h.category == "scare-quote"] == []


def test_hyphenated_epithets_are_loaded_whatever_their_first_half() -> None:
    body = "The power-hungry council and its gun-hating allies met a well-known mayor."
    hits = [(h.text, h.category) for h in detect(body, [])]
    assert hits == [("power-hungry", "loaded"), ("gun-hating", "loaded")]


def test_neutral_text_has_no_loaded_language() -> None:
    body = (
        "The central bank raised its key rate by half a percentage point to 7.25% on Thursday. "
        "The board voted 7–2, and the next decision is scheduled for May 14."
    )
    assert detect(body, []) == []


PLACE_BODY = (
    "Moscow has said that its agenda for the talks remains unchanged. "
    "Kiev later rejected the deal in favour of continuing the war. "
    "With Washington calling such contacts the next logical step, the talks went ahead."
)


def _reported(body: str, speaker: str, cue: str, content: str, entity_id: str) -> Quote:
    start = body.index(content)
    at = body.index(speaker)
    verb = body.index(cue)
    return Quote(
        start=start,
        end=start + len(content),
        text=content,
        kind="reported",
        speaker=Span(start=at, end=at + len(speaker), text=speaker),
        speaker_id=entity_id,
        cue=Span(start=verb, end=verb + len(cue), text=cue),
    )


def test_a_place_is_a_voice_only_as_the_subject_of_a_speech_verb(annotator) -> None:
    """Quotes as a metonymy-blind annotator gives them: a capital 'rejecting a deal' or
    'calling' something is not heard; a capital that 'has said that ...' is, as its
    government."""
    body = PLACE_BODY
    places = [("Moscow", "GPE:moscow"), ("Kiev", KYIV), ("Washington", "GPE:washington")]
    annotations = Annotations(
        doc_id="p",
        sentences=_sentences(body),
        entities=[Entity(id=i, name=n, label="GPE") for n, i in places],
        mentions=[_mention(body, n, i, "GPE") for n, i in places],
        quotes=[
            _reported(
                body,
                "Moscow",
                "said",
                "that its agenda for the talks remains unchanged",
                places[0][1],
            ),
            _reported(body, "Kiev", "rejected", "the deal in favour of continuing the war", KYIV),
            _reported(
                body, "Washington", "calling", "such contacts the next logical step", places[2][1]
            ),
        ],
    )
    article = Article(doc_id="p", outlet="p.example", body=body)
    comparison = compare_story([(article, annotations, None)], nlp=annotator.nlp)
    assert [(v.speaker, v.speaker_id) for v in comparison.voices] == [
        ("Moscow (government)", "GPE:moscow")
    ]
