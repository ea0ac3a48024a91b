"""The defining case: the two seed reports compared through ``parallax compare``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from finding_checks import findings_listed_twice
from parallax.clean import clean
from parallax.cli import app
from parallax.ingest import read_paths
from parallax.models import Comparison, Evidence, RawDocument
from parallax.render import render

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS}")

RT, NEWS = "000_af183c27f94023d1", "002_425911a322455471"


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    result = CliRunner().invoke(app, ["compare", *map(str, sorted(SEEDS.iterdir())), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return Comparison.model_validate_json(result.stdout)


@pytest.fixture(scope="module")
def bodies() -> dict[str, str]:
    return {raw.id: clean(raw).body for raw in read_paths([SEEDS]) if isinstance(raw, RawDocument)}


def evidence_of(comparison: Comparison, kind: str, outlets: list[str]) -> list[str]:
    return [
        e.sentence.text
        for f in comparison.findings
        if f.kind == kind and f.outlets == outlets
        for e in f.evidence
    ]


def test_unknown_outlets_are_two_outlets_named_by_file(comparison: Comparison) -> None:
    assert [o.outlet for o in comparison.outlets] == [RT, NEWS]


def test_agreed_putin_will_not_attend_said_by_peskov(comparison: Comparison) -> None:
    agreed = [f for f in comparison.findings if f.kind == "agreed"]
    core = [
        f
        for f in agreed
        if any("no chance" in e.sentence.text and "Peskov" in e.sentence.text for e in f.evidence)
    ]
    assert len(core) == 1
    finding = core[0]
    assert finding.outlets == [RT, NEWS]
    second = " ".join(e.sentence.text for e in finding.evidence if e.outlet == NEWS)
    assert "Peskov" in second and "Putin" in second
    assert "Thursday" in second and "Turkey" in second
    assert any("Peskov" in line and f"({RT}, {NEWS})" in line for line in comparison.brief)


@pytest.mark.parametrize(
    ("outlet", "phrase"),
    [
        (RT, "if something happened"),
        (RT, "draft treaty"),
        (RT, "semi-fuhrer"),
        (NEWS, "landed Thursday in Ankara"),
        (NEWS, "Medinsky"),
        (NEWS, "asking for too much"),
        (NEWS, "secondary sanctions on the buyers of Russian oil"),
    ],
)
def test_single_source(comparison: Comparison, outlet: str, phrase: str) -> None:
    assert any(phrase in s for s in evidence_of(comparison, "single-source", [outlet]))
    other = RT if outlet == NEWS else NEWS
    assert not any(phrase in s for s in evidence_of(comparison, "single-source", [other]))


def test_no_conflict_is_invented(comparison: Comparison) -> None:
    assert [f for f in comparison.findings if f.kind == "conflict"] == []


def test_kiev_is_named_by_one_outlet_only(comparison: Comparison) -> None:
    kiev = [n for n in comparison.naming if any("Kiev" in f for f in n.forms.get(RT, []))]
    assert kiev
    assert all(NEWS not in n.forms for n in kiev)


def test_naming_shows_spelling_differences(comparison: Comparison) -> None:
    def forms(word: str) -> list[dict[str, list[str]]]:
        return [
            n.forms for n in comparison.naming if any(word in " ".join(f) for f in n.forms.values())
        ]

    merged = [f for f in forms("Zelensky") if RT in f and NEWS in f]
    if not merged:
        pytest.skip("annotate does not yet give Zelensky and Zelenskyy one canonical entity")
    for word_rt, word_news in [
        ("Zelensky", "Zelenskyy"),
        ("Sergey", "Sergei"),
        ("Türkiye", "Turkey"),
    ]:
        rows = [f for f in forms(word_rt) if RT in f and NEWS in f]
        assert rows, word_rt
        assert any(word_news in " ".join(r[NEWS]) for r in rows)
        differing = [n for n in comparison.naming if n.forms in rows]
        assert all(n.differs for n in differing)


def test_voices_per_outlet(comparison: Comparison) -> None:
    heard = {(v.outlet, v.speaker) for v in comparison.voices}
    assert any(o == RT and "Peskov" in s for o, s in heard)
    assert any(o == RT and "Lavrov" in s for o, s in heard)
    assert any(o == NEWS and "Zakharova" in s for o, s in heard)
    assert all(v.quotes >= 1 and v.words >= 1 for v in comparison.voices)
    zakharova = [v for v in comparison.voices if "Zakharova" in v.speaker]
    assert all(v.only_here for v in zakharova)


def test_semi_fuhrer_is_loaded_and_quoted(comparison: Comparison) -> None:
    hits = [t for t in comparison.loaded if "fuhrer" in t.text]
    assert hits and all(t.quoted and t.outlet == RT for t in hits)


def test_every_evidence_sentence_is_verbatim_in_its_article(
    comparison: Comparison, bodies: dict[str, str]
) -> None:
    evidence: list[Evidence] = [e for f in comparison.findings for e in f.evidence]
    evidence += [e for v in comparison.voices for e in v.evidence]
    evidence += [t.evidence for t in comparison.loaded] + [t.evidence for t in comparison.timeline]
    assert evidence
    for e in evidence:
        span = e.sentence
        assert bodies[e.doc_id][span.start : span.end] == span.text
    for finding in comparison.findings:
        assert finding.evidence
        assert {e.outlet for e in finding.evidence} == set(finding.outlets)


def test_every_format_renders(comparison: Comparison, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    files = list(map(str, sorted(SEEDS.iterdir())))
    result = CliRunner().invoke(app, ["compare", *files, "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "semi-fuhrer" in out.read_text(encoding="utf-8")
    for fmt in ("text", "md"):
        assert "semi-fuhrer" in render(comparison, fmt)


def test_voices_are_people_organisations_and_governments(comparison: Comparison) -> None:
    heard = {v.speaker.lower() for v in comparison.voices}
    assert not heard & {"which", "a lasting peace", "oval office", "his historic oval office"}
    assert all(v.speaker_id or v.speaker == "officials" for v in comparison.voices)


def test_zelenskyy_backing_trumps_calls_is_his_not_vances(comparison: Comparison) -> None:
    def speakers_of(phrase: str) -> set[str | None]:
        return {
            v.speaker_id
            for v in comparison.voices
            if any(phrase in e.sentence.text for e in v.evidence)
        }

    assert speakers_of("backed Trump’s calls") == {"PERSON:vladimir-zelensky"}
    vance = [v for v in comparison.voices if v.speaker_id == "PERSON:jd-vance"]
    assert ["asking for too much" in e.sentence.text for v in vance for e in v.evidence] == [True]


def test_one_voice_per_person_across_outlets(comparison: Comparison) -> None:
    peskov = {v.outlet: v for v in comparison.voices if "Peskov" in v.speaker}
    assert set(peskov) == {RT, NEWS}
    assert {v.speaker_id for v in peskov.values()} == {"PERSON:dmitry-peskov"}
    assert not any(v.only_here for v in peskov.values())


def test_a_visit_mulled_on_friday_is_the_next_day(comparison: Comparison) -> None:
    mulled = [t for t in comparison.timeline if "mulled going" in t.text]
    assert [(t.start, t.reference) for t in mulled] == [(date(2025, 5, 16), "article")]


def test_the_undated_article_takes_the_storys_day_and_says_so(comparison: Comparison) -> None:
    news = [t for t in comparison.timeline if t.evidence.outlet == NEWS]
    assert news and all(t.reference == "story" for t in news)
    assert all("taken from the story" in t.text for t in news)
    landed = [t.start for t in news if "landed Thursday" in t.text and "Thursday" in t.text]
    assert date(2025, 5, 15) in landed
    assert date(2025, 5, 11) in landed  # "talks Sunday", told in the past


def test_us_and_u_s_are_one_spelling(comparison: Comparison) -> None:
    us = [n for n in comparison.naming if n.entity_id == "GPE:united-states"]
    assert us and us[0].forms[RT] == ["US"] and us[0].forms[NEWS] == ["U.S."]
    assert not us[0].differs


def test_the_denied_visit_is_shown_denied_not_as_a_bare_fact(comparison: Comparison) -> None:
    shown = [
        f
        for f in comparison.findings
        if any("plans for a presidential visit" in e.sentence.text for e in f.evidence)
    ]
    assert shown
    for finding in shown:
        assert "denied" in finding.statement and "Peskov" in finding.statement
        assert finding.statement != "there are plans for a presidential visit"


def test_no_finding_is_listed_twice(comparison: Comparison) -> None:
    assert findings_listed_twice(comparison) == []
