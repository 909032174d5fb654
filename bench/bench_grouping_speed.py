"""Story-grouping throughput and peak memory on synthetic 600-word articles.

Articles are generated (fixed seed) by recombining sentence templates written
for this benchmark: many stories of a few event kinds (fires, shootings,
floods, trials, mergers, ...), each with random invented places, people,
organisations, numbers and dates, reported by several "outlets" over a few
days, mixed with shared generic sentences so stories of the same kind overlap
in vocabulary.  Publication dates advance through the stream (with some
jitter), so the grouper's date window closes old stories as in production.

Each size runs in its own subprocess so that peak RSS (``ru_maxrss``) is that
size's alone; articles are generated lazily and only ``StoryGrouper.add`` is
timed.  Each size runs three times: one process (``add``), ``add_many(workers=2)``
which moves feature extraction to a helper process (2 cores), and "grouping
only": features extracted up front (untimed) and ``add_counts_many`` in batches
of 500, which is the grouper's share of the main process in ``storycheck
ingest``.  Sizes: 1k and
10k by default; ``--full`` adds 100k (a few minutes in all).  Also prints B3
F1 against the generated gold as a sanity check (the synthetic stories are
easy to tell apart; ECB+ is the quality benchmark).

Usage: python bench/bench_grouping_speed.py [--full] [--sizes 1000 10000]
Writes nothing.
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
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    from storycheck.grouping import StoryGrouper, extract_counts
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(ROOT / "src"))
    from storycheck.grouping import StoryGrouper, extract_counts

# Templates: {city} {person} {person2} {org} {n1} {n2} {n3} {day} {month} {year} {place}
KINDS = {
    "fire": [
        "A fire tore through {place} in {city} on {day}, killing {n1} people and injuring {n2}.",
        "Firefighters from {org} said the blaze at {place} started shortly after midnight.",
        "Fire chief {person} told reporters that {n3} crews fought the flames for hours.",
        "Residents of {city} described thick smoke rising over {place} as sirens wailed.",
        "Investigators in {city} have not yet determined what caused the fire at {place}.",
        "{person2}, who lives near {place}, said she saw flames through her window.",
    ],
    "shooting": [
        "A gunman opened fire at {place} in {city} on {day}, leaving {n1} dead and {n2} wounded.",
        "Police chief {person} said officers arrived within {n3} minutes of the first call.",
        "The suspect, identified by {org} as {person2}, was taken into custody.",
        "Witnesses at {place} told local media that they heard a burst of shots.",
        "Mayor {person} of {city} called the shooting a senseless act of violence.",
        "Detectives in {city} are still looking for a motive behind the attack on {place}.",
    ],
    "flood": [
        "Heavy rain flooded large parts of {city} on {day}, forcing {n2} residents from "
        "their homes.",
        "Officials from {org} said the river near {place} rose {n3} feet overnight.",
        "At least {n1} people were killed as water swept through {city}.",
        "Governor {person} declared a state of emergency for the region around {city}.",
        "Rescue teams used boats to reach families stranded near {place}.",
        "{person2} said the water reached the second floor of her house in {city}.",
    ],
    "trial": [
        "A jury in {city} found {person2} guilty on {day} of the {month} {year} killing at "
        "{place}.",
        "Judge {person} set sentencing for {month} {n3}, according to {org}.",
        "Prosecutors said {person2} had planned the attack for {n1} weeks.",
        "Defence lawyers for {person2} said they would appeal the verdict.",
        "The trial in {city} lasted {n2} days and heard from dozens of witnesses.",
        "Relatives of the victim embraced outside the courthouse in {city}.",
    ],
    "merger": [
        "{org} agreed on {day} to buy its rival for {n1} billion dollars, the companies said.",
        "Chief executive {person} said the deal would create the largest group in {city}.",
        "Shares of {org} rose {n3} percent after the announcement.",
        "The combined company will employ about {n2} people, including many in {city}.",
        "Analysts said regulators in {city} were likely to review the {org} deal closely.",
        "{person2}, an analyst, said the price valued the business at a premium.",
    ],
    "election": [
        "Voters in {city} went to the polls on {day} in an election called by {person}.",
        "Turnout reached {n3} percent, according to officials from {org}.",
        "{person2} won {n1} of the {n2} seats, the electoral commission said.",
        "Observers from {org} said the vote in {city} was largely orderly.",
        "{person} conceded defeat late in the evening in a speech at {place}.",
        "Supporters gathered at {place} in {city} to celebrate the result.",
    ],
}
GENERIC = [
    "The authorities said more information would be released later in the week.",
    "Officials urged the public to stay calm and to follow official updates.",
    "The incident drew reactions from across the country on social media.",
    "Local businesses said they expected the disruption to last for some time.",
    "A spokesperson declined to comment further, citing the ongoing investigation.",
    "Community leaders called for a full and transparent review of what happened.",
    "Several people at the scene said they had never seen anything like it.",
    "The news quickly spread through the neighbourhood and beyond.",
    "Experts said it was too early to draw firm conclusions about the causes.",
    "Emergency services remained on the scene well into the night.",
    "It was not immediately clear how many people had been affected in total.",
    "Officials promised support for the families of those involved.",
]
_SYL = "ka lo mi ra ten vor del san bri quo lan mer tis zu fen gar hol pe nor vik".split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = ("January February March April May June July August September October "
           "November December").split()
START = dt.datetime(2024, 1, 1)


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYL) for _ in range(parts)).capitalize()


def make_story(rng: random.Random, idx: int, cities: list[str]) -> dict:
    when = START + dt.timedelta(days=idx / 40)  # ~40 new stories a day
    slots = {"city": rng.choice(cities), "person": f"{_name(rng, 2)} {_name(rng, 3)}",
             "person2": f"{_name(rng, 2)} {_name(rng, 2)}", "org": f"{_name(rng, 3)} Group",
             "place": f"the {_name(rng, 2)} {rng.choice(['Center', 'Hotel', 'Market', 'School'])}",
             "n1": rng.randint(2, 90), "n2": rng.randint(10, 900), "n3": rng.randint(3, 60),
             "day": _WEEKDAYS[when.weekday()], "month": _MONTHS[when.month - 1],
             "year": when.year - rng.randint(0, 3)}
    return {"idx": idx, "kind": rng.choice(list(KINDS)), "slots": slots, "when": when}


def make_article(rng: random.Random, story: dict, words: int = 600) -> tuple[str, str, dt.datetime]:
    """~``words`` words: story sentences (each outlet picks its own) plus generic ones."""
    own = [t.format(**story["slots"]) for t in KINDS[story["kind"]]]
    title = rng.choice(own).rstrip(".")
    out, n = [], 0
    while n < words:
        s = rng.choice(own) if rng.random() < 0.45 else rng.choice(GENERIC)
        out.append(s)
        n += len(s.split())
    published = story["when"] + dt.timedelta(hours=rng.uniform(0, 72))
    return title, " ".join(out), published


def articles(n: int, seed: int = 7):
    """Yield (doc id, title, text, published, gold story) lazily, roughly in date order."""
    rng = random.Random(seed)
    cities = [_name(rng, 3) for _ in range(300)]
    live: list[dict] = []
    made = 0
    for i in range(n):
        # Open a new story ~1 in 8 articles; other articles go to a recent story.
        if not live or rng.random() < 1 / 8:
            live.append(make_story(rng, made, cities))
            made += 1
            live = live[-60:]
        j = len(live) - 1 - min(int(rng.expovariate(1 / 8)), len(live) - 1)
        title, text, published = make_article(rng, live[j])
        yield f"d{i}", title, text, published, live[j]["idx"]


def measure(n: int) -> dict:
    """One process: articles generated lazily, only ``add`` timed (wall and CPU;
    CPU time is what other processes sharing the cores inflate least)."""
    grouper, spent, cpu, gold, pred = StoryGrouper(), 0.0, 0.0, {}, {}
    base = _rss_mb()
    for doc_id, title, text, published, story in articles(n):
        t0, c0 = time.perf_counter(), time.process_time()
        pred[doc_id] = grouper.add(doc_id, title, text, published)
        spent += time.perf_counter() - t0
        cpu += time.process_time() - c0
        gold[doc_id] = story
    return {"n": n, "mode": "1 process", "seconds": spent, "per_s": n / spent,
            "cpu_per_s": n / cpu, "rss_mb": _rss_mb(), "base_mb": base,
            "stories": len(grouper.stories()),
            "active": len(grouper.active_stories()), "gold_stories": len(set(gold.values())),
            "b3_f1": _b3_f1(pred, gold)}


def measure_grouping(n: int) -> dict:
    """``add_counts_many`` on features extracted beforehand, 500 articles a call."""
    base = _rss_mb()
    docs = [(doc_id, extract_counts(title, text), published, story)
            for doc_id, title, text, published, story in articles(n)]
    grouper, ids = StoryGrouper(), []
    t0, c0 = time.perf_counter(), time.process_time()
    for start in range(0, n, 500):
        ids += grouper.add_counts_many([d[:3] for d in docs[start:start + 500]])
    spent, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"n": n, "mode": "grouping only", "seconds": spent, "per_s": n / spent,
            "cpu_per_s": n / cpu, "rss_mb": _rss_mb(), "base_mb": base,
            "stories": len(grouper.stories()),
            "active": len(grouper.active_stories()), "gold_stories": len({d[3] for d in docs}),
            "b3_f1": _b3_f1(dict(zip((d[0] for d in docs), ids)), {d[0]: d[3] for d in docs})}


def measure_workers(n: int, workers: int) -> dict:
    """``add_many(workers=...)``: extraction in helper processes.  The articles
    are generated up front (their text counts in this row's RSS)."""
    base = _rss_mb()
    docs = list(articles(n))
    grouper = StoryGrouper()
    t0, c0 = time.perf_counter(), time.process_time()
    ids = grouper.add_many((d[:4] for d in docs), workers=workers)
    spent, cpu = time.perf_counter() - t0, time.process_time() - c0
    pred = dict(zip((d[0] for d in docs), ids))
    return {"n": n, "mode": f"{workers} processes", "seconds": spent, "per_s": n / spent,
            "cpu_per_s": n / cpu, "rss_mb": _rss_mb(), "base_mb": base,
            "stories": len(grouper.stories()),
            "active": len(grouper.active_stories()), "gold_stories": len({d[4] for d in docs}),
            "b3_f1": _b3_f1(pred, {d[0]: d[4] for d in docs})}


def _rss_mb() -> float:
    """Peak RSS of this process plus that of its (finished) helper processes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / 1024  # KiB on Linux


def _b3_f1(pred: dict, gold: dict) -> float:
    joint = Counter((pred[d], gold[d]) for d in gold)
    cs, gs = Counter(pred.values()), Counter(gold.values())
    p = sum(c * c / cs[k] for (k, _), c in joint.items()) / len(gold)
    r = sum(c * c / gs[g] for (_, g), c in joint.items()) / len(gold)
    return 2 * p * r / (p + r)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="also run 100k articles")
    ap.add_argument("--sizes", type=int, nargs="*")
    ap.add_argument("--workers", type=int, default=2, help="processes for the add_many rows")
    ap.add_argument("--one", type=int, nargs=2, help=argparse.SUPPRESS)  # child: n workers
    args = ap.parse_args()
    if args.one:  # workers 0: grouping only
        n, workers = args.one
        print(json.dumps(measure_grouping(n) if workers == 0 else measure(n) if workers == 1
                         else measure_workers(n, workers)))
        return 0
    sizes = args.sizes or ([1000, 10000, 100000] if args.full else [1000, 10000])
    print(f"{'articles':>9} {'mode':<12} {'seconds':>8} {'articles/s':>10} {'per CPU-s':>10} "
          f"{'peak RSS MB':>11} {'at start':>8} {'stories':>8} {'gold':>6} {'open':>5} {'B3 F1':>6}")
    for n in sizes:
        for workers in (1, args.workers, 0):
            out = subprocess.run([sys.executable, __file__, "--one", str(n), str(workers)],
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout)
            print(f"{r['n']:>9} {r['mode']:<12} {r['seconds']:>8.1f} {r['per_s']:>10.0f} "
                  f"{r['cpu_per_s']:>10.0f} {r['rss_mb']:>11.0f} {r['base_mb']:>8.0f} "
                  f"{r['stories']:>8} "
                  f"{r['gold_stories']:>6} {r['active']:>5} {r['b3_f1']:>6.3f}", flush=True)
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end; "
          "per CPU-s counts the main process only; 'at start' is the RSS after imports, "
          "which includes whatever `import storycheck` loads)")
    if not args.full:
        print("(100k articles: run with --full)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
