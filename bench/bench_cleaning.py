"""Page debris on real scraped news: which lines cleaning removes (gv-dev, labelled lines).

``bench/gold/gv_debris.json`` labels every line of 100 gv-dev reports (drawn at
random, seed 20261203, from both halves) as the report's own text, page debris
(widgets, sign-up and alert prompts, playlist items, other stories, bylines,
stamps, credits, repeated headlines) or unsure; lines are the raw text's
non-empty lines as ``clean_document`` judges them (``split_paragraphs``), each
checked by the SHA-1 of its text.  Unsure lines are not scored.  Reports are
split by incident as in ``bench_grouping_gv`` (MD5 of the incident id): the
rules were improved from the *dev* half's misses only, never the *held-out*
half's (though some earlier rules were written from short cleaned texts
listed across all of gv-dev).

Rows, same run: storycheck's ``clean_document``; jusText (the classic
boilerplate classifier, which trafilatura also uses), given each line as a
paragraph, English stop list, default settings; keeping every line.  Scores:
precision, recall and F1 of the lines removed as debris, and the share of the
report's own lines (and words) kept.

Usage: python bench/bench_cleaning.py [--data FILE] [--gold FILE]
Writes nothing; skips politely when the data is absent.
"""
from __future__ import annotations

import argparse
import html
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from bench_grouping_gv import split_of  # noqa: E402
from gv_gold import fingerprint  # noqa: E402

from storycheck.models import RawDocument  # noqa: E402
from storycheck.steps.clean import clean_document, split_paragraphs  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "gv-dev" / "gv-dev.jsonl"
DEFAULT_GOLD = ROOT / "bench" / "gold" / "gv_debris.json"


def load(data: Path, gold: Path) -> list[tuple[dict, list[str], list[str]]]:
    """(report row, its lines, their gold labels) for each labelled report."""
    rows = {}
    for line in data.open(encoding="utf-8"):
        row = json.loads(line)
        rows[row["id"]] = row
    out = []
    for doc in json.loads(gold.read_text(encoding="utf-8"))["documents"]:
        row = rows[doc["document"]]
        lines = split_paragraphs(row["text"])
        if [fingerprint(x) for x in lines] != [sha for _, sha in doc["lines"]]:
            raise SystemExit(f"{doc['document']}: the corpus text differs from the gold's")
        out.append((row, lines, [label for label, _ in doc["lines"]]))
    return out


# --- systems: for each report, whether each line is removed --------------------

def storycheck_removed(row: dict, lines: list[str]) -> list[bool]:
    doc = clean_document(RawDocument(row["id"], row["id"], row["text"], title=row.get("title")))
    # Removed lines are recorded by their text (a repeated line once per removal); a
    # dateline is cut off a line that is kept, so it does not count.
    removed = Counter(r.text for r in doc.removed if r.reason != "dateline")
    out = []
    for line in lines:
        out.append(removed[line] > 0)
        removed[line] -= 1
    return out


def justext_removed(row: dict, lines: list[str]) -> list[bool]:
    import justext
    page = "<html><body>" + "".join(f"<p>{html.escape(x)}</p>" for x in lines) + "</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"))
    if len(paragraphs) != len(lines):  # jusText merged or split lines: align by text
        kept = Counter(p.text for p in paragraphs if not p.is_boilerplate)
        out = []
        for line in lines:
            out.append(kept[" ".join(line.split())] <= 0)
            kept[" ".join(line.split())] -= 1
        return out
    return [p.is_boilerplate for p in paragraphs]


def keep_all(row: dict, lines: list[str]) -> list[bool]:
    return [False] * len(lines)


# --- report --------------------------------------------------------------------

def score(corpus, system) -> dict[str, float]:
    tp = fp = fn = 0
    report_lines = report_kept = report_words = report_words_kept = 0
    for row, lines, labels in corpus:
        for line, label, removed in zip(lines, labels, system(row, lines)):
            if label == "unsure":
                continue
            debris = label == "debris"
            tp += removed and debris
            fp += removed and not debris
            fn += debris and not removed
            if not debris:
                words = len(line.split())
                report_lines += 1
                report_words += words
                report_kept += not removed
                report_words_kept += 0 if removed else words
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "kept": report_kept / report_lines, "kept_words": report_words_kept / report_words}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"gv-dev not found at {args.data}; skipping.")
        return 0
    corpus = load(args.data, args.gold)
    labels = Counter(label for _, _, ls in corpus for label in ls)
    print(f"{len(corpus)} reports, {sum(labels.values())} lines: "
          + ", ".join(f"{n} {k}" for k, n in sorted(labels.items())))
    systems = [("storycheck clean_document", storycheck_removed)]
    try:
        import justext  # noqa: F401  (trafilatura's dependency)
        systems.append(("jusText, one paragraph a line, English stop list", justext_removed))
    except ImportError:
        print("(jusText not installed: its row is skipped)")
    systems.append(("keep every line", keep_all))
    print(f"\n{'system':<50} {'split':<9} debris P    R     F1   report lines / words kept")
    for split in ("dev", "held-out"):
        part = [item for item in corpus if split_of(item[0]["incident"]) == split]
        for name, system in systems:
            s = score(part, system)
            print(f"{name:<50} {split:<9} {s['p']:.3f}  {s['r']:.3f}  {s['f1']:.3f}  "
                  f"{s['kept']:.3f} / {s['kept_words']:.3f}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
