"""Incremental story grouping: which articles report the same event.

Online single-pass clustering in the spirit of Miranda et al. 2018
("Multilingual clustering of streaming news"): each new article is compared
with the centroids of the *active* stories and joins the best one whose score
clears a threshold, or starts a new story.  Stories whose latest article is
older than a time window (publication dates permitting) or that fall out of a
bounded LRU set are closed: they keep their members but take no new ones, so
memory and time per article stay bounded on an endless stream.

Each article is five sparse TF-IDF vectors (``group_features``), with document
frequencies updated as articles arrive (incremental IDF).  Against each
candidate story the grouper computes ``PAIR_FEATURES``: the cosine of each
family with the story centroid, the publication-date gap, the names shared
(each by its rarity) and the article's specific names the story lacks, and
whether the event dates agree or differ.  The score is the learned linear
combination (``GroupingConfig``); an article dated further than the window
outside a story's span cannot join it, whatever its text.

Speed: the grouper numbers terms (one vocabulary for all families; a key is
``id * 5 + family``), keeps document frequencies in a numpy array and article
and story vectors as parallel numpy arrays.  While an article is being
placed, its unit weights sit in a dense scratch array indexed by key, so its
dot product with a story is one gather.  Runs are reproducible: ties between
candidates are broken by id, and story terms are kept in the order they
joined, so a grouper restored from its state continues exactly as the
original would.
"""
from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from itertools import compress, count
from typing import NamedTuple

import numpy as np

from .background import background_shares
from .config import N_FAMILIES, PAIR_FEATURES, GroupingConfig
from .features import TermCounts, extract_counts, extract_pair
from .index import Postings
from ..workers import map_ahead

FAMILY_ENTITIES = 3
# Document-frequency table of each family: title and lead words are weighed
# with the body's (they are the same words, and short fields give poor df
# estimates), so only body, entities and numbers count articles in.
DF_TABLES = ("body", "entities", "numbers")
_DF_ROW = np.array([0, 0, 0, 1, 2])
_COUNTED = np.array([True, False, False, True, True])
_WORDS = np.array([True, True, True, True, False])  # families of words (numbers are not)
PRUNE_EVERY = 1024  # articles between checks of the vocabulary's size
SPECIFIC_NAMES = 3  # the article's rarest names, checked against a candidate story
MAX_RARE_NAMES = 3.0
STORY_DATES = 8  # event dates a story remembers (its most frequent)
# Sublinear tf, 1 + log(count), tabled up to a count of 255.
_TF = np.concatenate(([0.0], 1.0 + np.log(np.arange(1, 256))))


class _Entries(NamedTuple):
    """An article's term entries, family by family, with what needs no df."""

    fams: np.ndarray  # family (FAMILIES index)
    terms: np.ndarray  # term id
    cells: np.ndarray  # position in the df array: term id * len(DF_TABLES) + table
    tf: np.ndarray  # sublinear term frequency
    sizes: list[int]  # entries per family
    days: np.ndarray  # event dates, days since the epoch
    meaning: np.ndarray | None  # unit embedding of title and lead, when given


class _Article(NamedTuple):
    keys: np.ndarray  # int64: term id * N_FAMILIES + family, the article's top terms
    unit: np.ndarray  # their TF-IDF weights, each family scaled to unit length
    rarity: np.ndarray  # per key: idf / log(documents) for names, 0 for other families
    names: np.ndarray  # keys of the article's most specific names
    probe: np.ndarray  # keys of the heaviest weighted terms, to find candidate stories
    days: np.ndarray  # event dates
    meaning: np.ndarray | None  # unit embedding of title and lead, when given


class _Story:
    """An open story: per-family sums of its members' unit vectors (truncated),
    as parallel arrays in the order the terms joined; ``unit`` is each family's
    sum scaled to unit length, so a dot product with an article is a cosine."""

    __slots__ = ("num", "keys", "fams", "sums", "unit", "size", "first", "latest", "days",
                 "meaning")

    def __init__(self, num: int, keys: np.ndarray, sums: np.ndarray, size: int = 0,
                 first: float | None = None, latest: float | None = None,
                 days: Counter | None = None, meaning: np.ndarray | None = None):
        self.num, self.size, self.first, self.latest = num, size, first, latest
        self.days = days if days is not None else Counter()
        self.meaning = meaning  # sum of the members' meaning vectors
        self.set_terms(keys, keys % N_FAMILIES, sums)

    @property
    def id(self) -> str:
        return f"s{self.num}"

    def set_terms(self, keys: np.ndarray, fams: np.ndarray, sums: np.ndarray) -> None:
        self.keys, self.fams, self.sums = keys, fams, sums
        norm = np.sqrt(np.bincount(fams, sums * sums, minlength=N_FAMILIES))
        scale = np.divide(1.0, norm, out=np.zeros(N_FAMILIES), where=norm > 0)
        self.unit = sums * scale[fams]

    def add_days(self, days: np.ndarray) -> None:
        self.days.update(days.tolist())
        if len(self.days) > STORY_DATES:
            self.days = Counter(dict(self.days.most_common(STORY_DATES)))


class StoryGrouper:
    """Assigns a stream of articles to stories, one article at a time.

    ``add`` is idempotent per doc id (re-adding returns the recorded story), so
    an ingest run may safely re-feed documents it already stored.
    """

    def __init__(self, config: GroupingConfig | None = None):
        self.config = config or GroupingConfig()
        self._coef = self.config.pair_weights()
        self._probe_weights = np.abs(self.config.family_weights())
        self._prior = self.config.prior_docs  # documents assumed seen before the stream
        self._n_docs = 0
        self._terms: list[int] = []  # term id -> term hash
        self._vocab: defaultdict[int, int] = defaultdict(count().__next__)  # new terms: next id
        self._df = np.zeros(0, np.int32)  # articles per (term id, table), see _Entries.cells
        # term id -> share of English articles holding it (grouping.background)
        self._background = np.zeros(0, np.float32)
        # key -> the current article's (unit weight, name rarity, 1 for its specific
        # names), 0 for other keys; one row per key, so a story's keys are read with
        # one cache miss each rather than three (this gather is most of the scoring).
        self._article = np.zeros((0, 3))
        self._prune_at = self.config.max_vocabulary
        self._members: dict[str, list[str]] = {}
        self._story_of: dict[str, str] = {}
        self._active: OrderedDict[int, _Story] = OrderedDict()  # LRU order
        self._postings = Postings(0)
        self._clock: float | None = None  # newest publication date seen
        self._expiry: list[tuple[float, int]] = []  # lazy heap of (latest, story number)

    # public API
    def add(self, doc_id: str, title: str | None, text: str,
            published: dt.datetime | None) -> str:
        """Put one article in a story and return the story id."""
        if doc_id in self._story_of:
            return self._story_of[doc_id]
        return self.add_counts(doc_id, extract_counts(*self.feature_args(title, text, published)),
                               published)

    def feature_args(self, title: str | None, text: str, published: dt.datetime | None) -> tuple:
        """Arguments of ``extract_counts`` under this config (event dates need the date)."""
        return (title, text, published) if self.config.event_dates else (title, text)

    def add_counts(self, doc_id: str, counts: TermCounts, published: dt.datetime | None) -> str:
        """``add`` with the article's ``extract_counts`` already computed (by a
        worker process, say); the result is the same."""
        return self.add_counts_many([(doc_id, counts, published)])[0]

    def add_counts_many(self, items: Sequence[tuple[str, TermCounts, dt.datetime | None]]
                        ) -> list[str]:
        """``add_counts`` each (doc id, counts, published) in order; returns story ids.

        The same result as one by one, but the vocabulary is searched for many
        articles at once, which is kinder to the CPU caches.
        """
        fresh, seen = [], set()
        for item in items:
            if item[0] not in self._story_of and item[0] not in seen:
                seen.add(item[0])
                fresh.append(item)
        start = 0
        while start < len(fresh):
            # Chunks end where the vocabulary size is checked: at fixed article
            # counts, so that batches and single articles prune at the same points.
            end = start + PRUNE_EVERY - self._n_docs % PRUNE_EVERY
            chunk = fresh[start:end]
            for (doc_id, _, published), entries in zip(chunk, self._entries(
                    [counts for _, counts, _ in chunk])):
                self._place(doc_id, entries, published)
            if self._n_docs % PRUNE_EVERY == 0:
                self._prune_vocabulary()
            start = end
        return [self._story_of[item[0]] for item in items]

    def add_many(self, docs: Iterable[tuple[str, str | None, str, dt.datetime | None]],
                 workers: int = 1, batch: int = 256) -> list[str]:
        """``add`` each (id, title, text, published) in order; returns story ids.

        With ``workers`` > 1, feature extraction (pure, most of the cost) runs
        in ``workers - 1`` helper processes, one batch ahead of the grouping,
        which stays sequential; the result is identical to calling ``add``.
        """
        out: list[str] = []
        for chunk, counts in map_ahead(extract_pair, docs, lambda d: self.feature_args(*d[1:4]),
                                       workers=workers, batch=batch):
            out.extend(self.add_counts_many([(d[0], c, d[3]) for d, c in zip(chunk, counts)]))
        return out

    def stories(self) -> dict[str, list[str]]:
        """Every story ever made, open or closed: id -> doc ids in order added."""
        return {sid: list(docs) for sid, docs in self._members.items()}

    def active_stories(self) -> list[str]:
        """Ids of the stories that can still receive articles."""
        return [story.id for story in self._active.values()]

    # placing one article
    def _place(self, doc_id: str, entries: _Entries, published: dt.datetime | None) -> None:
        day = _days(published)
        self._advance_clock(day)
        art = self._vectors(entries)
        self._article[art.keys, 0] = art.unit
        self._article[art.keys, 1] = art.rarity
        self._article[art.names, 2] = 1.0
        try:
            stories = self._candidates(art)
            features, barred = self._pair_features(art, day, stories)
            best = self._choose(doc_id, stories, features, barred) or self._open_story()
            self._join(best, art, day)
        finally:
            self._article[art.keys] = 0.0
        self._members[best.id].append(doc_id)
        self._story_of[doc_id] = best.id

    def _choose(self, doc_id: str, stories: list[_Story], features: np.ndarray,
                barred: np.ndarray) -> _Story | None:
        """The best-scoring candidate if it clears the threshold; on a tie the
        higher-ranked candidate.  (A learner overrides this to follow gold.)"""
        if not stories:
            return None
        scores = np.where(barred, -np.inf, features @ self._coef)
        best = int(np.argmax(scores))
        return stories[best] if scores[best] >= self.config.threshold else None

    def _candidates(self, art: _Article) -> list[_Story]:
        """Stories sharing the most of the article's heaviest terms.

        Probing only heavy (rare) terms keeps the cost independent of how many
        stories share common words; the full score is computed afterwards.
        """
        nums, hits = np.unique(self._postings.hits(art.probe), return_counts=True)
        # Most shared terms first; ties: the older story (a stable sort of sorted numbers).
        ranked = nums[np.argsort(-hits, kind="stable")[:self.config.max_candidates]]
        return [self._active[num] for num in ranked.tolist()]

    def _pair_features(self, art: _Article, day: float | None, stories: list[_Story]
                       ) -> tuple[np.ndarray, np.ndarray]:
        """PAIR_FEATURES of the article against each story, and which are barred
        (dated outside the window)."""
        n = len(stories)
        out = np.zeros((n, len(PAIR_FEATURES)))
        barred = np.zeros(n, bool)
        if not n:
            return out, barred
        # The article's unit weights and name rarities are in scratch arrays (0
        # for other keys), so one gather scores all candidates per family.
        lengths = [len(s.keys) for s in stories]
        keys = np.concatenate([s.keys for s in stories])
        row = np.repeat(np.arange(n), lengths)
        cells = row * N_FAMILIES + np.concatenate([s.fams for s in stories])
        unit, rarity, marked = np.take(self._article, keys, axis=0).T
        products = unit * np.concatenate([s.unit for s in stories])
        out[:, :N_FAMILIES] = np.bincount(cells, products, n * N_FAMILIES).reshape(n, N_FAMILIES)
        out[:, 6] = np.minimum(np.bincount(row, rarity, n), MAX_RARE_NAMES)
        if len(art.names):  # keys are distinct within a story: count the names found
            found = np.bincount(row, marked, n)
            out[:, 7] = 1.0 - found / len(art.names)
        for i, story in enumerate(stories):
            if day is not None and story.latest is not None:
                out[i, 5], barred[i] = self._date_penalty(day, story)
            if len(art.days) and story.days:
                gap = min(abs(int(art.days[0]) - d) for d in story.days)
                out[i, 8], out[i, 9] = gap <= 1, gap > 1
            if art.meaning is not None and story.meaning is not None:
                out[i, 10] = art.meaning @ story.meaning / max(np.linalg.norm(story.meaning), 1e-9)
        return out, barred

    def _date_penalty(self, day: float, story: _Story) -> tuple[float, bool]:
        """The date feature (0-1) for the days between the article and the story's
        span; barred beyond the window that also closes stories."""
        cfg = self.config
        gap = max(0.0, story.first - day, day - story.latest)
        barred = cfg.window_days is not None and gap > cfg.window_days
        return 1.0 - math.exp(-gap / cfg.time_scale_days), barred

    # features to vectors
    def _entries(self, counts: list[TermCounts]) -> list[_Entries]:
        """Term ids, df positions and tf of articles' entries, for all at once."""
        n_entries = [c.table.shape[1] for c in counts]
        table = np.concatenate([c.table for c in counts], axis=1)
        fams = table[0]
        # Entries point at their own article's hashes: offset them into the concatenation.
        offsets = np.repeat(np.cumsum([0] + [len(c.hashes) for c in counts[:-1]]), n_entries)
        terms = self._term_ids(np.concatenate([c.hashes for c in counts]))[table[1] + offsets]
        cells = terms * len(DF_TABLES) + _DF_ROW[fams]
        tf = _TF[np.minimum(table[2], 255)]
        article = np.repeat(np.arange(len(counts)), n_entries)
        sizes = np.bincount(article * N_FAMILIES + fams, minlength=len(counts) * N_FAMILIES)
        ends = np.cumsum(n_entries)[:-1]
        return list(map(_Entries, np.split(fams, ends), np.split(terms, ends),
                        np.split(cells, ends), np.split(tf, ends),
                        sizes.reshape(-1, N_FAMILIES).tolist(), [c.event_days for c in counts],
                        [c.meaning for c in counts]))

    def _vectors(self, entries: _Entries) -> _Article:
        """TF-IDF (sublinear tf) per family, the top terms of each scaled to unit
        length; then the article is counted into the document frequencies."""
        self._n_docs += 1
        fams, cells = entries.fams, entries.cells
        # idf = log((n+1+prior)/(df+1)), the prior documents holding each word
        # as often as English text at large does: in a small batch, a word two
        # reports share is not outweighed by words that only one happens to use.
        logn = math.log(self._n_docs + 1 + self._prior)
        prior_df = self._prior * self._background[entries.terms] * _WORDS[fams]
        idf = logn - np.log1p(self._df[cells] + prior_df)
        weights = idf * entries.tf
        self._df[cells[_COUNTED[fams]]] += 1  # the positions are distinct
        keep = self._top_per_family(weights, entries.sizes)
        fams, weights, idf = fams[keep], weights[keep], idf[keep]
        norm = np.sqrt(np.bincount(fams, weights * weights, minlength=N_FAMILIES))
        keys = entries.terms[keep] * N_FAMILIES + fams
        unit = weights / norm[fams]
        is_name = fams == FAMILY_ENTITIES
        rarity = np.where(is_name, idf / logn, 0.0)
        name_at = np.flatnonzero(is_name)
        names = keys[name_at[np.argsort(-rarity[name_at], kind="stable")[:SPECIFIC_NAMES]]]
        flat = unit * self._probe_weights[fams]
        top = _heaviest(flat, self.config.probe_terms)
        probe = keys[top[flat[top] > 0]]
        return _Article(keys, unit, rarity, names, probe, entries.days, entries.meaning)

    def _top_per_family(self, weights: np.ndarray, sizes: list[int]) -> np.ndarray:
        """Mask of the article_terms heaviest entries of each family's block."""
        k, keep, start = self.config.article_terms, np.ones(len(weights), bool), 0
        for size in sizes:
            if size > k:
                keep[start + np.argpartition(-weights[start:start + size], k)[k:]] = False
            start += size
        return keep

    # vocabulary
    def _term_ids(self, hashes: np.ndarray) -> np.ndarray:
        """Ids of term hashes; the vocabulary hands unseen ones the next ids."""
        known = len(self._terms)
        ids = np.fromiter(map(self._vocab.__getitem__, hashes.tolist()), np.int64, len(hashes))
        if len(self._vocab) > known:
            new = ids >= known  # new terms, some of them more than once
            _, first = np.unique(ids[new], return_index=True)  # ids follow first sight
            fresh = hashes[new][first]
            self._terms.extend(fresh.tolist())
            self._reserve(len(self._terms))
            self._background[known:len(self._terms)] = background_shares(fresh)
        return ids

    def _reserve(self, n_terms: int) -> None:
        """Grow the df, scratch and postings arrays (by doubling) to hold n_terms ids."""
        capacity = len(self._df) // len(DF_TABLES)
        if n_terms <= capacity:
            return
        capacity = max(n_terms, 2 * capacity, 1024)
        df = np.zeros(capacity * len(DF_TABLES), np.int32)
        df[:len(self._df)] = self._df
        self._df = df
        background = np.zeros(capacity, np.float32)
        background[:len(self._background)] = self._background
        self._background = background
        self._article = np.zeros((capacity * N_FAMILIES, 3))
        self._postings = self._postings.resized(capacity * N_FAMILIES)

    def _prune_vocabulary(self) -> None:
        """Bound the vocabulary: drop terms seen in one article at most that no
        open story holds (their idf barely differs from an unseen term's), then
        renumber.  The next pruning waits until the vocabulary has doubled, so
        its cost per article stays small."""
        if len(self._terms) <= self._prune_at:
            return
        df = self._df[:len(self._terms) * len(DF_TABLES)].reshape(-1, len(DF_TABLES))
        keep = df.max(axis=1) > 1
        for story in self._active.values():
            keep[story.keys // N_FAMILIES] = True
        new_id = np.cumsum(keep) - 1
        self._set_terms(list(compress(self._terms, keep.tolist())))
        self._df = np.zeros(0, np.int32)
        self._reserve(len(self._terms))
        self._df[:len(self._terms) * len(DF_TABLES)] = df[keep].ravel()
        self._postings = Postings(len(self._article))
        for story in self._active.values():
            # Renumbering keeps the order of ids, and keys keep their family.
            story.keys = new_id[story.keys // N_FAMILIES] * N_FAMILIES + story.fams
            self._postings.add(story.num, story.keys)
        self._prune_at = max(self.config.max_vocabulary, 2 * len(self._terms))

    def _set_terms(self, terms: list[int]) -> None:
        """Number the given term hashes 0, 1, ... and new ones after them."""
        self._terms = terms
        self._vocab = defaultdict(count(len(terms)).__next__, zip(terms, count()))
        self._background = background_shares(np.array(terms, np.int64))

    # story bookkeeping
    def _open_story(self) -> _Story:
        num = len(self._members) + 1
        story = _Story(num, np.zeros(0, np.int64), np.zeros(0))
        self._members[story.id] = []
        self._active[num] = story
        while len(self._active) > self.config.max_active:
            self._close(next(iter(self._active)))
        return story

    def _join(self, story: _Story, art: _Article, day: float | None) -> None:
        """Add the article's unit vectors to the story's sums, re-truncate, update postings."""
        scratch, old = self._article[:, 0], len(story.keys)
        sums = story.sums + scratch[story.keys]  # the article's weight, or 0
        scratch[story.keys] = 0.0  # what stays non-zero: the article's terms new to the story
        new = scratch[art.keys] != 0.0
        keys = np.concatenate((story.keys, art.keys[new]))
        sums = np.concatenate((sums, art.unit[new]))
        fams = keys % N_FAMILIES
        keep = self._truncation(fams, sums)
        if keep is None:
            self._postings.add(story.num, keys[old:])
        else:
            self._postings.add(story.num, keys[old:][keep[old:]])
            self._postings.remove(story.num, keys[:old][~keep[:old]])
            keys, fams, sums = keys[keep], fams[keep], sums[keep]
        story.set_terms(keys, fams, sums)
        story.add_days(art.days)
        if art.meaning is not None:  # (a sum makes a new array: no aliasing)
            story.meaning = art.meaning if story.meaning is None else story.meaning + art.meaning
        story.size += 1
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.latest = day if story.latest is None else max(story.latest, day)
            heapq.heappush(self._expiry, (story.latest, story.num))
        self._active.move_to_end(story.num)

    def _truncation(self, fams: np.ndarray, sums: np.ndarray) -> np.ndarray | None:
        """Mask of the centroid_terms heaviest terms of each family that has grown
        past 1.5 times that (the slack means truncating every few joins), or None."""
        k = self.config.centroid_terms
        over = np.flatnonzero(np.bincount(fams, minlength=N_FAMILIES) > k + k // 2)
        if not len(over):
            return None
        keep = np.ones(len(fams), bool)
        for fam in over:
            members = np.flatnonzero(fams == fam)
            keep[members[np.argpartition(-sums[members], k)[k:]]] = False
        return keep

    def _advance_clock(self, day: float | None) -> None:
        """Move the stream clock forward and close stories that went quiet."""
        if day is None or (self._clock is not None and day <= self._clock):
            return
        self._clock = day
        if self.config.window_days is None:
            return
        cutoff = day - self.config.window_days
        while self._expiry and self._expiry[0][0] < cutoff:
            latest, num = heapq.heappop(self._expiry)
            story = self._active.get(num)
            # Stale heap entries (story since updated or closed) are skipped.
            if story is not None and story.latest == latest:
                self._close(num)

    def _close(self, num: int) -> None:
        story = self._active.pop(num)
        self._postings.remove(num, story.keys)

    # persistence (group_state holds the format)
    def to_state(self) -> dict:
        """JSON-serialisable snapshot; ``from_state`` continues exactly where this left off."""
        from .state import grouper_state
        return grouper_state(self)

    @classmethod
    def from_state(cls, state: dict) -> "StoryGrouper":
        from .state import restore_grouper
        return restore_grouper(cls, state)


def _heaviest(weights: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest weights, in no particular order (all when there
    are no more than k; ties at the cut are broken arbitrarily but reproducibly)."""
    if len(weights) <= k:
        return np.arange(len(weights))
    return np.argpartition(-weights, k)[:k]


def _days(published: dt.datetime | None) -> float | None:
    """Publication time as float days since the epoch; naive times are taken as UTC."""
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=dt.timezone.utc)
    return published.timestamp() / 86400.0
