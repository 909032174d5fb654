"""Does a passage state all of a claim? A directional, learned score for ``check``.

The pair judge is symmetric: it asks whether two claims state one fact. A
fact-checker asks something narrower of each passage: does it say everything
the checked claim says (it may say more)? "Police identified the victim as
Dana Reyes, 23" states "Reyes, 23, died in the shooting" only in part of its
words, and the judge, seeing the rest, calls the two different. This model
adds what is directional: how much of the claim's words (by rarity), names and
numbers the passage holds, and how much longer the passage is, beside the
judge's own log-odds. It is a logistic model learned on our claim gold of real
multi-outlet reports (bench/train_judge.py: a pair of claims from different
reports is positive when every gold fact the first states is stated by the
second), its threshold chosen on the dev incidents; it ships in
``judge_weights.json`` under ``support``. A passage that lacks one of the
claim's names or numbers does not state it, whatever the model says.
"""
from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from ..models import Claim
from .judge import PairJudge, fact_inputs, name_stems
from .stems import content_stems

SUPPORT_FEATURES = (
    "bias", "embedding", "same_log_odds", "frame_log_odds", "claim_covered",
    "names_covered", "numbers_covered", "numbers_clash", "event_covered", "length_ratio",
    "polarity_clash", "claim_covered_x_embedding",
)
_UNSEEN_IDF = 5.0  # a word the story's vocabulary lacks is taken as rare


@dataclass(frozen=True)
class SupportModel:
    """Weights over ``SUPPORT_FEATURES`` and the P(passage states the claim) to act on."""

    weights: np.ndarray
    threshold: float

    @classmethod
    def from_dict(cls, data: Mapping) -> "SupportModel":
        if tuple(data["features"]) != SUPPORT_FEATURES:
            raise ValueError("support weights were trained for other features; retrain them "
                             "with bench/train_judge.py")
        return cls(np.array(data["weights"], dtype=np.float64), float(data["threshold"]))

    @classmethod
    def packaged(cls) -> "SupportModel":
        """The shipped model, read once per process (every story and check asks for it)."""
        return _packaged()

    def to_dict(self) -> dict:
        return {"features": list(SUPPORT_FEATURES),
                "weights": [round(float(w), 6) for w in self.weights],
                "threshold": self.threshold}


@functools.cache
def _packaged() -> SupportModel:
    text = resources.files("storycheck.nlp").joinpath("judge_weights.json").read_text()
    return SupportModel.from_dict(json.loads(text)["support"])


def event_share(claim: Claim, passage: Claim) -> float:
    """Share of the claim's words besides its entities (names, dates, figures) that
    the passage has: on the same names alone ("Harlow Bridge") a headline can look
    like any claim about them, and a different event on another date is no conflict."""
    return _event_share(_Words.of(claim), _Words.of(passage))


@dataclass(frozen=True)
class _Words:
    """What the directional features read of one claim, computed once per claim."""

    stems: frozenset[str]
    entity_stems: frozenset[str]  # of every entity, dates and numbers included
    names: frozenset[str]  # of names only (name_stems)
    numbers: frozenset[float]
    words: int
    negated: bool

    @classmethod
    def of(cls, claim: Claim) -> "_Words":
        return cls(frozenset(content_stems(claim.citation.text)),
                   frozenset(s for e in claim.entities for s in content_stems(e.text)),
                   frozenset(name_stems(claim)),
                   frozenset(round(q.value, 3) for q in claim.quantities),
                   len(claim.citation.text.split()), claim.negated)


class _WordsOf:
    """Each claim's ``_Words``, computed once per call (a claim meets many passages)."""

    def __init__(self):
        self.known: dict[str, _Words] = {}

    def __call__(self, claim: Claim) -> _Words:
        found = self.known.get(claim.id)
        if found is None:
            found = self.known[claim.id] = _Words.of(claim)
        return found


def _event_share(claim: _Words, passage: _Words) -> float:
    event = claim.stems - claim.entity_stems
    return len(event & passage.stems) / len(event) if event else 1.0


def support_features(judge: PairJudge, pairs: Sequence[tuple[Claim, Claim]],
                     idf: Mapping[str, float], cosines: Sequence[float] | None = None,
                     words: _WordsOf | None = None) -> np.ndarray:
    """Rows of ``SUPPORT_FEATURES`` for (claim, passage) pairs; ``idf`` over the
    stems of the story or coverage the passages come from."""
    if not pairs:
        return np.zeros((0, len(SUPPORT_FEATURES)))
    cosines = judge.cosines(pairs) if cosines is None else np.asarray(cosines)
    log_odds = fact_inputs(judge.features(pairs, cosines, idf), judge.model)
    words = words or _WordsOf()
    return np.array([[1.0, float(cosine), same, frame,
                      *_directional(words(claim), words(passage), float(cosine), idf)]
                     for (claim, passage), cosine, (_, same, frame)
                     in zip(pairs, cosines, log_odds)], dtype=np.float64)


def _directional(claim: _Words, passage: _Words, cosine: float, idf: Mapping[str, float]
                 ) -> list[float]:
    """The features from claim_covered on, in SUPPORT_FEATURES order."""
    total = sum(idf.get(s, _UNSEEN_IDF) for s in claim.stems)
    covered = sum(idf.get(s, _UNSEEN_IDF) for s in claim.stems & passage.stems) / total \
        if total else 0.0
    return [
        covered,
        len(claim.names & passage.names) / len(claim.names) if claim.names else 1.0,
        len(claim.numbers & passage.numbers) / len(claim.numbers) if claim.numbers else 1.0,
        float(bool(claim.numbers - passage.numbers) and bool(passage.numbers)),
        _event_share(claim, passage),
        math.log(max(passage.words, 1) / max(claim.words, 1)),
        float(claim.negated != passage.negated),
        covered * cosine,
    ]


def support_scores(judge: PairJudge, model: SupportModel, pairs: Sequence[tuple[Claim, Claim]],
                   idf: Mapping[str, float], cosines: Sequence[float] | None = None
                   ) -> np.ndarray:
    """P(the passage states all of the claim) for each (claim, passage) pair; 0 where
    the passage lacks one of the claim's names or numbers, which it then cannot
    state ("shares fell 6.4%" is not in a passage without the figure), whatever
    the model says (those pairs are not featurised: on a large story most
    candidates fail this cheap test)."""
    words = _WordsOf()
    scores = np.zeros(len(pairs))
    kept = [k for k, (claim, passage) in enumerate(pairs)
            if words(claim).names <= words(passage).names
            and words(claim).numbers <= words(passage).numbers]
    if kept:
        chosen = None if cosines is None else np.asarray(cosines)[kept]
        features = support_features(judge, [pairs[k] for k in kept], idf, chosen, words)
        scores[kept] = 1.0 / (1.0 + np.exp(-np.clip(features @ model.weights, -30, 30)))
    return scores
