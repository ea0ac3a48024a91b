"""Annotate: sentences, canonical entities, quotes with speakers, resolved dates."""

from parallax.annotate.pipeline import Annotator

__all__ = ["Annotator"]
