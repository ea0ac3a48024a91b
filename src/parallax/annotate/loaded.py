"""The annotator, loaded when this module is imported: by the process that forks
ingest's annotating workers (``parallax.workers``), once, so every worker forked from
it starts with the model in memory instead of importing and loading it again. Only a
worker's start imports it."""

from parallax.annotate.pipeline import Annotator

ANNOTATOR = Annotator()
