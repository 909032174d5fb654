"""Do two claims state the same proposition? A learned, calibrated pair judge.

Cosine of sentence embeddings alone cannot tell a paraphrase from a look-alike
("the startup bought Apple" is 0.98 from "Apple bought the startup"), and
shared words alone miss paraphrases. The judge combines both with what the
claims' slots say: numbers, dates, names, polarity, hedges and, where the
claims carry frames, predicate and role-aware argument overlap (who did what
to whom). A logistic model over those features gives P(same proposition);
its weights and thresholds are learned on labelled news sentence pairs by
``bench/train_judge.py`` and ship as ``judge_weights.json``.

Two models share the features. ``probability`` is P(same proposition),
learned from paraphrase pairs. ``frame_probability`` is P(same frame): the
same kind of event about the same things, learned from cross-document event
coreference (mentions of one event against mentions of a look-alike event)
with the features that only say values clash left out, so "the deal was
struck down in 2023" and "the deal was halted in 2024" are one frame whose
values differ: a conflict.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from ..models import Claim, Quantity
from .ages import AGE, age_holder
from .quantities import quantities_agree
from .predicates import one_kind_of_event
from .stems import content_stems
from .surface import SURFACE_FEATURES, Surface, surface, surface_features
from ..timex import clock_gap, clock_minutes, value_range

# Feature names, in the order of the weight vector (the file records them too,
# so weights trained for another order are refused rather than misread).
FEATURES = (
    "bias", "embedding", "embedding_sq", "overlap", "containment", "overlap_x_embedding",
    "unmatched_max", "unmatched_min",
    "length_gap", "short", "numbers_agree", "numbers_clash", "numbers_one_side",
    "dates_agree", "dates_clash", "dates_one_side", "names_overlap", "names_unmatched",
    "polarity_clash", "hedge_gap", "same_predicate", "same_class", "agent_overlap",
    "patient_overlap", "roles_swapped", "both_framed",
) + SURFACE_FEATURES
# Features that only say two values differ: left out of the frame probability.
VALUE_CLASH = ("numbers_clash", "dates_clash", "polarity_clash")
# Also left out of it: shared wording. Two reports of one event are worded apart,
# so on ECB+ and MEANTIME the surface features lowered held-out F1 (0.729 -> 0.709).
FRAME_LEFT_OUT = VALUE_CLASH + SURFACE_FEATURES


@dataclass(frozen=True)
class Difference:
    """One slot in which two claims of the same frame state different values."""

    kind: str  # 'date', 'time', 'number', 'agent', 'place', 'polarity'
    value_a: str
    value_b: str


@dataclass(frozen=True)
class PairJudgement:
    relation: str  # 'same', 'conflict', 'related' or 'unrelated'
    probability: float  # calibrated P(same proposition)
    frame_probability: float  # P(same frame), values aside
    # what differs: in one fact ('conflict'), or in one event ('related')
    differs: tuple[Difference, ...] = ()
    fact_probability: float = 0.0  # P(one fact), values aside


@dataclass(frozen=True)
class JudgeModel:
    """Weights and thresholds of the judge, as trained."""

    same_weights: np.ndarray  # P(same proposition)
    frame_weights: np.ndarray  # P(same frame), value-clash features left out
    same_threshold: float  # P(same proposition) at or above which two claims say the same
    frame_threshold: float  # P(same frame) at or above which two claims report one event
    related_threshold: float  # embedding cosine at or above which claims are related
    # P(one fact) from the two models' value-blind log-odds: weights of (1, same, frame),
    # learned on claim pairs of real multi-outlet stories (bench/train_judge.py), where one
    # claim often states a part of the other, which MRPC's paraphrase labels call different
    align_weights: np.ndarray
    # P(one fact) at or above which two claims of one story state one fact, values aside
    align_threshold: float
    trained_on: str = ""

    @classmethod
    def from_dict(cls, data: Mapping) -> "JudgeModel":
        if tuple(data["features"]) != FEATURES:
            raise ValueError("judge weights were trained for other features; retrain them "
                             "with bench/train_judge.py")
        return cls(np.array(data["same_weights"], dtype=np.float64),
                   np.array(data["frame_weights"], dtype=np.float64),
                   float(data["same_threshold"]), float(data["frame_threshold"]),
                   float(data["related_threshold"]),
                   np.array(data["align_weights"], dtype=np.float64),
                   float(data["align_threshold"]), str(data.get("trained_on", "")))

    @classmethod
    def packaged(cls) -> "JudgeModel":
        text = resources.files("storycheck.nlp").joinpath("judge_weights.json").read_text()
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> dict:
        return {"features": list(FEATURES),
                "same_weights": [round(float(w), 6) for w in self.same_weights],
                "frame_weights": [round(float(w), 6) for w in self.frame_weights],
                "same_threshold": self.same_threshold, "frame_threshold": self.frame_threshold,
                "related_threshold": self.related_threshold,
                "align_weights": [round(float(w), 6) for w in self.align_weights],
                "align_threshold": self.align_threshold,
                "trained_on": self.trained_on}


@dataclass(frozen=True)
class Slots:
    """What the features read of one claim, computed once per claim."""

    stems: frozenset[str]
    words: int
    names: frozenset[str]
    agents: frozenset[str]
    patients: frozenset[str]
    dates: frozenset[str]
    surface: Surface


def claim_slots(claim: Claim) -> Slots:
    return Slots(frozenset(content_stems(claim.citation.text)), len(claim.citation.text.split()),
                 frozenset(name_stems(claim)), frozenset(_role_words(claim, "agent")),
                 frozenset(_role_words(claim, "patient")), frozenset(_date_values(claim)),
                 surface(claim.citation.text))


def _feature_row(a: Claim, b: Claim, cosine: float, idf: Mapping[str, float] | None,
                 slots: tuple[Slots, Slots], totals: tuple[float, float]) -> list[float]:
    """The values of FEATURES, in its order (a list: judging scores many pairs);
    ``totals``: each claim's summed stem weights under ``idf``."""
    sa, sb = slots
    common = sa.stems & sb.stems
    if idf:
        shared = sum(idf.get(s, _DEFAULT_IDF) for s in common)
        total_a, total_b = totals
    else:
        shared, total_a, total_b = float(len(common)), float(len(sa.stems)), float(len(sb.stems))
    union = total_a + total_b - shared
    overlap = shared / union if union else 0.0
    smaller = min(total_a, total_b)
    containment = shared / smaller if smaller else 0.0
    # what each side says that the other does not, weighted by rarity
    unmatched_a = 1.0 - shared / total_a if total_a else 0.0
    unmatched_b = 1.0 - shared / total_b if total_b else 0.0
    numbers = _numbers_compared(a.quantities, b.quantities)
    dates = _dates_compared(sa.dates, sb.dates)
    names_union = len(sa.names | sb.names)
    names_shared = len(sa.names & sb.names)
    framed = a.frame is not None and b.frame is not None
    return [
        1.0, cosine, cosine * cosine, overlap, containment, overlap * cosine,
        max(unmatched_a, unmatched_b), min(unmatched_a, unmatched_b),
        abs(math.log(max(sa.words, 1) / max(sb.words, 1))), float(min(sa.words, sb.words) < 6),
        float(numbers == "agree"), float(numbers == "clash"), float(numbers == "one-side"),
        float(dates == "agree"), float(dates == "clash"), float(dates == "one-side"),
        names_shared / names_union if names_union else 0.0,
        (names_union - names_shared) / names_union if names_union else 0.0,
        float(a.negated != b.negated), float(a.hedged != b.hedged),
        float(framed and a.frame.predicate == b.frame.predicate),
        float(framed and a.frame.predicate_class == b.frame.predicate_class),
        _jaccard(sa.agents, sb.agents), _jaccard(sa.patients, sb.patients),
        float(bool(sa.agents & sb.patients) and bool(sb.agents & sa.patients)
              and not sa.agents & sb.agents),
        float(framed),
        *surface_features(sa.surface, sb.surface),
    ]


def stem_weight(slots: Slots, idf: Mapping[str, float]) -> float:
    """A claim's stems, summed by rarity."""
    return sum(idf.get(s, _DEFAULT_IDF) for s in slots.stems)


def _claim_key(claim: Claim) -> tuple[str, str]:
    """A claim's cache key: its id and words (hashing a whole claim, frame and
    entities, costs more than computing what is cached)."""
    return claim.id, claim.citation.text


MAX_CACHED_SLOTS = 200_000
FRAME_BATCH = 4096  # pairs judged at once by ``PairJudge.same_frames``
_DEFAULT_IDF = 5.0  # a word the vocabulary has not seen is taken as rare
_VALUE_CLASH_INDEX = [FEATURES.index(name) for name in VALUE_CLASH]
_FRAME_LEFT_OUT_INDEX = [FEATURES.index(name) for name in FRAME_LEFT_OUT]


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def name_stems(claim: Claim) -> set[str]:
    return {w for e in claim.entities if e.label not in ("DATE", "TIME", "CARDINAL", "ORDINAL",
                                                          "QUANTITY", "MONEY", "PERCENT")
            for w in content_stems(e.text)}


def _role_words(claim: Claim, role: str) -> set[str]:
    if claim.frame is None:
        return set()
    return {w for arg in claim.frame.arguments if arg.role == role
            for w in content_stems(arg.text)}


def _numbers_compared(qa: Sequence[Quantity], qb: Sequence[Quantity]) -> str:
    """'agree', 'clash' (a shared unit with no agreeing value), 'one-side' or 'none'."""
    if not qa and not qb:
        return "none"
    if not qa or not qb:
        return "one-side"
    clash = False
    for unit in {q.unit for q in qa} & {q.unit for q in qb}:
        values_a = [q for q in qa if q.unit == unit]
        values_b = [q for q in qb if q.unit == unit]
        if not any(quantities_agree(x, y) for x in values_a for y in values_b):
            clash = True
    if clash:
        return "clash"
    agree = any(x.unit == y.unit and quantities_agree(x, y) for x in qa for y in qb)
    return "agree" if agree else "one-side"


def _date_values(claim: Claim) -> set[str]:
    return {d.value for d in claim.dates if d.value and value_range(d.value)}


def _dates_compared(values_a: frozenset[str], values_b: frozenset[str]) -> str:
    if not values_a and not values_b:
        return "none"
    if not values_a or not values_b:
        return "one-side"
    return "agree" if any(dates_agree(x, y) for x in values_a for y in values_b) else "clash"


def dates_agree(a: str, b: str) -> bool:
    """'2025' and '2025-04' can both be right; '2023' and '2024' cannot."""
    range_a, range_b = value_range(a), value_range(b)
    if range_a is None or range_b is None:
        return True
    return range_a[0] <= range_b[1] and range_b[0] <= range_a[1]


def differences(a: Claim, b: Claim) -> tuple[Difference, ...]:
    """The slots in which ``a`` and ``b`` state different values. Dates, times,
    counts, actors and places are of an event, so they differ only between frames
    that can be of one kind of event ("signed in 2019" does not date "cancelled in
    2023"); ages are of people, and affirm/deny of the words."""
    found = []
    one_kind = a.frame is None or b.frame is None or one_kind_of_event(
        a.frame.predicate_class, b.frame.predicate_class, a.frame.predicate, b.frame.predicate)
    dates = _dates_compared(frozenset(_date_values(a)), frozenset(_date_values(b)))
    if one_kind and dates == "clash":
        found.append(Difference("date", _first_date(a), _first_date(b)))
    elif one_kind and (clash := clock_difference(a, b)) is not None:
        found.append(clash)
    # A number that says nothing of what it counts ("one of nine people", "aged 6")
    # is no value to dispute: only counts of a named unit are compared.
    for unit in sorted({q.unit for q in a.quantities if q.unit} &
                       {q.unit for q in b.quantities if q.unit}):
        values_a = [q for q in a.quantities if q.unit == unit]
        values_b = [q for q in b.quantities if q.unit == unit]
        if unit == AGE:  # two people's ages are no clash: "Reyes, 23" / "his 15-year-old son"
            values_a, values_b = _same_holders(a, values_a, b, values_b)
        elif not one_kind:
            continue
        if values_a and not any(quantities_agree(x, y) for x in values_a for y in values_b):
            found.append(Difference("number", values_a[0].text, values_b[0].text))
    if a.negated != b.negated:
        found.append(Difference("polarity", "denies" if a.negated else "affirms",
                                "denies" if b.negated else "affirms"))
    named_a, named_b = _named_agent(a), _named_agent(b)
    # Two named actors, not two wordings of one: neither claim names the other's
    # actor anywhere ("confirmed by Rwanda's foreign minister, Jean Doe" against
    # "Foreign Minister Jean Doe confirmed": the apposition is outside the agent).
    if one_kind and named_a and named_b and not (named_a & _named(b) or named_b & _named(a)):
        found.append(Difference("agent", _role_text(a, "agent"), _role_text(b, "agent")))
    place_a, place_b = (c.frame.place if c.frame else None for c in (a, b))
    # Two places, not one place named at two scales: neither claim names the
    # other's place anywhere ("Brownsville, Tennessee" against "in Tennessee").
    if one_kind and place_a and place_b and not (
            _names_place(b, place_a) or _names_place(a, place_b)):
        found.append(Difference("place", place_a, place_b))
    return tuple(found)


# Reports round clock times ("around 2 a.m.", "shortly after 2"): within half an
# hour they agree.
CLOCK_TOLERANCE = 30


def clock_difference(a: Claim, b: Claim) -> Difference | None:
    """A 'time' difference when both claims give clock times, none of ``a``'s within
    ``CLOCK_TOLERANCE`` minutes of one of ``b``'s, on days that do not clash (a
    clash of days is the date difference)."""
    clocks_a, clocks_b = _clocks(a), _clocks(b)
    if not clocks_a or not clocks_b or any(clock_gap(x, y) <= CLOCK_TOLERANCE
                                           for x in clocks_a for y in clocks_b) or \
            _dates_compared(frozenset(_date_values(a)), frozenset(_date_values(b))) == "clash":
        return None
    return Difference("time", next(iter(clocks_a.values())), next(iter(clocks_b.values())))


def _clocks(claim: Claim) -> dict[int, str]:
    """The claim's clock times, in minutes after midnight, with their words."""
    found: dict[int, str] = {}
    for date in claim.dates:
        minutes = clock_minutes(date.text)
        if minutes is not None:
            found.setdefault(minutes, date.text)
    return found


def holder_of(claim: Claim, quantity: Quantity) -> str | None:
    """Whose age ``quantity`` is (``ages.age_holder`` in the claim's words)."""
    start = claim.citation.start
    return age_holder(claim.citation.text, quantity.start - start, quantity.end - start)


def _same_holders(a: Claim, ages_a: list[Quantity], b: Claim, ages_b: list[Quantity]
                  ) -> tuple[list[Quantity], list[Quantity]]:
    """The ages of the two claims that may be of one person: same holder, or
    one unnamed ("who was 32 years old") in claims judged one fact."""
    held_a = [(q, (holder_of(a, q) or "").lower() or None) for q in ages_a]
    held_b = [(q, (holder_of(b, q) or "").lower() or None) for q in ages_b]
    holders_a, holders_b = {h for _, h in held_a}, {h for _, h in held_b}
    keep_a = [q for q, h in held_a if h is None or None in holders_b or h in holders_b]
    keep_b = [q for q, h in held_b if h is None or None in holders_a or h in holders_a]
    return (keep_a, keep_b) if keep_a and keep_b else ([], [])


ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def _named(claim: Claim) -> set[str]:
    """Stems of the actors (people, organisations, places, groups) the claim names."""
    return {w for e in claim.entities if e.label in ACTOR_LABELS for w in content_stems(e.text)}


def _names_place(claim: Claim, place: str) -> bool:
    """Whether the claim's words hold any content word of ``place``."""
    return bool(set(content_stems(place)) & set(content_stems(claim.citation.text)))


def _named_agent(claim: Claim) -> set[str]:
    """Stems of the named entities inside the claim's agent argument."""
    if claim.frame is None:
        return set()
    spans = [(arg.start, arg.end) for arg in claim.frame.arguments if arg.role == "agent"]
    return {w for e in claim.entities if e.label in ACTOR_LABELS
            and any(s <= e.start and e.end <= t for s, t in spans) for w in content_stems(e.text)}


def _first_date(claim: Claim) -> str:
    return next(d.text for d in claim.dates if d.value and value_range(d.value))


def _role_text(claim: Claim, role: str) -> str:
    return next(arg.text for arg in claim.frame.arguments if arg.role == role)


def value_blind(features: np.ndarray) -> np.ndarray:
    """Rows of pair features with the value-clash features zeroed."""
    blind = features.copy()
    blind[:, _VALUE_CLASH_INDEX] = 0.0
    return blind


def frame_view(features: np.ndarray) -> np.ndarray:
    """Rows of pair features as the frame model reads them (FRAME_LEFT_OUT zeroed)."""
    view = features.copy()
    view[:, _FRAME_LEFT_OUT_INDEX] = 0.0
    return view


def fact_inputs(features: np.ndarray, model: JudgeModel) -> np.ndarray:
    """What the one-fact score weighs: a bias and the value-blind log-odds of
    P(same proposition) and P(same frame)."""
    return np.column_stack([np.ones(len(features)), value_blind(features) @ model.same_weights,
                            frame_view(features) @ model.frame_weights])


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


class PairJudge:
    """Judges claim pairs; ``load()`` reads the packaged weights and the encoder."""

    def __init__(self, model: JudgeModel, encoder=None):
        self.model = model
        self.encoder = encoder
        self._slots: dict[tuple[str, str], Slots] = {}

    def slots(self, claim: Claim) -> Slots:
        found = self._slots.get(_claim_key(claim))
        if found is None:
            if len(self._slots) > MAX_CACHED_SLOTS:
                self._slots.clear()
            found = self._slots[_claim_key(claim)] = claim_slots(claim)
        return found

    def features(self, pairs: Sequence[tuple[Claim, Claim]], cosines: Sequence[float],
                 idf: Mapping[str, float] | None = None) -> np.ndarray:
        weights: dict[tuple[str, str], float] = {}  # each claim's stem weight, once per call

        def weight(claim: Claim, slots: Slots) -> float:
            key = _claim_key(claim)
            if key not in weights:
                weights[key] = stem_weight(slots, idf) if idf else 0.0
            return weights[key]

        def row(a: Claim, b: Claim, cosine: float) -> list[float]:
            sa, sb = self.slots(a), self.slots(b)
            return _feature_row(a, b, cosine, idf, (sa, sb), (weight(a, sa), weight(b, sb)))

        return np.array([row(a, b, float(cos)) for (a, b), cos in zip(pairs, cosines)],
                        dtype=np.float64).reshape(len(pairs), len(FEATURES))

    @classmethod
    def load(cls, encoder=None) -> "PairJudge":
        if encoder is None:
            from .embed import SentenceEncoder

            encoder = SentenceEncoder.load()
        return cls(JudgeModel.packaged(), encoder)

    def probabilities(self, features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """P(same proposition) and P(same frame) for rows of pair features."""
        return (_sigmoid(features @ self.model.same_weights),
                _sigmoid(frame_view(features) @ self.model.frame_weights))

    def fact_scores(self, features: np.ndarray) -> np.ndarray:
        """How surely each pair states one fact, values aside (differing values then
        show as variances). Alignment links pairs at or above ``align_threshold``."""
        return _sigmoid(fact_inputs(features, self.model) @ self.model.align_weights)

    def judge_pairs(self, pairs: Sequence[tuple[Claim, Claim]],
                    idf: Mapping[str, float] | None = None,
                    cosines: Sequence[float] | None = None) -> list[PairJudgement]:
        """One judgement per pair; ``cosines`` (embedding cosines) when already known."""
        if not pairs:
            return []
        if cosines is None:
            cosines = self.cosines(pairs)
        features = self.features(pairs, cosines, idf)
        same, frame = self.probabilities(features)
        fact = self.fact_scores(features)
        return [self._judgement(a, b, float(p), float(f), float(g), float(cos))
                for (a, b), p, f, g, cos in zip(pairs, same, frame, fact, cosines)]

    def cosines(self, pairs: Sequence[tuple[Claim, Claim]]) -> np.ndarray:
        """Embedding cosine of each pair, each distinct text looked up once (a story's
        candidate pairs repeat the same claims many times)."""
        rows: dict[str, int] = {}
        index = np.array([rows.setdefault(c.citation.text, len(rows)) for pair in pairs
                          for c in pair], dtype=np.int64).reshape(len(pairs), 2)
        vectors = self.encoder.encode(list(rows))
        return np.einsum("ij,ij->i", vectors[index[:, 0]], vectors[index[:, 1]])

    def same_frames(self, pairs: Sequence[tuple[Claim, Claim]]) -> list[bool]:
        """For each pair: do the two claims report one event about the same things,
        values aside?"""
        found: list[bool] = []
        for start in range(0, len(pairs), FRAME_BATCH):  # bounded memory: stories ask for 100,000s
            batch = pairs[start:start + FRAME_BATCH]
            _, frame = self.probabilities(self.features(batch, self.cosines(batch)))
            found.extend((frame >= self.model.frame_threshold).tolist())
        return found

    def _judgement(self, a: Claim, b: Claim, same: float, frame: float, fact: float,
                   cosine: float) -> PairJudgement:
        """'conflict': one fact with differing values; 'same': one fact, or a
        paraphrase; 'related': one event (with the values that differ), or close
        in meaning."""
        model = self.model
        one_fact = fact >= model.align_threshold
        one_event = frame >= model.frame_threshold
        differs = differences(a, b) if one_fact or one_event else ()
        if differs and one_fact:
            relation = "conflict"
        elif one_fact or same >= model.same_threshold:
            relation, differs = "same", ()
        elif one_event or cosine >= model.related_threshold:
            relation = "related"  # with the values that differ, when one event
        else:
            relation = "unrelated"
        return PairJudgement(relation, same, frame, differs, fact)
