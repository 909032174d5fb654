"""Story-grouping quality on real local news: gv-dev (3,104 shooting reports, 1,783 incidents).

Each report carries its gold ``incident``; one incident is often reported over
days (the shooting, the victim named, an arrest, a funeral).  Reports are
cleaned as ``storycheck analyze`` cleans them and fed in publication order
(ties by id), as a news stream arrives.

The split is fixed by incident: an incident whose id hashes (MD5) to an even
first byte is in the *dev* half, which the learned grouping weights were fitted
on (``--learn``); the other half is *held out* and never used for fitting or
choosing anything.  Each half is grouped on its own (a stream of its reports).

Rows, same run: storycheck analyze's defaults (event dates from the text);
the same with titles and leads compared by embedding (``group_meaning``);
storycheck ingest's defaults (publication dates only); the naive baseline a user would write (TF-IDF
of title and text, cosine >= 0.25, within 30 days, connected components); and
scikit-learn average-link agglomerative clustering (threshold picked on dev).

Usage: python bench/bench_grouping_gv.py [--data FILE] [--learn]
Writes nothing; skips politely when the data is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from bench_grouping import have_sklearn, scores  # noqa: E402

from storycheck.models import RawDocument  # noqa: E402
from storycheck.settings import Settings  # noqa: E402
from storycheck.steps.clean import clean_document  # noqa: E402
from storycheck.grouping import GroupingConfig, group_documents  # noqa: E402
from storycheck.nlp.embed import SentenceEncoder  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "gv-dev" / "gv-dev.jsonl"


@dataclass(frozen=True)
class Report:
    id: str
    incident: str
    title: str | None
    text: str  # cleaned
    raw_text: str
    published: dt.datetime | None


def split_of(incident: str) -> str:
    """'dev' or 'held-out', fixed by the incident id alone."""
    return "dev" if hashlib.md5(incident.encode()).digest()[0] % 2 == 0 else "held-out"


def load(path: Path) -> list[Report]:
    reports = []
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        published = dt.datetime.fromisoformat(row["published"]) if row.get("published") else None
        raw = RawDocument(row["id"], row.get("url") or row["id"], row["text"],
                          title=row.get("title"), published=published)
        doc = clean_document(raw)
        reports.append(Report(row["id"], row["incident"], row.get("title"), doc.text,
                              row["text"], published))
    reports.sort(key=lambda r: (r.published or dt.datetime.min, r.id))
    return reports


# --- systems ------------------------------------------------------------------

def run_storycheck(reports: list[Report], config: GroupingConfig, encoder=None
                   ) -> dict[str, str]:
    """storycheck's grouper over the stream; with an encoder, as ``analyze`` runs it."""
    stories = group_documents([(r.id, r.title, r.text, r.published) for r in reports], config,
                              encoder=encoder)
    return {d: sid for sid, docs in stories.items() for d in docs}


def _tfidf(reports: list[Report]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    texts = [f"{r.title or ''}\n{r.raw_text}" for r in reports]
    return TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)


def run_naive(reports: list[Report], threshold: float = 0.25, days: float = 30.0
              ) -> dict[str, str]:
    """TF-IDF of title + text, cosine >= threshold, within ``days``, connected components."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
    x = _tfidf(reports)
    sim = (x @ x.T).toarray()
    when = np.array([(r.published or dt.datetime(1970, 1, 1)).timestamp() / 86400 for r in reports])
    near = np.abs(when[:, None] - when[None, :]) <= days
    _, labels = connected_components(csr_matrix((sim >= threshold) & near), directed=False)
    return {r.id: f"c{lab}" for r, lab in zip(reports, labels)}


def run_agglomerative(reports: list[Report], distance: float) -> dict[str, str]:
    """scikit-learn average-link agglomerative clustering on TF-IDF cosine distance."""
    from sklearn.cluster import AgglomerativeClustering
    x = _tfidf(reports)
    dist = 1.0 - (x @ x.T).toarray()
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=distance).fit_predict(dist)
    return {r.id: f"c{lab}" for r, lab in zip(reports, labels)}


# --- report -------------------------------------------------------------------

def row(name: str, split: str, pred: dict[str, str], reports: list[Report]) -> str:
    s = scores(pred, {r.id: r.incident for r in reports})
    return (f"{name:<52} {split:<9} {s['b3_p']:.3f} {s['b3_r']:.3f} {s['b3_f1']:.3f}  "
            f"{s['pw_p']:.3f} {s['pw_r']:.3f} {s['pw_f1']:.3f}")


def b3_f1(pred: dict[str, str], reports: list[Report]) -> float:
    return scores(pred, {r.id: r.incident for r in reports})["b3_f1"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--learn", action="store_true",
                    help="fit the grouping weights on the dev half (and ECB+'s tuning half)")
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"gv-dev not found at {args.data}; skipping.")
        return 0
    t0 = time.time()
    reports = load(args.data)
    halves = {name: [r for r in reports if split_of(r.incident) == name]
              for name in ("dev", "held-out")}
    print(f"{len(reports)} reports, {len({r.incident for r in reports})} incidents; "
          + ", ".join(f"{k} {len(v)} reports / {len({r.incident for r in v})} incidents"
                      for k, v in halves.items()) + f" (loaded and cleaned in {time.time() - t0:.0f}s)")
    if args.learn:
        from learn_grouping import learn_and_print
        learn_and_print(halves["dev"])
    encoder = SentenceEncoder.load()
    dates = Settings().grouping_config()  # what `storycheck analyze` groups with
    meaning = Settings().grouping_config(meaning=True)  # ... with -s group_meaning=true
    systems = [("storycheck analyze defaults (event dates)",
                lambda rs: run_storycheck(rs, dates)),
               ("storycheck analyze, group_meaning=true",
                lambda rs: run_storycheck(rs, meaning, encoder)),
               ("storycheck ingest defaults (no event dates)",
                lambda rs: run_storycheck(rs, GroupingConfig()))]
    if have_sklearn():
        systems.append(("baseline naive TF-IDF cos>=0.25, 30 days, components", run_naive))
        grid = [x / 100 for x in range(50, 100, 4)]
        best = max(grid, key=lambda d: b3_f1(run_agglomerative(halves["dev"], d), halves["dev"]))
        systems.append((f"baseline sklearn TF-IDF avg-link agglo, d={best} (dev)",
                        lambda rs: run_agglomerative(rs, best)))
    else:
        print("(scikit-learn not installed: baselines skipped)")
    print(f"\n{'system':<52} {'split':<9} B3 P  B3 R  B3 F1  pw P  pw R  pw F1")
    for split, rs in halves.items():
        for name, fn in systems:
            print(row(name, split, fn(rs), rs))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
