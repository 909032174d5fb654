"""The database behind ``Store``: the SQLite implementation of ``Repository``
(its interface is in ``repository_interface.py``): stdlib ``sqlite3``, WAL
mode, schema versioned by ``PRAGMA user_version``.  All of storycheck's SQL
lives here.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..errors import StoreError
from ..models import CopyLink, Document, RawDocument
from ..steps.story import story_title
from .identity import utc_now
from .records import Batch, CachedReport, DocRef, NewRevision, StoredDocument, StorySummary
from .repository_interface import Repository

DEFAULT_DB = "storycheck.db"

# --- schema -------------------------------------------------------------------

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

# --- SQLite ---------------------------------------------------------------------


def _sql_errors(method):
    """Turn sqlite3 errors into ``StoreError`` naming the database."""
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(f"database error in {self.location}: {exc}",
                             _hint_for(exc)) from exc
    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper


def _hint_for(exc: sqlite3.Error) -> str | None:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "another process holds the database; try again when it is done"
    if "not a database" in text or "malformed" in text:
        return "the file is not a storycheck database, or is damaged"
    if "readonly" in text or "read-only" in text:
        return "the database file or its folder is not writable"
    return None


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


class SQLiteRepository(Repository):
    """The default repository: one SQLite file in WAL mode."""

    def __init__(self, conn: sqlite3.Connection, location: str):
        self._conn = conn
        self.location = location

    @classmethod
    def open(cls, path: str | os.PathLike = DEFAULT_DB, *, create: bool = True) -> SQLiteRepository:
        location = str(path)
        if not create and location != ":memory:" and not Path(location).is_file():
            raise StoreError(f"no database at {location}",
                             "create it with 'storycheck ingest', or pass --db")
        try:
            conn = sqlite3.connect(location, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {location}: {exc}",
                             "check that its folder exists and is writable") from exc
        repo = cls(conn, location)
        try:
            repo._configure()
            repo._migrate()
        except BaseException:
            conn.close()
            raise
        return repo

    @_sql_errors
    def _configure(self) -> None:
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")

    @_sql_errors
    def _migrate(self) -> None:
        while (version := self._user_version()) < len(MIGRATIONS):
            with self.transaction():
                if self._user_version() != version:
                    continue  # another process migrated meanwhile
                if version == 0 and self._has_tables():
                    raise StoreError(f"{self.location} is an SQLite database, but not storycheck's",
                                     "pass another --db file")
                for statement in split_sql(MIGRATIONS[version]):
                    self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version = {version + 1}")
        if self._user_version() > len(MIGRATIONS):
            raise StoreError(f"{self.location} has schema version {self._user_version()}; this "
                             f"storycheck knows up to {len(MIGRATIONS)}", "upgrade storycheck")

    def _user_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def _has_tables(self) -> bool:
        return self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone() \
            is not None

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE: one writer at a time; WAL readers are not blocked."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to {self.location}: {exc}", _hint_for(exc)) from exc
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot commit to {self.location}: {exc}", _hint_for(exc)) from exc

    def close(self) -> None:
        self._conn.close()

    # ingest
    @_sql_errors
    def generation(self) -> int:
        return self._conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]

    @_sql_errors
    def bump_generation(self) -> int:
        self._conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
        return self.generation()

    @_sql_errors
    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        return set(self._in_query("SELECT content_hash FROM revisions WHERE content_hash IN ({})",
                                  hashes, lambda row: row[0]))

    @_sql_errors
    def documents_by_key(self, keys: Sequence[str]) -> dict[str, DocRef]:
        rows = self._in_query("SELECT key, num, id, revision, story FROM documents "
                              "WHERE key IN ({})", keys, tuple)
        return {key: DocRef(num, doc_id, rev, story) for key, num, doc_id, rev, story in rows}

    @_sql_errors
    def taken_ids(self, ids: Sequence[str]) -> set[str]:
        return set(self._in_query("SELECT id FROM documents WHERE id IN ({})", ids,
                                  lambda row: row[0]))

    def _in_query(self, sql: str, values: Sequence, convert) -> list:
        values, out = list(dict.fromkeys(values)), []
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            rows = self._conn.execute(sql.format(",".join("?" * len(chunk))), chunk)
            out.extend(convert(row) for row in rows)
        return out

    @_sql_errors
    def last_num(self) -> int:
        return self._conn.execute("SELECT COALESCE(MAX(num), 0) FROM documents").fetchone()[0]

    @_sql_errors
    def write_batch(self, batch: Batch) -> None:
        ex = self._conn.executemany
        ex("INSERT INTO documents (num, id, key, story, revision, source_key, published_utc) "
           "VALUES (?, ?, ?, ?, 1, ?, ?)",
           [(d.num, d.id, d.key, d.story, d.source_key, d.published_utc) for d in batch.documents])
        ex("INSERT INTO revisions (document, revision, content_hash, source, text, title, outlet, "
           "published, author, url, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           [_revision_row(r) for r in batch.revisions])
        ex("UPDATE documents SET revision = ?, published_utc = ? WHERE num = ?",
           [(rev, published, num) for num, rev, published in batch.bumped])
        ex("INSERT INTO signatures (document, minhash, shingles) VALUES (?, ?, ?)",
           batch.signatures)
        ex("INSERT OR IGNORE INTO copies (copy, original, similarity) VALUES (?, ?, ?)",
           batch.copies)

    @_sql_errors
    def grouper_state(self) -> tuple[dict | None, int]:
        row = self._conn.execute("SELECT state, through FROM grouper_state").fetchone()
        return (json.loads(row[0]), row[1]) if row else (None, 0)

    @_sql_errors
    def save_grouper_state(self, state: dict, through: int) -> None:
        self._conn.execute("INSERT OR REPLACE INTO grouper_state (id, state, through) "
                           "VALUES (1, ?, ?)", (json.dumps(state, separators=(",", ":")), through))

    @_sql_errors
    def first_revisions(self, after: int) -> Iterator[tuple[int, str, RawDocument]]:
        rows = self._conn.execute(
            f"SELECT d.num, d.id, {_RAW_COLUMNS} FROM documents d JOIN revisions r "
            "ON r.document = d.num AND r.revision = 1 WHERE d.num > ? ORDER BY d.num", (after,))
        for num, doc_id, *raw in rows:
            yield num, doc_id, _raw_from_row(doc_id, raw)

    @_sql_errors
    def signatures(self, chunk: int = 50_000) -> Iterator[tuple[list[int], np.ndarray,
                                                                np.ndarray]]:
        """(document numbers, signatures, shingle counts: 0 where unknown), in chunks."""
        cursor = self._conn.execute("SELECT document, minhash, COALESCE(shingles, 0) "
                                    "FROM signatures ORDER BY document")
        while rows := cursor.fetchmany(chunk):
            nums, blobs, sizes = zip(*rows)
            sigs = np.frombuffer(b"".join(blobs), dtype=np.uint32)
            yield list(nums), sigs.reshape(len(rows), -1), np.array(sizes, np.int64)

    @_sql_errors
    def first_text(self, num: int) -> tuple[str, str | None]:
        return self._conn.execute(
            "SELECT r.text, d.published_utc FROM documents d JOIN revisions r "
            "ON r.document = d.num AND r.revision = 1 WHERE d.num = ?", (num,)).fetchone()

    @_sql_errors
    def unsized_signatures(self) -> list[int]:
        return [num for num, in self._conn.execute(
            "SELECT document FROM signatures WHERE shingles IS NULL ORDER BY document")]

    @_sql_errors
    def replace_signatures(self, rows: Sequence[tuple[int, bytes, int]]) -> None:
        self._conn.executemany("UPDATE signatures SET minhash = ?, shingles = ? WHERE document = ?",
                               [(blob, size, num) for num, blob, size in rows])

    @_sql_errors
    def set_stories(self, pairs: Sequence[tuple[str, int]]) -> None:
        self._conn.executemany("UPDATE documents SET story = ? WHERE num = ?", pairs)

    @_sql_errors
    def clear_reports(self) -> None:
        self._conn.execute("DELETE FROM reports")
        self._conn.execute("DELETE FROM shown")

    # reading
    @_sql_errors
    def story_summaries(self) -> list[StorySummary]:
        counts = self._conn.execute(_STORY_COUNTS).fetchall()
        docs: dict[str, list[Document]] = {}
        for story, doc_id, title, head in self._conn.execute(_STORY_TITLES):
            docs.setdefault(story, []).append(Document(doc_id, "", head or "", title=title))
        return [StorySummary(story, story_title(docs[story]), tuple(d.id for d in docs[story]),
                             sources, first, last)
                for story, _, sources, first, last in counts]

    @_sql_errors
    def story_documents(self, story: str) -> list[StoredDocument]:
        rows = self._conn.execute(
            f"SELECT d.num, d.id, d.revision, d.story, r.content_hash, r.ingested_at, "
            f"{_RAW_COLUMNS} FROM documents d JOIN revisions r ON r.document = d.num "
            "AND r.revision = d.revision WHERE d.story = ? ORDER BY d.num", (story,))
        return [StoredDocument(num, doc_id, rev, sid, chash, at, _raw_from_row(doc_id, raw))
                for num, doc_id, rev, sid, chash, at, *raw in rows]

    @_sql_errors
    def copy_links(self, story: str | None = None) -> list[CopyLink]:
        sql = ("SELECT k.id, o.id, c.similarity FROM copies c JOIN documents k ON k.num = c.copy "
               "JOIN documents o ON o.num = c.original")
        rows = self._conn.execute(sql + (" WHERE k.story = ? OR o.story = ?" if story else "")
                                  + " ORDER BY c.copy, c.original", (story, story) if story else ())
        return [CopyLink(copy, original, "document", sim) for copy, original, sim in rows]

    @_sql_errors
    def cached_report(self, story: str) -> CachedReport | None:
        row = self._conn.execute("SELECT fingerprint, documents, report FROM reports "
                                 "WHERE story = ?", (story,)).fetchone()
        return CachedReport(row[0], json.loads(row[1]), json.loads(row[2])) if row else None

    @_sql_errors
    def save_report(self, story: str, fingerprint: str, documents: list, report: dict) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO reports (story, fingerprint, documents, report, built_at) "
            "VALUES (?, ?, ?, ?, ?)", (story, fingerprint, json.dumps(documents),
                                       json.dumps(report, ensure_ascii=False), utc_now()))

    @_sql_errors
    def last_shown(self, story: str) -> dict | None:
        row = self._conn.execute("SELECT snapshot FROM shown WHERE story = ?", (story,)).fetchone()
        return json.loads(row[0]) if row else None

    @_sql_errors
    def save_shown(self, story: str, snapshot: dict) -> None:
        self._conn.execute("INSERT OR REPLACE INTO shown (story, snapshot, shown_at) "
                           "VALUES (?, ?, ?)", (story, json.dumps(snapshot, ensure_ascii=False),
                                                snapshot["shown_at"]))

    @_sql_errors
    def vectors(self, keys: Sequence[str]) -> dict[str, bytes]:
        return dict(self._in_query("SELECT key, vector FROM vectors WHERE key IN ({})", keys,
                                   tuple))

    @_sql_errors
    def save_vectors(self, rows: Sequence[tuple[str, bytes]]) -> None:
        self._conn.executemany("INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)", rows)


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
