"""Claim judgement on real news: storycheck against the gv-dev claim gold.

bench/gold/gv_claims.json labels, for 8 real incidents (4-7 local reports
each), which passages state the same fact, which facts only one report states,
where reports disagree (ages, times, names) and look-alike passages that share
words but state different facts. Each incident's reports are analysed as one
story (grouping off) and the report's JSON is scored:

- corroborations found: pairs of mentions of one gold fact in different
  reports that land in one claim group (recall), also per fact (a passage that
  states several groups' claims supports each of them);
- look-alikes merged: gold look-alike pairs put in one group (goal: none);
- precision: pairs of passages from different reports grouped together that
  share a gold fact;
- conflicts found: gold disagreements shown as a variance whose sides cite
  the two mentions; spurious: variances matching no gold disagreement.

In the same run the naive baseline a user could do: TF-IDF cosine >= 0.5
between regex-split sentences of the same cleaned texts, connected components
(no conflicts). Figures are given for the dev and held-out incidents apart:
nobody tunes on the held-out half.

    python bench/bench_claims.py [--data FILE] [--setting name=value ...]
Writes nothing; skips politely when the data file is absent.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from gv_gold import (DATA, GOLD_DIR, Mention, Unit, load_corpus, locate, mentions_of, overlap,
                     raw_document, sentences)

from storycheck.api import analyze_documents
from storycheck.settings import Settings
from storycheck.outputs import to_dict

def storycheck_units(story: dict) -> dict[Unit, frozenset[str]]:
    """Each passage with the claim groups it supports (a passage that states
    several groups' claims supports each)."""
    groups: dict[Unit, set[str]] = defaultdict(set)
    for group in story["claims"]:
        for c in group["support"]:
            groups[(c["document"], c["start"], c["end"])].add(group["id"])
    return {unit: frozenset(ids) for unit, ids in groups.items()}


def tfidf_units(texts: dict[str, str], threshold: float = 0.5) -> dict[Unit, frozenset[str]]:
    """The naive baseline: sentences linked at TF-IDF cosine >= threshold, connected components."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    units = [u for doc, text in texts.items() for u in sentences(doc, text)]
    matrix = TfidfVectorizer().fit_transform([texts[d][s:e] for d, s, e in units])
    similar = cosine_similarity(matrix) >= threshold
    parent = list(range(len(units)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*similar.nonzero()):
        parent[root(i)] = root(j)
    return {u: frozenset([f"t{root(i)}"]) for i, u in enumerate(units)}


def map_mentions(mentions: list[Mention], rows: dict, texts: dict[str, str],
                 units: dict[Unit, str]) -> dict[Mention, Unit]:
    """Each gold mention onto the unit of its document that overlaps it most."""
    by_doc = defaultdict(list)
    for unit in units:
        by_doc[unit[0]].append(unit)
    mapped = {}
    for m in mentions:
        span = locate(rows[m.document]["text"], m.start, m.end, texts.get(m.document, ""))
        if span is None:
            continue
        best = max(by_doc[m.document], key=lambda u: overlap(span, u[1:]), default=None)
        if best is not None and overlap(span, best[1:]) > 0:
            mapped[m] = best
    return mapped


def score_grouping(incident: dict, mapped: dict[Mention, Unit],
                   units: dict[Unit, frozenset[str]]) -> Counter:
    """Two passages are grouped together when they support a common claim group."""
    n = Counter()
    group = {m: units[u] for m, u in mapped.items()}
    by_fact = defaultdict(list)
    for m in mapped:
        by_fact[m.fact].append(m)
    for fact in incident["facts"]:
        ms = by_fact[fact["id"]]
        pairs = [(a, b) for a, b in itertools.combinations(ms, 2) if a.document != b.document]
        if not pairs:
            continue
        n["facts"] += 1
        n["fact_found"] += any(group[a] & group[b] for a, b in pairs)
        n["pairs"] += len(pairs)
        n["pairs_found"] += sum(bool(group[a] & group[b]) for a, b in pairs)
    index = {(m.fact, m.index): m for m in mapped}
    for look in incident["lookalikes"]:
        a, b = (index.get((x["fact"], x["mention"])) for x in look["mentions"])
        if a is not None and b is not None:  # one passage stating both counts as merged
            n["lookalikes"] += 1
            n["lookalikes_merged"] += bool(group[a] & group[b])
    facts_of = defaultdict(set)
    for m, unit in mapped.items():
        facts_of[unit].add(m.fact)
    for a, b in itertools.combinations(sorted(facts_of), 2):
        if a[0] != b[0] and units[a] & units[b]:
            n["grouped_pairs"] += 1
            n["grouped_correct"] += bool(facts_of[a] & facts_of[b])
    return n


def cites(support: list[dict], mentions: list[Mention], spans: dict[Mention, tuple]) -> bool:
    return any(c["document"] == m.document and overlap(spans[m], (c["start"], c["end"])) > 0
               for c in support for m in mentions if m in spans)


def score_conflicts(incident: dict, mentions: list[Mention], rows: dict, texts: dict,
                    variances: list[dict]) -> Counter:
    spans = {}
    for m in mentions:
        span = locate(rows[m.document]["text"], m.start, m.end, texts.get(m.document, ""))
        if span:
            spans[m] = span
    by_fact = defaultdict(list)
    for m in mentions:
        by_fact[m.fact].append(m)
    n, matched = Counter(), set()
    for dis in incident["disagreements"]:
        fa, fb = (by_fact[f] for f in dis["facts"])
        n["conflicts"] += 1
        for v in variances:
            sides = [s["support"] for s in v["sides"]]
            if any(cites(x, fa, spans) and cites(y, fb, spans)
                   for x, y in itertools.permutations(sides, 2)):
                n["conflicts_found"] += 1
                matched.add(v["id"])
                break
    n["variances"] = len(variances)
    n["spurious"] = sum(v["id"] not in matched and v.get("kind") != "update" for v in variances)
    return n


def run_incident(incident: dict, rows: dict, settings: Settings) -> dict[str, Counter]:
    raws = [raw_document(rows[d]) for d in incident["documents"]]
    report = to_dict(analyze_documents(raws, settings))
    texts = {d["id"]: d["text"] for d in report["documents"]}
    story = report["stories"][0] if report["stories"] else {"claims": [], "variances": []}
    mentions, drifted = mentions_of(incident, rows)
    out = {}
    for name, units in (("storycheck", storycheck_units(story)), ("tf-idf >= 0.5", tfidf_units(texts))):
        mapped = map_mentions(mentions, rows, texts, units)
        n = score_grouping(incident, mapped, units)
        n["mentions"], n["mapped"], n["drifted"] = len(mentions), len(mapped), len(drifted)
        if name == "storycheck":  # the baseline shows no conflicts at all: its row stays "-"
            n.update(score_conflicts(incident, mentions, rows, texts, story["variances"]))
        out[name] = n
    return out


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "-"


def print_table(totals: dict[tuple[str, str], Counter]) -> None:
    rows = [
        ("mentions mapped", "mapped", "mentions"),
        ("corroborations found (pairs)", "pairs_found", "pairs"),
        ("corroborated facts found", "fact_found", "facts"),
        ("grouping precision (pairs)", "grouped_correct", "grouped_pairs"),
        ("look-alikes merged (goal 0)", "lookalikes_merged", "lookalikes"),
        ("conflicts found", "conflicts_found", "conflicts"),
    ]
    heads = sorted(totals)
    print(f"{'':32}" + "".join(f"{split + ' ' + system:>26}" for split, system in heads))
    for label, num, den in rows:
        print(f"{label:32}" + "".join(f"{ratio(totals[h][num], totals[h][den]):>26}" for h in heads))
    for split, system in heads:
        if system == "storycheck":
            t = totals[(split, system)]
            print(f"{split}: {t['variances']} variances shown, {t['spurious']} match no gold "
                  f"disagreement (updates excluded); {t['drifted']} mentions drifted")


def parse_settings(pairs: list[str]) -> Settings:
    """--setting name=value pairs (numbers, true/false) over grouping off."""
    def value(text: str):
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        return float(text) if "." in text else int(text)

    changes = {k: value(v) for k, v in (p.split("=", 1) for p in pairs)}
    return Settings(group_stories=False).with_changes(**changes)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--gold", type=Path, default=GOLD_DIR / "gv_claims.json")
    ap.add_argument("--setting", action="append", default=[], help="name=value")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found (the gv-dev data is not here)")
        return 0
    gold = json.loads(args.gold.read_text())
    rows = load_corpus(args.data, {i["incident"] for i in gold["incidents"]})
    settings = parse_settings(args.setting)
    totals: dict[tuple[str, str], Counter] = defaultdict(Counter)
    started = time.perf_counter()
    for incident in gold["incidents"]:
        for system, n in run_incident(incident, rows, settings).items():
            totals[(incident["split"], system)].update(n)
            if system == "storycheck":
                print(f"  {incident['split']:8} {incident['incident']}: corroborations "
                      f"{ratio(n['pairs_found'], n['pairs'])}, look-alikes merged "
                      f"{n['lookalikes_merged']}/{n['lookalikes']}, conflicts "
                      f"{n['conflicts_found']}/{n['conflicts']}, variances {n['variances']}",
                      flush=True)
    print(f"gv-dev claim gold: {len(gold['incidents'])} incidents "
          f"({sum(i['split'] == 'dev' for i in gold['incidents'])} dev), "
          f"{time.perf_counter() - started:.1f}s")
    print_table(totals)
    return 0


if __name__ == "__main__":
    sys.exit(main())
