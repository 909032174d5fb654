"""A database of documents, their stories and cached story reports.

``Store`` is the Python API behind ``storycheck ingest``, ``stories`` and
``show``.  It holds the logic (revisions, near-duplicates, grouping, report
caching) and talks to the database only through the small ``Repository``
interface; ``SQLiteRepository`` is the default (stdlib ``sqlite3``, WAL mode,
schema versioned by ``PRAGMA user_version``).  A PostgreSQL repository would
implement the same methods.

Ingest, batch by batch and one transaction per batch:

* a document whose content hash is known is a no-op; a new content for a known
  URL (or, without a URL, a known id) is stored as its next revision;
* a new document gets a story from the incremental ``StoryGrouper`` and a
  MinHash signature; an in-memory LSH index over all signatures (rebuilt from
  the database on open) proposes near-duplicates, the signatures rule out those
  that cannot reach the copy threshold, exact shingle containment decides, and
  a ``copy_of`` link is stored, the earlier publication being the original
  (without dates, the earlier ingested);
* the grouper's state is checkpointed inside a batch transaction, often while
  saving it is cheap and less often as it grows; documents committed after the
  last checkpoint are replayed into the grouper on open, so a ``kill -9`` at
  any point leaves a database that continues exactly where it stopped.

The per-story analysis (the heavy NLP) runs only in ``show``; its report is
cached with the document set and settings it was built from.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import json
import multiprocessing
import os
import sqlite3
import sys
import time
from abc import ABC, abstractmethod
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, islice
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from ..errors import StoreError
from ..models import (AnalysedDocument, Citation, ClaimGroup, CopyLink, Coverage, Document,
                      Quote, RawDocument, Removed, Report, Skipped, Span, Story, TimeExpression,
                      TimelineEvent, Variance, VarianceSide)
from ..settings import Settings
from ..steps.group import StoryGrouper, TermCounts, extract_counts
from ..steps.minhash import (NUM_PERM, BandIndex, band_keys, containment, may_contain,
                             minhash, shingle_hashes)
from .stream import ByteCounter, stream_documents

DEFAULT_DB = "storycheck.db"
BATCH_SIZE = 500  # documents per transaction
PIPELINE_DEPTH = 2  # batches the worker processes may be ahead of the commits
CHECKPOINT_FACTOR = 50  # save the grouper state at most every 50x what saving costs
POOL_MIN_BYTES = 4_000_000  # smaller inputs are not worth starting worker processes
MAX_SKIPPED_KEPT = 1000
SHINGLE_CACHE = 4096  # recent documents whose shingles stay in memory for copy checks

# progress(stage, done, total): total may be 0 when unknown (as in api.ProgressCallback)
ProgressCallback = Callable[[str, int, int], None]

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
        report TEXT NOT NULL,             -- JSON of Report.to_dict()
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
]

# --- records ------------------------------------------------------------------


@dataclass(frozen=True)
class DocRef:
    """A stored document as ingest needs it."""

    num: int
    id: str
    revision: int
    story: str


@dataclass(frozen=True)
class StoredDocument:
    """The latest revision of a stored document."""

    num: int
    id: str
    revision: int
    story: str
    content_hash: str
    ingested_at: str
    raw: RawDocument


@dataclass(frozen=True)
class NewDocument:
    num: int
    id: str
    key: str
    story: str
    source_key: str
    published_utc: str | None


@dataclass(frozen=True)
class NewRevision:
    document: int
    revision: int
    content_hash: str
    raw: RawDocument
    ingested_at: str


@dataclass
class Batch:
    """Everything one ingest transaction writes."""

    documents: list[NewDocument] = field(default_factory=list)
    revisions: list[NewRevision] = field(default_factory=list)
    bumped: list[tuple[int, int, str | None]] = field(default_factory=list)  # num, rev, date
    signatures: list[tuple[int, bytes, int]] = field(default_factory=list)  # num, minhash, size
    copies: list[tuple[int, int, float]] = field(default_factory=list)  # copy, original, sim


@dataclass(frozen=True)
class CachedReport:
    fingerprint: str
    documents: list
    report: dict


@dataclass(frozen=True)
class StorySummary:
    id: str
    title: str
    documents: tuple[str, ...]
    sources: int  # independent sources: distinct outlets, copies not counted
    first: str | None  # earliest publication (UTC, ISO 8601)
    last: str | None

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "documents": list(self.documents),
                "sources": self.sources, "first_published": self.first,
                "last_published": self.last}


@dataclass
class IngestResult:
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    copies: int = 0
    skipped_count: int = 0
    skipped: list[Skipped] = field(default_factory=list)  # the first MAX_SKIPPED_KEPT
    stories: set[str] = field(default_factory=set)  # stories that gained documents

    @property
    def documents(self) -> int:
        return self.added + self.revised + self.unchanged

    def skip(self, item: Skipped) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_SKIPPED_KEPT:
            self.skipped.append(item)


# --- repository interface -------------------------------------------------------


class Repository(ABC):
    """What ``Store`` needs from a database.

    Writes happen inside ``transaction()``, which must exclude other writers
    (readers may go on).  ``generation`` is bumped by every ingest batch so a
    writer can tell that another one committed in between.
    """

    location: str

    @abstractmethod
    def transaction(self): ...  # a context manager

    @abstractmethod
    def close(self) -> None: ...

    # ingest
    @abstractmethod
    def generation(self) -> int: ...

    @abstractmethod
    def bump_generation(self) -> int: ...

    @abstractmethod
    def known_hashes(self, hashes: Sequence[str]) -> set[str]: ...

    @abstractmethod
    def documents_by_key(self, keys: Sequence[str]) -> dict[str, DocRef]: ...

    @abstractmethod
    def taken_ids(self, ids: Sequence[str]) -> set[str]: ...

    @abstractmethod
    def last_num(self) -> int: ...

    @abstractmethod
    def write_batch(self, batch: Batch) -> None: ...

    @abstractmethod
    def grouper_state(self) -> tuple[dict | None, int]: ...

    @abstractmethod
    def save_grouper_state(self, state: dict, through: int) -> None: ...

    @abstractmethod
    def first_revisions(self, after: int) -> Iterator[tuple[int, str, RawDocument]]: ...

    @abstractmethod
    def signatures(self, chunk: int = 50_000) -> Iterator[tuple[list[int], np.ndarray,
                                                                np.ndarray]]: ...

    @abstractmethod
    def first_text(self, num: int) -> tuple[str, str | None]: ...

    @abstractmethod
    def unsized_signatures(self) -> list[int]: ...  # document numbers

    @abstractmethod
    def replace_signatures(self, rows: Sequence[tuple[int, bytes, int]]) -> None: ...

    @abstractmethod
    def set_stories(self, pairs: Sequence[tuple[str, int]]) -> None: ...  # (story, num)

    @abstractmethod
    def clear_reports(self) -> None: ...

    # reading
    @abstractmethod
    def story_summaries(self) -> list[StorySummary]: ...

    @abstractmethod
    def story_documents(self, story: str) -> list[StoredDocument]: ...

    @abstractmethod
    def copy_links(self, story: str | None = None) -> list[CopyLink]: ...

    @abstractmethod
    def cached_report(self, story: str) -> CachedReport | None: ...

    @abstractmethod
    def save_report(self, story: str, fingerprint: str, documents: list, report: dict) -> None: ...

    @abstractmethod
    def last_shown(self, story: str) -> dict | None: ...

    @abstractmethod
    def save_shown(self, story: str, snapshot: dict) -> None: ...


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
        from ..steps.story import story_title

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
                                       json.dumps(report, ensure_ascii=False), _now()))

    @_sql_errors
    def last_shown(self, story: str) -> dict | None:
        row = self._conn.execute("SELECT snapshot FROM shown WHERE story = ?", (story,)).fetchone()
        return json.loads(row[0]) if row else None

    @_sql_errors
    def save_shown(self, story: str, snapshot: dict) -> None:
        self._conn.execute("INSERT OR REPLACE INTO shown (story, snapshot, shown_at) "
                           "VALUES (?, ?, ?)", (story, json.dumps(snapshot, ensure_ascii=False),
                                                snapshot["shown_at"]))


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


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# --- features computed off the main process -------------------------------------


@dataclass(frozen=True)
class Features:
    """What ingest computes from a document's text alone."""

    hashes: np.ndarray  # shingle hashes
    signature: np.ndarray | None  # MinHash
    bands: list[int] | None  # LSH band keys
    counts: TermCounts  # grouping features


@dataclass(frozen=True)
class _Packed:
    """Arrays of different lengths (along the last axis) in one array, which
    pickles as one buffer: far faster than an array per document."""

    data: np.ndarray
    ends: np.ndarray

    @classmethod
    def pack(cls, arrays: list[np.ndarray], empty: np.ndarray) -> _Packed:
        data = np.concatenate(arrays, axis=-1) if arrays else empty
        return cls(data, np.cumsum([a.shape[-1] for a in arrays], dtype=np.int64))

    def unpack(self) -> list[np.ndarray]:
        return np.split(self.data, self.ends[:-1], axis=-1)


@dataclass(frozen=True)
class FeatureBatch:
    """The ``Features`` of a batch of documents, packed so that a worker sends
    (pickles) them to the main process fast."""

    hashes: _Packed  # shingle hashes
    signatures: np.ndarray  # documents x NUM_PERM; unused rows for documents without shingles
    term_hashes: _Packed  # TermCounts.hashes
    term_tables: _Packed  # TermCounts.table

    def unpack(self) -> list[Features]:
        counts = map(TermCounts, self.term_hashes.unpack(), self.term_tables.unpack())
        # Copies: the shingle cache keeps some hashes, and a view would keep the batch's.
        hashes = [h.copy() for h in self.hashes.unpack()]
        return [Features(h, sig, bands, c) if len(h) else Features(h, None, None, c)
                for h, sig, bands, c in zip(hashes, self.signatures, band_keys(self.signatures),
                                            counts)]


def compute_features(items: Sequence[tuple[str | None, str]]) -> FeatureBatch:
    """Features of (title, text) pairs; pure, so it runs in worker processes."""
    hashes = [shingle_hashes(text) for _, text in items]
    signatures = np.zeros((len(items), NUM_PERM), np.uint32)
    for row, doc_hashes in enumerate(hashes):
        if len(doc_hashes):
            signatures[row] = minhash(doc_hashes)
    counts = [extract_counts(title, text) for title, text in items]
    return FeatureBatch(_Packed.pack(hashes, np.empty(0, np.uint64)), signatures,
                        _Packed.pack([c.hashes for c in counts], np.empty(0, np.int64)),
                        _Packed.pack([c.table for c in counts], np.empty((3, 0), np.int32)))


class _LocalShare:
    """The share of each batch whose features the main process computes itself
    while the workers do the rest: raised while it ends up waiting for the
    workers, lowered while they are ahead, so that neither side idles (with
    one worker on two cores the worker is the slower side; with more workers,
    the main process)."""

    STEP, LIMIT = 0.02, 0.5

    def __init__(self) -> None:
        self.value = 0.0

    def update(self, waited: bool) -> None:
        self.value = min(self.LIMIT, self.value + self.STEP) if waited else \
            max(0.0, self.value - self.STEP)


class _Pending:
    """Features of one batch: computed in the pool (all but the main process's
    share), or here when there is no pool."""

    def __init__(self, pool, workers: int, items: list[tuple[str | None, str]],
                 share: _LocalShare):
        self._items, self._parts, self._share = items, None, share
        if pool is not None and items:
            cut = len(items) - int(len(items) * share.value)
            size = max(1, -(-cut // workers))
            self._parts = [pool.apply_async(compute_features, (items[i:i + size],))
                           for i in range(0, cut, size)]
            self._items = items[cut:]

    def get(self) -> list[Features]:
        mine = compute_features(self._items).unpack() if self._items else []
        if self._parts is None:
            return mine
        self._share.update(waited=not all(part.ready() for part in self._parts))
        return [f for part in self._parts for f in part.get().unpack()] + mine


def default_workers(total_bytes: int) -> int:
    """Worker processes for an input this large: none for small ones."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return 0 if total_bytes < POOL_MIN_BYTES or cpus < 2 else min(cpus - 1, 4)


@contextmanager
def _worker_pool(workers: int):
    if workers <= 0:
        yield None
        return
    # fork on Linux: workers start at once with storycheck already imported (a fresh
    # interpreter spends seconds importing it); they only compute, so threads of
    # the parent (the progress bar) cannot hurt them. Elsewhere spawn.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pool = context.Pool(workers)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    pool.close()
    pool.join()


# --- document identity ----------------------------------------------------------


def content_hash(raw: RawDocument) -> str:
    """What makes two documents the same: every field but the id and the file read from."""
    parts = (raw.title or "", raw.outlet or "", raw.published.isoformat() if raw.published else "",
             raw.author or "", raw.url or "", raw.text)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:32]


def document_key(raw: RawDocument) -> str:
    """A document's identity across revisions: its URL, else its id."""
    return f"url:{raw.url}" if raw.url else f"id:{raw.id}"


def source_key(raw: RawDocument, doc_id: str) -> str:
    """What counts as one source: the outlet, else the URL's host, else the document."""
    if raw.outlet:
        return "outlet:" + raw.outlet.strip().lower()
    host = urlsplit(raw.url).hostname if raw.url else None
    if host:
        return "host:" + host.lower().removeprefix("www.")
    return "doc:" + doc_id


def utc_iso(value: dt.datetime | None) -> str | None:
    """Sortable UTC text; naive times are taken as UTC (as the grouper does)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.isoformat(timespec="seconds")


@dataclass(frozen=True)
class _Incoming:
    raw: RawDocument
    content_hash: str
    key: str


class _Signatures:
    """MinHash signatures and shingle counts (0: unknown) by document number,
    in arrays that grow by doubling: document numbers are dense."""

    def __init__(self) -> None:
        self.rows = np.zeros((1024, NUM_PERM), np.uint32)
        self.sizes = np.zeros(1024, np.int64)

    def put(self, nums: Sequence[int], signatures: np.ndarray, sizes: np.ndarray) -> None:
        if nums and max(nums) >= len(self.sizes):
            capacity = max(max(nums) + 1, 2 * len(self.sizes))
            rows, self.rows = self.rows, np.zeros((capacity, NUM_PERM), np.uint32)
            self.rows[:len(rows)] = rows
            self.sizes = np.concatenate((self.sizes, np.zeros(capacity - len(self.sizes),
                                                              np.int64)))
        self.rows[nums], self.sizes[nums] = signatures, sizes

    def get(self, nums: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        return self.rows[nums], self.sizes[nums]


@dataclass
class _Index:
    """In-memory state a writer keeps between batches."""

    grouper: StoryGrouper
    bands: BandIndex
    signatures: _Signatures
    generation: int
    next_num: int
    through: int  # last document number in the saved grouper state
    saved_at: float = 0.0
    save_cost: float = 0.0
    shingles: OrderedDict = field(default_factory=OrderedDict)  # num -> (hashes, date)


# --- the store ----------------------------------------------------------------------


class Store:
    """Documents, stories and story reports in a database.

    >>> with Store.open("news.db") as store:          # doctest: +SKIP
    ...     store.ingest(["feeds/2024-05.jsonl.gz"])
    ...     for story in store.stories(): print(story.id, story.title)
    ...     view = store.show("s1")
    """

    def __init__(self, repository: Repository):
        self._repo = repository
        self._index: _Index | None = None

    @classmethod
    def open(cls, path: str | os.PathLike = DEFAULT_DB, *, create: bool = True) -> Store:
        """Open (creating and migrating as needed) the SQLite database at ``path``."""
        return cls(SQLiteRepository.open(path, create=create))

    @property
    def location(self) -> str:
        return self._repo.location

    def close(self) -> None:
        self._repo.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # ingest
    def ingest(self, paths: Iterable[str | os.PathLike], settings: Settings | None = None, *,
               progress: ProgressCallback | None = None, batch_size: int = BATCH_SIZE,
               workers: int | None = None) -> IngestResult:
        """Add every document under ``paths`` (files and folders, any mix); JSONL is streamed.

        ``workers``: processes computing signatures and grouping features
        (grouping itself is sequential); None picks by input size and CPUs.
        """
        settings = settings or Settings()
        counter = ByteCounter()
        items = stream_documents(paths, settings.max_file_bytes, counter)
        first = next(items, None)  # discovery has run: counter.total is known
        items = items if first is None else _prepend(first, items)
        workers = default_workers(counter.total) if workers is None else workers
        return self._ingest(items, settings, progress, batch_size, workers,
                            lambda seen: _estimate(seen, counter))

    def add_documents(self, raws: Iterable[RawDocument | Skipped],
                      settings: Settings | None = None, *,
                      progress: ProgressCallback | None = None,
                      batch_size: int = BATCH_SIZE, workers: int = 0) -> IngestResult:
        """Add documents already in memory (from a feed, a test)."""
        total = len(raws) if isinstance(raws, Sequence) else 0
        return self._ingest(iter(raws), settings or Settings(), progress, batch_size, workers,
                            lambda seen: total)

    def _ingest(self, items: Iterator[RawDocument | Skipped], settings: Settings,
                progress: ProgressCallback | None, batch_size: int, workers: int,
                estimate: Callable[[int], int]) -> IngestResult:
        result, seen, total = IngestResult(), 0, 0
        with _worker_pool(workers) as pool:
            pending: deque[tuple[list[_Incoming], _Pending]] = deque()
            share = _LocalShare()
            while chunk := list(islice(items, batch_size)):
                seen += len(chunk)
                docs = self._incoming(chunk, result)
                features = _Pending(pool, workers, [(d.raw.title, d.raw.text) for d in docs],
                                    share)
                pending.append((docs, features))
                if len(pending) > PIPELINE_DEPTH:  # the pool works ahead while we commit
                    self._commit(*pending.popleft(), settings, result)
                if progress:
                    total = _steady(total, estimate(seen))
                    progress("ingest", seen, total)
            while pending:
                self._commit(*pending.popleft(), settings, result)
        self._final_checkpoint()
        if progress:
            progress("ingest", seen, seen)
        return result

    def _incoming(self, chunk: list[RawDocument | Skipped],
                  result: IngestResult) -> list[_Incoming]:
        """Hash a batch and drop what is already stored (re-checked when committing)."""
        docs, hashes = [], set()
        for item in chunk:
            if isinstance(item, Skipped):
                result.skip(item)
                continue
            doc = _Incoming(item, content_hash(item), document_key(item))
            if doc.content_hash in hashes:
                result.unchanged += 1
                continue
            hashes.add(doc.content_hash)
            docs.append(doc)
        known = self._repo.known_hashes(list(hashes))
        result.unchanged += sum(d.content_hash in known for d in docs)
        return [d for d in docs if d.content_hash not in known]

    def _commit(self, docs: list[_Incoming], pending: _Pending, settings: Settings,
                result: IngestResult) -> None:
        if not docs:
            return
        features = pending.get()
        try:
            with self._repo.transaction():
                index = self._synced_index()
                batch = self._plan(index, docs, features, settings, result)
                self._repo.write_batch(batch)
                self._checkpoint(index, force=False)
                index.generation = self._repo.bump_generation()
        except BaseException:
            self._index = None  # memory may be ahead of the database: reload next time
            raise

    def _plan(self, index: _Index, docs: list[_Incoming], features: list[Features],
              settings: Settings, result: IngestResult) -> Batch:
        """Decide, document by document, what this batch writes."""
        known = self._repo.known_hashes([d.content_hash for d in docs])
        refs = self._repo.documents_by_key([d.key for d in docs])
        taken = self._repo.taken_ids([d.raw.id for d in docs])
        plan: list[tuple[_Incoming, Features, DocRef]] = []  # revision 1: a new document
        for doc, feats in zip(docs, features):
            if doc.content_hash in known:
                result.unchanged += 1
                continue
            known.add(doc.content_hash)
            ref = refs.get(doc.key)
            if ref is None:  # its story is known once the batch is grouped
                ref = DocRef(index.next_num, self._unique_id(doc.raw.id, taken), 1, "")
                index.next_num += 1
            else:
                ref = dataclasses.replace(ref, revision=ref.revision + 1)
            refs[doc.key] = ref
            plan.append((doc, feats, ref))
        new = [(ref.id, feats.counts, doc.raw.published) for doc, feats, ref in plan
               if ref.revision == 1]
        story_of = dict(zip((item[0] for item in new), index.grouper.add_counts_many(new)))
        batch, now = Batch(), _now()
        for doc, feats, ref in plan:
            story = story_of.get(ref.id) or ref.story
            if ref.revision == 1:
                self._add_new(index, doc, feats, ref, story, batch, now, settings)
                result.added += 1
            else:
                batch.revisions.append(NewRevision(ref.num, ref.revision, doc.content_hash,
                                                   doc.raw, now))
                batch.bumped.append((ref.num, ref.revision, utc_iso(doc.raw.published)))
                result.revised += 1
            result.stories.add(story)
        result.copies += len(batch.copies)
        return batch

    def _add_new(self, index: _Index, doc: _Incoming, feats: Features, ref: DocRef, story: str,
                 batch: Batch, now: str, settings: Settings) -> None:
        raw, num = doc.raw, ref.num
        published = utc_iso(raw.published)
        batch.documents.append(NewDocument(num, ref.id, doc.key, story,
                                           source_key(raw, ref.id), published))
        batch.revisions.append(NewRevision(num, 1, doc.content_hash, raw, now))
        if feats.signature is not None:
            batch.signatures.append((num, feats.signature.tobytes(), len(feats.hashes)))
            batch.copies.extend(self._find_copies(index, num, feats, published,
                                                  settings.copy_threshold))

    def _unique_id(self, wanted: str, taken: set[str]) -> str:
        """The reader's id, or ``id~2``, ``id~3``... when another document has it."""
        candidate, n = wanted, 1
        while candidate in taken or (n > 1 and self._repo.taken_ids([candidate])):
            n += 1
            candidate = f"{wanted}~{n}"
        taken.add(candidate)
        return candidate

    def _find_copies(self, index: _Index, num: int, feats: Features, published: str | None,
                     threshold: float) -> list[tuple[int, int, float]]:
        """(copy, original, similarity) for earlier documents this one nearly repeats."""
        hashes, keys, links = feats.hashes, feats.bands, []
        candidates = sorted(index.bands.query(keys))
        if candidates:  # most LSH candidates are ruled out here, without reading their text
            others, sizes = index.signatures.get(candidates)
            candidates = compress(candidates, may_contain(feats.signature, len(hashes), others,
                                                          sizes, threshold))
        for other in candidates:
            other_hashes, other_published = self._shingles_of(index, other)
            score = containment(hashes, other_hashes)
            if score >= threshold:
                new_first = bool(published and other_published and published < other_published)
                links.append((other, num, round(score, 3)) if new_first
                             else (num, other, round(score, 3)))
        index.bands.insert(num, keys)
        index.signatures.put([num], feats.signature[None, :], np.array([len(hashes)]))
        index.shingles[num] = (hashes, published)
        while len(index.shingles) > SHINGLE_CACHE:
            index.shingles.popitem(last=False)
        return links

    def _shingles_of(self, index: _Index, num: int) -> tuple[np.ndarray, str | None]:
        if num in index.shingles:
            index.shingles.move_to_end(num)
            return index.shingles[num]
        text, published = self._repo.first_text(num)
        return shingle_hashes(text), published

    # in-memory index: grouper and LSH
    def _synced_index(self) -> _Index:
        """The in-memory index, reloaded if another writer committed since we last did."""
        if self._index is None or self._index.generation != self._repo.generation():
            self._index = self._load_index()
        return self._index

    def _load_index(self) -> _Index:
        state, through = self._repo.grouper_state()
        try:
            grouper = StoryGrouper.from_state(state) if state else StoryGrouper()
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"cannot continue grouping in {self.location}: {exc}",
                             "it was grouped by another storycheck version; "
                             "Store.open(path).regroup() groups it again") from exc
        for _, doc_id, raw in self._repo.first_revisions(after=through):
            grouper.add(doc_id, raw.title, raw.text, raw.published)  # replay since checkpoint
        self._sign_again()
        bands, signatures = BandIndex(), _Signatures()
        for nums, sigs, sizes in self._repo.signatures():
            for num, keys in zip(nums, band_keys(sigs)):
                bands.insert(num, keys)
            signatures.put(nums, sigs, sizes)
        return _Index(grouper, bands, signatures, self._repo.generation(),
                      self._repo.last_num() + 1, through, saved_at=time.monotonic())

    def _sign_again(self) -> None:
        """New signatures for documents stored by schema 1 (another MinHash)."""
        rows = []
        for num in self._repo.unsized_signatures():
            hashes = shingle_hashes(self._repo.first_text(num)[0])
            if len(hashes):
                rows.append((num, minhash(hashes).tobytes(), len(hashes)))
        self._repo.replace_signatures(rows)

    def _checkpoint(self, index: _Index, force: bool) -> None:
        """Save the grouper state when due: saving costs grow with the state, so
        it is saved at most every CHECKPOINT_FACTOR times what the last save cost."""
        if index.through >= index.next_num - 1:
            return
        if not force and time.monotonic() - index.saved_at < CHECKPOINT_FACTOR * index.save_cost:
            return
        started = time.perf_counter()
        self._repo.save_grouper_state(index.grouper.to_state(), index.next_num - 1)
        index.save_cost = time.perf_counter() - started
        index.saved_at = time.monotonic()
        index.through = index.next_num - 1

    def _final_checkpoint(self) -> None:
        if self._index is None or self._index.through >= self._index.next_num - 1:
            return
        try:
            with self._repo.transaction():
                index = self._synced_index()
                self._checkpoint(index, force=True)
        except BaseException:
            self._index = None
            raise

    def regroup(self) -> int:
        """Group every stored document again, from scratch and in ingest order.

        For a database whose grouper state this version cannot read.  Story ids
        may change, so cached reports and "last shown" records are dropped.
        Returns the number of stories.
        """
        try:
            with self._repo.transaction():
                grouper, pairs = StoryGrouper(), []
                for num, doc_id, raw in self._repo.first_revisions(after=0):
                    pairs.append((grouper.add(doc_id, raw.title, raw.text, raw.published), num))
                self._repo.set_stories(pairs)
                self._repo.save_grouper_state(grouper.to_state(), self._repo.last_num())
                self._repo.clear_reports()
                self._repo.bump_generation()
        finally:
            self._index = None
        return len(grouper.stories())

    # reading
    def stories(self) -> list[StorySummary]:
        """Every story, oldest first."""
        return self._repo.story_summaries()

    def story_documents(self, story: str) -> list[StoredDocument]:
        """The latest revision of each document of ``story``, in ingest order."""
        return self._repo.story_documents(story)

    def copies(self, story: str | None = None) -> list[CopyLink]:
        """Near-duplicate links (copy, original) found at ingest."""
        return self._repo.copy_links(story)

    def show(self, story: str, settings: Settings | None = None, *,
             progress: ProgressCallback | None = None, parser=None,
             remember: bool = True) -> StoryView:
        """The story's report (cached until it gains documents) and what changed since
        it was last shown; ``remember=False`` leaves "last shown" as it was."""
        settings = settings or Settings()
        docs = self._repo.story_documents(story)
        if not docs:
            raise StoreError(f"no story {story!r} in {self.location}",
                             "list the stories with 'storycheck stories'")
        data, cached = self._story_report(story, docs, settings, progress, parser)
        current = snapshot(docs, data)
        changes = compare_snapshots(self._repo.last_shown(story), current)
        if remember:
            with self._repo.transaction():
                self._repo.save_shown(story, current)
        return StoryView(story, data, changes, cached)

    def _story_report(self, story: str, docs: list[StoredDocument], settings: Settings,
                      progress: ProgressCallback | None, parser) -> tuple[dict, bool]:
        fingerprint = settings_fingerprint(settings)
        members = [[d.id, d.revision] for d in docs]
        cached = self._repo.cached_report(story)
        if cached and cached.fingerprint == fingerprint and cached.documents == members:
            return cached.report, True
        from ..api import analyze_documents

        report = analyze_documents([d.raw for d in docs], settings, progress=progress,
                                   parser=parser, story_id=story)
        # through JSON, so a fresh report equals a cached one (lists, not tuples)
        data = json.loads(report.to_json(indent=None))
        with self._repo.transaction():
            self._repo.save_report(story, fingerprint, members, data)
        return data, False


def _prepend(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def _steady(old: int, new: int) -> int:
    """Keep a total estimate unless it is off by over 5%: progress bars reset their
    rate and ETA whenever the total changes."""
    return new if not old or abs(new - old) > 0.05 * old else old


def _estimate(seen: int, counter: ByteCounter) -> int:
    """Total documents, extrapolated from the share of input bytes read so far."""
    if not counter.done or not counter.total:
        return 0
    return max(seen, round(seen * counter.total / counter.done))


# --- reports and what changed -------------------------------------------------------


def settings_fingerprint(settings: Settings) -> str:
    """Settings that change a report (not the process count) and the report schema."""
    from ..steps.report import SCHEMA

    values = dataclasses.asdict(settings)
    values.pop("n_process", None)
    return hashlib.sha256(json.dumps([SCHEMA, values], sort_keys=True).encode()).hexdigest()[:16]


def snapshot(docs: Sequence[StoredDocument], data: dict) -> dict:
    """What ``show`` remembers: document revisions, and each claim's status and citations."""
    story = data["stories"][0] if data.get("stories") else {"claims": []}
    claims = [{"id": c["id"], "text": c["text"], "status": c["status"],
               "keys": [[s["document"], s["text"]] for s in c["support"]]}
              for c in story["claims"]]
    return {"shown_at": _now(), "documents": {d.id: d.revision for d in docs}, "claims": claims}


@dataclass(frozen=True)
class Changes:
    """What changed in a story since it was last shown (everything, the first time)."""

    since: str | None  # when it was last shown; None the first time
    new_documents: tuple[str, ...] = ()
    updated_documents: tuple[str, ...] = ()
    new_claims: tuple[dict, ...] = ()  # {"id", "text", "status"}
    status_changes: tuple[dict, ...] = ()  # {"id", "text", "from", "to"}

    @property
    def any(self) -> bool:
        return bool(self.new_documents or self.updated_documents or self.new_claims
                    or self.status_changes)

    def to_dict(self) -> dict:
        return {"since": self.since, "new_documents": list(self.new_documents),
                "updated_documents": list(self.updated_documents),
                "new_claims": list(self.new_claims), "status_changes": list(self.status_changes)}


def compare_snapshots(previous: dict | None, current: dict) -> Changes:
    """Claims are matched by shared citations (document and cited text), since
    claim ids are positions and change when a story is recomputed."""
    if previous is None:
        return Changes(None, tuple(current["documents"]), (),
                       tuple(_claim_brief(c) for c in current["claims"]))
    old_docs = previous["documents"]
    new_docs = tuple(d for d in current["documents"] if d not in old_docs)
    updated = tuple(d for d, rev in current["documents"].items()
                    if d in old_docs and rev != old_docs[d])
    owner = {tuple(key): n for n, claim in enumerate(previous["claims"]) for key in claim["keys"]}
    new_claims, status_changes = [], []
    for claim in current["claims"]:
        matches = Counter(owner[k] for k in map(tuple, claim["keys"]) if k in owner)
        if not matches:
            new_claims.append(_claim_brief(claim))
            continue
        old = previous["claims"][matches.most_common(1)[0][0]]
        if old["status"] != claim["status"]:
            status_changes.append({"id": claim["id"], "text": claim["text"],
                                   "from": old["status"], "to": claim["status"]})
    return Changes(previous["shown_at"], new_docs, updated, tuple(new_claims),
                   tuple(status_changes))


def _claim_brief(claim: dict) -> dict:
    return {"id": claim["id"], "text": claim["text"], "status": claim["status"]}


def changes_markdown(changes: Changes) -> str:
    if changes.since is None:
        head = "## First time shown"
    elif not changes.any:
        return f"## Changes since last shown ({changes.since})\n\n- Nothing changed.\n"
    else:
        head = f"## Changes since last shown ({changes.since})"
    lines = [head, ""]
    if changes.new_documents:
        lines.append(f"- {len(changes.new_documents)} new documents: "
                     + ", ".join(f"`{d}`" for d in changes.new_documents))
    if changes.updated_documents:
        lines.append("- Updated documents: "
                     + ", ".join(f"`{d}`" for d in changes.updated_documents))
    if changes.new_claims:
        lines.append(f"- {len(changes.new_claims)} new claims:")
        lines.extend(f"  - {_md(c['text'])} ({c['status']}) `{c['id']}`"
                     for c in changes.new_claims)
    if changes.status_changes:
        lines.append("- Claims whose status changed:")
        lines.extend(f"  - {_md(c['text'])}: {c['from']} → {c['to']} `{c['id']}`"
                     for c in changes.status_changes)
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    from ..steps.report import markdown_escape

    return markdown_escape(text)


def changes_html(changes: Changes) -> str:
    items = [f"<li>New document <code>{html.escape(d)}</code></li>" for d in changes.new_documents]
    items += [f"<li>Updated document <code>{html.escape(d)}</code></li>"
              for d in changes.updated_documents]
    items += [f"<li>New claim ({html.escape(c['status'])}): {html.escape(c['text'])}</li>"
              for c in changes.new_claims]
    items += [f"<li>{html.escape(c['from'])} → {html.escape(c['to'])}: "
              f"{html.escape(c['text'])}</li>" for c in changes.status_changes]
    title = ("First time shown" if changes.since is None
             else f"Changes since last shown ({html.escape(changes.since)})")
    body = "".join(items) or "<li>Nothing changed.</li>"
    return f'<section class="changes"><h2>{title}</h2><ul>{body}</ul></section>\n'


@dataclass
class StoryView:
    """What ``Store.show`` returns: the story's report and what changed."""

    story: str
    data: dict  # Report.to_dict() of the story's report
    changes: Changes
    cached: bool  # True when the report came from the cache

    @cached_property
    def report(self) -> Report:
        return report_from_dict(self.data)

    def to_dict(self) -> dict:
        return {**self.data, "changes": self.changes.to_dict()}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self) -> str:
        brief, section = self.report.to_markdown(), changes_markdown(self.changes)
        cut = brief.find("\n## ")
        return brief + "\n" + section if cut < 0 else brief[:cut + 1] + "\n" + section + brief[cut:]

    def to_html(self) -> str:
        page, section = self.report.to_html(), changes_html(self.changes)
        cut = page.find("<section")
        cut = cut if cut >= 0 else page.find("</main>")
        return page + section if cut < 0 else page[:cut] + section + page[cut:]


def report_from_dict(data: dict) -> Report:
    """A ``Report`` rebuilt from ``Report.to_dict()`` output, enough to render it.

    Per-document sentences and claims are not in the dict and stay empty.
    """
    docs = tuple(AnalysedDocument(
        Document(id=d["id"], source=d["source"], text=d["text"], title=d["title"],
                 outlet=d["outlet"], published=_datetime(d["published"]), author=d["author"],
                 url=d["url"], truncated=d["truncated"],
                 removed=tuple(Removed(**r) for r in d["removed"]),
                 summary=tuple(Span(**s) for s in d["summary"])),
        dates=tuple(TimeExpression(**t) for t in d["dates"])) for d in data["documents"])
    return Report(docs, tuple(_story_from_dict(s) for s in data["stories"]),
                  tuple(Skipped(**s) for s in data["skipped"]))


def _story_from_dict(s: dict) -> Story:
    def cites(items):
        return tuple(Citation(**c) for c in items)

    return Story(
        id=s["id"], title=s["title"], documents=tuple(s["documents"]),
        claims=tuple(ClaimGroup(c["id"], c["text"], c["status"], c["sources"], cites(c["support"]),
                                tuple(c["upstream"])) for c in s["claims"]),
        variances=tuple(Variance(v["id"], v["about"], v["kind"], v["claim"],
                                 tuple(VarianceSide(x["value"], cites(x["support"]))
                                       for x in v["sides"])) for v in s["variances"]),
        quotes=tuple(Quote(Citation(q["document"], q["start"], q["end"], q["text"]), q["speaker"])
                     for q in s["quotes"]),
        timeline=tuple(TimelineEvent(e["date"], e["text"], e["claim"], cites(e["support"]))
                       for e in s["timeline"]),
        coverage=tuple(Coverage(c["document"], tuple(c["carries"]), tuple(c["omits"]),
                                tuple(c["only"])) for c in s["coverage"]),
        copies=tuple(CopyLink(**c) for c in s["copies"]))


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


__all__ = ["Store", "Repository", "SQLiteRepository", "IngestResult", "StorySummary",
           "StoredDocument", "StoryView", "Changes", "MIGRATIONS", "DEFAULT_DB",
           "report_from_dict", "shingle_hashes", "minhash", "containment"]
