"""The Spark job (``storycheck spark``) beside single-machine ``storycheck ingest``.

Input: ``bench_ingest``'s generated 600-word articles (same generator and seed:
stories of ten kinds of local news, 5% near-copies, 1% updated URLs), written in
order to 16 JSON Lines files so that reading is spread over tasks too.

Rows, each in its own process (a fresh JVM for Spark):

* ``ingest`` - ``Store.ingest`` into a new SQLite file (its default worker
  processes), the baseline;
* ``spark local[1]`` / ``local[2]`` - ``run_job`` with one and two executor
  cores, then ``Store.load_spark`` of its output into a new SQLite file.

For each: wall seconds of each job stage per 1,000 articles, the job's total,
articles/s, the load, CPU seconds of the whole process tree (driver, JVM and
Python workers) and whether its stories and copies equal ingest's (B3 F1 of
the story assignment against ingest's, and the copy links).  The Spark
session's start (JVM, ~10 s) is timed apart, not in the job.

The machine has 2 cores shared with other jobs: the 1-minute load average is
printed with each row, and figures taken on a loaded machine are slow.

Usage: python bench/bench_spark.py [--articles 10000] [--cores 1 2]
Writes only to a temporary folder, removed afterwards.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this checkout's storycheck, installed or not

from bench_grouping import scores  # noqa: E402
from bench_ingest import articles  # noqa: E402
FILES = 16
STAGES = ("read", "dedupe", "features", "group", "copies", "write")


def write_inputs(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    per_file = -(-n // FILES)
    handles = [(folder / f"part-{k:02d}.jsonl").open("w", encoding="utf-8") for k in range(FILES)]
    for i, record in enumerate(articles(n)):
        handles[i // per_file].write(json.dumps(record, ensure_ascii=False) + "\n")
    for handle in handles:
        handle.close()


def child_ingest(inputs: Path, db: Path) -> dict:
    from storycheck.store import Store

    started, cpu = time.perf_counter(), tree_cpu(os.getpid())
    with Store.open(db) as store:
        result = store.ingest([inputs])
    return {"seconds": time.perf_counter() - started, "added": result.added,
            "cpu": tree_cpu(os.getpid()) - cpu}


def child_spark(inputs: Path, db: Path, out: Path, cores: int) -> dict:
    from storycheck.spark.job import run_job, spark_session
    from storycheck.store import Store

    started = time.perf_counter()
    spark = spark_session(f"local[{cores}]")
    spark.sparkContext.setLogLevel("ERROR")
    session = time.perf_counter() - started
    cpu = tree_cpu(os.getpid())
    result = run_job(spark, [str(inputs)], out)
    cpu = tree_cpu(os.getpid()) - cpu
    spark.stop()
    started = time.perf_counter()
    with Store.open(db) as store:
        store.load_spark(out)
    sizes = {name: sum(f.stat().st_size for f in (out / name).glob("*.parquet"))
             for name in ("documents", "copies", "stories")}
    sizes["grouper state"] = (out / "grouper_state.json").stat().st_size
    return {"session": session, "stages": result.seconds, "added": result.added,
            "load": time.perf_counter() - started, "cpu": cpu,
            "grouper": result.grouper_seconds, "sizes": sizes, "db": db.stat().st_size}


def tree_cpu(root: int) -> float:
    """CPU seconds of a process and its descendants, live or reaped (Linux /proc):
    the driver, the JVM it started and the JVM's Python workers."""
    parent, times = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid = int(stat.parent.name)
        parent[pid] = int(fields[1])
        times[pid] = sum(map(int, fields[11:15]))  # utime stime cutime cstime
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0)
        todo += [child for child, up in parent.items() if up == pid]
    return total / os.sysconf("SC_CLK_TCK")


def assignments(db: Path) -> tuple[dict[str, str], list]:
    from storycheck.store import Store

    with Store.open(db, create=False) as store:
        return ({doc: s.id for s in store.stories() for doc in s.documents},
                [(c.copy, c.original, c.similarity) for c in store.copies()])


def run_child(*args: str) -> dict:
    """A child process's JSON result."""
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--cores", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, *paths = args.child
        result = child_ingest(*map(Path, paths)) if kind == "ingest" else \
            child_spark(*map(Path, paths[:3]), int(paths[3]))
        print(json.dumps(result))
        return 0
    n = args.articles
    print(f"{n:,} generated articles in {FILES} JSON Lines files; CPUs: {os.cpu_count()}")
    header = (f"{'system':<15} " + " ".join(f"{s + ' s/1k':>12}" for s in STAGES)
              + f" {'job s':>7} {'art/s':>6} {'load s':>6} {'CPU s':>6} {'B3 F1':>6} "
              f"{'copies =':>8} {'load avg':>8}")
    with tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp:
        inputs = Path(tmp) / "inputs"
        write_inputs(inputs, n)
        base = run_child("--child", "ingest", str(inputs), str(Path(tmp) / "ingest.db"))
        gold, gold_copies = assignments(Path(tmp) / "ingest.db")
        print(header)
        print(f"{'ingest':<15} " + " ".join(f"{'':>12}" for _ in STAGES)
              + f" {base['seconds']:>7.1f} {n / base['seconds']:>6.0f} {'':>6} {base['cpu']:>6.1f} "
              f"{1.0:>6.3f} {'yes':>8} {os.getloadavg()[0]:>8.1f}", flush=True)
        sessions = []
        for cores in args.cores:
            db, out = Path(tmp) / f"spark{cores}.db", Path(tmp) / f"out{cores}"
            r = run_child("--child", "spark", str(inputs), str(db), str(out), str(cores))
            pred, copies = assignments(db)
            job = sum(r["stages"].values())
            sessions.append(r["session"])
            print(f"{'spark local[' + str(cores) + ']':<15} "
                  + " ".join(f"{r['stages'][s] * 1000 / n:>12.2f}" for s in STAGES)
                  + f" {job:>7.1f} {n / job:>6.0f} {r['load']:>6.1f} {r['cpu']:>6.1f} "
                  f"{scores(pred, gold)['b3_f1']:>6.3f} {'yes' if copies == gold_copies else 'NO':>8}"
                  f" {os.getloadavg()[0]:>8.1f}", flush=True)
        print(f"\nSpark output per article (local[{cores}] run): " + ", ".join(
            f"{name} {size / n:,.0f} B" for name, size in r["sizes"].items())
            + f"; SQLite after the load {r['db'] / n:,.0f} B; StoryGrouper itself "
            f"{r['grouper'] * 1000 / n:.2f} ms CPU per article (the group stage: "
            f"{r['stages']['group'] * 1000 / n:.2f} ms wall)")
    print(f"s/1k: wall seconds of the stage per 1,000 articles; job s: all stages (the Spark "
          f"session's start, {min(sessions):.0f}-{max(sessions):.0f} s, not included); load s: "
          "'ingest --from-spark' into SQLite; CPU s: of the process tree during the job (ingest: during the ingest); B3 F1 and "
          "copies =: the stories and copy links against ingest's.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
