"""The Spark job (``storycheck spark``) and ``ingest --from-spark``, in local mode.

One SparkSession (``local[2]``) and one job run serve the whole module: the
job reads invented reports (two stories, a syndicated copy, a revision, a
repeated record, a reused id, bad lines) from JSON Lines files named by a glob
and a text file with front matter, and its stories must be those plain
``storycheck ingest`` makes from the same inputs.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench_grouping import scores
from storycheck import RawDocument, Store
from storycheck.cli import cli
from storycheck.io.readers import InputFile
from storycheck.spark.tasks import POSITION_BITS, read_rows

from .conftest import write
from .news import FERRY, FERRY_LATER, LIBRARY, jsonl


def _missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None or importlib.util.find_spec("pyarrow") is None:
        return "pyspark/pyarrow are not installed (pip install 'storycheck[spark]')"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "no Java for Spark (apt-get install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="module")
def spark():
    reason = _missing()
    if reason and os.environ.get("CI"):
        pytest.fail(f"CI must run the Spark tests: {reason}")
    if reason:
        pytest.skip(reason)
    from storycheck.spark.job import spark_session

    session = spark_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


SYNDICATED = RawDocument(
    id="wire-copy", source="feed", outlet="Harbour Wire", url="https://harbourwire.example/ferry",
    title="Ferry fire: all 212 passengers safe", published=dt.datetime(2025, 6, 2, 14, 0),
    text="Republished from the Tidewater Gazette.\n\n" + FERRY[0].text)
REVISED = dataclasses.replace(FERRY[0], text=FERRY[0].text + "\n\nUpdate: the ferry company "
                              "said on Monday that an inquiry into the fire will report in July.")
# Another feed numbers its records like the first: the same reader id, another document.
SAME_ID = dataclasses.replace(LIBRARY[1], id="ferry-1")
LIBRARY_NOTE = """---
title: Quarry Lane library reopens on Saturdays
outlet: Fenwick Weekly
published: 2025-06-06T09:00:00
url: https://fenwickweekly.example/quarry-lane-saturdays
---
Quarry Lane library in Fenwick will open on Saturdays again from July, the borough
council said, after councillors voted 31 to 9 to keep the branch open. Maren Oduya,
whose petition gathered more than 4,000 signatures, said residents had won.
"""


def inputs(folder: Path) -> list[Path]:
    """The job's inputs, in the order ingest reads them."""
    first = jsonl(folder / "feed-a.jsonl", [FERRY[0], FERRY[1], SYNDICATED, LIBRARY[0]])
    with first.open("a", encoding="utf-8") as fh:
        fh.write("this line is not JSON\n" + json.dumps({"id": "empty", "title": "No text"}) + "\n")
    second = jsonl(folder / "feed-b.jsonl", [SAME_ID, FERRY_LATER, REVISED, LIBRARY[0]])
    return [first, second, write(folder / "note.txt", LIBRARY_NOTE)]


@pytest.fixture(scope="module")
def job(spark, tmp_path_factory):
    """Inputs, the job's output (through the CLI), and a database plain ingest made."""
    folder = tmp_path_factory.mktemp("spark")
    paths = inputs(folder / "in")
    out = folder / "out"
    run = CliRunner().invoke(cli, ["spark", str(folder / "in" / "feed-*.jsonl"),
                                   str(paths[2]), "--out", str(out), "--partitions", "3"])
    assert run.exit_code == 0, run.output
    plain = folder / "plain.db"
    result = CliRunner().invoke(cli, ["ingest", *map(str, paths), "--db", str(plain)])
    assert result.exit_code == 0, result.output
    return {"out": out, "output": run.output, "plain": plain, "folder": folder,
            "ingest_output": result.output}


def _stories(db: Path, tmp: Path) -> list[dict]:
    target = tmp / f"{db.stem}-stories.json"
    result = CliRunner().invoke(cli, ["stories", "--db", str(db), "--json", str(target)])
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text())["stories"]


@pytest.mark.slow
def test_job_writes_documents_copies_and_stories_as_parquet(job):
    import pyarrow.parquet as pq

    out = job["out"]
    assert "7 new, 1 revised, 1 repeated; 1 copy; 2 stories" in job["output"]
    assert "skipped" in job["output"] and "invalid JSON" in job["output"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["skipped_count"] == 2
    assert set(manifest["seconds"]) == {"read", "dedupe", "features", "group", "copies", "write"}
    docs = pq.read_table(out / "documents").to_pylist()
    assert [(d["num"], d["revision"]) for d in docs] == [(1, 1), (1, 2)] + [
        (n, 1) for n in range(2, 8)]
    by_id = {d["id"]: d for d in docs if d["revision"] == 1}
    assert list(by_id) == ["ferry-1", "ferry-2", "wire-copy", "lib-1", "ferry-1~2", "ferry-3",
                           "in/note.txt"]  # input order; a reused id made unique as ingest does
    assert docs[1]["text"].endswith("will report in July.") and docs[1]["id"] == "ferry-1"
    assert len(by_id["ferry-1"]["signature"]) == 64 * 4 and by_id["ferry-1"]["shingles"] > 50
    copies = pq.read_table(out / "copies").to_pylist()
    assert copies == [{"copy": by_id["wire-copy"]["num"], "original": by_id["ferry-1"]["num"],
                       "similarity": copies[0]["similarity"]}]
    assert copies[0]["similarity"] >= 0.8
    stories = {r["id"]: r["story"] for r in pq.read_table(out / "stories").to_pylist()}
    ferry = {stories[i] for i in ("ferry-1", "ferry-2", "wire-copy", "ferry-3")}
    library = {stories[i] for i in ("lib-1", "ferry-1~2", "in/note.txt")}
    assert len(ferry) == 1 and len(library) == 1 and ferry != library


@pytest.mark.slow
def test_loaded_store_lists_the_stories_plain_ingest_makes(job, tmp_path):
    db = tmp_path / "from-spark.db"
    result = CliRunner().invoke(cli, ["ingest", "--from-spark", str(job["out"]), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "7 new, 1 revised, 1 already stored; 1 copy found; 2 stories" in result.stdout
    assert "invalid JSON" in result.output
    loaded, plain = _stories(db, tmp_path), _stories(job["plain"], tmp_path)
    assert loaded == plain and len(plain) == 2
    pred = {doc: s["id"] for s in loaded for doc in s["documents"]}
    gold = {doc: s["id"] for s in plain for doc in s["documents"]}
    assert scores(pred, gold)["b3_f1"] >= 0.95
    with Store.open(db) as spark_store, Store.open(job["plain"]) as plain_store:
        assert spark_store.copies() == plain_store.copies()
        revised = [d for d in spark_store.story_documents(pred["ferry-1"]) if d.id == "ferry-1"]
        assert revised[0].revision == 2 and "inquiry" in revised[0].raw.text


@pytest.mark.slow
def test_loaded_store_goes_on_grouping_and_finding_copies(job, tmp_path):
    """A later plain ingest continues the job's grouper state and copy index."""
    db = tmp_path / "continued.db"
    with Store.open(db) as store:
        store.load_spark(job["out"])
    later = [dataclasses.replace(FERRY_LATER, id="ferry-4", url="https://islands.example/again",
                                 text=FERRY_LATER.text + "\n\nThe ferry returns on Friday."),
             dataclasses.replace(LIBRARY[0], id="lib-9", url="https://other.example/lib")]
    stories = []
    for target in (db, job["plain"]):
        copy = tmp_path / f"{target.stem}-copy.db"
        shutil.copy(target, copy)
        with Store.open(copy) as store:
            result = store.add_documents(later)
            members = {d: s.id for s in store.stories() for d in s.documents}
            stories.append(([members["ferry-4"], members["lib-9"]], result.copies))
    assert stories[0] == stories[1]
    assert stories[0][1] == 2  # each repeats an earlier text


@pytest.mark.slow
def test_load_refuses_a_store_that_holds_documents(job):
    result = CliRunner().invoke(cli, ["ingest", "--from-spark", str(job["out"]),
                                      "--db", str(job["plain"])])
    assert result.exit_code == 1
    assert "already holds documents" in result.output


@pytest.mark.slow
def test_job_says_when_nothing_could_be_read(spark, tmp_path):
    write(tmp_path / "notes.csv", "a,b\n")
    result = CliRunner().invoke(cli, ["spark", str(tmp_path / "notes.csv"),
                                      str(tmp_path / "none-*.jsonl"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    assert "unsupported file type '.csv'" in result.output
    assert "none-*.jsonl: no file matches this pattern" in result.output
    assert "no document could be read" in result.output


def test_load_refuses_an_unfinished_job(tmp_path):
    (tmp_path / "out" / "documents").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["ingest", "--from-spark", str(tmp_path / "out"),
                                      "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "not the output of a finished" in result.output
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "PATHS" in result.output


def test_read_rows_keep_ingest_order_and_skip_reasons(tmp_path):
    feed = jsonl(tmp_path / "a.jsonl", FERRY)
    with feed.open("a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    rows = list(read_rows([(3, InputFile(feed, "a.jsonl")),
                           (4, InputFile(tmp_path / "gone.txt", "gone.txt"))], 10_000_000))
    orders = [row[0] for row in rows]
    assert orders == [3 << POSITION_BITS, (3 << POSITION_BITS) + 1, (3 << POSITION_BITS) + 2,
                      4 << POSITION_BITS]
    assert [row[1] for row in rows[:2]] == ["ferry-1", "ferry-2"]
    assert rows[0][3] == "url:https://tidewater.example/ferry"
    assert "invalid JSON" in rows[2][-1] and rows[3][-1].startswith("cannot read")
