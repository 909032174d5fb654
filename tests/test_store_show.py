"""Store.show: the lazily computed, cached story report and what changed."""
from __future__ import annotations

import pytest

from storycheck import Settings, StoreError

from .news import FERRY, FERRY_LATER, LIBRARY
from storycheck.outputs import to_dict, to_html, to_markdown


def story_of(store, doc_id):
    return next(s.id for s in store.stories() if doc_id in s.documents)


@pytest.mark.slow
def test_show_caches_and_reports_what_changed(store, parser):
    store.add_documents(FERRY + LIBRARY)
    sid = story_of(store, "ferry-1")
    first = store.show(sid, parser=parser)
    assert not first.cached and first.changes.since is None
    assert first.data["stories"][0]["id"] == sid
    assert sorted(first.changes.new_documents) == ["ferry-1", "ferry-2"]
    assert len(first.changes.new_claims) == len(first.data["stories"][0]["claims"])

    again = store.show(sid, parser=parser)
    assert again.cached and again.data == first.data
    assert again.changes.since is not None and not again.changes.any

    store.add_documents([FERRY_LATER])
    assert story_of(store, "ferry-3") == sid
    third = store.show(sid, parser=parser)
    assert not third.cached
    assert third.changes.new_documents == ("ferry-3",)
    assert third.changes.new_claims
    changed = {(c["from"], c["to"]) for c in third.changes.status_changes}
    assert ("single-source", "corroborated") in changed, third.changes
    assert "ferry-3" in to_dict(third)["stories"][0]["documents"]
    assert to_dict(third)["changes"]["new_documents"] == ["ferry-3"]


@pytest.mark.slow
def test_show_recomputes_on_new_settings_and_renders(store, parser):
    store.add_documents(LIBRARY)
    sid = story_of(store, "lib-1")
    view = store.show(sid, parser=parser)
    md, page = to_markdown(view), to_html(view)
    assert md.startswith("# ") and "## First time shown" in md
    assert '<section class="changes">' in page
    stricter = store.show(sid, Settings().with_changes(min_sources=3), parser=parser)
    assert not stricter.cached
    assert store.show(sid, parser=parser, remember=False).cached is False  # settings changed back
    with pytest.raises(StoreError, match="no story"):
        store.show("s404")


def test_show_keeps_claim_vectors_so_a_grown_story_encodes_only_its_new_claims(
        store, parser, monkeypatch):
    from storycheck.nlp import embed

    encoded: list[str] = []
    real = embed.SentenceEncoder._encode_batch

    def counting(self, texts):
        encoded.extend(texts)
        return real(self, texts)

    monkeypatch.setattr(embed.SentenceEncoder, "_encode_batch", counting)
    store.add_documents(FERRY)
    sid = story_of(store, "ferry-1")
    store.show(sid, parser=parser)
    first = list(encoded)
    assert first
    store.add_documents([FERRY_LATER])
    encoded.clear()
    store.show(sid, parser=parser)
    assert encoded and not set(encoded) & set(first)  # old claims' vectors came from the store
