"""Per-outlet boilerplate: lines an outlet prints on every page are not article text.

The clean stage stays pure: it takes the set of learned line keys as an argument.
The pipeline gets that set from the store, which counts in how many of an outlet's
documents each line key occurs.
"""

from __future__ import annotations

import hashlib
import re

from parallax.models import Article

_NOT_WORD = re.compile(r"\W+")
# A line seen in this many documents of one outlet is taken to be its boilerplate.
MIN_DOCUMENTS = 3
# Long lines are almost never template text; counting them would only mark
# syndicated or corrected copies of the same article.
MAX_WORDS = 60


def line_key(text: str) -> str:
    """A short hash of the line with case, punctuation and spacing folded."""
    folded = _NOT_WORD.sub(" ", text.casefold()).strip()
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()


def line_keys(article: Article) -> set[str]:
    """The keys of every line the cleaner saw in a document: kept, moved or removed."""
    removed = (text for line in article.removed for text in line.text.split("\n"))
    texts = [*article.paragraphs, *removed]
    return {line_key(text) for text in texts if len(text.split()) <= MAX_WORDS}
