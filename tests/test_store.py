"""The document store (storycheck.io.store) and streaming reader (io.stream), on invented news."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import sqlite3
from dataclasses import replace

import pytest
from click.testing import CliRunner

from storycheck import RawDocument, Settings, Store, StoreError
from storycheck.cli import cli, main
from storycheck.io.readers import InputFile, read_input
from storycheck.io.store import MIGRATIONS, containment, minhash, shingle_hashes
from storycheck.io.stream import stream_documents

from .conftest import write

D = dt.datetime

# --- invented articles: a ferry fire (three outlets) and a library vote (two) ---

FERRY = [
    RawDocument(
        id="ferry-1", source="feed", outlet="Tidewater Gazette", url="https://tidewater.example/ferry",
        title="Fire on Corran Isle ferry forces 212 passengers to evacuate",
        published=D(2025, 6, 2, 8, 0),
        text="A fire broke out in the engine room of the Corran Isle ferry Merrow Bell on Sunday "
             "evening, forcing all 212 passengers onto lifeboats, the Corran Ferry Company said. "
             "Captain Idris Pell said the blaze started at about 7.15pm, twenty minutes after the "
             "ship left Ardmuir harbour.\n\nCoastguard vessels from Ardmuir towed the ferry back "
             "to port overnight. Four crew members were treated for smoke inhalation at Ardmuir "
             "Infirmary. The company has cancelled all Merrow Bell crossings until Friday."),
    RawDocument(
        id="ferry-2", source="feed", outlet="Northshore Courier", url="https://northshore.example/merrow",
        title="Merrow Bell ferry fire: passengers rescued off Ardmuir",
        published=D(2025, 6, 2, 11, 30),
        text="Passengers on the Merrow Bell were taken off by lifeboat after fire swept through its "
             "engine room on Sunday, the Corran Ferry Company confirmed. The ferry had sailed from "
             "Ardmuir harbour shortly before the alarm was raised, according to captain Idris Pell."
             "\n\nCoastguard crews towed the stricken vessel to Ardmuir during the night. Four "
             "crew members needed hospital treatment after breathing in smoke."),
]
FERRY_LATER = RawDocument(
    id="ferry-3", source="feed", outlet="Islands Daily", url="https://islands.example/merrow-bell",
    title="Merrow Bell crossings halted after engine room fire",
    published=D(2025, 6, 3, 9, 0),
    text="The Corran Ferry Company has halted Merrow Bell crossings until Friday after Sunday's "
         "engine room fire off Ardmuir. There were 212 people on board the ferry when fire broke "
         "out, officials said, and all of them reached the lifeboats.\n\nInvestigators from the "
         "marine accident board boarded the ship in Ardmuir harbour on Monday. Captain Idris Pell "
         "praised his crew, four of whom were treated for smoke inhalation.")
LIBRARY = [
    RawDocument(
        id="lib-1", source="feed", outlet="Fenwick Herald", url="https://fenwick.example/library",
        title="Fenwick council votes to keep Quarry Lane library open",
        published=D(2025, 6, 4, 18, 0),
        text="Fenwick borough council voted 31 to 9 on Wednesday to keep the Quarry Lane library "
             "open, reversing a plan to shut it in September. Councillor Maren Oduya, who led the "
             "campaign, said more than 4,000 residents had signed a petition.\n\nThe library will "
             "open on Saturdays again from July and receive a grant of 85,000 pounds for repairs."),
    RawDocument(
        id="lib-2", source="feed", outlet="Valley Post", url="https://valleypost.example/quarry-lane",
        title="Quarry Lane library saved after petition",
        published=D(2025, 6, 5, 7, 0),
        text="The Quarry Lane library in Fenwick has been saved from closure after councillors "
             "backed it by 31 votes to 9. Maren Oduya said the 4,000-signature petition showed how "
             "much the branch mattered.\n\nSaturday opening returns in July, and 85,000 pounds "
             "will go on repairing the roof, the borough said."),
]


def jsonl(path, docs, **extra):
    lines = []
    for d in docs:
        record = {"id": d.id, "title": d.title, "outlet": d.outlet, "url": d.url, "text": d.text,
                  "published": d.published.isoformat() if d.published else None, **extra}
        lines.append(json.dumps(record))
    return write(path, "\n".join(lines) + "\n")


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "test.db") as opened:
        yield opened


def count(db, table):
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


# --- ingest -------------------------------------------------------------------------

def test_ingest_twice_adds_nothing_the_second_time(tmp_path, store):
    jsonl(tmp_path / "in" / "feed.jsonl", FERRY + LIBRARY)
    write(tmp_path / "in" / "note.txt", "---\ntitle: Harbour dredging starts\n---\n"
          "Dredgers began deepening the Ardmuir channel on Monday.")
    first = store.ingest([tmp_path / "in"])
    assert (first.added, first.revised, first.unchanged) == (5, 0, 0)
    second = store.ingest([tmp_path / "in"])
    assert (second.added, second.revised, second.unchanged) == (0, 0, 5)
    assert count(tmp_path / "test.db", "documents") == 5
    assert count(tmp_path / "test.db", "revisions") == 5
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
    assert count(store.location, "revisions") == 3
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


# --- streaming --------------------------------------------------------------------

def test_stream_reads_gzip_lines_and_skips_bad_ones(tmp_path):
    lines = [json.dumps({"text": "First story text here."}).encode(), b"",
             b"\xff\xfe not json \x00", json.dumps({"id": "x9", "text": "Second."}).encode(),
             json.dumps({"title": "no body"}).encode()]
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    items = list(stream_documents([path], max_bytes=10_000))
    docs = [i for i in items if isinstance(i, RawDocument)]
    skipped = [i for i in items if not isinstance(i, RawDocument)]
    assert [d.id for d in docs] == [f"{path.as_posix()}#1", "x9"]
    assert [s.source for s in skipped] == [f"{path} line 3", f"{path} line 5"]


def test_stream_ids_match_the_whole_file_reader(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", FERRY + LIBRARY)
    text = path.read_text().replace('"id": "ferry-2", ', "")
    path.write_text(text)
    streamed = [d for d in stream_documents([path], 10_000_000)]
    whole = read_input(InputFile(path, path.as_posix()), 10_000_000)
    assert streamed == whole


def test_stream_delegates_other_files_and_counts_bytes(tmp_path):
    from storycheck.io.stream import ByteCounter

    write(tmp_path / "a.txt", "The harbour reopened on Monday.")
    jsonl(tmp_path / "b.jsonl", FERRY)
    counter = ByteCounter()
    docs = list(stream_documents([tmp_path], 10_000_000, counter))
    assert len(docs) == 3
    assert counter.done == counter.total == sum(p.stat().st_size for p in tmp_path.iterdir())


# --- stories and copies ---------------------------------------------------------------

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
    assert main(["stories", "--db", store.location, "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    listed = {s["id"]: s for s in data["stories"]}
    assert sorted(listed[ferry.id]["documents"]) == ["ferry-1", "ferry-2", "ferry-copy"]
    assert {"id", "title", "documents"} <= set(listed[library.id])


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


def test_copy_detection_persists_across_opens(tmp_path):
    db = tmp_path / "x.db"
    with Store.open(db) as s:
        s.add_documents([LIBRARY[0]])
    with Store.open(db) as s:
        s.add_documents([replace(LIBRARY[0], id="again", url="https://mirror.example/lib")])
        assert [(c.copy, c.original) for c in s.copies()] == [("again", "lib-1")]


def test_signatures_from_schema_1_are_signed_again(tmp_path):
    """A database from schema 1 has signatures of another MinHash and no
    shingle counts: they are recomputed, so copies of old documents are found."""
    db = tmp_path / "old.db"
    with Store.open(db) as s:
        s.add_documents([LIBRARY[0]])
    with sqlite3.connect(db) as conn:  # back to schema 1, with foreign signatures
        conn.execute("ALTER TABLE signatures DROP COLUMN shingles")
        conn.execute("UPDATE signatures SET minhash = randomblob(length(minhash))")
        conn.execute("PRAGMA user_version = 1")
    with Store.open(db) as s:
        s.add_documents([replace(LIBRARY[0], id="again", url="https://mirror.example/lib")])
        assert [(c.copy, c.original) for c in s.copies()] == [("again", "lib-1")]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM signatures WHERE shingles > 0").fetchone() == (2,)


def test_grouping_continues_across_opens_and_batches(tmp_path):
    with Store.open(tmp_path / "x.db") as s:
        s.add_documents(FERRY[:1], batch_size=1)
    with Store.open(tmp_path / "x.db") as s:
        s.add_documents(FERRY[1:] + LIBRARY, batch_size=1)
        groups = sorted(tuple(sorted(st.documents)) for st in s.stories())
    assert groups == [("ferry-1", "ferry-2"), ("lib-1", "lib-2")]


def test_stale_grouper_checkpoint_is_replayed(tmp_path, monkeypatch):
    """As after a kill -9 between checkpoints: documents newer than the saved
    grouper state are replayed on open, and grouping goes on as if uninterrupted."""
    from storycheck.io import store as store_module

    docs = FERRY + LIBRARY + [FERRY_LATER]
    with Store.open(tmp_path / "ref.db") as s:
        s.add_documents(docs, batch_size=1)
        expected = [(st.id, st.documents) for st in s.stories()]
    monkeypatch.setattr(store_module, "CHECKPOINT_FACTOR", 1e9)  # only the first batch saves
    with Store.open(tmp_path / "stale.db") as s:
        monkeypatch.setattr(s, "_final_checkpoint", lambda: None)
        s.add_documents(docs[:4], batch_size=1)
    assert sqlite3.connect(tmp_path / "stale.db").execute(
        "SELECT through FROM grouper_state").fetchone()[0] == 1
    with Store.open(tmp_path / "stale.db") as s:
        s.add_documents(docs[4:], batch_size=1)
        assert [(st.id, st.documents) for st in s.stories()] == expected


def test_unreadable_grouper_state_is_an_error_until_regrouped(tmp_path):
    db = tmp_path / "x.db"
    with Store.open(db) as s:
        s.add_documents(FERRY + LIBRARY[:1])
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE grouper_state SET state = json_set(state, '$.version', 999)")
    with Store.open(db) as s:
        with pytest.raises(StoreError, match="cannot continue grouping.*regroup"):
            s.add_documents(LIBRARY[1:])
        assert s.regroup() == 2
        s.add_documents(LIBRARY[1:])
        groups = sorted(tuple(sorted(st.documents)) for st in s.stories())
    assert groups == [("ferry-1", "ferry-2"), ("lib-1", "lib-2")]


def test_a_second_writer_is_noticed(tmp_path):
    """Two stores on one file: each reloads what the other committed before writing."""
    with Store.open(tmp_path / "x.db") as a, Store.open(tmp_path / "x.db") as b:
        a.add_documents(FERRY[:1])
        b.add_documents(FERRY[1:] + LIBRARY[:1])
        a.add_documents(LIBRARY[1:] + [replace(FERRY[0], id="dup", url="https://dup.example/")])
        groups = sorted(tuple(sorted(st.documents)) for st in a.stories())
        assert groups == [("dup", "ferry-1", "ferry-2"), ("lib-1", "lib-2")]
        assert [(c.copy, c.original) for c in b.copies()] == [("dup", "ferry-1")]


def test_worker_processes_give_the_same_result(tmp_path):
    docs = FERRY + [FERRY_LATER] + LIBRARY
    results = []
    for workers in (0, 1):
        with Store.open(tmp_path / f"w{workers}.db") as s:
            s.add_documents(docs, workers=workers, batch_size=2)
            results.append(([(st.id, st.documents) for st in s.stories()], s.copies()))
    assert results[0] == results[1]


def test_main_process_share_of_features_adapts_and_keeps_order():
    from storycheck.io.store import _LocalShare, _Pending, _worker_pool, compute_features

    share = _LocalShare()
    share.update(waited=True)
    share.update(waited=True)
    assert share.value == pytest.approx(2 * _LocalShare.STEP)
    for _ in range(5):
        share.update(waited=False)
    assert share.value == 0.0
    share.value = 0.4  # the main process computes the last 40% itself
    items = [(d.title, d.text) for d in FERRY + [FERRY_LATER] + LIBRARY]
    expected = compute_features(items).unpack()
    with _worker_pool(1) as pool:
        got = _Pending(pool, 1, items, share).get()
    assert len(got) == len(expected)
    for a, b in zip(got, expected):
        assert (a.signature == b.signature).all() and (a.hashes == b.hashes).all()
        assert (a.counts.hashes == b.counts.hashes).all()


def test_shingle_signatures_find_near_copies():
    a = shingle_hashes(LIBRARY[0].text)
    b = shingle_hashes(LIBRARY[0].text.upper() + " And one more sentence at the end.")
    assert containment(a, b) == 1.0  # case and punctuation do not matter
    assert containment(a, shingle_hashes(FERRY[0].text)) < 0.05
    same = (minhash(a) == minhash(b)).mean()
    assert same > 0.7
    assert minhash(shingle_hashes("")) is None
    assert len(shingle_hashes("two words")) == 1


# --- schema -------------------------------------------------------------------------------

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


def test_cli_ingest_and_errors(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", FERRY + LIBRARY)
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(cli, ["ingest", str(feed), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "4 new, 0 revised, 0 already stored" in result.stdout
    result = CliRunner().invoke(cli, ["stories", "--db", str(db)])
    assert "Quarry Lane" in result.stdout and "ferry" in result.stdout.lower()
    assert main(["stories", "--db", str(tmp_path / "none.db")]) == 1
    assert main(["show", "s999", "--db", str(db)]) == 1
    assert main(["ingest", str(tmp_path / "missing.jsonl"), "--db", str(db)]) == 2


# --- show: the lazily computed, cached story report -------------------------------------

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
    assert "ferry-3" in third.to_dict()["stories"][0]["documents"]
    assert third.to_dict()["changes"]["new_documents"] == ["ferry-3"]


@pytest.mark.slow
def test_show_recomputes_on_new_settings_and_renders(store, parser):
    store.add_documents(LIBRARY)
    sid = story_of(store, "lib-1")
    view = store.show(sid, parser=parser)
    md, page = view.to_markdown(), view.to_html()
    assert md.startswith("# ") and "## First time shown" in md
    assert '<section class="changes">' in page
    stricter = store.show(sid, Settings().with_changes(min_sources=3), parser=parser)
    assert not stricter.cached
    assert store.show(sid, parser=parser, remember=False).cached is False  # settings changed back
    with pytest.raises(StoreError, match="no story"):
        store.show("s404")


@pytest.mark.slow
def test_cli_show_writes_reports(tmp_path):
    db = tmp_path / "cli.db"
    assert main(["ingest", str(jsonl(tmp_path / "f.jsonl", LIBRARY)), "--db", str(db)]) == 0
    with Store.open(db) as s:
        sid = s.stories()[0].id
    out = {kind: tmp_path / f"r.{kind}" for kind in ("json", "md", "html")}
    args = ["show", sid, "--db", str(db), "--json", str(out["json"]), "--md", str(out["md"]),
            "--html", str(out["html"])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "first time shown" in result.stdout
    data = json.loads(out["json"].read_text())
    assert data["stories"][0]["id"] == sid and data["changes"]["since"] is None
    result = CliRunner().invoke(cli, args)
    assert "[cached report]" in result.stdout
