"""`storycheck check` on real news: stances and verdicts against bench/gold/gv_check.json.

The check set holds 69 claims written by hand about the 8 gv-dev incidents of
the claim gold: true as reported, wrong values, denied, only attributed
("police believe", a relative's account), and not in the coverage at all.
Each is labelled per report of its incident: supports | contradicts | reports
(a report not listed is unrelated), with the verdict those stances give.

Scored from a `storycheck-check/1` JSON (``--check-json FILE``, one file for
all claims, or one per incident run through ``storycheck.check_documents``
when that module exists): per-document stance accuracy and macro-F1 over the
four stances, verdict accuracy, dev and held-out apart. In the same run the
naive baseline: a document "supports" a claim when one of its sentences (title
included) has TF-IDF cosine >= 0.5 with it, else it is unrelated.

    python bench/bench_check.py [--data FILE] [--check-json FILE]
Writes nothing; skips politely when the data file is absent.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from gv_gold import DATA, GOLD_DIR, load_corpus, raw_document, sentences
from storycheck.outputs import to_dict

STANCES = ("supports", "contradicts", "reports", "unrelated")
VERDICTS = ("supported", "contradicted", "disputed", "reported", "not found")


def verdict_of(stances: list[str]) -> str:
    """The verdict the gold's stances give (how gv_check.json was labelled)."""
    n = Counter(stances)
    if n["contradicts"] and (n["supports"] or n["reports"]):
        return "disputed"
    if n["contradicts"]:
        return "contradicted"
    if n["supports"]:
        return "supported"
    return "reported" if n["reports"] else "not found"


def predictions(check_json: dict) -> dict[str, tuple[str, dict[str, str]]]:
    """claim text -> (verdict, {document: stance}) from a storycheck-check/1 answer."""
    if check_json.get("schema") != "storycheck-check/1":
        raise ValueError(f"not a storycheck-check/1 file: schema {check_json.get('schema')!r}")
    return {c["claim"].strip(): (c["verdict"], {d["document"]: d["stance"] for d in c["documents"]})
            for c in check_json["checks"]}


def macro_f1(pairs: list[tuple[str, str]], labels: tuple[str, ...]) -> tuple[float, dict]:
    """Macro-F1 over the labels the gold uses; F1 per label."""
    per = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in pairs)
        fp = sum(g != label and p == label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        if tp + fn == 0:
            continue
        per[label] = 2 * tp / (2 * tp + fp + fn)
    return (sum(per.values()) / len(per) if per else 0.0), per


def score(gold: dict, predicted: dict[str, tuple[str, dict[str, str]]]) -> dict[str, dict]:
    """Stance and verdict scores per split (and 'all')."""
    docs = {i["incident"]: i["documents"] for i in gold["incidents"]}
    split = {i["incident"]: i["split"] for i in gold["incidents"]}
    stance_pairs, verdict_pairs = defaultdict(list), defaultdict(list)
    answered = Counter()
    for claim in gold["claims"]:
        verdict, stances = predicted.get(claim["claim"].strip(), ("not found", {}))
        answered[split[claim["incident"]]] += claim["claim"].strip() in predicted
        for key in (split[claim["incident"]], "all"):
            verdict_pairs[key].append((claim["verdict"], verdict))
            for doc in docs[claim["incident"]]:
                stance_pairs[key].append((claim["documents"].get(doc, "unrelated"),
                                          stances.get(doc, "unrelated")))
    out = {}
    for key, pairs in stance_pairs.items():
        f1, per = macro_f1(pairs, STANCES)
        verdicts = verdict_pairs[key]
        out[key] = {"claims": len(verdicts),
                    "answered": answered[key] if key != "all" else sum(answered.values()),
                    "stance_accuracy": sum(g == p for g, p in pairs) / len(pairs),
                    "stance_macro_f1": f1, "stance_f1": per,
                    "verdict_accuracy": sum(g == p for g, p in verdicts) / len(verdicts)}
    return out


def tfidf_baseline(gold: dict, rows: dict[str, dict], threshold: float = 0.5) -> dict:
    """A document supports a claim when a sentence of it is TF-IDF-close to the claim."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    predicted = {}
    for incident in gold["incidents"]:
        claims = [c for c in gold["claims"] if c["incident"] == incident["incident"]]
        units = []
        for doc in incident["documents"]:
            text = f"{rows[doc].get('title') or ''}\n{rows[doc]['text']}"
            units += [(doc, text[s:e]) for _, s, e in sentences(doc, text)]
        vectors = TfidfVectorizer().fit([u for _, u in units] + [c["claim"] for c in claims])
        near = cosine_similarity(vectors.transform([c["claim"] for c in claims]),
                                 vectors.transform([u for _, u in units]))
        for claim, row in zip(claims, near):
            found = {units[j][0] for j in (row >= threshold).nonzero()[0]}
            stances = {doc: "supports" for doc in found}
            predicted[claim["claim"].strip()] = (verdict_of(list(stances.values())), stances)
    return predicted


def run_check(gold: dict, rows: dict[str, dict]) -> dict:
    """Run storycheck's check per incident."""
    from storycheck import Settings, check_documents

    predicted = {}
    for incident in gold["incidents"]:
        claims = [c["claim"] for c in gold["claims"] if c["incident"] == incident["incident"]]
        raws = [raw_document(rows[d]) for d in incident["documents"]]
        predicted.update(predictions(to_dict(check_documents(claims, raws, Settings()))))
    return predicted


def print_table(results: dict[str, dict]) -> None:
    keys = [(name, split) for name in results for split in ("dev", "held-out", "all")]
    print(f"{'':22}" + "".join(f"{name[:14] + ' ' + split:>24}" for name, split in keys))
    for label, field in (("claims answered", "answered"), ("stance accuracy", "stance_accuracy"),
                         ("stance macro-F1", "stance_macro_f1"),
                         ("verdict accuracy", "verdict_accuracy")):
        cells = []
        for name, split in keys:
            value = results[name][split][field]
            cells.append(f"{value:>24}" if isinstance(value, int) else f"{value:>24.3f}")
        print(f"{label:22}" + "".join(cells))
    for name in results:
        per = results[name]["all"]["stance_f1"]
        print(f"{name}: F1 per stance (all) " + ", ".join(f"{k} {v:.2f}" for k, v in per.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--gold", type=Path, default=GOLD_DIR / "gv_check.json")
    ap.add_argument("--check-json", type=Path, help="a storycheck-check/1 answer to score")
    args = ap.parse_args(argv)
    gold = json.loads(args.gold.read_text())
    results = {}
    if args.check_json:
        results["storycheck"] = score(gold, predictions(json.loads(args.check_json.read_text())))
    if not args.data.exists():
        print(f"skipped: {args.data} not found (the gv-dev data is not here)")
        return 0
    rows = load_corpus(args.data, {i["incident"] for i in gold["incidents"]})
    if not args.check_json:
        results["storycheck"] = score(gold, run_check(gold, rows))
    results["tf-idf >= 0.5"] = score(gold, tfidf_baseline(gold, rows))
    results["always unrelated"] = score(gold, {})
    print(f"gv-dev check set: {len(gold['claims'])} claims over {len(gold['incidents'])} incidents")
    print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
