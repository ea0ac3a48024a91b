"""Clean: the article (title, dek, body, date, byline) out of a scraped document."""

from parallax.clean.article import clean, forget_caches

__all__ = ["clean", "forget_caches"]
