"""The feature pipeline (io.features): worker processes and the main process's share."""
from __future__ import annotations

import pytest

from storycheck import Store
from storycheck.io.features import LocalShare, PendingFeatures, compute_features, worker_pool

from .news import FERRY, FERRY_LATER, LIBRARY


def test_worker_processes_give_the_same_result(tmp_path):
    docs = FERRY + [FERRY_LATER] + LIBRARY
    results = []
    for workers in (0, 1):
        with Store.open(tmp_path / f"w{workers}.db") as s:
            s.add_documents(docs, workers=workers, batch_size=2)
            results.append(([(st.id, st.documents) for st in s.stories()], s.copies()))
    assert results[0] == results[1]


def test_main_process_share_of_features_adapts_and_keeps_order():
    share = LocalShare()
    share.update(waited=True)
    share.update(waited=True)
    assert share.value == pytest.approx(2 * LocalShare.STEP)
    for _ in range(5):
        share.update(waited=False)
    assert share.value == 0.0
    share.value = 0.4  # the main process computes the last 40% itself
    items = [(d.title, d.text) for d in FERRY + [FERRY_LATER] + LIBRARY]
    expected = compute_features(items).unpack()
    with worker_pool(1) as pool:
        got = PendingFeatures(pool, 1, items, share).get()
    assert len(got) == len(expected)
    for a, b in zip(got, expected):
        assert (a.signature == b.signature).all() and (a.hashes == b.hashes).all()
        assert (a.counts.hashes == b.counts.hashes).all()
