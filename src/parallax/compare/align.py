"""Alignment: statements from different outlets that say the same thing, grouped.

Similarity mixes sentence vectors (wordllama), lexical overlap of content words and
shared canonical entities. A statement joins at most one statement per other outlet
(its best match), and only mutual best matches are linked, so groups do not chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np

from parallax.compare.claims import Statement
from parallax.embed import embed

VECTOR_WEIGHT = 0.5
LEXICAL_WEIGHT = 0.35
ENTITY_WEIGHT = 0.15
ALIGN_THRESHOLD = 0.44
"""Default score above which two statements count as the same report."""
ATTACH_SLACK = 0.03
"""A further statement of one outlet joins a group a little below the threshold."""
OTHER_ACTOR_FACTOR = 0.85
"""Score multiplier when the two subjects name different actors."""
MIN_LEXICAL = 0.12
"""Vectors alone never align: some content words must be shared."""


@dataclass(frozen=True)
class Similarity:
    """Pairwise scores of all statements of a story (symmetric matrices)."""

    score: np.ndarray
    vector: np.ndarray
    lexical: np.ndarray


def similarity(statements: Sequence[Statement]) -> Similarity:
    n = len(statements)
    vectors = embed([s.attributed for s in statements])
    cosine = np.clip(vectors @ vectors.T, 0.0, 1.0) if n else np.zeros((0, 0))
    lexical = _jaccard_matrix([s.keys for s in statements])
    entity = _jaccard_matrix([s.entities for s in statements])
    score = VECTOR_WEIGHT * cosine + LEXICAL_WEIGHT * lexical + ENTITY_WEIGHT * entity
    score = score * np.where(_different_actors(statements), OTHER_ACTOR_FACTOR, 1.0)
    return Similarity(score=score, vector=cosine, lexical=lexical)


def _different_actors(statements: Sequence[Statement]) -> np.ndarray:
    """True where both subjects name someone and nobody in common (Zelensky flies vs
    Putin stays away): related sentences, not the same report."""
    actors = [s.actors for s in statements]
    named = np.array([bool(a) for a in actors], dtype=bool)
    different = named[:, None] & named[None, :] & (_jaccard_matrix(actors) == 0)
    np.fill_diagonal(different, False)
    return different


def _jaccard_matrix(sets: Sequence[AbstractSet[str]]) -> np.ndarray:
    """Pairwise Jaccard of all sets at once (the diagonal is left at zero)."""
    vocabulary: dict[str, int] = {}
    rows = [[vocabulary.setdefault(x, len(vocabulary)) for x in items] for items in sets]
    incidence = np.zeros((len(sets), max(1, len(vocabulary))), dtype=np.float32)
    for i, columns in enumerate(rows):
        incidence[i, columns] = 1.0
    shared = incidence @ incidence.T
    sizes = incidence.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    result = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    np.fill_diagonal(result, 0.0)
    return result


def align(
    statements: Sequence[Statement], sim: Similarity, threshold: float = ALIGN_THRESHOLD
) -> list[list[int]]:
    """Groups of statement indexes; singletons included, groups in reading order."""
    n = len(statements)
    outlets = sorted({s.outlet for s in statements})
    members = {o: [i for i, s in enumerate(statements) if s.outlet == o] for o in outlets}
    best: dict[tuple[int, str], int] = {}
    for i, statement in enumerate(statements):
        for outlet in outlets:
            if outlet == statement.outlet or not members[outlet]:
                continue
            candidates = members[outlet]
            j = candidates[int(np.argmax(sim.score[i, candidates]))]
            if sim.score[i, j] >= threshold - ATTACH_SLACK and sim.lexical[i, j] >= MIN_LEXICAL:
                best[(i, outlet)] = j
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (i, _), j in best.items():
        if best.get((j, statements[i].outlet)) == i and sim.score[i, j] >= threshold:
            parent[find(i)] = find(j)
    # A second report of the same thing by one outlet joins the group of its best match
    # when it is close to all of that group's statements from other outlets.
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    for (i, _), j in sorted(best.items(), key=lambda item: -sim.score[item[0][0], item[1]]):
        source, target = find(i), find(j)
        if len(groups[source]) > 1 or len(groups[target]) < 2:
            continue
        others = [x for x in groups[target] if statements[x].outlet != statements[i].outlet]
        if others and float(np.mean(sim.score[i, others])) >= threshold - ATTACH_SLACK:
            groups[target].extend(groups.pop(source))
            parent[source] = target
    return sorted(groups.values(), key=lambda g: (statements[g[0]].doc_id, g[0]))
