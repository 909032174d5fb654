"""Ingest throughput and peak memory: ``Store.ingest`` of generated 600-word articles.

What is timed is what ``storycheck ingest big.jsonl --db FILE`` does: stream a
JSON Lines file, hash and dedupe, MinHash near-duplicate detection, story
grouping, and batched SQLite commits into a fresh temporary database.  The
heavy NLP does not run at ingest.  A second run of the same file (every
document already stored, so all no-ops) is timed too.

Articles are generated with a fixed seed from sentence templates written for
this benchmark: stories of ten kinds of local news (storms, strikes, trials,
...), each with invented places, people, organisations and numbers, reported
by several outlets over a few days; background sentences filled with random
names and numbers; 5% of articles are near-copies of an earlier one (a wire
story republished by another outlet, lightly edited) and 1% are updated
versions of an earlier URL (new revisions).

Each size runs in its own process so peak RSS (``ru_maxrss``) is that size's
alone; "workers MB" is the largest worker process (signatures and grouping
features; forked, so pages shared with the main process count in both).
CPU milliseconds per article are reported for the main process and the
workers as well: wall-clock rates depend on what else the machine runs, so
each row also gives the 1-minute load average when it finished, and "2-core
est/s", the rate two otherwise idle cores would reach with one worker: 1000 /
the larger of the two CPU costs (main and worker run side by side).
Sizes: 1k and 10k by default; ``--full`` adds 100k (a few minutes).
``--postgres URL`` ingests the same articles into a fresh database on that
PostgreSQL server as well (created and dropped by the benchmark; the server's
own CPU is not in the CPU columns).

Usage: python bench/bench_ingest.py [--full] [--sizes 1000 10000] [--workers N]
                                    [--postgres postgresql://user@host/db]
Writes only to a temporary folder (and a temporary database), removed afterwards.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
try:
    from storycheck.store import Store
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(ROOT / "src"))
    from storycheck.store import Store

# Story sentences: {place} {street} {person} {official} {org} {a} {b} {c} {day} {hour}
KINDS = {
    "storm": [
        "A storm packing winds of {a} km/h hit {place} on {day}, {verb_hurt} {b} homes on {street}.",
        "{official}, who leads the emergency office in {place}, said crews had cleared {c} roads.",
        "Power was cut to roughly {b}00 households around {street} for most of {day} night.",
        "{person} watched the roof of a neighbour's garage lift off and land in the {place} canal.",
        "Forecasters at {org} had warned {place} about the storm {c} hours before it arrived.",
        "Schools across {place} stayed shut while engineers checked {a} damaged buildings.",
    ],
    "strike": [
        "Workers at {org} in {place} walked out at {hour} on {day} in a dispute over pay.",
        "Union organiser {person} said {b} members had voted for the stoppage, {a} against.",
        "{official} of {org} called the walkout at the {street} depot reckless and premature.",
        "Pickets gathered outside the {street} gates of {org} holding placards about rents.",
        "Talks between {org} and the union broke down after {c} hours, both sides said.",
        "The strike could halt deliveries across {place} for up to {c} days, managers warned.",
    ],
    "trial": [
        "A court in {place} heard on {day} that {person} had moved {a} thousand euros abroad.",
        "Prosecutor {official} told the jury the money passed through {c} shell firms.",
        "{person} denies all {c} charges and says the accounts of {org} were audited yearly.",
        "The judge adjourned the {place} hearing until {hour} on the following {day}.",
        "A former colleague at {org} testified that invoices were signed on {street} at night.",
        "Defence counsel argued that {b} pages of evidence had been disclosed too late.",
    ],
    "bridge": [
        "The {street} bridge in {place} was closed on {day} after engineers found {c} cracked beams.",
        "{official} said the crossing, used by {b}00 vehicles a day, would stay shut for weeks.",
        "Drivers faced detours of up to {a} kilometres while {org} inspected the structure.",
        "{person}, who runs a bakery beside the {street} bridge, said trade had fallen by half.",
        "A report by {org} had rated the bridge in poor condition {c} years ago.",
        "Ferries across the river at {place} will run every {a} minutes until it reopens.",
    ],
    "outbreak": [
        "Health officials in {place} confirmed {a} cases of food poisoning on {day}.",
        "{official} of {org} said all patients had eaten at a market stall on {street}.",
        "{c} people remained in hospital in {place}, {b} of them children, doctors said.",
        "Inspectors closed {c} food stalls on {street} and took {a} samples for testing.",
        "{person} said her son fell ill within {c} hours of eating at the {street} market.",
        "Residents of {place} were told to boil tap water until tests by {org} came back.",
    ],
    "election": [
        "{person} won the mayoral race in {place} on {day} with {a} percent of the vote.",
        "Turnout in {place} reached {b} percent, {org} said, the highest in {c} years.",
        "{official}, the outgoing mayor, conceded at a rally on {street} shortly after {hour}.",
        "{person} promised to build {b} affordable homes along {street} within {c} years.",
        "Counting at the {street} hall in {place} was delayed by {c} hours by a recount.",
        "Observers from {org} said the vote in {place} had been orderly and fair.",
    ],
    "factory": [
        "{org} said on {day} it would close its plant in {place}, cutting {b} jobs.",
        "{official}, who speaks for {org}, blamed energy prices that rose {a} percent.",
        "{person}, a machinist on {street} for {c} years, said staff learned of it by email.",
        "The {place} plant produced {a} thousand tonnes of steel wire last year, filings show.",
        "Local leaders in {place} asked {org} to delay the closure by at least {c} months.",
        "Suppliers along {street} fear losing up to {a} percent of their business.",
    ],
    "fire": [
        "Fire broke out at a warehouse on {street} in {place} at about {hour} on {day}.",
        "{official} said {b} firefighters and {c} engines fought the blaze for hours.",
        "{person}, who lives opposite the {street} warehouse, said the smoke smelled of plastic.",
        "Police closed {street} and told {place} residents to keep windows shut.",
        "The warehouse, leased by {org}, stored about {a} tonnes of packaging, records show.",
        "Investigators from {org} have not yet said what started the fire in {place}.",
    ],
    "rail": [
        "A commuter train derailed near {place} on {day}, injuring {a} passengers.",
        "{official} of {org} said the train was travelling at {b} km/h when it left the track.",
        "{person} said passengers climbed out through windows onto the {street} embankment.",
        "Services between {place} and the coast were suspended for {c} days for repairs.",
        "{org} said it had replaced {a} kilometres of rail on the line last spring.",
        "Buses replaced trains from {street} station while the carriages were lifted.",
    ],
    "festival": [
        "The {place} music festival opened on {day} with {b}00 people in {street} park.",
        "Organiser {person} said {a} bands would play across {c} stages over the weekend.",
        "{official} praised the {place} festival but asked visitors to use the {street} trams.",
        "Ticket sales rose {a} percent on last year, according to {org}.",
        "Police in {place} reported {c} arrests and no serious incidents by {hour}.",
        "{person} travelled {b} kilometres to see the closing act on {street}.",
    ],
}
TITLES = {
    "storm": "Storm hits {place}, {b} homes damaged", "strike": "{org} workers strike in {place}",
    "trial": "{person} on trial in {place} over missing funds",
    "bridge": "{street} bridge in {place} shut after cracks found",
    "outbreak": "{a} food poisoning cases in {place}", "election": "{person} elected mayor of {place}",
    "factory": "{org} to close {place} plant, {b} jobs lost", "fire": "Warehouse fire on {street}, {place}",
    "rail": "Train derails near {place}, {a} hurt", "festival": "{place} festival draws crowds",
}
# Background sentences: random fillers each time, so they share few 5-word runs.
BACKGROUND = [
    "{person2} of {org2} noted that {n1} similar cases were recorded in {place2} since {year}.",
    "In {year}, {place2} spent {n1} million on {thing} and {n2} million on {thing2}.",
    "{org2} {verb} {n1} {thing} near {street2} last {month}, {person2} recalled.",
    "Figures from {org2} show {thing} costs in {place2} rose {n1} percent in {year}.",
    "{person2} said residents of {street2} had asked for {thing} for {n2} years.",
    "Neighbouring {place2} faced a comparable {event} in {month} {year}, {org2} says.",
    "The council of {place2} will debate {thing} and {thing2} on {n1} {month}.",
    "{person2}, a lecturer at {org2}, called for an inquiry into {thing} in {place2}.",
]
THINGS = ("street lighting, flood barriers, bus lanes, school meals, tram repairs, housing grants, "
          "park maintenance, water pipes, library hours, cycle paths, port dredging, fire drills, "
          "rent controls, hospital beds, road salt, waste collection").split(", ")
EVENTS = ("storm", "strike", "closure", "outbreak", "derailment", "blaze", "protest", "recount")
VERBS = ("repaired", "inspected", "approved", "delayed", "funded", "cancelled", "reviewed")
VERB_HURT = ("damaging", "flattening", "flooding", "unroofing", "battering")
MONTHS = "January February March April May June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
SYL = ("ar bel cor dun el fa gor hal is jen kor lum mar nor ost pel quin ros sal tor ul ven "
       "wil yar zen bra cle dro fri gla").split()
OUTLETS = [f"The {n} {k}" for n in ("Valley", "Harbour", "Northern", "City", "County", "Coast",
                                    "Evening", "Morning") for k in ("Post", "Courier", "Herald")]
START = dt.datetime(2024, 3, 1, 6, 0)


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYL) for _ in range(parts)).capitalize()


def _person(rng: random.Random) -> str:
    return f"{_word(rng, 2)} {_word(rng, rng.choice((2, 3)))}"


def make_story(rng: random.Random, number: int) -> dict:
    kind = rng.choice(list(KINDS))
    when = START + dt.timedelta(hours=number * 0.6)
    slots = {"place": _word(rng, 3), "street": f"{_word(rng, 2)} {rng.choice(('Road', 'Street', 'Lane'))}",
             "person": _person(rng), "official": _person(rng),
             "org": f"{_word(rng, 2)} {rng.choice(('Group', 'Council', 'Institute', 'Services'))}",
             "a": rng.randint(3, 95), "b": rng.randint(10, 900), "c": rng.randint(2, 40),
             "day": DAYS[when.weekday()], "hour": f"{rng.randint(1, 11)} {rng.choice(('a.m.', 'p.m.'))}",
             "verb_hurt": rng.choice(VERB_HURT)}
    return {"kind": kind, "slots": slots, "when": when, "articles": []}


def background(rng: random.Random) -> str:
    return rng.choice(BACKGROUND).format(
        person2=_person(rng), org2=f"{_word(rng, 3)} {rng.choice(('Trust', 'University', 'Agency'))}",
        place2=_word(rng, 3), street2=f"{_word(rng, 2)} Street", n1=rng.randint(2, 99),
        n2=rng.randint(2, 60), year=rng.randint(1995, 2023), month=rng.choice(MONTHS),
        thing=rng.choice(THINGS), thing2=rng.choice(THINGS), verb=rng.choice(VERBS),
        event=rng.choice(EVENTS))


def make_text(rng: random.Random, story: dict, words: int = 600) -> str:
    own = [t.format(**story["slots"]) for t in KINDS[story["kind"]]]
    out, n = [], 0
    while n < words:
        sentence = rng.choice(own) if rng.random() < 0.4 else background(rng)
        out.append(sentence)
        n += sentence.count(" ") + 1
    paragraphs = [" ".join(out[i:i + 4]) for i in range(0, len(out), 4)]
    return "\n\n".join(paragraphs)


def articles(n: int, seed: int = 11):
    """Yield n JSON records lazily, in publication order (roughly)."""
    rng = random.Random(seed)
    live: list[dict] = []
    for i in range(n):
        if not live or rng.random() < 1 / 7:
            live.append(make_story(rng, i))
            live = live[-40:]
        story = live[len(live) - 1 - min(int(rng.expovariate(1 / 6)), len(live) - 1)]
        yield _record(rng, i, story)


def _record(rng: random.Random, i: int, story: dict) -> dict:
    published = story["when"] + dt.timedelta(hours=rng.uniform(0, 60))
    earlier = story["articles"]
    roll = rng.random()
    if earlier and roll < 0.05:  # a copy: another outlet republishes, lightly edited
        base = rng.choice(earlier)
        text = background(rng) + "\n\n" + base["text"].rsplit("\n\n", 1)[0]
        record = {**base, "id": f"a{i}", "url": f"https://news{i % 23}.example/a{i}",
                  "outlet": rng.choice(OUTLETS), "text": text}
    elif earlier and roll < 0.06:  # an update of an earlier URL
        base = rng.choice(earlier)
        record = {**base, "id": f"a{i}", "text": base["text"] + "\n\nUpdate: " + background(rng)}
    else:
        record = {"id": f"a{i}", "url": f"https://news{i % 23}.example/a{i}",
                  "outlet": rng.choice(OUTLETS), "title": TITLES[story["kind"]].format(**story["slots"]),
                  "text": make_text(rng, story)}
    record["published"] = published.isoformat(timespec="minutes")
    earlier.append(record)
    del earlier[:-8]
    return record


def write_corpus(path: Path, n: int) -> int:
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for record in articles(n):
            words += record["text"].count(" ") + 1
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words // n


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure(n: int, corpus: Path, db: str, workers: int | None) -> dict:
    """Child process: ingest twice and report times, CPU, counts and peak memory."""
    started, cpu = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
    with Store.open(db) as store:
        first = store.ingest([corpus], workers=workers)
    seconds = time.perf_counter() - started
    main_cpu, worker_cpu = _cpu(resource.RUSAGE_SELF) - cpu, _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with Store.open(db) as store:
        again = store.ingest([corpus], workers=workers)
        stories = store.stories()
    rerun = time.perf_counter() - started
    assert again.added == again.revised == 0, "re-ingest must be a no-op"
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"n": n, "seconds": seconds, "per_s": n / seconds, "rerun_per_s": n / rerun,
            "main_ms": main_cpu * 1000 / n, "worker_ms": worker_cpu * 1000 / n,
            "rss_mb": self_kb / 1024, "worker_mb": child_kb / 1024, "added": first.added,
            "revised": first.revised, "copies": first.copies, "stories": len(stories),
            "db_mb": _size(db) / 1e6}


def _size(db: str) -> int:
    if not db.startswith("postgresql://"):
        return Path(db).stat().st_size
    import psycopg

    with psycopg.connect(db) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def run_size(n: int, workers: int | None, postgres: str | None) -> list[dict]:
    """One row per engine: SQLite, and PostgreSQL when a server URL is given."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        words = write_corpus(corpus, n)
        engines = [("sqlite", lambda: nullcontext(str(Path(tmp) / "bench.db")))]
        if postgres:
            engines.append(("postgres", lambda: _fresh_database(postgres)))
        for engine, database in engines:
            with database() as db:
                cmd = [sys.executable, __file__, "--one", str(n), "--corpus", str(corpus),
                       "--db", db]
                if workers is not None:
                    cmd += ["--workers", str(workers)]
                out = subprocess.run(cmd, capture_output=True, text=True, check=True)
            rows.append({**json.loads(out.stdout.strip().splitlines()[-1]), "words": words,
                         "engine": engine, "load": os.getloadavg()[0]})
    return rows


@contextmanager
def _fresh_database(server: str):
    """A new database on the server of ``server`` (a URL), dropped afterwards."""
    import psycopg

    name = f"bench_ingest_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield urlsplit(server)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def two_core_rate(r: dict) -> float:
    """Articles/s on two idle cores: main and worker overlap; without a worker
    the main process does everything."""
    return 1000 / max(r["main_ms"], r["worker_ms"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="also run 100k articles")
    ap.add_argument("--sizes", type=int, nargs="*")
    ap.add_argument("--workers", type=int, help="worker processes (default: by input size)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process mode
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--postgres", metavar="URL",
                    help="also ingest into a fresh database on this PostgreSQL server")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.corpus, args.db, args.workers)))
        return 0
    sizes = args.sizes or ([1000, 10000, 100000] if args.full else [1000, 10000])
    print(f"CPUs available: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}")
    print(f"{'engine':>8} {'articles':>9} {'words':>5} {'seconds':>8} {'articles/s':>10} {'rerun/s':>8} "
          f"{'main ms/a':>9} {'wrk ms/a':>8} {'peak RSS MB':>11} {'workers MB':>10} "
          f"{'stories':>8} {'copies':>7} {'revised':>7} {'DB MB':>6} {'2-core est/s':>12} "
          f"{'load':>5}")
    for r in (row for n in sizes for row in run_size(n, args.workers, args.postgres)):
        print(f"{r['engine']:>8} {r['n']:>9} {r['words']:>5} {r['seconds']:>8.1f} "
              f"{r['per_s']:>10.0f} {r['rerun_per_s']:>8.0f} {r['main_ms']:>9.2f} "
              f"{r['worker_ms']:>8.2f} {r['rss_mb']:>11.0f} {r['worker_mb']:>10.0f} "
              f"{r['stories']:>8} {r['copies']:>7} {r['revised']:>7} {r['db_mb']:>6.0f} "
              f"{two_core_rate(r):>12.0f} {r['load']:>5.1f}", flush=True)
    print("main/wrk ms/a: CPU milliseconds per article in the main process (reading, "
          "grouping, the database client) and in the worker(s) (signatures, grouping features); "
          "2-core est/s = 1000 / the larger of the two; load: 1-minute load average "
          "when the row finished.")
    if not args.full:
        print("(100k articles: run with --full)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
