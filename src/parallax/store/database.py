"""The ``Store``: typed records in and out of SQLite or PostgreSQL.

Writes of one document go in one transaction, so a kill at any moment leaves either
the whole document or none of it. Writers take turns and readers (the web UI) never
wait for a writer (an ingest); ``backends`` says how on each database.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, literal_column, select
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from parallax.models import (
    Annotations,
    Article,
    Assignment,
    Comparison,
    DocumentListing,
    Entity,
    Parse,
    RawDocument,
    StorySummary,
)
from parallax.outlets import outlet_label
from parallax.store import schema, search
from parallax.store.backends import database_url, describe, engine_for, insert, row_version
from parallax.store.feeds import FeedState
from parallax.store.migrations import MIGRATIONS, current_version, migrate

DEFAULT_DB = Path("parallax.db")
# Seconds a writer waits for another writer's lock before giving up.
BUSY_TIMEOUT = float(os.environ.get("PARALLAX_BUSY_TIMEOUT", "30"))
SEARCH_LIMIT = 10_000


class StoreError(Exception):
    """A request the store cannot answer (unknown id, ambiguous prefix, locked database)."""


class Store(FeedState):
    def __init__(self, target: str | Path = DEFAULT_DB, busy_timeout: float = BUSY_TIMEOUT) -> None:
        """``target``: an SQLite file, or a database URL (``postgresql://...``)."""
        self.busy_timeout = busy_timeout
        try:
            self.engine = engine_for(database_url(target), busy_timeout)
        except (ArgumentError, ModuleNotFoundError) as exc:
            raise StoreError(f"cannot open database {describe(target)}: {exc}") from exc
        try:
            # Read first: opening an up-to-date database must not wait for a writer.
            with self.read() as conn:
                behind = current_version(conn) < len(MIGRATIONS)
            if behind:
                with self.write() as conn:
                    migrate(conn)
        except OperationalError as exc:
            self.engine.dispose()
            raise StoreError(f"cannot open database {describe(target)}: {exc.orig}") from exc
        except StoreError as exc:
            self.engine.dispose()
            raise StoreError(f"cannot open database {describe(target)}: {exc}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction holding the write lock. If it fails (another writer kept the
        lock past the busy timeout, the disk is full) all of it is rolled back and a
        ``StoreError`` says why."""
        try:
            with self.engine.connect() as conn:
                conn.info["write"] = True
                try:
                    with conn.begin():
                        yield conn
                finally:
                    conn.info["write"] = False
        except OperationalError as exc:
            raise StoreError(self._write_failure(exc)) from exc

    def _write_failure(self, exc: DBAPIError) -> str:
        reason = str(exc.orig).strip()
        if any(word in reason for word in ("locked", "busy", "lock timeout")):
            return f"{reason}: another process held the write lock for over {self.busy_timeout:g} s"
        if "full" in reason:
            return f"{reason}: nothing half-written was kept; free space and run again"
        return f"database write failed: {reason}"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # -- documents -------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        with self.read() as conn:
            query = select(schema.documents.c.id).where(schema.documents.c.id == doc_id)
            return conn.execute(query).first() is not None

    def save(
        self,
        raw: RawDocument,
        article: Article | None = None,
        annotations: Annotations | None = None,
        assignment: Assignment | None = None,
        story_features: bytes | None = None,
        line_keys: Iterable[str] | None = None,
        parse: Parse | None = None,
        reassigned: Iterable[Assignment] = (),
    ) -> bool:
        """Store a document and whatever stages have made of it, all or nothing.

        ``story_features`` is what the stories stage needs to rebuild its index;
        ``reassigned`` are earlier documents the new one moved to another story;
        ``line_keys`` count towards the lines its outlet repeats (boilerplate), in the
        same transaction, so only stored documents ever count. ``parse`` is annotate's
        parse of the body, which compare reads instead of parsing again.
        Returns False, and changes nothing, when the document is already stored.
        """
        with self.write() as conn:
            exists = conn.execute(
                select(schema.documents.c.id).where(schema.documents.c.id == raw.id)
            ).first()
            if exists:
                return False
            conn.execute(
                schema.documents.insert().values(**raw.model_dump(), ingested_at=datetime.now(UTC))
            )
            if article is not None:
                self._put_article(conn, article)
            if annotations is not None:
                self._put_annotations(conn, annotations)
            if assignment is not None:
                self._put_assignment(conn, assignment)
            for moved in reassigned:
                self._replace_assignment(conn, moved)
            if story_features is not None:
                conn.execute(
                    schema.story_features.insert().values(doc_id=raw.id, data=story_features)
                )
            if line_keys is not None:
                self._count_outlet_lines(conn, raw.outlet, raw.id, line_keys)
            if parse is not None:
                conn.execute(schema.parses.insert().values(**parse.model_dump()))
        return True

    def update(
        self,
        article: Article | None = None,
        annotations: Annotations | None = None,
        assignment: Assignment | None = None,
    ) -> None:
        """Replace stage outputs of stored documents (a stage re-run)."""
        with self.write() as conn:
            if article is not None:
                conn.execute(
                    schema.articles.delete().where(schema.articles.c.doc_id == article.doc_id)
                )
                # the stored parse is of the old body
                conn.execute(schema.parses.delete().where(schema.parses.c.doc_id == article.doc_id))
                self._put_article(conn, article)
            if annotations is not None:
                doc_id = annotations.doc_id
                conn.execute(
                    schema.annotations.delete().where(schema.annotations.c.doc_id == doc_id)
                )
                conn.execute(schema.mentions.delete().where(schema.mentions.c.doc_id == doc_id))
                self._put_annotations(conn, annotations)
            if assignment is not None:
                self._replace_assignment(conn, assignment)

    @staticmethod
    def _put_article(conn: Connection, article: Article) -> None:
        conn.execute(
            schema.articles.insert().values(
                doc_id=article.doc_id,
                title=article.title,
                body=article.body,
                published=article.published,
                data=article.model_dump_json(),
            )
        )
        search.index_article(conn, article.doc_id, article.title, article.body)

    @staticmethod
    def _put_annotations(conn: Connection, annotations: Annotations) -> None:
        conn.execute(
            schema.annotations.insert().values(
                doc_id=annotations.doc_id, data=annotations.model_dump_json()
            )
        )
        entities = {entity.id: entity for entity in annotations.entities}
        surfaces = Counter((m.entity_id, m.text) for m in annotations.mentions)
        rows = [
            {
                "doc_id": annotations.doc_id,
                "entity_id": entity_id,
                "name": entities[entity_id].name if entity_id in entities else surface,
                "label": entities[entity_id].label if entity_id in entities else "",
                "surface": surface,
                "count": count,
            }
            for (entity_id, surface), count in surfaces.items()
        ]
        if rows:
            conn.execute(schema.mentions.insert(), rows)

    @staticmethod
    def _put_assignment(conn: Connection, assignment: Assignment) -> None:
        conn.execute(schema.assignments.insert().values(**assignment.model_dump()))

    @staticmethod
    def _replace_assignment(conn: Connection, assignment: Assignment) -> None:
        a = schema.assignments
        conn.execute(a.delete().where(a.c.doc_id == assignment.doc_id))
        Store._put_assignment(conn, assignment)

    def resolve_id(self, prefix: str) -> str:
        """A full document id from a unique prefix, as git does for commits."""
        return self._resolve(schema.documents.c.id, prefix.lower(), "document")

    def resolve_story_id(self, prefix: str) -> str:
        """A full story id from a unique prefix (an exact id wins), as for documents."""
        return self._resolve(schema.assignments.c.story_id, prefix, "story")

    def _resolve(self, column: Any, prefix: str, what: str) -> str:
        with self.read() as conn:
            if conn.execute(select(column).where(column == prefix).limit(1)).first():
                return prefix
            found = (
                conn.execute(
                    select(column)
                    .distinct()
                    .where(column.startswith(prefix, autoescape=True))
                    .limit(2)
                )
                .scalars()
                .all()
            )
        if not found:
            raise StoreError(f"no {what} with id {prefix!r}")
        if len(found) > 1:
            raise StoreError(f"{what} id {prefix!r} is ambiguous; give more characters")
        return found[0]

    def document(self, doc_id: str) -> RawDocument:
        with self.read() as conn:
            row = (
                conn.execute(
                    select(*_document_columns()).where(
                        schema.documents.c.id == self.resolve_id(doc_id)
                    )
                )
                .mappings()
                .one()
            )
        return _raw(row)

    def documents(
        self, limit: int | None = None, offset: int = 0, outlet: str | None = None
    ) -> list[RawDocument]:
        """Documents newest-ingested first."""
        query = select(*_document_columns()).order_by(
            schema.documents.c.ingested_at.desc(), schema.documents.c.id
        )
        if outlet:
            query = query.where(schema.documents.c.outlet == outlet)
        query = query.offset(offset).limit(limit)
        with self.read() as conn:
            return [_raw(row) for row in conn.execute(query).mappings()]

    def document_listing(
        self, limit: int | None = None, offset: int = 0, outlet: str | None = None
    ) -> list[DocumentListing]:
        """``documents`` as listed: the article's title and date beat the file's, with
        each document's story and the document it copies, in one query."""
        d, art, a = schema.documents, schema.articles, schema.assignments
        query = (
            select(
                d.c.id,
                d.c.source,
                d.c.outlet,
                d.c.url,
                func.coalesce(art.c.title, d.c.title).label("title"),
                func.coalesce(art.c.published, d.c.published).label("published"),
                a.c.story_id,
                a.c.duplicate_of.label("copy_of"),
            )
            .join(art, art.c.doc_id == d.c.id, isouter=True)
            .join(a, a.c.doc_id == d.c.id, isouter=True)
            .order_by(d.c.ingested_at.desc(), d.c.id)
        )
        if outlet:
            query = query.where(d.c.outlet == outlet)
        with self.read() as conn:
            rows = conn.execute(query.offset(offset).limit(limit)).mappings().all()
        return [DocumentListing(**{**row, "published": _aware(row["published"])}) for row in rows]

    def count_documents(self, outlet: str | None = None) -> int:
        query = select(func.count()).select_from(schema.documents)
        if outlet:
            query = query.where(schema.documents.c.outlet == outlet)
        with self.read() as conn:
            return conn.execute(query).scalar() or 0

    def document_ids(self) -> list[str]:
        """All ids in ingest order, for stages that re-run over everything."""
        query = select(schema.documents.c.id).order_by(
            schema.documents.c.ingested_at, schema.documents.c.id
        )
        with self.read() as conn:
            return list(conn.execute(query).scalars())

    def article(self, doc_id: str) -> Article | None:
        with self.read() as conn:
            data = conn.execute(
                select(schema.articles.c.data).where(schema.articles.c.doc_id == doc_id)
            ).scalar()
        return Article.model_validate_json(data) if data else None

    def annotations(self, doc_id: str) -> Annotations | None:
        with self.read() as conn:
            data = conn.execute(
                select(schema.annotations.c.data).where(schema.annotations.c.doc_id == doc_id)
            ).scalar()
        return Annotations.model_validate_json(data) if data else None

    # -- stories -----------------------------------------------------------------

    def assignment(self, doc_id: str) -> Assignment | None:
        with self.read() as conn:
            row = (
                conn.execute(
                    select(schema.assignments).where(schema.assignments.c.doc_id == doc_id)
                )
                .mappings()
                .first()
            )
        return Assignment(**row) if row else None

    def assignments(self) -> list[Assignment]:
        with self.read() as conn:
            rows = conn.execute(select(schema.assignments)).mappings().all()
        return [Assignment(**row) for row in rows]

    def story_documents(self, story_id: str) -> list[str]:
        """Ids of a story's documents, oldest publication first."""
        a, art = schema.assignments, schema.articles
        query = (
            select(a.c.doc_id)
            .join(art, art.c.doc_id == a.c.doc_id, isouter=True)
            .where(a.c.story_id == story_id)
            .order_by(art.c.published, a.c.doc_id)
        )
        with self.read() as conn:
            found = list(conn.execute(query).scalars())
        if not found:
            raise StoreError(f"no story with id {story_id!r}")
        return found

    def stories(self, limit: int | None = None, offset: int = 0) -> list[StorySummary]:
        """Stories by number of documents, then by most recent publication."""
        return self.find_stories(limit=limit, offset=offset)

    def count_stories(self) -> int:
        a = schema.assignments
        with self.read() as conn:
            return conn.execute(select(func.count(func.distinct(a.c.story_id)))).scalar() or 0

    def story_features(self, start: int = 0) -> Iterator[tuple[Assignment, bytes | None]]:
        """Every assignment with its stored stories features (None if never stored),
        in ingest order: the order the stories stage saw them in; from the ``start``-th."""
        a, d, f = schema.assignments, schema.documents, schema.story_features
        ordered = (
            select(a.c.doc_id, d.c.ingested_at)
            .join(d, d.c.id == a.c.doc_id)
            .order_by(d.c.ingested_at, d.c.id)
            .offset(start)
            .subquery()
        )
        query = (
            select(a, f.c.data)
            .join(ordered, ordered.c.doc_id == a.c.doc_id)
            .join(f, f.c.doc_id == a.c.doc_id, isouter=True)
            .order_by(ordered.c.ingested_at, a.c.doc_id)
        )
        with self.read() as conn:
            for row in conn.execute(query).mappings():
                data = row["data"]
                yield Assignment(**{k: v for k, v in row.items() if k != "data"}), data

    def assigned_documents(self) -> int:
        """How many documents have a story: what a stories index holding them all holds."""
        with self.read() as conn:
            return conn.execute(select(func.count()).select_from(schema.assignments)).scalar() or 0

    def story_snapshot(self) -> tuple[int, str, bytes] | None:
        """The stories stage's saved state: (documents it holds, the last of them, data)."""
        t = schema.story_snapshot
        with self.read() as conn:
            row = conn.execute(select(t.c.docs, t.c.last_doc, t.c.data)).first()
        return (row.docs, row.last_doc, row.data) if row else None

    def story_snapshot_docs(self) -> int:
        """How many documents the saved stories state holds (0 when none is saved)."""
        with self.read() as conn:
            return conn.execute(select(schema.story_snapshot.c.docs)).scalar() or 0

    def save_story_snapshot(self, docs: int, last_doc: str, data: bytes) -> None:
        """Replace the stories stage's saved state (it holds the first ``docs`` documents
        in ingest order, ``last_doc`` the last)."""
        t = schema.story_snapshot
        with self.write() as conn:
            conn.execute(t.delete())
            conn.execute(t.insert().values(id=1, docs=docs, last_doc=last_doc, data=data))

    def copies_per_story(self) -> dict[str, int]:
        """Near-duplicate copies in each story that has any."""
        a = schema.assignments
        query = (
            select(a.c.story_id, func.count())
            .where(a.c.duplicate_of.is_not(None))
            .group_by(a.c.story_id)
        )
        with self.read() as conn:
            return {story_id: count for story_id, count in conn.execute(query)}

    # -- clean: per-outlet boilerplate -------------------------------------------

    def outlet_boilerplate(self, outlet: str, min_documents: int) -> frozenset[str]:
        """Keys of the lines found in at least ``min_documents`` of the outlet's documents."""
        lines = schema.outlet_lines
        query = select(lines.c.line_key).where(
            lines.c.outlet == outlet, lines.c.docs >= min_documents
        )
        with self.read() as conn:
            return frozenset(conn.execute(query).scalars())

    def count_outlet_lines(self, outlet: str, doc_id: str, keys: Iterable[str]) -> bool:
        """Count the document's line keys for its outlet, once per document: returns
        False, changing nothing, when this document was counted before."""
        with self.write() as conn:
            return self._count_outlet_lines(conn, outlet, doc_id, keys)

    @staticmethod
    def _count_outlet_lines(
        conn: Connection, outlet: str, doc_id: str, keys: Iterable[str]
    ) -> bool:
        lines, counted = schema.outlet_lines, schema.outlet_line_documents
        if conn.execute(select(counted.c.doc_id).where(counted.c.doc_id == doc_id)).first():
            return False
        conn.execute(counted.insert().values(doc_id=doc_id))
        rows = [{"outlet": outlet, "line_key": key, "docs": 1} for key in sorted(set(keys))]
        if rows:
            conn.execute(
                insert(conn, lines).on_conflict_do_update(
                    index_elements=[lines.c.outlet, lines.c.line_key],
                    set_={"docs": lines.c.docs + 1},
                ),
                rows,
            )
        return True

    # -- search --------------------------------------------------

    def search(self, query: str, limit: int = 100) -> list[str]:
        """Document ids whose title or body match all the query's words, best first;
        no search syntax is obeyed (see ``search``)."""
        with self.read() as conn:
            return search.search(conn, query, limit)

    def stats(self) -> dict[str, int]:
        with self.read() as conn:
            count = lambda table: conn.execute(select(func.count()).select_from(table)).scalar()  # noqa: E731
            return {
                "documents": count(schema.documents),
                "articles": count(schema.articles),
                "annotated": count(schema.annotations),
                "stories": conn.execute(
                    select(func.count(func.distinct(schema.assignments.c.story_id)))
                ).scalar(),
                "outlets": conn.execute(
                    select(func.count(func.distinct(schema.documents.c.outlet)))
                ).scalar(),
                "entities": conn.execute(
                    select(func.count(func.distinct(schema.mentions.c.entity_id)))
                ).scalar(),
            }

    # -- queries for the web UI and API ------------------------------------------

    def find_stories(
        self,
        *,
        query: str | None = None,
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        entity_id: str | None = None,
        story_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StorySummary]:
        """Stories with a document that meets every filter given, ordered as ``stories``.

        ``query`` is a full-text search; ``since`` is inclusive, ``until`` exclusive.
        """
        a, d, art, m = schema.assignments, schema.documents, schema.articles, schema.mentions
        published = func.coalesce(art.c.published, d.c.published)
        conditions: list[Any] = []
        if outlet:
            conditions.append(d.c.outlet == outlet)
        if since:
            conditions.append(published >= _naive_utc(since))
        if until:
            conditions.append(published < _naive_utc(until))
        if entity_id:
            conditions.append(a.c.doc_id.in_(select(m.c.doc_id).where(m.c.entity_id == entity_id)))
        if query is not None:
            conditions.append(a.c.doc_id.in_(self.search(query, limit=SEARCH_LIMIT)))
        if story_id:
            conditions.append(a.c.story_id == story_id)
        rows_query = (
            select(
                a.c.story_id,
                a.c.doc_id,
                a.c.duplicate_of,
                d.c.outlet,
                d.c.url,
                published.label("published"),
            )
            .add_columns(func.coalesce(art.c.title, d.c.title).label("title"))
            .join(d, d.c.id == a.c.doc_id)
            .join(art, art.c.doc_id == a.c.doc_id, isouter=True)
            .order_by(a.c.story_id, a.c.doc_id)
        )
        if conditions:
            matching = (
                select(a.c.story_id)
                .join(d, d.c.id == a.c.doc_id)
                .join(art, art.c.doc_id == a.c.doc_id, isouter=True)
                .where(*conditions)
            )
            rows_query = rows_query.where(a.c.story_id.in_(matching))
        grouped: dict[str, list[Any]] = {}
        with self.read() as conn:
            if limit:  # one page: ranked in SQL, so only its stories' rows are read
                ranked = (
                    select(a.c.story_id)
                    .join(d, d.c.id == a.c.doc_id)
                    .join(art, art.c.doc_id == a.c.doc_id, isouter=True)
                    .group_by(a.c.story_id)
                    .order_by(
                        func.count().desc(), func.max(published).desc().nulls_last(), a.c.story_id
                    )
                    .offset(offset)
                    .limit(limit)
                )
                if conditions:
                    ranked = ranked.where(a.c.story_id.in_(matching))
                page = list(conn.execute(ranked).scalars())
                rows_query = rows_query.where(a.c.story_id.in_(page))
                offset = 0
            for row in conn.execute(rows_query):
                grouped.setdefault(row.story_id, []).append(row)
        summaries = [_story_summary(story_id, rows) for story_id, rows in grouped.items()]
        epoch = datetime.min.replace(tzinfo=UTC)
        summaries.sort(key=lambda s: (-s.size, -(s.last or epoch).timestamp(), s.id))
        end = offset + limit if limit else None
        return summaries[offset:end]

    def story(self, story_id: str) -> StorySummary:
        found = self.find_stories(story_id=story_id)
        if not found:
            raise StoreError(f"no story with id {story_id!r}")
        return found[0]

    def story_assignments(self, story_id: str) -> list[Assignment]:
        a = schema.assignments
        with self.read() as conn:
            rows = (
                conn.execute(select(a).where(a.c.story_id == story_id).order_by(a.c.doc_id))
                .mappings()
                .all()
            )
        return [Assignment(**row) for row in rows]

    def story_fingerprint(self, story_id: str) -> str:
        """Changes whenever a document of the story is added, moved or re-processed: a
        hash of what the story's pages are made from, so no change can go unseen."""
        a, art, ann = schema.assignments, schema.articles, schema.annotations
        query = (
            select(a.c.doc_id, a.c.duplicate_of, a.c.score, art.c.data, ann.c.data)
            .join(art, art.c.doc_id == a.c.doc_id, isouter=True)
            .join(ann, ann.c.doc_id == a.c.doc_id, isouter=True)
            .where(a.c.story_id == story_id)
            .order_by(a.c.doc_id)
        )
        digest = hashlib.sha1(story_id.encode())
        with self.read() as conn:
            for row in conn.execute(query):
                digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()

    def story_ids(self) -> list[str]:
        """Every story id, sorted."""
        a = schema.assignments
        with self.read() as conn:
            return list(
                conn.execute(select(a.c.story_id).distinct().order_by(a.c.story_id)).scalars()
            )

    # -- compare: stored comparisons ----------------------------------------------

    def save_comparison(self, comparison: Comparison, fingerprint: str) -> None:
        """Store a story's comparison in place of the one before; ``fingerprint`` names
        what it was made from, so a later change to the story shows it stale."""
        if not comparison.story_id:
            raise ValueError("a stored comparison needs its story id")
        c = schema.comparisons
        with self.write() as conn:
            conn.execute(c.delete().where(c.c.story_id == comparison.story_id))
            conn.execute(
                c.insert().values(
                    story_id=comparison.story_id,
                    fingerprint=fingerprint,
                    data=comparison.model_dump_json(),
                    computed_at=datetime.now(UTC),
                )
            )

    def comparison(self, story_id: str, fingerprint: str) -> Comparison | None:
        """The stored comparison of a story if it was made from what ``fingerprint``
        names; None when there is none or it is stale."""
        c = schema.comparisons
        query = select(c.c.data).where(c.c.story_id == story_id, c.c.fingerprint == fingerprint)
        with self.read() as conn:
            data = conn.execute(query).scalar()
        return Comparison.model_validate_json(data) if data else None

    def stories_changed_since_compared(self) -> list[str]:
        """Stories with no stored comparison, or one made before their newest document
        was stored: what an interrupted ingest left to compare."""
        a, d, c = schema.assignments, schema.documents, schema.comparisons
        newest = (
            select(a.c.story_id, func.max(d.c.ingested_at).label("newest"))
            .join(d, d.c.id == a.c.doc_id)
            .group_by(a.c.story_id)
            .subquery()
        )
        query = (
            select(newest.c.story_id)
            .join(c, c.c.story_id == newest.c.story_id, isouter=True)
            .where(c.c.story_id.is_(None) | (c.c.computed_at < newest.c.newest))
            .order_by(newest.c.story_id)
        )
        with self.read() as conn:
            return list(conn.execute(query).scalars())

    def comparison_fingerprints(self) -> dict[str, str]:
        """Story id to the fingerprint its stored comparison was made from."""
        c = schema.comparisons
        with self.read() as conn:
            rows = conn.execute(select(c.c.story_id, c.c.fingerprint))
            return {story_id: fingerprint for story_id, fingerprint in rows}

    def forget_comparisons(self, story_ids: Sequence[str]) -> None:
        """Drop stored comparisons, so they are made afresh."""
        c = schema.comparisons
        with self.write() as conn:
            conn.execute(c.delete().where(c.c.story_id.in_(story_ids)))

    def articles_for(self, doc_ids: Sequence[str]) -> dict[str, Article]:
        query = select(schema.articles.c.data).where(schema.articles.c.doc_id.in_(doc_ids))
        with self.read() as conn:
            found = [Article.model_validate_json(data) for data in conn.execute(query).scalars()]
        return {article.doc_id: article for article in found}

    def parses_for(self, doc_ids: Sequence[str]) -> dict[str, Parse]:
        """Annotate's stored parses of these documents' bodies, where there are any."""
        query = select(schema.parses).where(schema.parses.c.doc_id.in_(doc_ids))
        with self.read() as conn:
            return {row.doc_id: Parse(**row._mapping) for row in conn.execute(query)}

    def annotations_for(self, doc_ids: Sequence[str]) -> dict[str, Annotations]:
        query = select(schema.annotations.c.data).where(schema.annotations.c.doc_id.in_(doc_ids))
        with self.read() as conn:
            found = [Annotations.model_validate_json(d) for d in conn.execute(query).scalars()]
        return {annotations.doc_id: annotations for annotations in found}

    def outlet_annotations(self, outlet: str) -> list[Annotations]:
        d, ann = schema.documents, schema.annotations
        query = select(ann.c.data).join(d, d.c.id == ann.c.doc_id).where(d.c.outlet == outlet)
        with self.read() as conn:
            return [Annotations.model_validate_json(data) for data in conn.execute(query).scalars()]

    def outlet_coverage(self) -> list[tuple[str, int, int]]:
        """(outlet, documents, stories) for every outlet, most documents first."""
        d, a = schema.documents, schema.assignments
        documents = func.count(d.c.id)
        query = (
            select(d.c.outlet, documents, func.count(func.distinct(a.c.story_id)))
            .join(a, a.c.doc_id == d.c.id, isouter=True)
            .group_by(d.c.outlet)
            .order_by(documents.desc(), d.c.outlet)
        )
        with self.read() as conn:
            return [(outlet, docs, stories) for outlet, docs, stories in conn.execute(query)]

    def outlet_names(
        self, outlets: Iterable[str] | None = None, story_id: str | None = None
    ) -> dict[str, str]:
        """Each outlet's name as its publisher gives it, the one most of its documents
        carry; outlets without one are left out. Only ``outlets``, or only the outlets of
        story ``story_id``, when given."""
        d, a = schema.documents, schema.assignments
        query = (
            select(d.c.outlet, d.c.outlet_name, func.count())
            .where(d.c.outlet_name.is_not(None))
            .group_by(d.c.outlet, d.c.outlet_name)
        )
        if outlets is not None:
            query = query.where(d.c.outlet.in_(sorted(set(outlets))))
        if story_id is not None:
            in_story = select(d.c.outlet).join(a, a.c.doc_id == d.c.id)
            query = query.where(d.c.outlet.in_(in_story.where(a.c.story_id == story_id)))
        counts: dict[str, Counter[str]] = {}
        with self.read() as conn:
            for outlet, name, n in conn.execute(query):
                counts.setdefault(outlet, Counter())[name] += n
        return {outlet: found.most_common(1)[0][0] for outlet, found in counts.items()}

    def entity(self, entity_id: str) -> Entity:
        m = schema.mentions
        query = select(func.max(m.c.name), func.max(m.c.label)).where(m.c.entity_id == entity_id)
        with self.read() as conn:
            name, label = conn.execute(query).one()
        if name is None:
            raise StoreError(f"no entity with id {entity_id!r}")
        return Entity(id=entity_id, name=name, label=label)

    def entities(self, limit: int = 100) -> list[tuple[Entity, int]]:
        """Entities by the number of documents that mention them."""
        m = schema.mentions
        documents = func.count(func.distinct(m.c.doc_id))
        query = (
            select(m.c.entity_id, func.max(m.c.name), func.max(m.c.label), documents)
            .group_by(m.c.entity_id)
            .order_by(documents.desc(), m.c.entity_id)
            .limit(limit)
        )
        with self.read() as conn:
            return [
                (Entity(id=entity_id, name=name, label=label), count)
                for entity_id, name, label, count in conn.execute(query)
            ]

    def data_version(self) -> str:
        """Cheap token for caching answers over the whole database: it moves when rows
        of documents, annotations or assignments are added, removed or re-written, except
        a re-write of the newest row on SQLite (it may give back its rowid), so callers
        also bound how long they keep such answers."""
        parts = []
        with self.read() as conn:
            version = row_version(conn)
            for table in (schema.documents, schema.annotations, schema.assignments):
                count = conn.execute(select(func.count()).select_from(table)).scalar()
                latest = (
                    conn.execute(
                        select(func.max(literal_column(version))).select_from(table)
                    ).scalar()
                    if version
                    else None
                )
                parts.append(f"{count}.{latest}")
        return "-".join(parts)

    def entity_forms(self, entity_id: str) -> list[tuple[str, str, str, int]]:
        """(outlet, document, surface form, mentions): how each outlet, and each document
        of an unknown outlet, writes the entity."""
        m, d = schema.mentions, schema.documents
        mentions = func.sum(m.c.count)
        query = (
            select(d.c.outlet, d.c.id, m.c.surface, mentions)
            .join(d, d.c.id == m.c.doc_id)
            .where(m.c.entity_id == entity_id)
            .group_by(d.c.outlet, d.c.id, m.c.surface)
            .order_by(d.c.outlet, d.c.id, mentions.desc(), m.c.surface)
        )
        with self.read() as conn:
            return [
                (outlet, doc_id, surface, int(n))
                for outlet, doc_id, surface, n in conn.execute(query)
            ]


def _document_columns() -> list[Any]:
    return [c for c in schema.documents.c if c.name != "ingested_at"]


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; everything we store is UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _naive_utc(value: datetime) -> datetime:
    """Stored datetimes are naive UTC, so filters compare against the same."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _raw(row: Any) -> RawDocument:
    return RawDocument(**{**row, "published": _aware(row["published"])})


def _story_summary(story_id: str, rows: list[Any]) -> StorySummary:
    dates = sorted(d for d in (_aware(r.published) for r in rows) if d is not None)
    titles = [r.title for r in rows if r.title]
    independent = [r for r in rows if r.duplicate_of is None] or rows
    return StorySummary(
        id=story_id,
        title=Counter(titles).most_common(1)[0][0] if titles else None,
        size=len(rows),
        # a copy is no outlet of its own; each unattributed document is a source of its own
        outlets=sorted({outlet_label(r.outlet, r.url, r.doc_id) for r in independent}),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        headlines=[t for t, _ in Counter(r.title for r in independent if r.title).most_common()],
    )
