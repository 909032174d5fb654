"""Incremental story grouping in a store: across opens, checkpoints, writers."""
from __future__ import annotations

from dataclasses import replace

import pytest

from storycheck import Store, StoreError
from storycheck.store import store as store_module

from .conftest import query
from .news import FERRY, FERRY_LATER, LIBRARY


def test_grouping_continues_across_opens_and_batches(db):
    with Store.open(db) as s:
        s.add_documents(FERRY[:1], batch_size=1)
    with Store.open(db) as s:
        s.add_documents(FERRY[1:] + LIBRARY, batch_size=1)
        groups = sorted(tuple(sorted(st.documents)) for st in s.stories())
    assert groups == [("ferry-1", "ferry-2"), ("lib-1", "lib-2")]


def test_stale_grouper_checkpoint_is_replayed(new_db, monkeypatch):
    """As after a kill -9 between checkpoints: documents newer than the saved
    grouper state are replayed on open, and grouping goes on as if uninterrupted."""
    docs = FERRY + LIBRARY + [FERRY_LATER]
    reference, stale = new_db(), new_db()
    with Store.open(reference) as s:
        s.add_documents(docs, batch_size=1)
        expected = [(st.id, st.documents) for st in s.stories()]
    monkeypatch.setattr(store_module, "CHECKPOINT_FACTOR", 1e9)  # only the first batch saves
    with Store.open(stale) as s:
        monkeypatch.setattr(s, "_final_checkpoint", lambda: None)
        s.add_documents(docs[:4], batch_size=1)
    assert query(stale, "SELECT through FROM grouper_state") == [(1,)]
    with Store.open(stale) as s:
        s.add_documents(docs[4:], batch_size=1)
        assert [(st.id, st.documents) for st in s.stories()] == expected


def test_unreadable_grouper_state_is_an_error_until_regrouped(db):
    with Store.open(db) as s:
        s.add_documents(FERRY + LIBRARY[:1])
    query(db, "UPDATE grouper_state "
              """SET state = replace(state, '"version":', '"version":999,"was":')""")
    with Store.open(db) as s:
        with pytest.raises(StoreError, match="cannot continue grouping.*regroup"):
            s.add_documents(LIBRARY[1:])
        assert s.regroup() == 2
        s.add_documents(LIBRARY[1:])
        groups = sorted(tuple(sorted(st.documents)) for st in s.stories())
    assert groups == [("ferry-1", "ferry-2"), ("lib-1", "lib-2")]


def test_a_second_writer_is_noticed(db):
    """Two stores on one database: each reloads what the other committed before writing."""
    with Store.open(db) as a, Store.open(db) as b:
        a.add_documents(FERRY[:1])
        b.add_documents(FERRY[1:] + LIBRARY[:1])
        a.add_documents(LIBRARY[1:] + [replace(FERRY[0], id="dup", url="https://dup.example/")])
        groups = sorted(tuple(sorted(st.documents)) for st in a.stories())
        assert groups == [("dup", "ferry-1", "ferry-2"), ("lib-1", "lib-2")]
        assert [(c.copy, c.original) for c in b.copies()] == [("dup", "ferry-1")]
