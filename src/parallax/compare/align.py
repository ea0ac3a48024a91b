"""Alignment: statements that say the same thing, grouped across and within outlets.

The score of two statements is ``compare/similarity.py``'s. Grouping is many-to-many (a
fact told in several sentences of one article links them all) and coherent: groups merge
on the mean of their pairs, and never across a pair under ``link_floor``, so a group
never chains through a statement close to two unrelated ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from parallax.compare.claims import Statement
from parallax.compare.settings import CompareSettings
from parallax.compare.similarity import Similarity


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
