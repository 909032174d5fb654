"""Syndicated copies within one analysis (steps.copies), and agreement with the store."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from storycheck.io.identity import utc_iso
from storycheck.models import Document, RawDocument
from storycheck.steps.copies import find_document_copies, order_pair

BODY = ("The Brennock tram depot will close for six weeks from Monday while engineers replace "
        "the overhead lines, the transport board said. Replacement buses will run every ten "
        "minutes between the depot and Castle Square, and season tickets stay valid on them. "
        "The board expects the first trams back on the Brennock line in the middle of July.")
TOKYO = dt.timezone(dt.timedelta(hours=9))


def doc(doc_id: str, published: dt.datetime | None, text: str = BODY) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", text=text, published=published)


@pytest.fixture
def tokyo_clock(monkeypatch):
    """The process's local time zone is Asia/Tokyo (UTC+9) for the test."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_copy_points_to_the_earlier_publication():
    docs = [doc("late", dt.datetime(2025, 6, 2, 12)), doc("early", dt.datetime(2025, 6, 2, 9)),
            doc("other", None, "A different story about a library vote in Fenwick entirely.")]
    links = find_document_copies(docs, threshold=0.8)
    assert [(link.copy, link.original, link.scope) for link in links] == \
        [("late", "early", "document")]


def test_without_dates_the_earlier_input_is_the_original():
    docs = [doc("first", None), doc("second", None, BODY + " More detail came later.")]
    assert order_pair(docs, 1, 0)[0].id == "first"


def test_naive_times_are_utc_whatever_the_local_zone(tokyo_clock):
    """10:00 naive is 10:00 UTC; 11:00 in Tokyo is 02:00 UTC, so the Tokyo report came first.
    Read as local (Tokyo) time the naive one would be 01:00 UTC, and win."""
    assert time.localtime().tm_gmtoff == 9 * 3600
    naive, aware = dt.datetime(2025, 6, 2, 10), dt.datetime(2025, 6, 2, 11, tzinfo=TOKYO)
    docs = [doc("naive", naive), doc("tokyo", aware)]
    original, copy = order_pair(docs, 0, 1)
    assert (original.id, copy.id) == ("tokyo", "naive")
    # the store orders them the same way (sortable UTC text)
    assert utc_iso(aware) < utc_iso(naive)


def test_analyze_and_ingest_pick_the_same_original(tokyo_clock, store):
    naive, aware = dt.datetime(2025, 6, 2, 10), dt.datetime(2025, 6, 2, 11, tzinfo=TOKYO)
    raws = [RawDocument("naive", "n.txt", BODY, published=naive, url="https://a.example/n"),
            RawDocument("tokyo", "t.txt", BODY, published=aware, url="https://b.example/t")]
    store.add_documents(raws)
    stored = [(c.copy, c.original) for c in store.copies()]
    analysed = find_document_copies([doc("naive", naive), doc("tokyo", aware)], 0.8)
    assert stored == [(c.copy, c.original) for c in analysed] == [("naive", "tokyo")]
