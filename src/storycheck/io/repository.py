"""The default database behind ``Store``: ``SQLRepository`` (``repository_sql.py``,
where the statements and migrations are) on one SQLite file: stdlib
``sqlite3``, WAL mode, schema versioned by ``PRAGMA user_version``.
"""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from .repository_interface import Repository
from .repository_sql import MIGRATIONS, SQLRepository, sql_errors

BUSY_SECONDS = 30.0  # how long a process waits for another's lock on the database

DEFAULT_DB = "storycheck.db"

__all__ = ["DEFAULT_DB", "MIGRATIONS", "Repository", "SQLiteRepository"]


class SQLiteRepository(SQLRepository):
    """The default repository: one SQLite file in WAL mode."""

    engine_error = sqlite3.Error

    @classmethod
    def open(cls, path: str | os.PathLike = DEFAULT_DB, *, create: bool = True) -> SQLiteRepository:
        location = str(path)
        if not create and location != ":memory:" and not Path(location).is_file():
            raise StoreError(f"no database at {location}",
                             "create it with 'storycheck ingest', or pass --db")
        try:
            conn = sqlite3.connect(location, isolation_level=None, timeout=BUSY_SECONDS)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {location}: {exc}",
                             "check that its folder exists and is writable") from exc
        repo = cls(conn, location)
        return repo._opened(repo._configure)

    def hint_for(self, exc: Exception) -> str | None:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return "another process holds the database; try again when it is done"
        if "not a database" in text or "malformed" in text:
            return "the file is not a storycheck database, or is damaged"
        if "readonly" in text or "read-only" in text:
            return "the database file or its folder is not writable"
        return None

    @sql_errors
    def _configure(self) -> None:
        self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        # Two processes opening a new database at once: switching it to WAL needs the
        # lock the other may hold, and SQLite then answers "locked" at once rather
        # than waiting (its deadlock guard), so wait here, as busy_timeout would.
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")

    def _schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def _set_schema_version(self, version: int) -> None:
        self._conn.execute(f"PRAGMA user_version = {int(version)}")

    def _has_tables(self) -> bool:
        return self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone() \
            is not None

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE: one writer at a time; WAL readers are not blocked."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to {self.location}: {exc}",
                             self.hint_for(exc)) from exc
        try:
            yield
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot commit to {self.location}: {exc}",
                             self.hint_for(exc)) from exc
