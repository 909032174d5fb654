"""The SQLite repository: schema versions, WAL, foreign and newer databases."""
from __future__ import annotations

import sqlite3

import pytest

from storycheck import Store, StoreError
from storycheck.io.repository import MIGRATIONS

from .conftest import write


def test_schema_is_versioned_and_wal(tmp_path):
    db = tmp_path / "v.db"
    Store.open(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    Store.open(db).close()  # reopening migrates nothing


def test_newer_or_foreign_databases_are_refused(tmp_path):
    newer = tmp_path / "newer.db"
    Store.open(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="schema version"):
        Store.open(newer)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not storycheck's"):
        Store.open(foreign)
    text = write(tmp_path / "notes.db", "just some text, not a database at all " * 50)
    with pytest.raises(StoreError, match="not a storycheck database|not a database"):
        Store.open(text)
    with pytest.raises(StoreError, match="no database"):
        Store.open(tmp_path / "absent.db", create=False)
