"""The SQL both database engines run: the schema and its migrations, and
``SQLRepository``, which implements ``Repository`` over a DB-API connection.

Statements are written once, with ``?`` placeholders and the upsert syntax
SQLite and PostgreSQL share (``ON CONFLICT``); an engine's subclass
(``repository.py``: SQLite, ``repository_postgres.py``: PostgreSQL) gives the
connection, ``transaction()``, the schema-version bookkeeping and its error
hints.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from abc import abstractmethod
from collections.abc import Iterator, Sequence

import numpy as np

from ..errors import StoreError
from ..models import CopyLink, Document, RawDocument
from ..steps.story import story_title
from .identity import utc_now
from .records import Batch, CachedReport, DocRef, NewRevision, StoredDocument, StorySummary
from .repository_interface import Repository

# --- schema -------------------------------------------------------------------

# In SQLite's types; PostgreSQL runs them translated (repository_postgres.py).
MIGRATIONS: list[str] = [
    # 1: documents, revisions, stories (as a column), copies, signatures, grouper
    #    state, cached reports and what was last shown.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO meta (key, value) VALUES ('generation', 0);
    CREATE TABLE documents (
        num INTEGER PRIMARY KEY,          -- order of first ingest = grouping order
        id TEXT NOT NULL UNIQUE,          -- the reader's id (made unique)
        key TEXT NOT NULL UNIQUE,         -- 'url:<url>', or 'id:<reader id>' without a URL
        story TEXT NOT NULL,
        revision INTEGER NOT NULL,        -- latest revision
        source_key TEXT NOT NULL,         -- outlet, else URL host, else the document
        published_utc TEXT                -- latest revision's date, sortable UTC
    );
    CREATE INDEX documents_story ON documents (story, num);
    CREATE TABLE revisions (
        seq INTEGER PRIMARY KEY,
        document INTEGER NOT NULL REFERENCES documents (num),
        revision INTEGER NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        text TEXT NOT NULL,
        title TEXT, outlet TEXT, published TEXT, author TEXT, url TEXT,
        ingested_at TEXT NOT NULL,
        UNIQUE (document, revision)
    );
    CREATE TABLE signatures (
        document INTEGER PRIMARY KEY REFERENCES documents (num),
        minhash BLOB NOT NULL
    );
    CREATE TABLE copies (
        copy INTEGER NOT NULL REFERENCES documents (num),
        original INTEGER NOT NULL REFERENCES documents (num),
        similarity REAL NOT NULL,
        PRIMARY KEY (copy, original)
    );
    CREATE INDEX copies_original ON copies (original);
    CREATE TABLE grouper_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        state TEXT NOT NULL,
        through INTEGER NOT NULL          -- last documents.num the state includes
    );
    CREATE TABLE reports (
        story TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,        -- settings and report schema
        documents TEXT NOT NULL,          -- JSON [[id, revision], ...] it was built from
        report TEXT NOT NULL,             -- JSON of outputs.to_dict(report)
        built_at TEXT NOT NULL
    );
    CREATE TABLE shown (
        story TEXT PRIMARY KEY,
        snapshot TEXT NOT NULL,           -- JSON: documents, claims and statuses
        shown_at TEXT NOT NULL
    );
    """,
    # 2: shingle counts next to the signatures, so that candidate copies are
    #    ruled out from signatures alone.  NULL marks a signature stored by
    #    schema 1, whose MinHash differs: the next write signs it again.
    """
    ALTER TABLE signatures ADD COLUMN shingles INTEGER;
    """,
    # 3: sentence vectors of claim texts (key: model and text hash), so a story
    #    that gains documents encodes only its new claims.
    """
    CREATE TABLE vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL);
    """,
]


def split_sql(script: str) -> list[str]:
    """A script's statements, each complete (``;`` inside strings is fine)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def sql_errors(method):
    """Turn the engine's errors into ``StoreError`` naming the database."""
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except self.engine_error as exc:
            raise StoreError(f"database error in {self.location}: {exc}",
                             self.hint_for(exc)) from exc
    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper


class SQLRepository(Repository):
    """``Repository`` in SQL both engines understand, over ``self._conn``."""

    engine_error: type[Exception] = Exception  # the driver's base error class

    def __init__(self, conn, location: str, address: str | None = None):
        self._conn = conn
        self.location = location  # for messages: never a password
        self.address = address or location  # what opens the database again

    # --- what an engine provides -------------------------------------------------
    def hint_for(self, exc: Exception) -> str | None:
        return None

    def _run(self, sql: str, params: Sequence = ()):
        """Execute one statement (``?`` placeholders); returns the cursor."""
        return self._conn.execute(sql, params)

    def _run_many(self, sql: str, rows: Sequence[Sequence]) -> None:
        if rows:
            self._conn.executemany(sql, rows)

    def _stream(self, sql: str, params: Sequence = ()):
        """A cursor whose rows are fetched as they are read (large results)."""
        return self._run(sql, params)

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
        """Add new rows to a table (no conflicts expected)."""
        self._run_many(f"INSERT INTO {table} ({', '.join(columns)}) "
                       f"VALUES ({', '.join('?' * len(columns))})", rows)

    @abstractmethod
    def _schema_version(self) -> int: ...

    @abstractmethod
    def _set_schema_version(self, version: int) -> None: ...

    @abstractmethod
    def _has_tables(self) -> bool: ...  # any table at all (a foreign database)

    def _ddl(self, statement: str) -> str:
        """A migration statement in this engine's types."""
        return statement

    # --- schema ---------------------------------------------------------------------
    def _opened(self, prepare) -> SQLRepository:
        """``prepare()``, then the migrations; the connection is closed if either fails."""
        try:
            prepare()
            self._migrate()
        except BaseException:
            self._conn.close()
            raise
        return self

    @sql_errors
    def _migrate(self) -> None:
        while (version := self._schema_version()) < len(MIGRATIONS):
            with self.transaction():
                if self._schema_version() != version:
                    continue  # another process migrated meanwhile
                if version == 0 and self._has_tables():
                    raise StoreError(f"{self.location} is a database, but not storycheck's",
                                     "pass another --db")
                for statement in split_sql(MIGRATIONS[version]):
                    self._run(self._ddl(statement))
                self._set_schema_version(version + 1)
        if self._schema_version() > len(MIGRATIONS):
            raise StoreError(f"{self.location} has schema version {self._schema_version()}; "
                             f"this storycheck knows up to {len(MIGRATIONS)}",
                             "upgrade storycheck")

    def close(self) -> None:
        self._conn.close()

    # ingest
    @sql_errors
    def generation(self) -> int:
        return self._run("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]

    @sql_errors
    def bump_generation(self) -> int:
        self._run("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
        return self.generation()

    @sql_errors
    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        return set(self._in_query("SELECT content_hash FROM revisions WHERE content_hash IN ({})",
                                  hashes, lambda row: row[0]))

    @sql_errors
    def documents_by_key(self, keys: Sequence[str]) -> dict[str, DocRef]:
        rows = self._in_query("SELECT key, num, id, revision, story FROM documents "
                              "WHERE key IN ({})", keys, tuple)
        return {key: DocRef(num, doc_id, rev, story) for key, num, doc_id, rev, story in rows}

    @sql_errors
    def taken_ids(self, ids: Sequence[str]) -> set[str]:
        return set(self._in_query("SELECT id FROM documents WHERE id IN ({})", ids,
                                  lambda row: row[0]))

    def _in_query(self, sql: str, values: Sequence, convert) -> list:
        values, out = list(dict.fromkeys(values)), []
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            rows = self._run(sql.format(",".join("?" * len(chunk))), chunk)
            out.extend(convert(row) for row in rows)
        return out

    @sql_errors
    def last_num(self) -> int:
        return self._run("SELECT COALESCE(MAX(num), 0) FROM documents").fetchone()[0]

    @sql_errors
    def write_batch(self, batch: Batch) -> None:
        self._insert("documents", ("num", "id", "key", "story", "revision", "source_key",
                                   "published_utc"),
                     [(d.num, d.id, d.key, d.story, 1, d.source_key, d.published_utc)
                      for d in batch.documents])
        self._insert("revisions", ("document", "revision", "content_hash", "source", "text",
                                   "title", "outlet", "published", "author", "url",
                                   "ingested_at"),
                     [_revision_row(r) for r in batch.revisions])
        self._run_many("UPDATE documents SET revision = ?, published_utc = ? WHERE num = ?",
                       [(rev, published, num) for num, rev, published in batch.bumped])
        self._insert("signatures", ("document", "minhash", "shingles"), batch.signatures)
        self._run_many("INSERT INTO copies (copy, original, similarity) VALUES (?, ?, ?) "
                       "ON CONFLICT DO NOTHING", batch.copies)

    @sql_errors
    def grouper_state(self) -> tuple[dict | None, int]:
        row = self._run("SELECT state, through FROM grouper_state").fetchone()
        return (json.loads(row[0]), row[1]) if row else (None, 0)

    @sql_errors
    def save_grouper_state(self, state: dict, through: int) -> None:
        self._run("INSERT INTO grouper_state (id, state, through) VALUES (1, ?, ?) "
                  "ON CONFLICT (id) DO UPDATE SET state = excluded.state, "
                  "through = excluded.through",
                  (json.dumps(state, separators=(",", ":")), through))

    @sql_errors
    def first_revisions(self, after: int) -> Iterator[tuple[int, str, RawDocument]]:
        rows = self._stream(
            f"SELECT d.num, d.id, {_RAW_COLUMNS} FROM documents d JOIN revisions r "
            "ON r.document = d.num AND r.revision = 1 WHERE d.num > ? ORDER BY d.num", (after,))
        for num, doc_id, *raw in rows:
            yield num, doc_id, _raw_from_row(doc_id, raw)

    @sql_errors
    def signatures(self, chunk: int = 50_000) -> Iterator[tuple[list[int], np.ndarray,
                                                                np.ndarray]]:
        """(document numbers, signatures, shingle counts: 0 where unknown), in chunks."""
        cursor = self._stream("SELECT document, minhash, COALESCE(shingles, 0) "
                              "FROM signatures ORDER BY document")
        while rows := cursor.fetchmany(chunk):
            nums, blobs, sizes = zip(*rows)
            sigs = np.frombuffer(b"".join(blobs), dtype=np.uint32)
            yield list(nums), sigs.reshape(len(rows), -1), np.array(sizes, np.int64)

    @sql_errors
    def first_text(self, num: int) -> tuple[str, str | None]:
        return self._run(
            "SELECT r.text, d.published_utc FROM documents d JOIN revisions r "
            "ON r.document = d.num AND r.revision = 1 WHERE d.num = ?", (num,)).fetchone()

    @sql_errors
    def unsized_signatures(self) -> list[int]:
        return [num for num, in self._run(
            "SELECT document FROM signatures WHERE shingles IS NULL ORDER BY document")]

    @sql_errors
    def replace_signatures(self, rows: Sequence[tuple[int, bytes, int]]) -> None:
        self._run_many("UPDATE signatures SET minhash = ?, shingles = ? WHERE document = ?",
                       [(blob, size, num) for num, blob, size in rows])

    @sql_errors
    def set_stories(self, pairs: Sequence[tuple[str, int]]) -> None:
        self._run_many("UPDATE documents SET story = ? WHERE num = ?", pairs)

    @sql_errors
    def clear_reports(self) -> None:
        self._run("DELETE FROM reports")
        self._run("DELETE FROM shown")

    # reading
    @sql_errors
    def story_summaries(self) -> list[StorySummary]:
        counts = self._run(_STORY_COUNTS).fetchall()
        docs: dict[str, list[Document]] = {}
        for story, doc_id, title, head in self._stream(_STORY_TITLES):
            docs.setdefault(story, []).append(Document(doc_id, "", head or "", title=title))
        return [StorySummary(story, story_title(docs[story]), tuple(d.id for d in docs[story]),
                             sources, first, last)
                for story, _, sources, first, last in counts]

    @sql_errors
    def story_documents(self, story: str) -> list[StoredDocument]:
        rows = self._run(
            f"SELECT d.num, d.id, d.revision, d.story, r.content_hash, r.ingested_at, "
            f"{_RAW_COLUMNS} FROM documents d JOIN revisions r ON r.document = d.num "
            "AND r.revision = d.revision WHERE d.story = ? ORDER BY d.num", (story,))
        return [StoredDocument(num, doc_id, rev, sid, chash, at, _raw_from_row(doc_id, raw))
                for num, doc_id, rev, sid, chash, at, *raw in rows]

    @sql_errors
    def copy_links(self, story: str | None = None) -> list[CopyLink]:
        sql = ("SELECT k.id, o.id, c.similarity FROM copies c JOIN documents k ON k.num = c.copy "
               "JOIN documents o ON o.num = c.original")
        rows = self._run(sql + (" WHERE k.story = ? OR o.story = ?" if story else "")
                         + " ORDER BY c.copy, c.original", (story, story) if story else ())
        return [CopyLink(copy, original, "document", sim) for copy, original, sim in rows]

    @sql_errors
    def cached_report(self, story: str) -> CachedReport | None:
        row = self._run("SELECT fingerprint, documents, report FROM reports WHERE story = ?",
                        (story,)).fetchone()
        return CachedReport(row[0], json.loads(row[1]), json.loads(row[2])) if row else None

    @sql_errors
    def save_report(self, story: str, fingerprint: str, documents: list, report: dict) -> None:
        self._run("INSERT INTO reports (story, fingerprint, documents, report, built_at) "
                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (story) DO UPDATE SET "
                  "fingerprint = excluded.fingerprint, documents = excluded.documents, "
                  "report = excluded.report, built_at = excluded.built_at",
                  (story, fingerprint, json.dumps(documents),
                   json.dumps(report, ensure_ascii=False), utc_now()))

    @sql_errors
    def last_shown(self, story: str) -> dict | None:
        row = self._run("SELECT snapshot FROM shown WHERE story = ?", (story,)).fetchone()
        return json.loads(row[0]) if row else None

    @sql_errors
    def save_shown(self, story: str, snapshot: dict) -> None:
        self._run("INSERT INTO shown (story, snapshot, shown_at) VALUES (?, ?, ?) "
                  "ON CONFLICT (story) DO UPDATE SET snapshot = excluded.snapshot, "
                  "shown_at = excluded.shown_at",
                  (story, json.dumps(snapshot, ensure_ascii=False), snapshot["shown_at"]))

    @sql_errors
    def vectors(self, keys: Sequence[str]) -> dict[str, bytes]:
        return dict(self._in_query("SELECT key, vector FROM vectors WHERE key IN ({})", keys,
                                   tuple))

    @sql_errors
    def save_vectors(self, rows: Sequence[tuple[str, bytes]]) -> None:
        self._run_many("INSERT INTO vectors (key, vector) VALUES (?, ?) ON CONFLICT DO NOTHING",
                       rows)


_RAW_COLUMNS = "r.source, r.text, r.title, r.outlet, r.published, r.author, r.url"

# Per story: documents, independent sources (distinct source keys, leaving out
# documents that copy another document of the same story), first/last date.
_STORY_COUNTS = """
SELECT d.story, MIN(d.num) AS first_num,
       COUNT(DISTINCT CASE WHEN c.copy IS NULL THEN d.source_key END),
       MIN(d.published_utc), MAX(d.published_utc)
FROM documents d
LEFT JOIN (SELECT DISTINCT c.copy FROM copies c
           JOIN documents k ON k.num = c.copy JOIN documents o ON o.num = c.original
           WHERE k.story = o.story) c ON c.copy = d.num
GROUP BY d.story ORDER BY first_num
"""
_STORY_TITLES = """
SELECT d.story, d.id, r.title, substr(r.text, 1, 80) FROM documents d
JOIN revisions r ON r.document = d.num AND r.revision = d.revision ORDER BY d.num
"""


def _revision_row(rev: NewRevision) -> tuple:
    raw = rev.raw
    return (rev.document, rev.revision, rev.content_hash, raw.source, raw.text, raw.title,
            raw.outlet, raw.published.isoformat() if raw.published else None, raw.author,
            raw.url, rev.ingested_at)


def _raw_from_row(doc_id: str, row: Sequence) -> RawDocument:
    source, text, title, outlet, published, author, url = row
    return RawDocument(id=doc_id, source=source, text=text, title=title, outlet=outlet,
                       published=dt.datetime.fromisoformat(published) if published else None,
                       author=author, url=url)
