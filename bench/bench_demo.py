"""Score storycheck against the hand-labelled demo corpus (bench/demo_gold.json).

Prints one table: claim alignment (pairwise precision/recall/F1 over the
labelled supporting passages), claim status accuracy, variances found,
quote speakers, removed lines, time-expression values, truncation and copies.

    python bench/bench_demo.py [--setting name=value ...]
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storycheck import Settings, analyze  # noqa: E402

GOLD = ROOT / "bench" / "demo_gold.json"
CORPUS = ROOT / "src" / "storycheck" / "demo" / "corpus"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def locate(texts: dict[str, str], doc: str, quote: str) -> tuple[int, int] | None:
    start = texts[doc].find(quote)
    return (start, start + len(quote)) if start >= 0 else None


def group_of(story, doc: str, span: tuple[int, int]) -> str | None:
    """The claim group whose support overlaps the span most."""
    best, best_overlap = None, 0
    for group in story.claims:
        for c in group.support:
            if c.document == doc:
                overlap = min(c.end, span[1]) - max(c.start, span[0])
                if overlap > best_overlap:
                    best, best_overlap = group, overlap
    return best


def score_alignment(gold, story, texts) -> dict:
    supports = []  # (gold claim index, doc, group id)
    for index, claim in enumerate(gold["claims"]):
        for s in claim["support"]:
            span = locate(texts, s["document"], s["quote"])
            group = group_of(story, s["document"], span) if span else None
            supports.append((index, s["document"], group.id if group else None))
    tp = fp = fn = 0
    for (ga, da, pa), (gb, db, pb) in itertools.combinations(supports, 2):
        if da == db:
            continue
        same_gold, same_pred = ga == gb, pa is not None and pa == pb
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    status_ok = 0
    groups = {g.id: g for g in story.claims}
    for index, claim in enumerate(gold["claims"]):
        ids = [p for g, _, p in supports if g == index and p]
        if ids:
            top = max(dict.fromkeys(ids), key=ids.count)  # a tie: the first group met
            status_ok += groups[top].status == claim["status"]
    return {"alignment": prf(tp, fp, fn), "status": status_ok / len(gold["claims"])}


def score_variances(gold, story) -> tuple[float, float]:
    found = kind_ok = 0
    for variance in gold["variances"]:
        for pred in story.variances:
            if pred.about == variance["about"] and all(
                    any(_same_value(side["value"], s.value) for s in pred.sides)
                    for side in variance["sides"]):
                found += 1
                kind_ok += pred.kind == variance["kind"]
                break
    n = len(gold["variances"])
    return found / n, (kind_ok / found if found else 0.0)


def _same_value(gold: str, predicted: str) -> bool:
    """'12' matches 'at least 12 workers'; 'the X Inspectorate' matches 'X Inspectorate'."""
    gold, predicted = gold.lower(), predicted.lower()
    if predicted in ("affirms", "denies"):  # negation sides name the polarity
        return (predicted == "denies") == bool(re.search(r"\bden|\bnot\b|n't", gold))
    if re.fullmatch(r"\d+(?:\.\d+)?", gold):
        return gold in re.findall(r"\d+(?:\.\d+)?", predicted)
    return gold in predicted or predicted in gold


def score_quotes(gold, story) -> float:
    ok = 0
    for q in gold["quotes"]:
        match = next((p for p in story.quotes if p.citation.document == q["document"]
                      and q["quote"][:40] in p.citation.text), None)
        ok += bool(match and match.speaker == q["speaker"])
    return ok / len(gold["quotes"])


def score_removed(gold, report) -> tuple[float, float, float]:
    removed = {(a.document.id, r.text) for a in report.documents for r in a.document.removed}
    wanted = {(r["document"], r["line"]) for r in gold["removed"]}
    return prf(len(removed & wanted), len(removed - wanted), len(wanted - removed))


def score_dates(gold, report) -> tuple[float, float]:
    dates = {a.document.id: a.dates for a in report.documents}
    found = correct = 0
    for d in gold["dates"]:
        match = next((x for x in dates.get(d["document"], ()) if d["text"] in x.text
                      or x.text in d["text"]), None)
        found += match is not None
        correct += bool(match and match.value == d["value"])
    return found / len(gold["dates"]), correct / len(gold["dates"])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    changes = {k: float(v) if "." in v else int(v)
               for k, v in (s.split("=", 1) for s in args.setting)}
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    report = analyze([CORPUS], Settings().with_changes(**changes))
    story = report.stories[0]
    texts = {a.document.id: a.document.text for a in report.documents}
    aligned = score_alignment(gold, story, texts)
    variances = score_variances(gold, story)
    truncated = {a.document.id for a in report.documents if a.document.truncated}
    copies = {(c.copy, c.original) for c in story.copies if c.scope == "document"}
    gold_copies = {(c["copy"], c["original"]) for c in gold["copies"]}
    rows = [
        ("claim alignment (pairwise P/R/F1)", "%.3f / %.3f / %.3f" % aligned["alignment"]),
        ("claim status accuracy", "%.3f" % aligned["status"]),
        ("variances found / kind right", "%.3f / %.3f" % variances),
        ("quote speaker accuracy", "%.3f" % score_quotes(gold, story)),
        ("removed lines P/R/F1", "%.3f / %.3f / %.3f" % score_removed(gold, report)),
        ("time expressions found / value right", "%.3f / %.3f" % score_dates(gold, report)),
        ("truncated P/R/F1", "%.3f / %.3f / %.3f" % prf(
            len(truncated & set(gold["truncated"])), len(truncated - set(gold["truncated"])),
            len(set(gold["truncated"]) - truncated))),
        ("document copies P/R/F1", "%.3f / %.3f / %.3f" % prf(
            len(copies & gold_copies), len(copies - gold_copies), len(gold_copies - copies))),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'demo corpus metric':<{width}}  score")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
