"""Function words the compare stage reads a clause by: copulas and negators."""

from __future__ import annotations

COPULAS = frozenset({"is", "was", "are", "were", "be", "been", "being", "'s"})
"""Forms of "be": a clause on "be" says what something is, not what happened."""
NEGATORS = frozenset({"not", "n't", "never", "no", "without", "nobody", "nothing", "none"})
"""Words that negate the verb or the noun they attach to."""
