#!/usr/bin/env python3
"""Article-body extraction quality on the article-extraction benchmark.

Usage::

    python bench/bench_extraction.py [DATA_DIR] [--quick] [--limit N] [--ngram N] [--repeat N]

DATA_DIR holds ``html/<id>.html.gz`` and ``ground-truth.json``
(``id -> {"articleBody", "url"}``), as in scrapinghub's
article-extraction-benchmark; it defaults to
``../shared/data/article-extraction`` next to the repository root. When it is
missing the script says so and exits 0. It writes nothing (not even
``__pycache__``).

Scoring follows the benchmark's own ``evaluate.py``: both texts are tokenised
into ``\\w+`` runs, turned into multisets of 4-token shingles, and per page
tp/fp/fn are the multiset overlap and the two differences, normalised by their
sum so long pages weigh no more than short ones. Precision and recall are the
means over pages (pages with nothing predicted are left out of precision, as
there), F1 is their harmonic mean. ``--ngram 1`` gives plain token-overlap
scores instead. The +/- figure is a 95% bootstrap interval of F1.
pages/s is per second of this process's CPU time (extraction runs in one
thread), so that other jobs on a shared machine slow no row more than another.
``--repeat N`` times every row N times, in N rounds that each run all rows (in
turn, so that a busy spell of the machine falls on every row alike): pages/s is
then the median pass, and ``1st`` the first pass, which pays what a process
loads once (scores always come from the first pass).

Rows: bare trafilatura (the baseline whose published F1 is about 0.958),
storycheck's ``extract_html``, the trafilatura option variants it was chosen
from, and -- only when ``storycheck.steps.clean`` is importable -- the text
after the cleaning stage.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.dont_write_bytecode = True  # write nothing into the repository

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "article-extraction"

if importlib.util.find_spec("storycheck") is None:  # not installed: use the checkout
    sys.path.insert(0, str(REPO / "src"))

_TOKEN = re.compile(r"\w+", re.UNICODE)

Scores = tuple[float, float, float]  # normalised tp, fp, fn
Extractor = Callable[[str], str]  # html -> article text


# --------------------------------------------------------------------------- scoring

def shingles(text: str, n: int) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:  # the benchmark keeps one short shingle for short texts
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def match(truth: str, prediction: str, n: int) -> Scores:
    expected, predicted = shingles(truth, n), shingles(prediction, n)
    tp = sum((expected & predicted).values())
    fp = sum((predicted - expected).values())
    fn = sum((expected - predicted).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def summarise(scores: list[Scores]) -> tuple[float, float, float]:
    precisions = [_precision(*s) for s in scores if s[0] + s[1] > 0]
    recalls = [_recall(*s) for s in scores if s[0] + s[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def f1_interval(scores: list[Scores], rounds: int, seed: int = 0) -> float:
    if rounds < 2 or len(scores) < 2:
        return 0.0
    rng = random.Random(seed)
    values = [summarise(rng.choices(scores, k=len(scores)))[2] for _ in range(rounds)]
    return 1.96 * statistics.stdev(values)


# --------------------------------------------------------------------------- tools

def trafilatura_tool(**options) -> Extractor:
    import trafilatura

    return lambda html: trafilatura.extract(html, **options) or ""


def storycheck_tool(make_options: Callable[[], dict] | None = None, rescue: bool = False) -> Extractor:
    from storycheck.io.html import RESCUE_OPTIONS, extract_html_with

    def run(html: str) -> str:
        options = make_options() if make_options else None
        return extract_html_with(
            html, options=options, rescue_options=RESCUE_OPTIONS if rescue else None).text

    return run


def storycheck_default() -> Extractor:
    from storycheck.io.html import extract_html

    return lambda html: extract_html(html).text


def storycheck_cleaned() -> Extractor | str:
    """extract_html then the cleaning stage; a reason string when unavailable."""
    try:
        from storycheck.io.html import extract_html
        from storycheck.steps import clean
    except Exception as err:  # noqa: BLE001 - optional row, any import failure skips it
        return f"storycheck.steps.clean not importable ({type(err).__name__}: {err})"
    from storycheck.models import RawDocument

    def run(html: str) -> str:
        page = extract_html(html)
        raw = RawDocument(id="bench", source="bench", text=page.text, title=page.title,
                          outlet=page.outlet, published=page.published,
                          author=page.author, url=page.url)
        return clean.clean_document(raw).text
    return run


def tools(quick: bool) -> list[tuple[str, Callable[[], Extractor | str]]]:
    """(row name, factory); a factory may return a reason string to skip the row."""
    def sc_options(**extra):
        def make():
            from storycheck.io.html import BASE_OPTIONS
            return {**BASE_OPTIONS, **extra}
        return make

    def sc_page_dedup():
        from trafilatura.deduplication import LRUCache
        return sc_options(deduplicate=LRUCache(maxsize=1024))()  # fresh cache per page

    rows: list[tuple[str, Callable[[], Extractor | str]]] = [
        ("trafilatura.extract(html) defaults", lambda: trafilatura_tool()),
        ("trafilatura, include_comments=False", lambda: trafilatura_tool(include_comments=False)),
    ]
    if not quick:
        rows += [
            ("sc variant: balanced", lambda: storycheck_tool(sc_options())),
            ("sc variant: favor_recall", lambda: storycheck_tool(sc_options(favor_recall=True))),
            ("sc variant: favor_precision", lambda: storycheck_tool(sc_options(favor_precision=True))),
            ("sc variant: balanced, fast (no readability/justext)",
             lambda: storycheck_tool(sc_options(fast=True))),
            ("sc variant: precision, fast", lambda: storycheck_tool(
                sc_options(favor_precision=True, fast=True))),
            ("sc variant: precision, no tables", lambda: storycheck_tool(
                sc_options(favor_precision=True, include_tables=False))),
            ("sc variant: precision, prune figcaption", lambda: storycheck_tool(
                sc_options(favor_precision=True, prune_xpath="//figcaption"), rescue=True)),
            ("sc variant: balanced, dedup per page", lambda: storycheck_tool(sc_page_dedup)),
            ("sc variant: precision + recall-mode rescue", _recall_rescue),
        ]
    rows += [
        ("storycheck extract_html", storycheck_default),
        ("storycheck extract_html + clean (storycheck's text)", storycheck_cleaned),
    ]
    return rows


def _recall_rescue() -> Extractor:
    from storycheck.io.html import BASE_OPTIONS, PRIMARY_OPTIONS, extract_html_with

    rescue = {**BASE_OPTIONS, "favor_recall": True}
    return lambda html: extract_html_with(html, options=PRIMARY_OPTIONS, rescue_options=rescue).text


# --------------------------------------------------------------------------- main

def load(data: Path, limit: int | None) -> tuple[dict[str, str], dict[str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages, bodies = {}, {}
    for item in ids:
        path = data / "html" / f"{item}.html.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            pages[item] = handle.read()
        bodies[item] = truth[item].get("articleBody") or ""
    return pages, bodies


def run_pass(extractor: Extractor, pages: dict[str, str]) -> tuple[dict[str, str], int, float]:
    """(predictions, errors, CPU seconds) of one pass over the pages."""
    predictions, errors = {}, 0
    started = time.process_time()
    for item, html in pages.items():
        try:
            predictions[item] = extractor(html) or ""
        except Exception:  # noqa: BLE001 - a failed page scores as empty, and is counted
            predictions[item] = ""
            errors += 1
    return predictions, errors, time.process_time() - started


def score(predictions: dict[str, str], errors: int, elapsed: list[float],
          pages: dict[str, str], bodies: dict[str, str], ngram: int, rounds: int) -> dict:
    """The metrics of a row: scores of its first pass, pages/s of its median pass."""
    scores = [match(bodies[item], predictions[item], ngram) for item in pages]
    precision, recall, f1 = summarise(scores)
    return {"precision": precision, "recall": recall, "f1": f1,
            "ci": f1_interval(scores, rounds),
            "pages_per_s": len(pages) / statistics.median(elapsed),
            "first_pages_per_s": len(pages) / elapsed[0], "errors": errors}


def evaluate(extractor: Extractor, pages: dict[str, str], bodies: dict[str, str],
             ngram: int, rounds: int) -> dict:
    predictions, errors, elapsed = run_pass(extractor, pages)
    return score(predictions, errors, [elapsed], pages, bodies, ngram, rounds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA,
                        help=f"benchmark folder (default: {DEFAULT_DATA})")
    parser.add_argument("--quick", action="store_true",
                        help="only the baselines and storycheck, not the option variants")
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--ngram", type=int, default=4,
                        help="shingle size (4 as in the benchmark; 1 = token overlap)")
    parser.add_argument("--bootstrap", type=int, default=1000,
                        help="bootstrap rounds for the F1 interval (0 = none)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time each row N times, in rounds over all rows; pages/s is "
                             "the median pass, 1st the first (default 1)")
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)

    data: Path = args.data
    if not (data / "ground-truth.json").is_file() or not (data / "html").is_dir():
        print(f"article-extraction benchmark not found at {data}; skipping.")
        return 0
    pages, bodies = load(data, args.limit)
    if not pages:
        print(f"no pages found under {data / 'html'}; skipping.")
        return 0

    import trafilatura

    print(f"{len(pages)} pages from {data}; trafilatura {trafilatura.__version__}; "
          f"{args.ngram}-token shingles\n")
    width = 56
    first = f" {'1st':>7}" if repeat > 1 else ""
    header = (f"{'tool':<{width}} {'precision':>9} {'recall':>7} {'F1':>6} {'±95%':>6} "
              f"{'pages/s':>7}{first} {'errors':>6}")
    print(header)
    print("-" * len(header))

    def show(name: str, m: dict) -> None:
        extra = f" {m['first_pages_per_s']:>7.1f}" if repeat > 1 else ""
        print(f"{name:<{width}} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} "
              f"{m['ci']:>6.3f} {m['pages_per_s']:>7.1f}{extra} {m['errors']:>6}", flush=True)

    rows: list[tuple[str, Extractor | str]] = [(name, factory()) for name, factory in tools(args.quick)]
    if repeat == 1:  # one pass per row, printed as it ends
        for name, extractor in rows:
            if isinstance(extractor, str):
                print(f"{name:<{width}} {'n/a':>9}  -- {extractor}")
            else:
                show(name, evaluate(extractor, pages, bodies, args.ngram, args.bootstrap))
        return 0
    passes: dict[str, list] = {name: [] for name, extractor in rows if not isinstance(extractor, str)}
    for _ in range(repeat):
        for name, extractor in rows:
            if not isinstance(extractor, str):
                passes[name].append(run_pass(extractor, pages))
    for name, extractor in rows:
        if isinstance(extractor, str):
            print(f"{name:<{width}} {'n/a':>9}  -- {extractor}")
            continue
        (predictions, errors, _), elapsed = passes[name][0], [p[2] for p in passes[name]]
        show(name, score(predictions, errors, elapsed, pages, bodies, args.ngram, args.bootstrap))
    return 0


if __name__ == "__main__":
    sys.exit(main())
