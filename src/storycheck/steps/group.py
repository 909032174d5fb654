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

Runs are reproducible: ties between candidate stories are broken by id and
sums are exactly rounded, so set ordering (string hashing) never matters.
"""
from __future__ import annotations

import datetime as dt
import heapq
import math
import multiprocessing
import re
from collections import Counter, OrderedDict
from dataclasses import asdict, dataclass
from itertools import chain, islice
from math import fsum, hypot, log1p
from operator import itemgetter, mul
from typing import Any, Iterable

from ..settings import option
from .lexicon import FUNCTION_WORDS

LEAD_CHARS = 300
FAMILIES = ("body", "title", "lead", "entities", "numbers")
# Centroid and posting keys carry the family, so families share one dict.
PREFIX = {"body": "b|", "title": "t|", "lead": "l|", "entities": "e|", "numbers": "n|"}
STATE_VERSION = 1


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
        2_000_000, "Document-frequency entries kept; terms seen once are pruned beyond it")

    def weights(self) -> dict[str, float]:
        """Family -> weight, as floats (ints would break the C-level scaling)."""
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
    counts = Counter(words)
    for w in _STOP & counts.keys():
        dict.__delitem__(counts, w)  # Counter.__delitem__ is slow Python code
    return counts


def _entities(text: str) -> Counter:
    """Name-like phrases and acronyms; a phrase also counts its words so that
    "Jim O'Brien" and a later "O'Brien" still match."""
    out: Counter = Counter()
    # Count raw matches first (in C), then normalise each distinct phrase once.
    for phrase, n in Counter(_PHRASE.findall(text)).items():
        phrase = phrase.lower().replace("’", "'")
        if phrase.endswith("'s"):
            phrase = phrase[:-2]
        parts = [p for p in phrase.split() if p not in _NOT_ENTITY]
        if len(parts) > 1:
            out[" ".join(parts)] += n
        for p in parts:
            if p not in _CONNECTORS:
                out[p] += n
    for acro, n in Counter(_ACRONYM.findall(text)).items():
        out[acro.replace(".", "").lower()] += n
    return out


def _numbers(text: str) -> Counter:
    """Numbers ('n23'), years ('y2013') and month-day dates ('d6-13')."""
    out: Counter = Counter()
    for num, n in Counter(_NUMBER.findall(text)).items():
        s = num.rstrip(".,").replace(",", "")
        if len(s) == 4 and s[:2] in ("19", "20"):
            out["y" + s] += n
        else:  # '03' and '3' are the same number
            out["n" + (s.lstrip("0") or "0")] += n
    for md, n in Counter(_MONTH_DAY.findall(text)).items():
        mon, day = md.split()
        month = _MONTHS.get(mon.rstrip(".").lower())
        if month:
            out[f"d{month}-{int(day)}"] += n
    return out


def extract_counts(title: str | None, text: str) -> dict[str, Counter]:
    """Raw term counts per feature family; pure, so callers may run it in parallel."""
    return {"body": _words(text), "title": _words(title) if title else Counter(),
            "lead": _words(text[:LEAD_CHARS]),
            "entities": _entities(text), "numbers": _numbers(text)}


_TF = [0.0] + [1.0 + math.log(c) for c in range(1, 256)]


def _top(weights: dict[str, float], k: int) -> dict[str, float]:
    """The k heaviest entries (a C sort beats heapq.nlargest at these sizes)."""
    if len(weights) <= k:
        return weights
    return dict(sorted(weights.items(), key=itemgetter(1), reverse=True)[:k])


def _extract_pair(pair: tuple[str | None, str]) -> dict[str, Counter]:
    # Module level so that worker processes can unpickle it.
    return extract_counts(*pair)


def _batches(items: Iterable, size: int) -> Iterable[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _unit_top(weights: dict[str, float], k: int, prefix: str) -> dict[str, float]:
    """Keep the k heaviest terms, scale to unit length (so cosine = dot) and
    prefix the family, so that all families can share one flat dict."""
    weights = _top(weights, k)
    norm = hypot(*weights.values())
    return {prefix + t: w / norm for t, w in weights.items()} if norm else {}


def _days(published: dt.datetime | None) -> float | None:
    """Publication time as float days since the epoch; naive times are taken as UTC."""
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=dt.timezone.utc)
    return published.timestamp() / 86400.0


# --- stories ------------------------------------------------------------------

@dataclass
class _Article:
    vecs: dict[str, dict[str, float]]  # family -> unit vector (prefixed terms)
    flat: dict[str, float]  # all families, each scaled by its weight
    families: list[tuple[str, float]]  # (family, weight) of non-empty families


class _Story:
    """An open story.

    ``cent`` holds per-family sums of member unit vectors (truncated); ``unit``
    flattens them, each family scaled to unit length, so that the weighted sum
    of per-family cosines is a single dot product with ``_Article.flat``.
    """

    __slots__ = ("id", "cent", "norm", "unit", "size", "first", "latest")

    def __init__(self, sid: str, cent: dict[str, dict[str, float]], size: int,
                 first: float | None, latest: float | None):
        self.id, self.cent, self.size = sid, cent, size
        self.first, self.latest = first, latest
        self.norm = {f: hypot(*c.values()) for f, c in cent.items()}
        self.refresh()

    def refresh(self) -> None:
        """Rebuild ``unit`` from ``cent`` and ``norm`` (the scaling runs in C via map)."""
        self.unit = {}
        for fam, cent in self.cent.items():
            if self.norm[fam]:
                self.unit.update(zip(cent, map((1.0 / self.norm[fam]).__mul__, cent.values())))

    def to_dict(self) -> dict:
        return {"id": self.id, "cent": {f: dict(c) for f, c in self.cent.items()},
                "size": self.size, "first": self.first, "latest": self.latest}


class StoryGrouper:
    """Assigns a stream of articles to stories, one article at a time.

    ``add`` is idempotent per doc id (re-adding returns the recorded story), so
    an ingest run may safely re-feed documents it already stored.
    """

    def __init__(self, config: GroupingConfig | None = None):
        self.config = config or GroupingConfig()
        self._n_docs = 0
        self._df: dict[str, Counter] = {f: Counter() for f in FAMILIES}
        self._members: dict[str, list[str]] = {}
        self._story_of: dict[str, str] = {}
        self._active: OrderedDict[str, _Story] = OrderedDict()  # LRU order
        self._postings: dict[str, set[str]] = {}  # prefixed centroid term -> story ids
        self._clock: float | None = None  # newest publication date seen
        self._expiry: list[tuple[float, str]] = []  # lazy heap of (latest, story)

    # public API
    def add(self, doc_id: str, title: str | None, text: str,
            published: dt.datetime | None) -> str:
        """Put one article in a story and return the story id."""
        if doc_id in self._story_of:
            return self._story_of[doc_id]
        return self._add_counts(doc_id, extract_counts(title, text), published)

    def add_many(self, docs: Iterable[tuple[str, str | None, str, dt.datetime | None]],
                 workers: int = 1, batch: int = 256) -> list[str]:
        """``add`` each (id, title, text, published) in order; returns story ids.

        With ``workers`` > 1, feature extraction (pure, ~40% of the cost) runs
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
        return [self._story_of.get(d[0]) or self._add_counts(d[0], counts, d[3])
                for d, counts in zip(chunk, job.get())]

    def _add_counts(self, doc_id: str, counts: dict[str, Counter],
                    published: dt.datetime | None) -> str:
        day = _days(published)
        self._advance_clock(day)
        art = self._vectors(counts)
        best, best_score = None, -math.inf
        for story in self._candidates(art):  # ranked: on a tie the first one wins
            score = self._score(art, day, story)
            if score >= self.config.threshold and score > best_score:
                best, best_score = story, score
        if best is None:
            best = self._open_story()
        self._join(best, art, day)
        self._members[best.id].append(doc_id)
        self._story_of[doc_id] = best.id
        return best.id

    def stories(self) -> dict[str, list[str]]:
        """Every story ever made, open or closed: id -> doc ids in order added."""
        return {sid: list(docs) for sid, docs in self._members.items()}

    def active_stories(self) -> list[str]:
        """Ids of the stories that can still receive articles."""
        return list(self._active)

    # features
    def _vectors(self, counts: dict[str, Counter]) -> _Article:
        """TF-IDF (sublinear tf) per family, then fold this article into the df.

        Title and lead words are weighed with the body's document frequencies:
        they are the same words, and short fields give poor df estimates.
        """
        self._n_docs += 1
        k = self.config.article_terms
        weights = self.config.weights()
        art = _Article({}, {}, [])
        for fam, cnt in counts.items():
            df = self._df["body" if fam in ("title", "lead") else fam]
            get = df.get
            # Names and numbers are rare in any news stream, so they keep their
            # weight even in a small batch; common words are judged on the batch.
            prior = self.config.prior_docs if fam in ("entities", "numbers") else 0.0
            logn = math.log(self._n_docs + 1 + prior)
            # idf = log((n+1+prior)/(df+1)) times sublinear tf (table, capped at 255)
            tfidf = {t: (logn - log1p(get(t, 0))) * _TF[min(c, 255)] for t, c in cnt.items()}
            vec = art.vecs[fam] = _unit_top(tfidf, k, PREFIX[fam])
            if vec and weights[fam]:
                art.flat.update(zip(vec, map(weights[fam].__mul__, vec.values())))
                art.families.append((fam, weights[fam]))
            if fam not in ("title", "lead"):
                df.update(cnt.keys())  # Counter.update counts in C
        self._prune_vocabulary()
        return art

    def _prune_vocabulary(self) -> None:
        """Bound the df tables: drop terms seen once; their idf barely differs from unseen."""
        for fam, df in self._df.items():
            if len(df) > self.config.max_vocabulary // len(FAMILIES):
                self._df[fam] = Counter({t: c for t, c in df.items() if c > 1})

    # matching
    def _candidates(self, art: _Article) -> list[_Story]:
        """Stories sharing the most of the article's heaviest terms.

        Probing only heavy (rare) terms keeps the cost independent of how many
        stories share common words; the full score is computed afterwards.
        Shared terms are counted by one Counter call, in C.
        """
        flat, k = art.flat, self.config.probe_terms
        top = _top(flat, k)
        hits = Counter(chain.from_iterable(filter(None, map(self._postings.get, top))))
        # Set order varies with string hashing: break ties by id so that runs
        # (and a grouper restored from state) are reproducible. Sorts are stable.
        ranked = sorted(sorted(hits.items()), key=itemgetter(1), reverse=True)
        return [self._active[sid] for sid, _ in ranked[:self.config.max_candidates]]

    def _score(self, art: _Article, day: float | None, story: _Story) -> float:
        """Weighted mean cosine over families present on both sides, minus date penalty."""
        wsum = sum(w for fam, w in art.families if story.norm[fam])
        if not wsum:
            return 0.0
        # One key intersection and C-level products: the weighted per-family
        # cosines summed in one dot product (see _Story).
        flat, unit = art.flat, story.unit
        common = flat.keys() & unit.keys()
        # fsum is exactly rounded, so the result does not depend on set order.
        score = fsum(map(mul, map(flat.__getitem__, common), map(unit.__getitem__, common))) / wsum
        if day is not None and story.latest is not None:
            cfg = self.config
            gap = max(0.0, story.first - day, day - story.latest)
            # The window that closes stories also bars late (out-of-order) articles
            # dated far outside the story's span.
            if cfg.window_days is not None and gap > cfg.window_days:
                return -math.inf
            score -= cfg.w_time * (1.0 - math.exp(-gap / cfg.time_scale_days))
        return score

    # story bookkeeping
    def _open_story(self) -> _Story:
        sid = f"s{len(self._members) + 1}"
        story = _Story(sid, {f: {} for f in FAMILIES}, 0, None, None)
        self._members[sid] = []
        self._active[sid] = story
        while len(self._active) > self.config.max_active:
            self._close(next(iter(self._active)))
        return story

    def _join(self, story: _Story, art: _Article, day: float | None) -> None:
        """Add the article's vectors to the centroid, re-truncate, update postings."""
        k = self.config.centroid_terms
        for fam, vec in art.vecs.items():
            if not vec:
                continue
            old = story.cent[fam]
            summed = dict(old)
            for t, w in vec.items():
                summed[t] = summed.get(t, 0.0) + w
            # Truncate with slack (to k once past 1.5k) so the sort runs every few joins.
            if len(summed) > k + k // 2:
                summed = _top(summed, k)
            self._repost(story.id, old.keys() - summed.keys(), summed.keys() - old.keys())
            story.cent[fam] = summed
            story.norm[fam] = hypot(*summed.values())
        story.refresh()
        story.size += 1
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.latest = day if story.latest is None else max(story.latest, day)
            heapq.heappush(self._expiry, (story.latest, story.id))
        self._active.move_to_end(story.id)

    def _repost(self, sid: str, gone: Iterable[str], new: Iterable[str]) -> None:
        postings = self._postings
        for t in gone:
            ids = postings[t]
            ids.discard(sid)
            if not ids:
                del postings[t]
        for t in new:
            postings.setdefault(t, set()).add(sid)

    def _advance_clock(self, day: float | None) -> None:
        """Move the stream clock forward and close stories that went quiet."""
        if day is None or (self._clock is not None and day <= self._clock):
            return
        self._clock = day
        if self.config.window_days is None:
            return
        cutoff = day - self.config.window_days
        while self._expiry and self._expiry[0][0] < cutoff:
            latest, sid = heapq.heappop(self._expiry)
            story = self._active.get(sid)
            # Stale heap entries (story since updated or closed) are skipped.
            if story is not None and story.latest == latest:
                self._close(sid)

    def _close(self, sid: str) -> None:
        story = self._active.pop(sid)
        for cent in story.cent.values():
            self._repost(sid, cent.keys(), ())

    # persistence
    def to_state(self) -> dict:
        """JSON-serialisable snapshot; ``from_state`` continues exactly where this left off."""
        return {"version": STATE_VERSION, "config": asdict(self.config),
                "n_docs": self._n_docs, "df": {f: dict(c) for f, c in self._df.items()},
                "members": self.stories(), "clock": self._clock,
                "active": [s.to_dict() for s in self._active.values()]}  # in LRU order

    @classmethod
    def from_state(cls, state: dict) -> "StoryGrouper":
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unsupported grouper state version: {state.get('version')!r}")
        self = cls(GroupingConfig(**state["config"]))
        self._n_docs = state["n_docs"]
        self._df = {f: Counter(state["df"][f]) for f in FAMILIES}
        self._members = {sid: list(docs) for sid, docs in state["members"].items()}
        self._story_of = {d: sid for sid, docs in self._members.items() for d in docs}
        self._clock = state["clock"]
        for s in state["active"]:
            story = _Story(s["id"], {f: dict(s["cent"][f]) for f in FAMILIES},
                           s["size"], s["first"], s["latest"])
            self._active[story.id] = story
            for cent in story.cent.values():
                self._repost(story.id, (), cent.keys())
            if story.latest is not None:
                self._expiry.append((story.latest, story.id))
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
