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
from storycheck.grouping import PAIR_FEATURES, GroupingConfig, StoryGrouper, extract_counts
from storycheck.grouping.config import config_from_coefficients

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


def streams(gv_dev) -> list[tuple[list, dict[str, str]]]:
    """(items of (id, counts, published), gold) for gv-dev dev and two ECB+ tuning shuffles."""
    gv = [(r.id, extract_counts(r.title, r.text, r.published), r.published) for r in gv_dev]
    out = [(gv, {r.id: r.incident for r in gv_dev})]
    if ECB_DATA.is_dir():
        ecb = [a for a in load_ecb(ECB_DATA) if int(a.topic) % 2 == 1]
        for seed in (0, 1):
            order = list(ecb)
            random.Random(seed).shuffle(order)
            out.append(([(a.id, extract_counts(a.title, a.text), None) for a in order],
                        {a.id: a.event for a in ecb}))
    return out


def fit(data, base: GroupingConfig) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression
    rows, labels = [], []
    for items, gold in data:
        g = GoldGrouper(base, gold)
        g.follow(items)
        rows += g.rows
        labels += g.labels
    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.array(rows), np.array(labels))
    print(f"  {len(rows)} pairs ({sum(labels)} same story)")
    return model.coef_[0], float(-model.intercept_[0])


def mean_f1(data, config: GroupingConfig) -> list[float]:
    f1s = []
    for items, gold in data:
        g = StoryGrouper(config)
        pred = dict(zip((i[0] for i in items), g.add_counts_many(items)))
        f1s.append(scores(pred, gold)["b3_f1"])
    return f1s


def learn_and_print(gv_dev, base: GroupingConfig | None = None) -> GroupingConfig:
    print("\nLearning pair-feature weights (gv-dev dev half + ECB+ tuning half):")
    data = streams(gv_dev)
    base = replace(base or GroupingConfig(), event_dates=True)
    coef, intercept = fit(data, base)
    for name, c in zip(PAIR_FEATURES, coef):
        print(f"  {name:<14} {c:+.3f}")
    best = None
    for shift in np.arange(-2.0, 0.76, 0.25):
        config = config_from_coefficients(coef, intercept + shift, base)
        f1s = mean_f1(data, config)
        print(f"  threshold {intercept + shift:+.2f}: dev B3 F1 " + " ".join(f"{f:.3f}" for f in f1s))
        if best is None or np.mean(f1s) > best[0]:
            best = (float(np.mean(f1s)), config)
    print(f"  best: {best[1]}")
    return best[1]
