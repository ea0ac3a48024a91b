"""Full-text search over article titles and bodies, with the same answers on both backends.

SQLite indexes with FTS5 (``unicode61 remove_diacritics 2``: runs of letters and
digits, lower-cased, accents folded). PostgreSQL indexes a ``tsvector`` column with a
GIN index; its own parser would split differently (a host name or a hyphenated word
is one token there), so the text it indexes is first cut here into the same tokens
FTS5 makes, and its ``simple`` configuration only lower-cases them. A query is the
same on both: every word must occur, a word being the phrase of its tokens, so no
query syntax is obeyed.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import Connection, text

_TOKEN = re.compile(r"[^\W_]+")
# PostgreSQL refuses a tsvector over 1 MB; more tokens than this are not indexed there.
MAX_INDEXED_TOKENS = 100_000


def tokens(value: str) -> list[str]:
    """Lower-cased runs of letters and digits, accents removed, as FTS5 unicode61 cuts."""
    folded = unicodedata.normalize("NFKD", value.lower())
    return _TOKEN.findall("".join(c for c in folded if not unicodedata.combining(c)))


def phrases(query: str) -> list[str]:
    """Each word of a query as the quoted phrase of its tokens; words with none drop out."""
    found = (" ".join(tokens(word)) for word in query.split())
    return [f'"{phrase}"' for phrase in found if phrase]


def index_article(conn: Connection, doc_id: str, title: str | None, body: str) -> None:
    """Fill a just-written article's search column (PostgreSQL; SQLite's triggers do it)."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(
        text(
            "UPDATE articles SET search = "
            "setweight(to_tsvector('simple', :title), 'A') || to_tsvector('simple', :body) "
            "WHERE doc_id = :doc_id"
        ),
        {
            "doc_id": doc_id,
            "title": " ".join(tokens(title or "")),
            "body": " ".join(tokens(body)[:MAX_INDEXED_TOKENS]),
        },
    )


def search(conn: Connection, query: str, limit: int) -> list[str]:
    """Ids of the documents matching every word of ``query``, best first."""
    terms = " ".join(phrases(query))
    if not terms:
        return []
    if conn.dialect.name == "postgresql":
        statement = (
            "SELECT doc_id FROM articles, websearch_to_tsquery('simple', :q) AS q "
            "WHERE search @@ q ORDER BY ts_rank(search, q) DESC, doc_id LIMIT :n"
        )
    else:
        statement = (
            "SELECT a.doc_id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH :q ORDER BY rank, a.doc_id LIMIT :n"
        )
    return list(conn.execute(text(statement), {"q": terms, "n": limit}).scalars())


def create_postgres_index(conn: Connection) -> None:
    """The search column and its GIN index, filled for the articles already stored."""
    conn.execute(text("ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector"))
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING GIN (search)")
    )
    stored = conn.execute(text("SELECT doc_id, title, body FROM articles")).all()
    for doc_id, title, body in stored:
        index_article(conn, doc_id, title, body)
