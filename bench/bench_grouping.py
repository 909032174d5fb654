"""Story-grouping quality on ECB+ (982 articles, 43 topics x 2 events).

Each ECB+ topic holds two events of the same kind (e.g. two celebrities
checking into rehab, two earthquakes): the ``ecb`` files report one, the
``ecbplus`` files the other.  Gold at topic level is the topic folder; at event
level it is (topic, ecb|ecbplus).  Articles are fed to the grouper in a
shuffled order (fixed seeds); file names and gold are used only for scoring.

Half of the topics (odd topic numbers) were used to tune the defaults in
``GroupingConfig``; the other half is held out.  ``--tune`` re-runs that grid
search on the tuning half.

Text is rebuilt from the ``<token>`` elements.  ``ecbplus`` files start with
the article URL as a "sentence": it is dropped, since it is page metadata that
``ecb`` files lack.  A short first sentence without final punctuation is
taken as the title.  Publication dates are not known (``published=None``);
the analysis row parses a date from the article's opening lines where present
and embeds titles and leads, as ``storycheck analyze`` does.  A second table
groups each topic alone: a small batch, where every word is new to the
stream.

Usage: python bench/bench_grouping.py [--data DIR] [--tune] [--seeds N]
Writes nothing; skips politely when the data folder is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    from storycheck.grouping import GroupingConfig, StoryGrouper, group_documents, mostly_dated
    from storycheck.settings import Settings
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(ROOT / "src"))
    from storycheck.grouping import GroupingConfig, StoryGrouper, group_documents, mostly_dated
    from storycheck.settings import Settings

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus"


@dataclass(frozen=True)
class Article:
    id: str
    topic: str
    event: str  # topic + ':ecb' or ':ecbplus'
    title: str | None
    text: str
    published: dt.datetime | None  # parsed from the text only


# --- loading ------------------------------------------------------------------

def _detok(tokens: list[str]) -> str:
    """Undo the corpus tokenisation enough for capitalisation/punctuation regexes."""
    s = " ".join(tokens).replace("``", '"').replace("''", '"')
    s = re.sub(r" ([,.;:!?%)\]]|'s\b|n't\b|'re\b|'ll\b|'ve\b|'d\b|'m\b)", r"\1", s)
    return re.sub(r"([(\[$]) ", r"\1", s)


_MONTH = ("january february march april may june july august september october "
          "november december").split()
_DATE_MDY = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTH)
                       + r")\s+(\d{1,2})(?:st|nd|rd|th)?\s*,\s*((?:19|20)\d\d)\b")
_DATE_NUM = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)\b")


def _date_in(lines: list[str]) -> dt.datetime | None:
    """A date printed in the article's opening lines ('June 13, 2013', '14/09/2013')."""
    for line in lines:
        m = _DATE_MDY.search(line)
        if m:
            return dt.datetime(int(m[3]), _MONTH.index(m[1].lower()) + 1, int(m[2]))
        m = _DATE_NUM.search(line)
        if m:
            a, b, y = int(m[1]), int(m[2]), int(m[3])
            day, month = (a, b) if a > 12 else (b, a)  # ambiguous d/m: guess m/d
            try:
                return dt.datetime(y, month, day)
            except ValueError:
                return None
    return None


def load_article(path: Path) -> Article:
    sents: dict[int, list[str]] = defaultdict(list)
    for tok in ET.parse(path).getroot().iter("token"):
        sents[int(tok.get("sentence"))].append(tok.text or "")
    lines = [_detok(sents[k]) for k in sorted(sents)]
    if lines and lines[0].replace(" ", "").startswith("http"):
        lines = lines[1:]  # page URL, not article text
    title = None
    if lines and len(lines[0].split()) <= 25 and not lines[0].rstrip().endswith((".", "!")):
        title, lines = lines[0], lines[1:]
    topic = path.parent.name
    kind = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
    return Article(path.stem, topic, f"{topic}:{kind}", title, " ".join(lines),
                   _date_in(lines[:3]))


def load(data: Path) -> list[Article]:
    return [load_article(p) for p in sorted(data.glob("*/*.xml"))]


# --- metrics ------------------------------------------------------------------

def scores(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision/recall/F1 and pairwise precision/recall/F1."""
    joint = Counter((pred[d], gold[d]) for d in gold)
    csize, gsize = Counter(pred[d] for d in gold), Counter(gold.values())
    n = len(gold)
    p = sum(c * c / csize[k] for (k, _), c in joint.items()) / n
    r = sum(c * c / gsize[g] for (_, g), c in joint.items()) / n
    pairs = lambda x: x * (x - 1) / 2  # noqa: E731
    tp = sum(pairs(c) for c in joint.values())
    pp, gp = sum(map(pairs, csize.values())), sum(map(pairs, gsize.values()))
    pp_, pr_ = (tp / pp if pp else 1.0), (tp / gp if gp else 1.0)
    f = lambda a, b: 2 * a * b / (a + b) if a + b else 0.0  # noqa: E731
    return {"b3_p": p, "b3_r": r, "b3_f1": f(p, r),
            "pw_p": pp_, "pw_r": pr_, "pw_f1": f(pp_, pr_)}


def evaluate(pred: dict[str, str], arts: list[Article]) -> dict[str, dict[str, float]]:
    return {"topic": scores(pred, {a.id: a.topic for a in arts}),
            "event": scores(pred, {a.id: a.event for a in arts})}


# --- systems ------------------------------------------------------------------

def run_grouper(arts: list[Article], seed: int, config: GroupingConfig,
                dates: bool = False) -> dict[str, str]:
    order = list(arts)
    random.Random(seed).shuffle(order)
    g = StoryGrouper(config)
    return {a.id: g.add(a.id, a.title, a.text, a.published if dates else None)
            for a in order}


_ENCODER = []


def run_analysis(arts: list[Article], seed: int, meaning: bool = False) -> dict[str, str]:
    """As ``storycheck analyze`` groups: event dates read from the text (where a
    date could be parsed), no window; with ``meaning``, titles and leads
    embedded too (``-s group_meaning=true``)."""
    if meaning and not _ENCODER:
        from storycheck.nlp.embed import SentenceEncoder
        _ENCODER.append(SentenceEncoder.load())
    order = list(arts)
    random.Random(seed).shuffle(order)
    dated = mostly_dated([a.published for a in arts])
    config = replace(Settings().grouping_config(meaning, dated=dated), window_days=None)
    stories = group_documents([(a.id, a.title, a.text, a.published) for a in order], config,
                              encoder=_ENCODER[0] if meaning else None)
    return {d: sid for sid, docs in stories.items() for d in docs}


def by_topic(fn, arts: list[Article], seed: int) -> dict[str, str]:
    """``fn`` run on each topic alone (a small batch of two look-alike events)."""
    pred = {}
    for topic in sorted({a.topic for a in arts}, key=int):
        pred.update({d: f"{topic}:{sid}" for d, sid in
                     fn([a for a in arts if a.topic == topic], seed).items()})
    return pred


def run_agglomerative(arts: list[Article], seed: int, threshold: float) -> dict[str, str]:
    """Baseline: scikit-learn TF-IDF + average-link agglomerative clustering (batch)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    order = list(arts)
    random.Random(seed).shuffle(order)
    texts = [f"{a.title or ''}\n{a.text}" for a in order]
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average",
        distance_threshold=threshold).fit_predict(x.toarray())
    return {a.id: f"c{lab}" for a, lab in zip(order, labels)}


def look_alikes_apart(pred: dict[str, str], arts: list[Article]) -> float:
    """Share of topics whose two look-alike events (ecb vs ecbplus) land mostly in
    different stories: each event's most common story differs from the other's."""
    by_event: dict[str, Counter] = defaultdict(Counter)
    for a in arts:
        by_event[a.event][pred[a.id]] += 1
    topics = {a.topic for a in arts}
    apart = sum(by_event[f"{t}:ecb"].most_common(1)[0][0]
                != by_event[f"{t}:ecbplus"].most_common(1)[0][0] for t in topics)
    return apart / len(topics)


def have_sklearn() -> bool:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return False
    return True


def mean_eval(fn, arts: list[Article], seeds: list[int]) -> dict[str, dict[str, float]]:
    """Scores averaged over shuffles."""
    runs = [evaluate(fn(arts, s), arts) for s in seeds]
    return {lvl: {k: sum(r[lvl][k] for r in runs) / len(runs) for k in runs[0][lvl]}
            for lvl in runs[0]}


# --- tuning -------------------------------------------------------------------

BODY_ONLY = dict(w_title=0.0, w_lead=0.0, w_entities=0.0, w_numbers=0.0)


def tune(arts: list[Article], seeds: list[int]) -> list[tuple[float, GroupingConfig]]:
    """Grid search of weights and threshold, by event-level B3 F1 on ``arts``."""
    grid = itertools.product([0.0, 0.5, 1.0], [0.0, 0.5, 1.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0],
                             [0.19, 0.22, 0.25])
    results = []
    for wt, wl, we, wn, th in grid:
        cfg = replace(GroupingConfig(), w_title=wt, w_lead=wl, w_entities=we, w_numbers=wn,
                      threshold=th)
        res = mean_eval(lambda a, s: run_grouper(a, s, cfg), arts, seeds)
        results.append((res["event"]["b3_f1"], cfg))
    results.sort(key=lambda r: -r[0])
    return results


def tune_threshold(fn, arts, seeds, grid, level="event") -> tuple[float, float]:
    """Best threshold for a one-parameter system on ``arts``."""
    best = max(grid, key=lambda t: mean_eval(lambda a, s: fn(a, s, t), arts, seeds)[level]["b3_f1"])
    return best, mean_eval(lambda a, s: fn(a, s, best), arts, seeds)[level]["b3_f1"]


# --- report -------------------------------------------------------------------

def row(name: str, split: str, res: dict[str, dict[str, float]]) -> str:
    t, e = res["topic"], res["event"]
    return (f"{name:<44} {split:<9} {t['b3_p']:.3f} {t['b3_r']:.3f} {t['b3_f1']:.3f} "
            f"{t['pw_f1']:.3f} | {e['b3_p']:.3f} {e['b3_r']:.3f} {e['b3_f1']:.3f} {e['pw_f1']:.3f}")


HEADER = (f"{'system':<44} {'topics':<9} {'topic-level B3 P/R/F1, pw-F1':<29}| "
          "event-level B3 P/R/F1, pw-F1")


def oracle(arts: list[Article]) -> dict[str, dict[str, float]]:
    """Perfect event clustering: what it scores at topic level (the ceiling there)."""
    return evaluate({a.id: a.event for a in arts}, arts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--tune", action="store_true", help="re-run the grid search on the tuning half")
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"ECB+ not found at {args.data}; skipping.")
        return 0
    arts = load(args.data)
    halves = {"tune": [a for a in arts if int(a.topic) % 2 == 1],
              "held-out": [a for a in arts if int(a.topic) % 2 == 0], "all": arts}
    print(f"{len(arts)} articles, {len({a.topic for a in arts})} topics, "
          f"{len({a.event for a in arts})} events; tune half {len(halves['tune'])} articles, "
          f"held-out half {len(halves['held-out'])}; "
          f"{sum(a.published is not None for a in arts)} with a date in the text")
    seeds = list(range(args.seeds))
    if args.tune:
        report_tuning(halves, seeds)
    report(halves, seeds)
    return 0


def report_tuning(halves, seeds) -> None:
    t0 = time.time()
    results = tune(halves["tune"], seeds[:2])
    print(f"\nGrid search on the tuning half ({len(results)} configs, {time.time() - t0:.0f}s); "
          "top 10, with the held-out half's event B3 F1:")
    for f1, cfg in results[:10]:
        held = mean_eval(lambda a, s: run_grouper(a, s, cfg), halves["held-out"], seeds[:2])
        print(f"  tune {f1:.3f}  held-out {held['event']['b3_f1']:.3f}  threshold={cfg.threshold} "
              f"w_title={cfg.w_title} w_lead={cfg.w_lead} w_entities={cfg.w_entities} "
              f"w_numbers={cfg.w_numbers}")


def report(halves, seeds) -> None:
    tune_arts, default = halves["tune"], GroupingConfig()
    th_grid = [x / 100 for x in range(8, 60, 2)]
    body_fn = lambda a, s, t: run_grouper(a, s, replace(default, threshold=t, **BODY_ONLY))  # noqa
    body_th, _ = tune_threshold(body_fn, tune_arts, seeds[:3], th_grid)
    systems = [("storycheck defaults", lambda a, s: run_grouper(a, s, default))]
    score_grid = [x / 4 for x in range(4, 29)]  # the learned score's scale, not a cosine's
    topic_th, _ = tune_threshold(lambda a, s, t: run_grouper(a, s, replace(default, threshold=t)),
                                 tune_arts, seeds[:3], score_grid, level="topic")
    systems.append((f"storycheck, topic-tuned threshold={topic_th}",
                    lambda a, s: run_grouper(a, s, replace(default, threshold=topic_th))))
    systems.append(("storycheck analyze defaults (dates from text)", run_analysis))
    systems.append(("storycheck analyze, group_meaning=true",
                    lambda a, s: run_analysis(a, s, meaning=True)))
    systems.append((f"baseline single-pass TF-IDF body, t={body_th}",
                    lambda a, s: body_fn(a, s, body_th)))
    if have_sklearn():
        agg_fn = lambda a, s, t: run_agglomerative(a, s, t)  # noqa: E731
        agg_grid = [x / 100 for x in range(50, 100, 3)]
        agg_th, _ = tune_threshold(agg_fn, tune_arts, seeds[:1], agg_grid)
        systems.append((f"baseline sklearn TF-IDF+avg-link agglo, d={agg_th}",
                        lambda a, s: agg_fn(a, s, agg_th)))
    else:
        print("(scikit-learn not installed: agglomerative baseline skipped)")
    print(f"\nMean over {len(seeds)} shuffles (seeds {seeds[0]}..{seeds[-1]}); thresholds of the "
          "tuned rows were picked on the tuning half only.\n" + HEADER)
    for split, arts in halves.items():
        for name, fn in systems:
            print(row(name, split, mean_eval(fn, arts, seeds)))
        print(row("(oracle: perfect event clustering)", split, oracle(arts)))
        print()
    print("Look-alike events kept apart (share of topics whose ecb and ecbplus events go "
          "mostly to different stories; seed 0):")
    for split, arts in halves.items():
        print(f"  {split:<9} " + "  ".join(
            f"{name.split(',')[0]}: {look_alikes_apart(fn(arts, 0), arts):.2f}"
            for name, fn in systems[:1] + systems[2:]))
    print("\nEach topic alone, as a small batch (two look-alike events, ~23 articles): "
          "mean over shuffles.\n" + HEADER)
    for split in ("tune", "held-out"):
        for name, fn in systems[:1] + systems[2:]:
            print(row(name, split, mean_eval(lambda a, s: by_topic(fn, a, s), halves[split],
                                             seeds)))
    single = evaluate(run_grouper(halves["all"], 0, default), halves["all"])
    print(row("storycheck defaults, single shuffle seed=0", "all", single))
    print("\nOne event per topic (only the ecb files, or only the ecbplus files): topic level\n"
          "is then the story level, with no same-topic look-alike to tell apart.\n" + HEADER)
    for kind in ("ecb", "ecbplus"):
        arts = [a for a in halves["all"] if a.event.endswith(":" + kind)]
        for name, fn in systems[:1] + systems[2:]:
            print(row(name, f"{kind} only", mean_eval(fn, arts, seeds)))


if __name__ == "__main__":
    sys.exit(main())
