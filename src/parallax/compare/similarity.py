"""How close two statements are: one score, the probability that they report the same
thing, read by alignment, conflicts and findings alike.

A pair classifier in the manner of the paraphrase literature (Madnani et al. 2012;
BERTScore, Zhang et al. 2020): logistic weights over the all-MiniLM-L6-v2 sentence
cosine, a greedy alignment of the two sentences' contextual word pieces, the wordllama
cosine, shared content words, word bigrams and character 4-grams, shared canonical
entities, and the cues that two close sentences still report different things (other
actors, other amounts of the same thing). ``bench/fit_align.py`` fits the weights by k-fold
cross-validation on the dev data. A cheap score without the transformer picks the pairs
worth encoding; pairs it leaves out keep it.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy import sparse

from parallax.compare.claims import Statement
from parallax.compare.settings import CompareSettings
from parallax.compare.text import content_keys, normalise
from parallax.embed import MINILM_DIM, embed, encoded

FEATURES = (
    "bias",
    "minilm",
    "pieces_f1",
    "pieces_min",
    "wordllama",
    "shared_of_shorter",
    "shared_of_longer",
    "bigrams",
    "chars",
    "clause_words",
    "entities",
    "other_actor",
    "other_amount",
)
"""Per pair of statements: all-MiniLM-L6-v2 cosine of their sentences; the F1 and the
lower of precision and recall of their word pieces' greedy alignment (each piece's best
cosine in the other sentence, averaged); wordllama cosine; shared content words over the
shorter and over the longer sentence's; Jaccard of word bigrams, of character 4-grams,
of the clauses' content words and of their entities; whether their subjects name
different actors, and whether they give other amounts of the same kind of thing. (A
negation, or the gap in length, added nothing in cross-validation: a negation is a
conflict, found beside the alignment.)"""
TRANSFORMER = frozenset({1, 2, 3})
"""The columns the transformer gives (NaN where a pair was not encoded)."""
WEIGHTS = np.array(
    [-4.26, 2.56, 0.82, 0.71, 1.17, 0.41, 0.08, 0.1, 1.37, 0.38, -0.32, -0.14, -1.58]
)
"""Logistic weights of ``FEATURES`` (bench/fit_align.py)."""
CHEAP_WEIGHTS = np.array(
    [-3.43, 0.0, 0.0, 0.0, 2.87, 0.96, 0.65, 0.2, 1.63, 0.57, -0.33, -0.16, -1.59]
)
"""The same without the transformer columns: it picks the pairs worth encoding."""
PRESELECT = 0.05
"""Cheap score under which a pair is taken as unrelated without running the transformer
(~12 ms CPU per sentence; most pairs of a story are unrelated)."""


@dataclass(frozen=True)
class Similarity:
    """Pairwise scores of all statements of a story (symmetric matrices): ``score`` is the
    probability that two statements report the same thing; ``lexical`` the Jaccard of
    their clauses' content words."""

    score: np.ndarray
    lexical: np.ndarray


def similarity(statements: Sequence[Statement], settings: CompareSettings) -> Similarity:
    stacked = features(statements, budget=settings.transformer_budget)
    return Similarity(score=score_of(stacked), lexical=stacked[..., FEATURES.index("clause_words")])


def score_of(stacked: np.ndarray) -> np.ndarray:
    """The score of each pair: the full model where the transformer ran, else the cheap
    one (capped at ``PRESELECT``, under which it was left out); 1 on the diagonal."""
    encoded_pair = ~np.isnan(stacked[..., 1])
    values = np.nan_to_num(stacked)
    full = _logistic(values @ WEIGHTS)
    cheap = np.minimum(_logistic(values @ CHEAP_WEIGHTS), PRESELECT)
    score = np.where(encoded_pair, full, cheap)
    if score.size:
        np.fill_diagonal(score, 1.0)
    return score


def features(
    statements: Sequence[Statement], preselect: float = PRESELECT, budget: int | None = None
) -> np.ndarray:
    """The pairwise features, ``FEATURES`` along the last axis (n x n x k); the transformer
    columns are NaN where the cheap score left the pair out, or the pair's sentences were
    beyond the ``budget`` of sentences encoded (the same ones whatever is cached, so a
    story shown again gets the same comparison)."""
    n = len(statements)
    texts = list(dict.fromkeys(s.sentence.text for s in statements))
    row = np.array([texts.index(s.sentence.text) for s in statements], dtype=int)
    pick = np.ix_(row, row)
    stacked = np.zeros((n, n, len(FEATURES)), dtype=np.float32)
    column = {name: k for k, name in enumerate(FEATURES)}
    for name, values in _sentence_features(texts).items():
        stacked[..., column[name]] = values[pick]
    stacked[..., 0] = 1.0
    stacked[..., column["clause_words"]] = _jaccard([s.keys for s in statements])
    stacked[..., column["entities"]] = _jaccard([s.entities for s in statements])
    stacked[..., column["other_actor"]] = _differ([s.actors for s in statements])
    stacked[..., column["other_amount"]] = _other_amounts(statements)
    same = row[:, None] == row[None, :]
    cheap = np.where(same, 0.0, _logistic(stacked @ CHEAP_WEIGHTS))
    wanted = cheap >= preselect
    priority = np.zeros(len(texts))
    np.maximum.at(priority, row, np.where(wanted, cheap, 0.0).max(axis=1, initial=0.0))
    chosen = [int(r) for r in np.argsort(-priority, kind="stable") if priority[r] > 0]
    chosen = chosen if budget is None else chosen[:budget]
    is_chosen = np.zeros(len(texts), dtype=bool)
    is_chosen[chosen] = True
    wanted &= is_chosen[row][:, None] & is_chosen[row][None, :]
    for k in TRANSFORMER:
        stacked[..., k] = np.where(same, 1.0, np.nan)
    if chosen:
        text_wanted = np.zeros((len(texts), len(texts)), dtype=bool)
        text_wanted[row[:, None], row[None, :]] = wanted
        for name, values in _transformer_features(texts, chosen, text_wanted).items():
            k = column[name]
            stacked[..., k] = np.where(wanted, values[pick], stacked[..., k])
    return stacked


def _sentence_features(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """The cheap features of every two sentences (m x m each)."""
    vectors = embed(texts)
    words = [normalise(t).split() for t in texts]
    shared, sizes = _overlap([content_keys(t) for t in texts])
    shorter = np.minimum(sizes[:, None], sizes[None, :])
    longer = np.maximum(sizes[:, None], sizes[None, :])
    return {
        "wordllama": vectors @ vectors.T,
        "shared_of_shorter": _ratio(shared, shorter),
        "shared_of_longer": _ratio(shared, longer),
        "bigrams": _jaccard([set(pairwise(w)) for w in words]),
        "chars": _jaccard([_char_grams(" ".join(w)) for w in words]),
    }


def _char_grams(text: str, size: int = 4) -> set[str]:
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def _transformer_features(
    texts: Sequence[str], chosen: Sequence[int], wanted: np.ndarray
) -> dict[str, np.ndarray]:
    """MiniLM cosine and word-piece alignment of the wanted pairs of chosen sentences."""
    m = len(texts)
    outputs = dict(zip(chosen, encoded([texts[r] for r in chosen]), strict=True))
    vectors = np.zeros((m, MINILM_DIM), dtype=np.float32)
    for r, out in outputs.items():
        vectors[r] = out.vector
    precision = np.zeros((m, m), dtype=np.float32)
    for i in chosen:
        partners = [j for j in np.flatnonzero(wanted[i]) if j > i and j in outputs]
        partners = [j for j in partners if len(outputs[j].pieces)]
        mine = outputs[i].pieces.astype(np.float32)
        if not partners or not len(mine):
            continue
        theirs = [outputs[j].pieces.astype(np.float32) for j in partners]
        starts = np.cumsum([0] + [len(t) for t in theirs[:-1]])
        cosine = mine @ np.vstack(theirs).T
        precision[i, partners] = np.maximum.reduceat(cosine, starts, axis=1).mean(axis=0)
        best_back = cosine.max(axis=0)
        precision[partners, i] = np.add.reduceat(best_back, starts) / [len(t) for t in theirs]
    recall = precision.T
    total = precision + recall
    return {
        "minilm": vectors @ vectors.T,
        "pieces_f1": _ratio(2 * precision * recall, total),
        "pieces_min": np.minimum(precision, recall),
    }


def _logistic(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits))


def _differ(sets: Sequence[AbstractSet[object]]) -> np.ndarray:
    """True where both sets are given and share nothing: both subjects name someone and
    nobody in common (Zelensky flies vs Putin stays away)."""
    given = np.array([bool(s) for s in sets], dtype=bool)
    different = given[:, None] & given[None, :] & (_jaccard(sets) == 0)
    np.fill_diagonal(different, False)
    return different


def _other_amounts(statements: Sequence[Statement]) -> np.ndarray:
    """True where both count the same kind of thing and agree on none of its amounts
    ('killed 14 people' vs 'killed 40 people'); a '30-day truce' beside '3,000 people' is
    no disagreement."""
    units, _ = _overlap([{n.unit for n in s.numbers} for s in statements])
    amounts, _ = _overlap([{(n.unit, n.value) for n in s.numbers} for s in statements])
    different = (units > 0) & (amounts == 0)
    np.fill_diagonal(different, False)
    return different


def _overlap(sets: Sequence[AbstractSet[object]]) -> tuple[np.ndarray, np.ndarray]:
    """Items every two sets share, and each set's size."""
    vocabulary: dict[object, int] = {}
    columns = [vocabulary.setdefault(x, len(vocabulary)) for items in sets for x in items]
    rows = np.repeat(np.arange(len(sets)), [len(items) for items in sets])
    incidence = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), (rows, columns)),
        shape=(len(sets), max(1, len(vocabulary))),
    )
    shared = (incidence @ incidence.T).toarray()
    return shared, np.asarray(incidence.sum(axis=1), dtype=np.float32).ravel()


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    return np.divide(top, bottom, out=np.zeros_like(top, dtype=np.float32), where=bottom > 0)


def _jaccard(sets: Sequence[AbstractSet[object]]) -> np.ndarray:
    """Pairwise Jaccard of all sets at once (the diagonal is left at zero)."""
    shared, sizes = _overlap(sets)
    result = _ratio(shared, sizes[:, None] + sizes[None, :] - shared)
    np.fill_diagonal(result, 0.0)
    return result
