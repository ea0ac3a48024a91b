"""Tables, as SQLAlchemy Core metadata. Stage outputs are stored as JSON beside the
columns that queries need, so a stage can grow its records without a migration."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("source", Text, nullable=False),
    Column("format", String(8), nullable=False),
    Column("content", Text, nullable=False),
    Column("url", Text),
    Column("outlet", Text, nullable=False, index=True),
    Column("outlet_name", Text),
    Column("title", Text),
    Column("published", DateTime(timezone=True)),
    Column("language", Text),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_documents_outlet_name", "outlet", "outlet_name"),
)

articles = Table(
    "articles",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("title", Text),
    Column("body", Text, nullable=False),
    Column("published", DateTime(timezone=True), index=True),
    Column("data", Text, nullable=False),
)

annotations = Table(
    "annotations",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("data", Text, nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("surface", Text, nullable=False),
    Column("count", Integer, nullable=False),
    Index("ix_mentions_entity", "entity_id"),
    Index("ix_mentions_doc", "doc_id"),
)

assignments = Table(
    "assignments",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", String(32), nullable=False, index=True),
    Column("duplicate_of", String(16)),
    Column("score", Float, nullable=False),
)

story_features = Table(
    "story_features",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

# stories: the clusterer's state after the last ingest (one row), so the next one
# replays only the documents stored after it.
story_snapshot = Table(
    "story_snapshot",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("docs", Integer, nullable=False),
    Column("last_doc", String(16), nullable=False),
    Column("data", LargeBinary, nullable=False),
)

# annotate: the dependency parse of each article body (spaCy DocBin bytes), which the
# compare stage reads instead of parsing again; ``model`` names the pipeline.
parses = Table(
    "parses",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("model", String(255), nullable=False),
    Column("data", LargeBinary, nullable=False),
)

# clean: how many documents of an outlet hold each line (by key), so lines an outlet
# prints on every page can be dropped as its boilerplate.
outlet_lines = Table(
    "outlet_lines",
    metadata,
    Column("outlet", Text, primary_key=True),
    Column("line_key", String(16), primary_key=True),
    Column("docs", Integer, nullable=False),
)

# Documents already counted in outlet_lines, so a re-run never counts one twice.
outlet_line_documents = Table(
    "outlet_line_documents",
    metadata,
    Column("doc_id", String(16), primary_key=True),
)

# compare: each story's comparison (Comparison JSON), valid while the story's fingerprint
# (its documents, what the stages made of them, and the compare code) is unchanged.
comparisons = Table(
    "comparisons",
    metadata,
    Column("story_id", String(32), primary_key=True),
    Column("fingerprint", String(128), nullable=False),
    Column("data", Text, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
)

# watch: each feed's last answer, for conditional GET (ETag / Last-Modified).
feeds = Table(
    "feeds",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("polled_at", DateTime(timezone=True), nullable=False),
    Column("error", Text),
)

# watch: each item page a feed listed, with the document it became or why it failed,
# so a restart never fetches again what it stored and gives up on a page after a few tries.
feed_pages = Table(
    "feed_pages",
    metadata,
    Column("url", Text, primary_key=True),
    Column("doc_id", String(16)),
    Column("error", Text),
    Column("attempts", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
