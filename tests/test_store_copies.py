"""Near-duplicates at ingest: MinHash LSH, signatures, copy direction."""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

from storycheck import Store
from storycheck.algorithms.minhash import containment, minhash, shingle_hashes

from .news import FERRY, LIBRARY

D = dt.datetime


def test_copy_links_point_to_the_earliest_publication(store):
    later_original = replace(FERRY[0], id="first-in", published=D(2025, 6, 3))
    earlier_copy = replace(FERRY[0], id="second-in", url="https://other.example/x",
                           outlet="Other", published=D(2025, 6, 1))
    store.add_documents([later_original, earlier_copy])
    [link] = store.copies()
    assert (link.copy, link.original) == ("first-in", "second-in")
    assert link.similarity >= 0.8


def test_copy_links_without_dates_follow_ingest_order(store):
    a = replace(LIBRARY[0], id="a", published=None)
    b = replace(LIBRARY[0], id="b", url="https://b.example/", published=None,
                text=LIBRARY[0].text + " Councillors will meet again in July.")
    store.add_documents([a])
    store.add_documents([b])
    [link] = store.copies()
    assert (link.copy, link.original) == ("b", "a")


def test_copy_detection_persists_across_opens(db):
    with Store.open(db) as s:
        s.add_documents([LIBRARY[0]])
    with Store.open(db) as s:
        s.add_documents([replace(LIBRARY[0], id="again", url="https://mirror.example/lib")])
        assert [(c.copy, c.original) for c in s.copies()] == [("again", "lib-1")]


def test_signatures_from_schema_1_are_signed_again(tmp_path):
    """A database from schema 1 has signatures of another MinHash and no
    shingle counts: they are recomputed, so copies of old documents are found.
    (SQLite only: PostgreSQL databases start at schema 3.)"""
    db = tmp_path / "old.db"
    with Store.open(db) as s:
        s.add_documents([LIBRARY[0]])
    with sqlite3.connect(db) as conn:  # back to schema 1, with foreign signatures
        conn.execute("ALTER TABLE signatures DROP COLUMN shingles")
        conn.execute("DROP TABLE vectors")
        conn.execute("UPDATE signatures SET minhash = randomblob(length(minhash))")
        conn.execute("PRAGMA user_version = 1")
    with Store.open(db) as s:
        s.add_documents([replace(LIBRARY[0], id="again", url="https://mirror.example/lib")])
        assert [(c.copy, c.original) for c in s.copies()] == [("again", "lib-1")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM signatures WHERE shingles > 0").fetchone() == (2,)


def test_shingle_signatures_find_near_copies():
    a = shingle_hashes(LIBRARY[0].text)
    b = shingle_hashes(LIBRARY[0].text.upper() + " And one more sentence at the end.")
    assert containment(a, b) == 1.0  # case and punctuation do not matter
    assert containment(a, shingle_hashes(FERRY[0].text)) < 0.05
    same = (minhash(a) == minhash(b)).mean()
    assert same > 0.7
    assert minhash(shingle_hashes("")) is None
    assert len(shingle_hashes("two words")) == 1
