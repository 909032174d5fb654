"""Two ingests at once into one database (two real processes, overlapping inputs):
nothing lost, nothing twice, and the stories and copies of one ingest of the
same documents in the order they were committed."""
from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import time

from bench_ingest import KINDS, make_story

from storycheck import Store

from .news import count

N_STORIES, PER_STORY = 30, 8
START = dt.datetime(2025, 3, 1, 6, 0)
CHILD = """
import pathlib, sys, time
from storycheck import Store
db, feed, go = sys.argv[1:]
with Store.open(db) as store:
    print("ready", flush=True)
    while not pathlib.Path(go).exists():
        time.sleep(0.01)
    result = store.ingest([feed], batch_size=20, workers=0)
print(result.added, result.unchanged)
"""


def invented_articles(seed: int = 29) -> list[dict]:
    """Articles of N_STORIES invented stories (bench_ingest's templates), each
    with some of its story's sentences and one of its own, interleaved by time."""
    rng = random.Random(seed)
    records = []
    for number in range(N_STORIES):
        story = make_story(rng, number)
        own = [t.format(**story["slots"]) for t in KINDS[story["kind"]]]
        for k in range(PER_STORY):
            i = len(records)
            extra = (f"{story['slots']['person']} was in {story['slots']['place']} with "
                     f"{rng.randint(2, 900)} others by {rng.randint(1, 11)} o'clock.")
            text = " ".join(rng.sample(own, 4) + [extra])
            records.append({"id": f"c{i}", "url": f"https://wire{i % 7}.example/c{i}",
                            "outlet": f"Outlet {rng.randint(1, 12)}", "title": own[0][:60],
                            "published": (START + dt.timedelta(days=number * 1.9, hours=k)
                                          ).isoformat(), "text": text})
    return sorted(records, key=lambda r: r["published"])


def write_jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def outcome(db: str) -> tuple[set, set]:
    """The stories (as sets of document ids) and the copy links."""
    with Store.open(db) as store:
        groups = {frozenset(s.documents) for s in store.stories()}
        copies = {(c.copy, c.original) for c in store.copies()}
    return groups, copies


def in_commit_order(db: str) -> list:
    """The stored documents (first revisions) in the order they were committed."""
    with Store.open(db) as store:
        docs = [d for s in store.stories() for d in store.story_documents(s.id)]
    return [d.raw for d in sorted(docs, key=lambda d: d.num)]


def test_two_ingests_at_once_lose_nothing_and_duplicate_nothing(tmp_path, new_db):
    records = invented_articles()
    first = write_jsonl(tmp_path / "a.jsonl", [r for i, r in enumerate(records) if i % 3 < 2])
    second = write_jsonl(tmp_path / "b.jsonl", [r for i, r in enumerate(records) if i % 3])
    third = len(records) // 3  # in both files
    shared, one_by_one, replayed = new_db(), new_db(), new_db()
    with Store.open(one_by_one) as store:
        store.ingest([first], batch_size=20, workers=0)
        store.ingest([second], batch_size=20, workers=0)

    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, shared, feed, str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for feed in (first, second)]
    for proc in procs:  # both have opened (and migrated) the database: start together
        assert proc.stdout.readline().strip() == "ready", proc.communicate()[1]
    go.touch()
    started = time.monotonic()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(tuple(map(int, out.split())))
    assert time.monotonic() - started < 120

    (added_a, unchanged_a), (added_b, unchanged_b) = results
    assert added_a > 0 and added_b > 0
    assert added_a + added_b == len(records)
    assert unchanged_a + unchanged_b == third  # each shared article stored once
    assert count(shared, "documents") == count(shared, "revisions") == len(records)
    with Store.open(shared) as store:
        ids = sorted(d for s in store.stories() for d in s.documents)
    assert ids == sorted(r["id"] for r in records)
    # Grouping depends on the order (stories of one kind may merge or not): the
    # stories are exactly those of one ingest of the same documents in the order
    # the two processes committed them; copy links do not depend on the order.
    with Store.open(replayed) as store:
        store.add_documents(in_commit_order(shared), batch_size=20)
    groups, copies = outcome(shared)
    assert (groups, copies) == outcome(replayed)
    assert copies == outcome(one_by_one)[1] and copies
    only_a = {r["id"] for r in records[::3]}
    only_b = {r["id"] for r in records[2::3]}
    assert any(group & only_a and group & only_b for group in groups)  # grouped across both
