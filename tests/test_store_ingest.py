"""Ingest into a store: revisions, ids, skipped inputs, the story list."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from storycheck import RawDocument
from storycheck.cli import main

from .conftest import write
from .news import FERRY, LIBRARY, count, jsonl

D = dt.datetime


def test_ingest_twice_adds_nothing_the_second_time(tmp_path, store):
    jsonl(tmp_path / "in" / "feed.jsonl", FERRY + LIBRARY)
    write(tmp_path / "in" / "note.txt", "---\ntitle: Harbour dredging starts\n---\n"
          "Dredgers began deepening the Ardmuir channel on Monday.")
    first = store.ingest([tmp_path / "in"])
    assert (first.added, first.revised, first.unchanged) == (5, 0, 0)
    second = store.ingest([tmp_path / "in"])
    assert (second.added, second.revised, second.unchanged) == (0, 0, 5)
    assert count(store.address, "documents") == 5
    assert count(store.address, "revisions") == 5
    ids = sorted(d for s in store.stories() for d in s.documents)
    assert ids == sorted(["ferry-1", "ferry-2", "lib-1", "lib-2", "in/note.txt"])


def test_same_document_from_another_file_is_a_no_op(tmp_path, store):
    store.ingest([jsonl(tmp_path / "a.jsonl", FERRY)])
    result = store.ingest([jsonl(tmp_path / "b.jsonl", FERRY)])
    assert (result.added, result.unchanged) == (0, 2)


def test_updated_version_of_a_url_is_a_new_revision(tmp_path, store):
    store.add_documents(FERRY)
    update = replace(FERRY[0], id="feed-7#3", text=FERRY[0].text + " Update: the ferry returns "
                     "to service on Saturday, the company said.")
    result = store.add_documents([update])
    assert (result.added, result.revised) == (0, 1)
    [story] = store.stories()
    latest = {d.id: d for d in store.story_documents(story.id)}
    assert latest["ferry-1"].revision == 2  # the id of the first version is kept
    assert latest["ferry-1"].raw.text.endswith("on Saturday, the company said.")
    assert count(store.address, "revisions") == 3
    assert store.add_documents([update]).unchanged == 1  # and that revision is known now


def test_without_url_the_id_identifies_the_document(store):
    doc = RawDocument("notes#1", "notes.jsonl", "The harbour reopened on Monday morning.")
    store.add_documents([doc])
    result = store.add_documents([replace(doc, text="The harbour reopened on Monday at noon.")])
    assert result.revised == 1


def test_two_documents_with_one_id_both_kept(store):
    a = replace(FERRY[0], id="7")
    b = replace(LIBRARY[0], id="7")
    store.add_documents([a, b])
    ids = sorted(d for s in store.stories() for d in s.documents)
    assert ids == ["7", "7~2"]


def test_skipped_inputs_are_reported_not_fatal(tmp_path, store):
    path = write(tmp_path / "mixed.jsonl", "\n".join([
        json.dumps({"id": "ok", "text": "Ferries resumed on the Corran route on Friday."}),
        "{not json",
        json.dumps({"id": "empty", "title": "No body"}),
    ]) + "\n")
    result = store.ingest([path, tmp_path / "missing.txt"])
    assert result.added == 1
    reasons = sorted(s.reason for s in result.skipped)
    assert result.skipped_count == 3
    assert any("invalid JSON" in r for r in reasons)
    assert any("no 'text'" in r for r in reasons)
    assert any("no such file" in r for r in reasons)


def test_stories_lists_documents_sources_and_dates(tmp_path, store):
    copy = replace(FERRY[0], id="ferry-copy", outlet="Coastal Wire Digest",
                   url="https://digest.example/ferry", published=D(2025, 6, 2, 14, 0))
    store.add_documents(FERRY + [copy] + LIBRARY)
    stories = {tuple(sorted(s.documents)): s for s in store.stories()}
    ferry = stories[("ferry-1", "ferry-2", "ferry-copy")]
    library = stories[("lib-1", "lib-2")]
    assert ferry.sources == 2  # the copy is not an independent source
    assert (ferry.first, ferry.last) == ("2025-06-02T08:00:00", "2025-06-02T14:00:00")
    assert library.sources == 2 and "library" in library.title.lower()
    out = tmp_path / "stories.json"
    assert main(["stories", "--db", store.address, "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    listed = {s["id"]: s for s in data["stories"]}
    assert sorted(listed[ferry.id]["documents"]) == ["ferry-1", "ferry-2", "ferry-copy"]
    assert {"id", "title", "documents"} <= set(listed[library.id])
