"""Ingest survives ``kill -9`` (on both engines) and can be read while it runs: real
subprocesses on a real database."""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storycheck import Store, StoreError
from storycheck.io.engine import is_postgres_url

from .conftest import query
from .news import count

N_RECORDS = 3000
WORDS = ("harbour council ferry bridge market school river station clinic depot tram festival "
         "budget inquiry storm strike petition library museum stadium reservoir quarry").split()
VERBS = "opened closed flooded reopened delayed approved inspected cancelled rebuilt".split()
SYL = "ba ren tor vel mi sko dar lun fe gha pri sol ur qen ot".split()


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYL) for _ in range(3)).capitalize()


def write_feed(path: Path, n: int = N_RECORDS, seed: int = 5) -> list[str]:
    """n invented ~120-word records in ~n/6 stories; returns their ids."""
    rng = random.Random(seed)
    start = dt.datetime(2025, 1, 1)
    ids = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            town, thing = _name(rng), rng.choice(WORDS)
            sentences = [f"The {thing} in {town} {rng.choice(VERBS)} on day {i // 6} after "
                         f"{rng.randint(2, 900)} residents signed a letter to {_name(rng)} {_name(rng)}."
                         for _ in range(6)]
            record = {"id": f"k{i}", "url": f"https://kill.example/{i}",
                      "outlet": f"{_name(rng)} News", "title": f"{town} {thing} {i}",
                      "published": (start + dt.timedelta(hours=i)).isoformat(),
                      "text": " ".join(sentences)}
            fh.write(json.dumps(record) + "\n")
            ids.append(record["id"])
    return ids


def ingest_cmd(feed: Path, db: str | Path) -> list[str]:
    return [sys.executable, "-m", "storycheck.cli", "ingest", str(feed), "--db", str(db)]


def committed(db: str | Path) -> int:
    """Documents committed so far, read through a separate read-only connection."""
    if is_postgres_url(db):
        tables = query(db, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'documents'")
        return query(db, "SELECT COUNT(*) FROM documents")[0][0] if tables[0][0] else 0
    db = Path(db)
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun_finishes_without_duplicates(tmp_path, db):
    feed = tmp_path / "big.jsonl"
    ids = write_feed(feed)
    proc = subprocess.Popen(ingest_cmd(feed, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while committed(db) < 1 and time.monotonic() < deadline:  # one batch is in
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    before = committed(db)
    assert 0 < before < len(ids), "the ingest should have been killed part-way"

    rerun = subprocess.run(ingest_cmd(feed, db), capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(ids) - before:,} new" in rerun.stdout, rerun.stdout
    if not is_postgres_url(db):
        assert query(db, "PRAGMA integrity_check") == [("ok",)]
    stored = [r[0] for r in query(db, "SELECT id FROM documents")]
    assert sorted(stored) == sorted(ids)  # each exactly once
    assert count(db, "revisions") == count(db, "signatures") == len(ids)
    assert query(db, "SELECT through FROM grouper_state") == \
        query(db, "SELECT MAX(num) FROM documents")
    with Store.open(db) as store:
        grouped = [d for s in store.stories() for d in s.documents]
        assert sorted(grouped) == sorted(ids)
        again = store.ingest([feed])
        assert (again.added, again.revised, again.unchanged) == (0, 0, len(ids))


@pytest.mark.slow
def test_database_can_be_read_while_an_ingest_runs(tmp_path):
    feed, db = tmp_path / "big.jsonl", tmp_path / "wal.db"
    ids = write_feed(feed, n=2000)
    proc = subprocess.Popen(ingest_cmd(feed, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    partial_reads = 0
    try:
        deadline = time.monotonic() + 90
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                with Store.open(db, create=False) as store:
                    seen = sum(len(s.documents) for s in store.stories())
            except StoreError as exc:
                assert "no database" in str(exc)
                seen = 0
            if 0 < seen < len(ids) and proc.poll() is None:
                partial_reads += 1
            time.sleep(0.05)
        out, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert partial_reads > 0, "no read happened while the ingest was committing"
    assert committed(db) == len(ids)
