"""Weights, threshold and memory bounds of the story grouper.

An article joins the best candidate story when a linear score over pairwise
features (article vs story centroid, ``PAIR_FEATURES``) clears ``threshold``.
The weights are the coefficients of a logistic model fitted, with the stream
replayed in gold order, on the development halves of gv-dev (real local news,
dated) and ECB+ (topics with two look-alike events, undated; shuffled, and each
topic alone as a small batch); the threshold is the model's intercept moved to
the best B-cubed F1 on those halves.  The held-out halves were not used
(``bench/bench_grouping_gv.py --learn`` refits).  The defaults are fitted for
bulk ingest (no event dates, no embeddings); ``analysis_config`` gives the
weights fitted with event dates and with the meaning feature.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..options import option

FAMILIES = ("body", "title", "lead", "entities", "numbers")
N_FAMILIES = len(FAMILIES)
# One row of the pair-feature matrix, in this order (see group_cluster._pair_features).
PAIR_FEATURES = FAMILIES + ("time", "rare_names", "missing_names", "same_date", "other_date",
                             "meaning")


@dataclass(frozen=True)
class GroupingConfig:
    """Options of :class:`StoryGrouper`; every weight is learned (see module doc)."""

    threshold: float = option(
        4.011, "Score an article needs against a story to join it (higher: more, smaller stories)")
    w_body: float = option(3.493, "Weight of the body-word cosine")
    w_title: float = option(1.971, "Weight of the title-word cosine")
    w_lead: float = option(1.315, "Weight of the lead (opening ~300 characters) cosine")
    w_entities: float = option(5.603, "Weight of the names/places/acronyms cosine")
    w_numbers: float = option(4.907, "Weight of the numbers/years/dates cosine")
    w_time: float = option(
        1.472, "Penalty for the publication days between an article and a story's date span "
        "(scaled by 1 - exp(-days / time_scale_days))")
    w_rare_names: float = option(
        0.36, "Weight of the names shared with the story, each counted by its rarity "
        "(idf / log of documents seen; capped at 3)")
    w_missing_names: float = option(
        0.728, "Penalty for the share of the article's three most specific names the story lacks")
    w_same_date: float = option(
        0.0, "Weight for an event date (from the text) within a day of one of the story's "
        "(0 here, where event dates are off; analysis_config has the weight fitted with them)")
    w_other_date: float = option(
        0.0, "Penalty when both give event dates more than a day apart (fitted near 0 with event "
        "dates on: dates read from text are too noisy to split on alone)")
    w_meaning: float = option(
        0.0, "Weight of the cosine between the article's title-and-lead sentence embedding "
        "and the story's (used only when the grouper is given embeddings, as in analysis)")
    event_dates: bool = option(
        False, "Resolve each article's event date from its opening text ('Sunday's shooting') "
        "against its publication date; about 0.5 ms an article, so off for bulk ingest")
    time_scale_days: float = option(
        14.0, "Days over which the date penalty reaches ~63% of w_time (1 day: 7%)")
    window_days: float | None = option(
        60.0, "Close stories whose latest article is this many days older than the newest "
        "date seen, and bar articles dated this far outside a story; None: no date limit")
    max_active: int = option(
        5000, "Most open stories; the least recently updated is closed beyond it")
    article_terms: int = option(
        60, "Terms kept per family in an article vector (highest TF-IDF)")
    centroid_terms: int = option(
        120, "Terms kept per family in a story centroid (highest weight; it may grow to "
        "1.5x between truncations)")
    probe_terms: int = option(
        30, "Highest-weighted article terms (all families) used to find candidate stories")
    max_candidates: int = option(
        5, "Candidate stories scored in full for each article")
    prior_docs: float = option(
        300.0, "Documents assumed seen before the stream starts, each word in as many of them "
        "as English text at large holds it (grouping.background): in a small batch, IDF "
        "from the stream alone would weigh a name every article shares at nothing")
    max_vocabulary: int = option(
        2_000_000, "Distinct terms kept; beyond it, terms seen in one article at most and "
        "in no open story are pruned")

    def family_weights(self) -> np.ndarray:
        """Weights of the family cosines, in FAMILIES order."""
        return np.array([self.w_body, self.w_title, self.w_lead, self.w_entities,
                         self.w_numbers], float)

    def pair_weights(self) -> np.ndarray:
        """Coefficients of the pair features, in PAIR_FEATURES order (penalties negated)."""
        return np.concatenate((self.family_weights(), [
            -self.w_time, self.w_rare_names, -self.w_missing_names, self.w_same_date,
            -self.w_other_date, self.w_meaning]))


# Weights fitted the same way for analysis, where each article's event date is
# read from its text and, with embeddings, its title and lead are compared by
# meaning: "dates" without the meaning feature, "meaning" with both.
ANALYSIS_WEIGHTS = {
    "dates": dict(threshold=4.332, w_body=3.732, w_title=0.997, w_lead=1.551, w_entities=6.252,
                  w_numbers=4.635, w_time=1.642, w_rare_names=0.297, w_missing_names=0.732,
                  w_same_date=3.5, w_other_date=0.083),
    "meaning": dict(threshold=4.65, w_body=3.58, w_title=0.887, w_lead=1.114, w_entities=6.168,
                    w_numbers=4.546, w_time=1.648, w_rare_names=0.221, w_missing_names=0.696,
                    w_same_date=3.468, w_other_date=0.067, w_meaning=1.076),
}


# A batch handed to analysis is one body of coverage: a trial months after the
# shooting still belongs with it.  (Bulk ingest keeps 60 days: open stories
# cost memory and time on an endless stream.)
ANALYSIS_WINDOW_DAYS = 365.0


def mostly_dated(published: Sequence[dt.datetime | None]) -> bool:
    """Whether at least half the documents have a publication date, against
    which their event dates can be read (``Settings.grouping_config(dated=...)``)."""
    return 2 * sum(p is not None for p in published) >= len(published)


def analysis_config(meaning: bool, base: GroupingConfig | None = None) -> GroupingConfig:
    """``base`` (the defaults) with the weights fitted for analysis: event dates
    on, a year's window, and the meaning feature when the grouper is given
    embeddings."""
    return replace(base or GroupingConfig(), event_dates=True, window_days=ANALYSIS_WINDOW_DAYS,
                   **ANALYSIS_WEIGHTS["meaning" if meaning else "dates"])


def config_from_coefficients(coef: np.ndarray, threshold: float,
                             base: GroupingConfig | None = None) -> GroupingConfig:
    """A config whose weights are a fitted model's coefficients (PAIR_FEATURES order)."""
    c = [float(x) for x in coef]
    return replace(base or GroupingConfig(), threshold=float(threshold), w_body=c[0],
                   w_title=c[1], w_lead=c[2], w_entities=c[3], w_numbers=c[4], w_time=-c[5],
                   w_rare_names=c[6], w_missing_names=-c[7], w_same_date=c[8],
                   w_other_date=-c[9], w_meaning=c[10])
