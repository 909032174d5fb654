"""Incremental story grouping: which articles report the same event.

Online single-pass clustering in the spirit of Miranda et al. 2018
("Multilingual clustering of streaming news"): each new article is compared
with the centroids of the *active* stories and joins the best one whose score
clears a threshold, or starts a new story.  Stories whose latest article is
older than a time window (publication dates permitting) or that fall out of a
bounded LRU set are closed: they keep their members but take no new ones, so
memory and time per article stay bounded on an endless stream.

Features are cheap on purpose (regular expressions, no NLP model) so grouping
runs at thousands of articles per second.  Each article yields five sparse
TF-IDF vectors ("families"), with document frequencies updated as articles
arrive (incremental IDF):

* ``body``     - lower-cased words of the text, stop words removed;
* ``title``    - the same for the title;
* ``lead``     - the same for the opening ~300 characters (who/what/where);
* ``entities`` - capitalised phrases not at a sentence start, and acronyms:
  places and names are what tell two same-topic events apart;
* ``numbers``  - numbers, years and month-day dates (tolls, ages, dates).

The score against a story is the weighted mean of the per-family cosines
against the story centroid (families empty on either side are left out of
the mean), minus a penalty that grows with the days between the article's
publication date and the story's date span.  Entities and numbers weigh twice
the body: similar topic is not same story.  An article dated further than the
window outside a story's span cannot join it, whatever its text.

Speed: feature extraction (``extract_counts``) is pure and returns stable
64-bit term hashes with counts, so it runs in worker processes (``add_many``,
``storycheck ingest``) and no term string crosses to the grouper.  The grouper
numbers terms (one vocabulary for all families; a key is ``id * 5 +
family``), keeps document frequencies in a numpy array and article and story
vectors as parallel numpy arrays: the work per article is a few dozen array
operations rather than a Python loop per term.  While an article is being
placed, its unit weights sit in a dense scratch array indexed by key, so its
dot product with a story is one gather, and joining finds the story's shared
and new terms without set arithmetic.  ``add_counts_many`` looks terms up for
a whole batch at once.

Runs are reproducible: ties between candidate stories are broken by id, and
story terms are kept in the order they joined, so a grouper restored from its
state sums in the same order and continues exactly as the original would.
"""
from __future__ import annotations

import base64
import datetime as dt
import heapq
import math
import multiprocessing
import re
from collections import Counter, OrderedDict, defaultdict
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import chain, compress, count, filterfalse, islice
from typing import Any, Iterable, NamedTuple, Sequence

import numpy as np

from ..settings import option
from .lexicon import FUNCTION_WORDS
from .minhash import mix64, polynomial_powers

LEAD_CHARS = 300
FAMILIES = ("body", "title", "lead", "entities", "numbers")
N_FAMILIES = len(FAMILIES)
_FAMILY = np.arange(N_FAMILIES)
# Document-frequency table of each family: title and lead words are weighed
# with the body's (they are the same words, and short fields give poor df
# estimates), so only body, entities and numbers count articles in.
DF_TABLES = ("body", "entities", "numbers")
_DF_ROW = np.array([0, 0, 0, 1, 2])
_COUNTED = np.array([True, False, False, True, True])
STATE_VERSION = 2
PRUNE_EVERY = 1024  # articles between checks of the vocabulary's size


@dataclass(frozen=True)
class GroupingConfig:
    """Weights, threshold and memory bounds of :class:`StoryGrouper`.

    Defaults were tuned on half of the ECB+ topics and checked on the other
    half (``bench/bench_grouping.py``).
    """

    threshold: float = option(
        0.22, "Score (0-1) an article needs against a story to join it")
    w_body: float = option(1.0, "Weight of the body-word cosine")
    w_title: float = option(0.5, "Weight of the title-word cosine (when both have titles)")
    w_lead: float = option(1.0, "Weight of the lead (opening ~300 characters) cosine")
    w_entities: float = option(2.0, "Weight of the names/places/acronyms cosine")
    w_numbers: float = option(2.0, "Weight of the numbers/years/dates cosine")
    w_time: float = option(
        1.0, "Largest score penalty for the days between an article and a story's date span")
    time_scale_days: float = option(
        14.0, "Days over which the date penalty reaches ~63% of w_time (1 day: 7%)")
    window_days: float | None = option(
        7.0, "Close stories whose latest article is this many days older than the newest "
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
        300.0, "Documents assumed seen before the stream starts, for names and numbers: "
        "in a small batch a name every article shares would otherwise weigh nothing")
    max_vocabulary: int = option(
        2_000_000, "Distinct terms kept; beyond it, terms seen in one article at most and "
        "in no open story are pruned")

    def weights(self) -> dict[str, float]:
        """Family -> weight, as floats."""
        return {"body": float(self.w_body), "title": float(self.w_title),
                "lead": float(self.w_lead), "entities": float(self.w_entities),
                "numbers": float(self.w_numbers)}


# --- feature extraction -----------------------------------------------------

# Function words, plus words every news story uses, plus single letters ("it's" -> "s").
_STOP = FUNCTION_WORDS | frozenset("""
don didn isn wasn weren won said says say told new two three four five six seven eight
nine ten first last year years time mr mrs ms cent percent shall according
""".split()) | frozenset("abcdefghijklmnopqrstuvwxyz")

_MONTHS = {m: i + 1 for i, m in enumerate((
    "january february march april may june july august september october november "
    "december").split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_NOT_ENTITY = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday i".split()) | frozenset(_MONTHS)

_CONNECTORS = frozenset(("of", "de", "la", "del", "von", "van"))
_WORD = re.compile(r"[a-z]{2,}")
_NON_LETTERS = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalpha()})
# Patterns start with a character class (not a look-behind or \b) so the
# regex engine can skip ahead quickly: this is most of the feature cost.
# Capitalised words, optionally chained ("Betty Ford Center", "Gulf of Aden"),
# only after a lower-case word/digit/comma: a capital at a sentence start says
# nothing about being a name.
_PHRASE = re.compile(
    r"[A-Z](?<=[a-z0-9,;:%)]\s[A-Z])[a-z'’][a-zA-Z'’-]*"
    r"(?:\s+(?:(?:of|de|la|del|von|van)\s+)?[A-Z][a-z'’][a-zA-Z'’-]*)*")
_ACRONYM = re.compile(r"[A-Z](?<![A-Za-z][A-Z])(?:[A-Z]+[0-9]*|\.(?:[A-Z]\.)+)(?![a-z])")
_NUMBER = re.compile(r"\d[\d,.]*")
_MONTH_DAY = re.compile(r"[JFMASOND][a-z]{2,8}\.?\s+\d{1,2}\b")


def _words(text: str) -> Counter:
    """Lower-cased words of two letters or more, stop words removed.

    No stemming: folding plurals made no difference on ECB+ and cost a
    Python-level loop over every distinct word.
    """
    text = text.lower()
    # ASCII text (the common case) splits faster by translate+split than by regex.
    words = text.translate(_NON_LETTERS).split() if text.isascii() else _WORD.findall(text)
    return Counter(filterfalse(_STOP.__contains__, words))  # all in C


# Matches are normalised by cached functions and counted by Counter (in C): the
# same names and numbers recur from article to article.

def _entities(text: str) -> Counter:
    """Name-like phrases and acronyms; a phrase also counts its words so that
    "Jim O'Brien" and a later "O'Brien" still match."""
    return Counter(chain(chain.from_iterable(map(_phrase_terms, _PHRASE.findall(text))),
                         map(_acronym_term, _ACRONYM.findall(text))))


@lru_cache(maxsize=1 << 16)
def _phrase_terms(phrase: str) -> tuple[str, ...]:
    """The phrase (when of several words) and each of its words, lower-cased."""
    phrase = phrase.lower().replace("’", "'")
    if phrase.endswith("'s"):
        phrase = phrase[:-2]
    parts = [p for p in phrase.split() if p not in _NOT_ENTITY]
    whole = (" ".join(parts),) if len(parts) > 1 else ()
    return whole + tuple(p for p in parts if p not in _CONNECTORS)


@lru_cache(maxsize=1 << 16)
def _acronym_term(acronym: str) -> str:
    return acronym.replace(".", "").lower()


def _numbers(text: str) -> Counter:
    """Numbers ('n23'), years ('y2013') and month-day dates ('d6-13')."""
    return Counter(chain(map(_number_term, _NUMBER.findall(text)),
                         filter(None, map(_date_term, _MONTH_DAY.findall(text)))))


@lru_cache(maxsize=1 << 16)
def _number_term(number: str) -> str:
    s = number.rstrip(".,").replace(",", "")
    if len(s) == 4 and s[:2] in ("19", "20"):
        return "y" + s
    return "n" + (s.lstrip("0") or "0")  # '03' and '3' are the same number


@lru_cache(maxsize=1 << 12)
def _date_term(month_day: str) -> str | None:
    month, day = month_day.split()
    number = _MONTHS.get(month.rstrip(".").lower())
    return f"d{number}-{int(day)}" if number else None


class TermCounts(NamedTuple):
    """An article's raw term counts per family, as two arrays: cheap to send
    from a worker process, and the main process never handles the strings."""

    hashes: np.ndarray  # int64: ``term_hashes`` of the distinct terms of all families
    table: np.ndarray  # int32 rows: family (FAMILIES index), term (index in ``hashes``), count


def extract_counts(title: str | None, text: str) -> TermCounts:
    """Raw term counts per feature family; pure, so callers may run it in parallel."""
    families = (_words(text), _words(title) if title else {}, _words(text[:LEAD_CHARS]),
                _entities(text), _numbers(text))
    sizes = list(map(len, families))
    n = sum(sizes)
    table = np.empty((3, n), np.int32)
    table[0] = np.repeat(_FAMILY, sizes)
    # A word is often in several families (body, lead, a name's part): the
    # arrays keep each distinct hash once, and the table points at it.
    hashes, table[1] = np.unique(term_hashes(list(chain.from_iterable(families))),
                                 return_inverse=True)
    table[2] = np.fromiter(chain.from_iterable(c.values() for c in families), np.int32, n)
    return TermCounts(hashes, table)


# Term hashes: a polynomial over each term's UTF-8 bytes, computed for all terms
# at once from prefix sums (mod 2**64), then mixed so that every bit depends on
# every byte.  Unlike hash(), they are the same in every process and run, so
# worker processes can compute them and the grouper state can store them.


def term_hashes(terms: list[str]) -> np.ndarray:
    """Stable 64-bit hashes (as int64) of terms without line breaks.  Two terms
    with one hash (odds about 2**-64 a pair) count as one term."""
    if not terms:
        return np.empty(0, np.int64)
    data = np.frombuffer("\n".join(terms).encode("utf-8", "replace"), np.uint8)
    breaks = np.flatnonzero(data == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(data)]))
    power, inverse = polynomial_powers(len(data) + 1)
    prefix = np.zeros(len(data) + 1, np.uint64)
    np.cumsum(data * power[:len(data)], out=prefix[1:])
    # Sum of byte * base**(its position in the term), plus the length.
    h = (prefix[ends] - prefix[starts]) * inverse[starts] + (ends - starts).astype(np.uint64)
    return mix64(h).view(np.int64)


# Sublinear tf, 1 + log(count), tabled up to a count of 255.
_TF = np.concatenate(([0.0], 1.0 + np.log(np.arange(1, 256))))


def _heaviest(weights: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest weights, in no particular order (all when there
    are no more than k; ties at the cut are broken arbitrarily but reproducibly)."""
    if len(weights) <= k:
        return np.arange(len(weights))
    return np.argpartition(-weights, k)[:k]


def _extract_pair(pair: tuple[str | None, str]) -> TermCounts:
    # Module level so that worker processes can unpickle it.
    return extract_counts(*pair)


def _batches(items: Iterable, size: int) -> Iterable[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _pack(array: np.ndarray, dtype: str) -> str:
    """An array as base64 text of fixed-endian values: JSON-safe, and far faster
    to save and load than a list of numbers."""
    return base64.b64encode(np.asarray(array, dtype).tobytes()).decode("ascii")


def _unpack(text: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype)


def _days(published: dt.datetime | None) -> float | None:
    """Publication time as float days since the epoch; naive times are taken as UTC."""
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=dt.timezone.utc)
    return published.timestamp() / 86400.0


# --- stories ------------------------------------------------------------------

class _Postings:
    """Inverted index: term key -> the open stories whose centroid holds it.

    Most keys belong to one story only, so a key's first story sits in a dense
    array that numpy updates for all of a join's keys at once; only further
    stories go to a dict of sets, with a Python loop.
    """

    def __init__(self, size: int):
        self.first = np.zeros(size, np.int64)  # key -> a story number, 0: none
        self.shared = np.zeros(size, bool)  # key -> has further stories in ``more``
        self.more: dict[int, set[int]] = {}

    def resized(self, size: int) -> "_Postings":
        grown = _Postings(size)
        grown.first[:len(self.first)], grown.shared[:len(self.shared)] = self.first, self.shared
        grown.more = self.more
        return grown

    def add(self, num: int, keys: np.ndarray) -> None:
        free = self.first[keys] == 0
        self.first[keys[free]] = num
        taken = keys[~free]
        self.shared[taken] = True
        for key in taken.tolist():
            stories = self.more.get(key)
            if stories is None:
                self.more[key] = {num}
            else:
                stories.add(num)

    def remove(self, num: int, keys: np.ndarray) -> None:
        held = self.first[keys] == num
        firsts = keys[held]
        self.first[firsts] = 0
        for key in firsts[self.shared[firsts]].tolist():
            self.first[key] = self.more[key].pop()  # a further story moves up
            self._tidy(key)
        for key in keys[~held].tolist():
            self.more[key].discard(num)
            self._tidy(key)

    def _tidy(self, key: int) -> None:
        if not self.more[key]:
            del self.more[key]
            self.shared[key] = False

    def hits(self, keys: np.ndarray) -> np.ndarray:
        """The stories holding each key, a story once per key it holds."""
        first = self.first[keys]
        found = first[first > 0]
        shared = keys[self.shared[keys]].tolist()
        if not shared:
            return found
        more = np.fromiter(chain.from_iterable(map(self.more.__getitem__, shared)), np.int64)
        return np.concatenate((found, more))


class _Entries(NamedTuple):
    """An article's term entries, family by family, with what needs no df."""

    fams: np.ndarray  # family (FAMILIES index)
    terms: np.ndarray  # term id
    cells: np.ndarray  # position in the df array: term id * len(DF_TABLES) + table
    tf: np.ndarray  # sublinear term frequency
    sizes: list[int]  # entries per family


class _Article(NamedTuple):
    keys: np.ndarray  # int64: term id * N_FAMILIES + family, the article's top terms
    unit: np.ndarray  # their TF-IDF weights, each family scaled to unit length
    present: np.ndarray  # per family: its weight where the article has terms, else 0
    probe: np.ndarray  # keys of the heaviest weighted terms, to find candidate stories


class _Story:
    """An open story: per-family sums of its members' unit vectors (truncated),
    as parallel arrays in the order the terms joined.

    ``scaled`` is each family's sum divided by its norm and multiplied by the
    family's weight, so that the weighted sum of per-family cosines with an
    article is a single dot product.
    """

    __slots__ = ("num", "keys", "fams", "sums", "norm", "scaled", "size", "first", "latest")

    def __init__(self, num: int, keys: np.ndarray, sums: np.ndarray, weights: np.ndarray,
                 size: int = 0, first: float | None = None, latest: float | None = None):
        self.num, self.size, self.first, self.latest = num, size, first, latest
        self.set_terms(keys, keys % N_FAMILIES, sums, weights)

    @property
    def id(self) -> str:
        return f"s{self.num}"

    def set_terms(self, keys: np.ndarray, fams: np.ndarray, sums: np.ndarray,
                  weights: np.ndarray) -> None:
        self.keys, self.fams, self.sums = keys, fams, sums
        self.norm = np.sqrt(np.bincount(fams, sums * sums, minlength=N_FAMILIES))
        scale = np.divide(weights, self.norm, out=np.zeros(N_FAMILIES), where=self.norm > 0)
        self.scaled = sums * scale[fams]

    def to_dict(self) -> dict:
        return {"id": self.id, "keys": _pack(self.keys, "<i8"), "sums": _pack(self.sums, "<f8"),
                "size": self.size, "first": self.first, "latest": self.latest}


class StoryGrouper:
    """Assigns a stream of articles to stories, one article at a time.

    ``add`` is idempotent per doc id (re-adding returns the recorded story), so
    an ingest run may safely re-feed documents it already stored.
    """

    def __init__(self, config: GroupingConfig | None = None):
        self.config = config or GroupingConfig()
        weights = self.config.weights()
        self._weights = np.array([weights[f] for f in FAMILIES])
        # Documents assumed seen before the stream, per family (see prior_docs).
        self._prior = np.array([0.0, 0.0, 0.0, self.config.prior_docs, self.config.prior_docs])
        self._n_docs = 0
        self._terms: list[int] = []  # term id -> term hash
        self._vocab: defaultdict[int, int] = defaultdict(count().__next__)  # new terms: next id
        self._df = np.zeros(0, np.int32)  # articles per (term id, table), see _Entries.cells
        self._scratch = np.zeros(0)  # key -> the current article's unit weight, else 0
        self._prune_at = self.config.max_vocabulary
        self._members: dict[str, list[str]] = {}
        self._story_of: dict[str, str] = {}
        self._active: OrderedDict[int, _Story] = OrderedDict()  # LRU order
        self._postings = _Postings(0)
        self._clock: float | None = None  # newest publication date seen
        self._expiry: list[tuple[float, int]] = []  # lazy heap of (latest, story number)

    # public API
    def add(self, doc_id: str, title: str | None, text: str,
            published: dt.datetime | None) -> str:
        """Put one article in a story and return the story id."""
        if doc_id in self._story_of:
            return self._story_of[doc_id]
        return self.add_counts(doc_id, extract_counts(title, text), published)

    def add_counts(self, doc_id: str, counts: TermCounts, published: dt.datetime | None) -> str:
        """``add`` with the article's ``extract_counts(title, text)`` already
        computed (by a worker process, say); the result is the same."""
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

    def _place(self, doc_id: str, entries: _Entries, published: dt.datetime | None) -> None:
        day = _days(published)
        self._advance_clock(day)
        art = self._vectors(entries)
        self._scratch[art.keys] = art.unit
        try:
            best = self._best(art, day) or self._open_story()
            self._join(best, art, day)
        finally:
            self._scratch[art.keys] = 0.0
        self._members[best.id].append(doc_id)
        self._story_of[doc_id] = best.id

    def add_many(self, docs: Iterable[tuple[str, str | None, str, dt.datetime | None]],
                 workers: int = 1, batch: int = 256) -> list[str]:
        """``add`` each (id, title, text, published) in order; returns story ids.

        With ``workers`` > 1, feature extraction (pure, most of the cost) runs
        in ``workers - 1`` helper processes, one batch ahead of the grouping,
        which stays sequential; the result is identical to calling ``add``.
        """
        if workers <= 1:
            return [self.add(*doc) for doc in docs]
        out: list[str] = []
        ctx = multiprocessing.get_context()
        with ctx.Pool(workers - 1) as pool:
            pending = None
            for chunk in _batches(docs, batch):
                job = pool.map_async(_extract_pair, [(d[1], d[2]) for d in chunk])
                if pending:
                    out.extend(self._add_batch(*pending))
                pending = (chunk, job)
            if pending:
                out.extend(self._add_batch(*pending))
        return out

    def _add_batch(self, chunk: list, job: Any) -> list[str]:
        return self.add_counts_many([(d[0], counts, d[3]) for d, counts in zip(chunk, job.get())])

    def stories(self) -> dict[str, list[str]]:
        """Every story ever made, open or closed: id -> doc ids in order added."""
        return {sid: list(docs) for sid, docs in self._members.items()}

    def active_stories(self) -> list[str]:
        """Ids of the stories that can still receive articles."""
        return [story.id for story in self._active.values()]

    # features
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
                        sizes.reshape(-1, N_FAMILIES).tolist()))

    def _vectors(self, entries: _Entries) -> _Article:
        """TF-IDF (sublinear tf) per family, the top terms of each scaled to unit
        length; then the article is counted into the document frequencies."""
        self._n_docs += 1
        fams, cells = entries.fams, entries.cells
        # idf = log((n+1+prior)/(df+1)); names and numbers are rare in any news
        # stream, so they keep their weight even in a small batch (prior_docs).
        logn = np.log(self._n_docs + 1 + self._prior)
        weights = (logn[fams] - np.log1p(self._df[cells])) * entries.tf
        self._df[cells[_COUNTED[fams]]] += 1  # the positions are distinct
        keep = self._top_per_family(weights, entries.sizes)
        fams, weights = fams[keep], weights[keep]
        norm = np.sqrt(np.bincount(fams, weights * weights, minlength=N_FAMILIES))
        keys = entries.terms[keep] * N_FAMILIES + fams
        unit = weights / norm[fams]
        flat = unit * self._weights[fams]
        top = _heaviest(flat, self.config.probe_terms)
        probe = keys[top[flat[top] > 0]]
        return _Article(keys, unit, self._weights * (norm > 0), probe)

    def _top_per_family(self, weights: np.ndarray, sizes: list[int]) -> np.ndarray:
        """Mask of the article_terms heaviest entries of each family's block."""
        k, keep, start = self.config.article_terms, np.ones(len(weights), bool), 0
        for size in sizes:
            if size > k:
                keep[start + np.argpartition(-weights[start:start + size], k)[k:]] = False
            start += size
        return keep

    def _term_ids(self, hashes: np.ndarray) -> np.ndarray:
        """Ids of term hashes; the vocabulary hands unseen ones the next ids."""
        known = len(self._terms)
        ids = np.fromiter(map(self._vocab.__getitem__, hashes.tolist()), np.int64, len(hashes))
        if len(self._vocab) > known:
            new = ids >= known  # new terms, some of them more than once
            _, first = np.unique(ids[new], return_index=True)  # ids follow first sight
            self._terms.extend(hashes[new][first].tolist())
            self._reserve(len(self._terms))
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
        self._scratch = np.zeros(capacity * N_FAMILIES)
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
        self._postings = _Postings(len(self._scratch))
        for story in self._active.values():
            # Renumbering keeps the order of ids, and keys keep their family.
            story.keys = new_id[story.keys // N_FAMILIES] * N_FAMILIES + story.fams
            self._postings.add(story.num, story.keys)
        self._prune_at = max(self.config.max_vocabulary, 2 * len(self._terms))

    def _set_terms(self, terms: list[int]) -> None:
        """Number the given term hashes 0, 1, ... and new ones after them."""
        self._terms = terms
        self._vocab = defaultdict(count(len(terms)).__next__, zip(terms, count()))

    # matching
    def _candidates(self, art: _Article) -> list[_Story]:
        """Stories sharing the most of the article's heaviest terms.

        Probing only heavy (rare) terms keeps the cost independent of how many
        stories share common words; the full score is computed afterwards.
        """
        nums, hits = np.unique(self._postings.hits(art.probe), return_counts=True)
        # Most shared terms first; ties: the older story (a stable sort of sorted numbers).
        ranked = nums[np.argsort(-hits, kind="stable")[:self.config.max_candidates]]
        return [self._active[num] for num in ranked.tolist()]

    def _best(self, art: _Article, day: float | None) -> _Story | None:
        """The best-scoring candidate story if it clears the threshold; on a tie
        the higher-ranked candidate."""
        stories = self._candidates(art)
        if not stories:
            return None
        scores = self._scores(art, day, stories)
        best = int(np.argmax(scores))
        return stories[best] if scores[best] >= self.config.threshold else None

    def _scores(self, art: _Article, day: float | None, stories: list[_Story]) -> np.ndarray:
        """Weighted mean cosine over families present on both sides, minus date penalty."""
        # The article's unit weights are in the scratch array (0 for other keys), so
        # one gather and one product score all candidates (none is empty: each
        # shares a term with the article).
        starts = np.cumsum([0] + [len(s.keys) for s in stories[:-1]])
        keys = np.concatenate([s.keys for s in stories])
        scaled = np.concatenate([s.scaled for s in stories])
        dots = np.add.reduceat(self._scratch[keys] * scaled, starts)
        wsum = (np.array([s.norm for s in stories]) > 0) @ art.present
        scores = np.divide(dots, wsum, out=np.zeros(len(stories)), where=wsum > 0)
        if day is not None:
            scores -= [self._date_penalty(day, s) for s in stories]
        return scores

    def _date_penalty(self, day: float, story: _Story) -> float:
        if story.latest is None:
            return 0.0
        cfg = self.config
        gap = max(0.0, story.first - day, day - story.latest)
        # The window that closes stories also bars late (out-of-order) articles
        # dated far outside the story's span.
        if cfg.window_days is not None and gap > cfg.window_days:
            return math.inf
        return cfg.w_time * (1.0 - math.exp(-gap / cfg.time_scale_days))

    # story bookkeeping
    def _open_story(self) -> _Story:
        num = len(self._members) + 1
        story = _Story(num, np.zeros(0, np.int64), np.zeros(0), self._weights)
        self._members[story.id] = []
        self._active[num] = story
        while len(self._active) > self.config.max_active:
            self._close(next(iter(self._active)))
        return story

    def _join(self, story: _Story, art: _Article, day: float | None) -> None:
        """Add the article's unit vectors to the story's sums, re-truncate, update postings."""
        scratch, old = self._scratch, len(story.keys)
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
        story.set_terms(keys, fams, sums, self._weights)
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

    # persistence
    def to_state(self) -> dict:
        """JSON-serialisable snapshot; ``from_state`` continues exactly where this left off."""
        n = len(self._terms)
        return {"version": STATE_VERSION, "config": asdict(self.config),
                "n_docs": self._n_docs, "terms": _pack(np.array(self._terms), "<i8"),  # hashes
                "df": {name: _pack(self._df[row:n * len(DF_TABLES):len(DF_TABLES)], "<i4")
                       for row, name in enumerate(DF_TABLES)},
                "prune_at": self._prune_at, "members": self.stories(), "clock": self._clock,
                "active": [s.to_dict() for s in self._active.values()]}  # in LRU order

    @classmethod
    def from_state(cls, state: dict) -> "StoryGrouper":
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported grouper state version: {state.get('version')!r}")
        self = cls(GroupingConfig(**state["config"]))
        self._n_docs = state["n_docs"]
        self._set_terms(_unpack(state["terms"], "<i8").tolist())
        self._reserve(len(self._terms))
        n = len(self._terms)
        for row, name in enumerate(DF_TABLES):
            self._df[row:n * len(DF_TABLES):len(DF_TABLES)] = _unpack(state["df"][name], "<i4")
        self._prune_at = state["prune_at"]
        self._members = {sid: list(docs) for sid, docs in state["members"].items()}
        self._story_of = {d: sid for sid, docs in self._members.items() for d in docs}
        self._clock = state["clock"]
        for s in state["active"]:
            story = _Story(int(s["id"][1:]), _unpack(s["keys"], "<i8").astype(np.int64),
                           _unpack(s["sums"], "<f8").astype(np.float64), self._weights,
                           s["size"], s["first"], s["latest"])
            self._active[story.num] = story
            self._postings.add(story.num, story.keys)
            if story.latest is not None:
                self._expiry.append((story.latest, story.num))
        heapq.heapify(self._expiry)
        return self


def group_documents(docs: Iterable[tuple[str, str | None, str, dt.datetime | None]],
                    config: GroupingConfig | None = None,
                    workers: int = 1) -> dict[str, list[str]]:
    """Group (id, title, text, published) tuples, in the order given, into stories.

    ``workers`` > 1 offloads feature extraction to helper processes (same result).
    """
    grouper = StoryGrouper(config)
    grouper.add_many(docs, workers=workers)
    return grouper.stories()
