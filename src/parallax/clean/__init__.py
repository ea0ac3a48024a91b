"""Clean: the article (title, dek, body, date, byline) out of a scraped document."""

from parallax.clean.article import clean

__all__ = ["clean"]
