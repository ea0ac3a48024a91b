"""Alignment: statements that say the same thing, grouped across and within outlets.

Similarity is a logistic combination (weights fitted on the dev data by
``bench/fit_align.py``) of all-MiniLM-L6-v2 sentence vectors, wordllama clause
vectors, shared content words and shared canonical entities, lowered when the two
subjects name different actors or the numbers differ. Grouping is many-to-many (a
fact told in several sentences of one article links them all) and complete-link: a
statement joins a group only if it is close to every member, so groups never chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np

from parallax.compare.claims import Statement
from parallax.compare.settings import CompareSettings
from parallax.compare.text import content_keys
from parallax.embed import MINILM_DIM, embed, sentence_vectors

FEATURES = (
    "bias",
    "minilm",
    "wordllama",
    "lexical",
    "clause_lexical",
    "entity",
    "other_actor",
    "other_number",
    "containment",
    "length_ratio",
)
"""Per pair of statements: all-MiniLM-L6-v2 and wordllama cosine of their sentences,
Jaccard of the sentences' and of the clauses' content words, of their entities, whether
their subjects name different actors or their numbers differ, the share of the shorter
sentence's content words the other holds, and the ratio of their lengths."""
WEIGHTS = np.array([-8.0, 9.0, 1.5, 3.0, 1.5, 1.0, -1.0, -1.5, 0.0, 0.0])
"""Logistic weights of ``FEATURES``. bench/fit_align.py fits them on MSRP train + STS
headlines (1,500 pairs each): its fit and this MiniLM-led set score alike there
(cross-validated MSRP accuracy 0.729 vs 0.727 at each one's best threshold, STS
Spearman 0.799 vs 0.777; MiniLM cosine alone 0.785), but the fitted set leans on shared
words (lexical 5.7, MiniLM 3.4) and on long many-fact news sentences groups different
facts (the demo: 8 mixed groups, no core fact agreed, against 1 and 1 of 3 here), so
this set is kept; containment and length ratio are left at 0 until a fit that
holds on whole stories (ECB+) chooses them."""
CHEAP_WEIGHTS = np.array([-5.0, 0.0, 4.0, 4.0, 1.5, 1.0, -1.0, -1.5, 0.0, 0.0])
"""The same without the transformer: it picks the pairs worth encoding."""
PRESELECT = 0.05
"""Cheap score under which a pair is taken as unrelated without running the transformer
(the transformer costs ~30 ms CPU per sentence; most pairs of a story are unrelated)."""


@dataclass(frozen=True)
class Similarity:
    """Pairwise scores of all statements of a story (symmetric matrices): ``score`` is the
    probability that two statements report the same thing."""

    score: np.ndarray
    vector: np.ndarray
    lexical: np.ndarray


def features(
    statements: Sequence[Statement], preselect: float = PRESELECT, budget: int | None = None
) -> np.ndarray:
    """The pairwise features, ``FEATURES`` along the last axis (n x n x k); the transformer
    column is NaN where the cheap score left the pair out, or the pair's sentences were
    beyond the ``budget`` of sentences encoded (the same ones whatever is cached, so a
    story shown again gets the same comparison)."""
    n = len(statements)
    texts = list(dict.fromkeys(s.sentence.text for s in statements))
    row = np.array([texts.index(s.sentence.text) for s in statements], dtype=int)
    stacked = np.zeros((n, n, len(FEATURES)), dtype=np.float32)
    stacked[..., 0] = 1.0
    if n:
        cheap_vectors = embed(texts)
        stacked[..., 2] = (cheap_vectors @ cheap_vectors.T)[np.ix_(row, row)]
    shared, sizes = _overlap([content_keys(t) for t in texts])
    union = sizes[:, None] + sizes[None, :] - shared
    shorter = np.minimum(sizes[:, None], sizes[None, :])
    longer = np.maximum(sizes[:, None], sizes[None, :])
    pick = np.ix_(row, row)
    stacked[..., 3] = _ratio(shared, union)[pick]
    stacked[..., 8] = _ratio(shared, shorter)[pick]
    stacked[..., 9] = _ratio(shorter, longer)[pick]
    stacked[..., 4] = _jaccard_matrix([s.keys for s in statements])
    stacked[..., 5] = _jaccard_matrix([s.entities for s in statements])
    stacked[..., 6] = _different_actors(statements)
    stacked[..., 7] = _different_numbers(statements)
    same = row[:, None] == row[None, :]
    stacked[..., 3][same] = 1.0
    cheap = np.where(same, 0.0, _logistic(stacked @ CHEAP_WEIGHTS))
    wanted = cheap >= preselect
    priority = np.zeros(len(texts))
    np.maximum.at(priority, row, np.where(wanted, cheap, 0.0).max(axis=1, initial=0.0))
    chosen = [r for r in np.argsort(-priority, kind="stable") if priority[r] > 0]
    chosen = chosen if budget is None else chosen[:budget]
    encoded = np.zeros(len(texts), dtype=bool)
    encoded[chosen] = True
    wanted &= encoded[row][:, None] & encoded[row][None, :]
    stacked[..., 1] = np.where(same, 1.0, np.nan)
    if chosen:
        vectors = np.zeros((len(texts), MINILM_DIM), dtype=np.float32)
        vectors[chosen] = sentence_vectors([texts[r] for r in chosen])
        cosine = (vectors @ vectors.T)[np.ix_(row, row)]
        stacked[..., 1] = np.where(wanted, cosine, stacked[..., 1])
    return stacked


def similarity(statements: Sequence[Statement], settings: CompareSettings) -> Similarity:
    stacked = features(statements, budget=settings.transformer_budget)
    transformer = ~np.isnan(stacked[..., 1])
    full = _logistic(np.nan_to_num(stacked) @ WEIGHTS)
    cheap = _logistic(np.nan_to_num(stacked) @ CHEAP_WEIGHTS)
    score = np.where(transformer, full, np.minimum(cheap, PRESELECT))
    np.fill_diagonal(score, 1.0)
    return Similarity(score=score, vector=np.nan_to_num(stacked[..., 1]), lexical=stacked[..., 4])


def _logistic(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits))


def _different_actors(statements: Sequence[Statement]) -> np.ndarray:
    """True where both subjects name someone and nobody in common (Zelensky flies vs
    Putin stays away): related sentences, not the same report."""
    actors = [s.actors for s in statements]
    named = np.array([bool(a) for a in actors], dtype=bool)
    different = named[:, None] & named[None, :] & (_jaccard_matrix(actors) == 0)
    np.fill_diagonal(different, False)
    return different


def _different_numbers(statements: Sequence[Statement]) -> np.ndarray:
    """True where both give numbers and none in common ('$2.5 billion' vs '$1.8 billion')."""
    values = [{n.value for n in s.numbers} for s in statements]
    given = np.array([bool(v) for v in values], dtype=bool)
    different = given[:, None] & given[None, :] & (_jaccard_matrix(values) == 0)
    np.fill_diagonal(different, False)
    return different


def _overlap(sets: Sequence[AbstractSet[object]]) -> tuple[np.ndarray, np.ndarray]:
    """Items every two sets share, and each set's size."""
    vocabulary: dict[object, int] = {}
    rows = [[vocabulary.setdefault(x, len(vocabulary)) for x in items] for items in sets]
    incidence = np.zeros((len(sets), max(1, len(vocabulary))), dtype=np.float32)
    for i, columns in enumerate(rows):
        incidence[i, columns] = 1.0
    return incidence @ incidence.T, incidence.sum(axis=1)


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    return np.divide(top, bottom, out=np.zeros_like(top), where=bottom > 0)


def _jaccard_matrix(sets: Sequence[AbstractSet[object]]) -> np.ndarray:
    """Pairwise Jaccard of all sets at once (the diagonal is left at zero)."""
    shared, sizes = _overlap(sets)
    result = _ratio(shared, sizes[:, None] + sizes[None, :] - shared)
    np.fill_diagonal(result, 0.0)
    return result


def align(
    statements: Sequence[Statement], sim: Similarity, settings: CompareSettings
) -> list[list[int]]:
    """Groups of statement indexes; singletons included, groups in reading order.

    Pairs at or above ``align_threshold`` are merged strongest first; two groups merge
    only if every pair across them (clauses of one sentence aside) reaches
    ``link_floor``, and their mean reaches the threshold."""
    n = len(statements)
    score = sim.score
    sentence = np.array([hash((s.doc_id, s.sentence.start)) for s in statements])
    same_sentence = sentence[:, None] == sentence[None, :]
    strong = np.triu((score >= settings.align_threshold) & ~same_sentence, k=1)
    pairs = np.argwhere(strong)
    order = np.argsort(-score[pairs[:, 0], pairs[:, 1]], kind="stable") if len(pairs) else []
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for i, j in pairs[order] if len(pairs) else []:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        left, right = members[a], members[b]
        block = score[np.ix_(left, right)]
        across = ~same_sentence[np.ix_(left, right)]
        if (block[across] < settings.link_floor).any():
            continue
        if float(block[across].mean()) < settings.align_threshold:
            continue
        keep, gone = (a, b) if len(left) >= len(right) else (b, a)
        for x in members[gone]:
            group_of[x] = keep
        members[keep] += members.pop(gone)
    return sorted(
        (sorted(g) for g in members.values()), key=lambda g: (statements[g[0]].doc_id, g[0])
    )
