"""Speed and memory of ``storycheck check``: 300 claims against 1,000 generated articles.

The articles recombine sentences written here about a fictional ferry fire,
with their figures, places and days drawn from small lists (so most sentences
are distinct) and a tenth of the articles syndicated copies of an earlier one.
The claims: for each fact, its own wording, a paraphrase and wrong figures, plus
claims about things the coverage never mentions. One subprocess runs
``check_documents`` and reports the seconds per stage and its peak RSS.

Baseline, same run: what a user would otherwise do without an index, judging
every claim against every distinct passage; timed on a sample of claims and
scaled to all of them.

    python bench/bench_check_speed.py [--articles 1000] [--claims 300] [--baseline-sample 5]
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
sys.path.insert(0, str(ROOT / "src"))

# (fact, paraphrase, slot values): the first value of each slot is the true one.
FACTS = [
    ("A fire broke out on the ferry Aurora Star off {place} on {day}.",
     "The Aurora Star ferry caught fire off {place} on {day}.",
     {"place": ["Tellmark", "Corran Point", "Hesby Sound"], "day": ["Sunday", "Saturday"]}),
    ("The ferry was carrying {n} passengers and {m} crew members.",
     "There were {n} passengers and {m} crew on board the ferry.",
     {"n": ["412", "380", "450"], "m": ["38", "42"]}),
    ("{n} passengers were taken to hospital with smoke inhalation.",
     "Smoke inhalation sent {n} passengers to hospital.",
     {"n": ["Nineteen", "Twenty-three", "Fifteen"]}),
    ("The coast guard sent {n} rescue boats and a helicopter to the ferry.",
     "A helicopter and {n} rescue boats were dispatched by the coast guard.",
     {"n": ["four", "six", "three"]}),
    ("The fire started in the engine room shortly after {time}.",
     "Shortly after {time} a fire began in the ferry's engine room.",
     {"time": ["6 a.m.", "7 a.m.", "5 a.m."]}),
    ("Nordline Ferries said the Aurora Star was built in {year}.",
     "The Aurora Star was built in {year}, according to its operator.",
     {"year": ["2009", "2011", "2004"]}),
    ("The ferry was towed to the port of {port} by {day2}.",
     "Tugs brought the ferry into {port} by {day2}.",
     {"port": ["Brannick", "Osterholm"], "day2": ["Monday evening", "Tuesday morning"]}),
    ("Investigators from the maritime safety board boarded the ship on Monday.",
     "The maritime safety board sent investigators aboard the ship on Monday.", {}),
    ("All sailings between {port} and Tellmark were cancelled for {n} days.",
     "Nordline cancelled every crossing between {port} and Tellmark for {n} days.",
     {"port": ["Brannick", "Osterholm"], "n": ["three", "five", "two"]}),
    ("The damage to the ship is estimated at {n} million euros.",
     "Repairing the ferry will cost an estimated {n} million euros.",
     {"n": ["12", "20", "8"]}),
    ("Captain Lena Haugen ordered the evacuation of the car deck within {n} minutes.",
     "Within {n} minutes Captain Lena Haugen had the car deck evacuated.",
     {"n": ["ten", "fifteen", "five"]}),
    ("No one died in the fire.", "Nobody was killed in the blaze.", {}),
]
# Background lines: not about any claim, many distinct wordings.
BACKGROUND = [
    "{who} {verb} the {thing} in {town} on {weekday}.",
    "Residents of {town} {verb} a new {thing} last {season}.",
    "The {thing} near {town} has {verb2} since {year}.",
]
WORDS = {
    "who": ["The regional council", "A local charity", "The harbour board", "Fishermen",
            "The tourism office", "A youth club", "The town's mayor", "Volunteers"],
    "verb": ["opened", "repainted", "inspected", "celebrated", "cleaned", "discussed"],
    "verb2": ["stayed busy", "drawn visitors", "been repaired twice", "changed hands"],
    "thing": ["lighthouse", "fish market", "sailing school", "museum", "pier", "ferry terminal",
              "boatyard", "library", "coastal path", "harbour cafe"],
    "town": ["Brannick", "Osterholm", "Tellmark", "Hesby", "Corran", "Lindvik", "Moray Bay"],
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "season": ["spring", "summer", "autumn", "winter"],
    "year": [str(y) for y in range(1990, 2024)],
}
ABSENT = [
    "The {thing} in {town} will close for good next {season}.",
    "A storm destroyed the {thing} at {town} in {year}.",
    "The Aurora Star was sold to a shipping company in {town} in {year}.",
    "{who} banned cars from the {thing} in {town}.",
]
PASSAGES_PER_ARTICLE = 14
COPY_SHARE = 0.1


def fill(template: str, slots: dict, rng: random.Random, truth: bool) -> str:
    values = {k: (v[0] if truth else rng.choice(v)) for k, v in slots.items()}
    return template.format(**values)


def background(rng: random.Random, templates=BACKGROUND) -> str:
    template = rng.choice(templates)
    return template.format(**{k: rng.choice(v) for k, v in WORDS.items()})


def generate_articles(n: int, seed: int = 11):
    from storycheck.models import RawDocument

    rng = random.Random(seed)
    docs = []
    for i in range(n):
        published = dt.datetime(2026, 5, 3) + dt.timedelta(hours=i % 96)
        if docs and rng.random() < COPY_SHARE:  # a syndicated copy of an earlier article
            original = rng.choice(docs)
            docs.append(RawDocument(f"art-{i}", f"art-{i}", original.text, title=original.title,
                                    outlet=f"Outlet {i % 53}", published=published))
            continue
        lines = []
        for _ in range(PASSAGES_PER_ARTICLE):
            if rng.random() < 0.55:
                fact, paraphrase, slots = rng.choice(FACTS)
                template = fact if rng.random() < 0.6 else paraphrase
                lines.append(fill(template, slots, rng, truth=rng.random() < 0.9))
            else:
                lines.append(background(rng))
        paragraphs = [" ".join(lines[k:k + 2]) for k in range(0, len(lines), 2)]
        docs.append(RawDocument(f"art-{i}", f"art-{i}", "\n".join(paragraphs),
                                title=f"Ferry fire report {i}", outlet=f"Outlet {i % 53}",
                                published=published))
    return docs


def generate_claims(n: int, seed: int = 13) -> list[tuple[str, str]]:
    """(kind, claim): each fact as written, paraphrased and with wrong figures; then absent ones."""
    rng = random.Random(seed)
    claims = []
    for fact, paraphrase, slots in FACTS:
        claims.append(("as written", fill(fact, slots, rng, truth=True)))
        claims.append(("paraphrase", fill(paraphrase, slots, rng, truth=True)))
        for _ in range(3):
            if slots:
                wrong = {k: [f"{rng.randint(30, 90)}"] for k in slots if k in ("n", "m")} or \
                    {k: [v[-1]] for k, v in slots.items()}
                claims.append(("wrong figure", fill(fact, {**slots, **wrong}, rng, truth=True)))
    while len(claims) < n:
        claims.append(("absent", background(rng, ABSENT)))
    return claims[:n]


def run_child(articles: int, claims: int, sample: int) -> dict:
    from storycheck import Settings, check_documents
    from storycheck.nlp.judge import PairJudge
    from storycheck.nlp.spacy_pipeline import TextParser

    raws = generate_articles(articles)
    kinds, texts = zip(*generate_claims(claims))
    parser, judge = TextParser.load(), PairJudge.load()
    start = time.perf_counter()
    report = check_documents(list(texts), raws, Settings(), parser=parser, judge=judge)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdicts = Counter((kind, c.verdict) for kind, c in zip(kinds, report.checks))
    baseline = all_pairs_seconds(list(texts)[:sample], raws, parser, judge, claims)
    return {"articles": articles, "claims": claims, "seconds": seconds, "peak_rss_mb": rss,
            "words": sum(len(r.text.split()) for r in raws), "baseline": baseline,
            "verdicts": [[k, v, n] for (k, v), n in sorted(verdicts.items())]}


def all_pairs_seconds(texts: list[str], raws, parser, judge, claims: int) -> dict:
    """Judge ``texts`` against every distinct passage (no index), scaled to all claims."""
    from storycheck.api import clean_all
    from storycheck.steps.analyse import analyse_each_document
    from storycheck.steps.check import claim_document, whole_claim, with_title
    from storycheck.steps.clean import clean_document
    from storycheck.steps.retrieve import ClaimIndex
    from storycheck.settings import Settings

    docs, _ = clean_all(raws, [], clean=lambda r: with_title(clean_document(r)))
    analysed = analyse_each_document(docs + [claim_document(i, t) for i, t in enumerate(texts)], parser)
    checked = [whole_claim(a) for a in analysed[len(docs):]]
    index = ClaimIndex.build([c for a in analysed[:len(docs)] for c in a.claims],
                             judge.encoder.encode)
    start = time.perf_counter()
    found = index.search(checked, Settings().check_candidates, judge.encoder.encode)
    judge.judge_pairs([(claim, index.entries[c.entry][0])
                       for claim, candidates in zip(checked, found) for c in candidates])
    top_k = (time.perf_counter() - start) / max(len(checked), 1)
    start = time.perf_counter()
    for claim in checked:
        judge.judge_pairs([(claim, entry[0]) for entry in index.entries])
    per_claim = (time.perf_counter() - start) / max(len(checked), 1)
    return {"passages": len(index.entries), "top_k_scaled": top_k * claims,
            "scaled_seconds": per_claim * claims}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=300)
    parser.add_argument("--baseline-sample", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(args.articles, args.claims, args.baseline_sample)))
        return
    print(f"(load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on "
          f"{os.cpu_count()} cores)")
    out = subprocess.run([sys.executable, __file__, "--child", "--articles", str(args.articles),
                          "--claims", str(args.claims), "--baseline-sample",
                          str(args.baseline_sample)], check=True, capture_output=True, text=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    b = r["baseline"]
    print(f"{r['claims']} claims against {r['articles']} articles ({r['words']:,} words, "
          f"{b['passages']:,} distinct passages)\n")
    print(f"{'method':<44} {'seconds':>9} {'peak RSS MB':>12}")
    print(f"{'storycheck check (index, top-k judged)':<44} {r['seconds']:>9.1f} "
          f"{r['peak_rss_mb']:>12.0f}")
    print(f"{'  of which: retrieve + judge top-k (scaled)':<44} {b['top_k_scaled']:>9.1f}")
    print(f"{'baseline: judge every claim x every passage':<44} {b['scaled_seconds']:>9.1f} "
          f"{'':>12}   (instead of retrieve + judge; scaled from {args.baseline_sample} claims)")
    print(f"(load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())})\n")
    print("verdicts by kind of claim:")
    for kind, verdict, n in r["verdicts"]:
        print(f"  {kind:<14} {verdict:<14} {n:>4}")


if __name__ == "__main__":
    main()
