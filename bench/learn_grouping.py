"""Fit the grouper's pair-feature weights on development data (gv-dev dev half, ECB+ tuning half).

The stream is replayed in order with gold decisions ("teacher forcing"): each
article meets the candidate stories the grouper would find, one pair-feature
row per candidate, labelled by whether the candidate is the article's gold
story; then it joins its gold story (or opens it).  A logistic regression on
those rows gives the weights; the threshold is then the one with the best mean
B-cubed F1 over the development streams, run without gold.

Used by ``bench/bench_grouping_gv.py --learn``; prints a GroupingConfig to paste.
"""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench_grouping import load as load_ecb
from bench_grouping import scores
from storycheck.grouping import (PAIR_FEATURES, GroupingConfig, StoryGrouper, extract_counts,
                                 meaning_text)
from storycheck.grouping.config import ANALYSIS_WINDOW_DAYS, config_from_coefficients

ECB_DATA = Path("/work/shared/data/ecbplus")


class GoldGrouper(StoryGrouper):
    """A grouper that records pair features and follows the gold story."""

    def __init__(self, config: GroupingConfig, gold: dict[str, str]):
        super().__init__(config)
        self.gold, self.rows, self.labels = gold, [], []
        self.story_of_label: dict[str, str] = {}

    def _choose(self, doc_id, stories, features, barred):
        label = self.gold[doc_id]
        for story, row, bar in zip(stories, features, barred):
            if not bar:
                self.rows.append(row)
                self.labels.append(self.story_of_label.get(label) == story.id)
        target = self.story_of_label.get(label)
        for story in self._active.values() if target else ():
            if story.id == target:
                return story
        return None

    def follow(self, stream) -> None:
        for doc_id, counts, published in stream:
            self.story_of_label[self.gold[doc_id]] = self.add_counts(doc_id, counts, published)


def streams(gv_dev, event_dates: bool, encoder=None) -> list[list[tuple[list, dict[str, str]]]]:
    """Kinds of streams, each a list of (items of (id, counts, published), gold):
    gv-dev's dev half; two shuffles of ECB+'s tuning half; and each ECB+ tuning
    topic alone (a small batch of two look-alike events, as ``analyze`` often
    gets: in a small batch every word is new to the stream).  With an encoder,
    counts carry the title-and-lead meaning vectors."""
    def counts_of(title, text, published=None):
        counts = extract_counts(title, text, published if event_dates else None)
        if encoder is None:
            return counts
        return counts._replace(meaning=encoder.encode([meaning_text(title, text)])[0]
                               .astype(np.float64))

    ecb = [a for a in load_ecb(ECB_DATA) if int(a.topic) % 2 == 1] if ECB_DATA.is_dir() else []
    if encoder is not None:  # one batch (the encoder caches each text's vector)
        encoder.encode([meaning_text(x.title, x.text) for x in [*gv_dev, *ecb]])
    gv = [(r.id, counts_of(r.title, r.text, r.published), r.published) for r in gv_dev]
    out = [[(gv, {r.id: r.incident for r in gv_dev})]]
    if ecb:
        counts = {a.id: counts_of(a.title, a.text) for a in ecb}
        gold = {a.id: a.event for a in ecb}
        shuffles = []
        for seed in (0, 1):
            order = list(ecb)
            random.Random(seed).shuffle(order)
            shuffles.append(([(a.id, counts[a.id], None) for a in order], gold))
        out.append(shuffles)
        topics = sorted({a.topic for a in ecb}, key=int)
        out.append([([(a.id, counts[a.id], None) for a in ecb if a.topic == t], gold)
                    for t in topics])
    return out


def fit(data, base: GroupingConfig) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression
    rows, labels = [], []
    for items, gold in (stream for kind in data for stream in kind):
        g = GoldGrouper(base, gold)
        g.follow(items)
        rows += g.rows
        labels += g.labels
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.array(rows), np.array(labels))
    print(f"  {len(rows)} pairs ({sum(labels)} same story)")
    return model.coef_[0], float(-model.intercept_[0])


def mean_f1(data, config: GroupingConfig) -> list[float]:
    """B-cubed F1 of each kind of stream (the mean over its streams)."""
    f1s = []
    for kind in data:
        kind_f1 = []
        for items, gold in kind:
            g = StoryGrouper(config)
            pred = dict(zip((i[0] for i in items), g.add_counts_many(items)))
            kind_f1.append(scores(pred, {i[0]: gold[i[0]] for i in items})["b3_f1"])
        f1s.append(float(np.mean(kind_f1)))
    return f1s


# name: (event dates, meaning vectors, window days)
REGIMES = {"ingest (no event dates, no meaning)": (False, False, GroupingConfig().window_days),
           "analysis, dates": (True, False, ANALYSIS_WINDOW_DAYS),
           "analysis, meaning": (True, True, ANALYSIS_WINDOW_DAYS)}


def learn_and_print(gv_dev) -> dict[str, GroupingConfig]:
    """Fit the weights of each regime (the defaults are ingest's; ``ANALYSIS_WEIGHTS``)."""
    from storycheck.nlp.embed import SentenceEncoder
    encoder = SentenceEncoder.load()
    fitted = {}
    for name, (event_dates, meaning, window) in REGIMES.items():
        print(f"\nLearning pair-feature weights for {name} (gv-dev dev half + ECB+ tuning half):")
        data = streams(gv_dev, event_dates, encoder if meaning else None)
        fitted[name] = learn_regime(data, replace(GroupingConfig(), event_dates=event_dates,
                                                  window_days=window))
    return fitted


def learn_regime(data, base: GroupingConfig) -> GroupingConfig:
    coef, intercept = fit(data, base)
    for name, c in zip(PAIR_FEATURES, coef):
        print(f"  {name:<14} {c:+.3f}")
    best = None
    for shift in np.arange(-2.0, 0.76, 0.25):
        config = config_from_coefficients(coef, intercept + shift, base)
        f1s = mean_f1(data, config)
        print(f"  threshold {intercept + shift:+.2f}: dev B3 F1 (gv-dev, ECB+ shuffled, ECB+ "
              "topic by topic) " + " ".join(f"{f:.3f}" for f in f1s))
        if best is None or np.mean(f1s) > best[0]:
            best = (float(np.mean(f1s)), config)
    weights = {k: round(v, 3) for k, v in vars(best[1]).items()
               if k == "threshold" or k.startswith("w_")}
    print(f"  best: {weights}")
    return best[1]
