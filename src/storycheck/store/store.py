"""A database of documents, their stories and cached story reports.

``Store`` is the Python API behind ``storycheck ingest``, ``stories`` and
``show``.  It holds the logic (revisions, near-duplicates, grouping, report
caching) and talks to the database only through the small ``Repository``
interface (``io/repository_sql.py``, where all the SQL lives; SQLite or
PostgreSQL by the address, ``io/engine.py``); the features,
the copy index and document identity are in ``io/`` as well.

Ingest, batch by batch and one transaction per batch:

* a document whose content hash is known is a no-op; a new content for a known
  URL (or, without a URL, a known id) is stored as its next revision;
* a new document gets a story from the incremental ``StoryGrouper`` and a
  MinHash signature; an in-memory LSH index over all signatures (rebuilt from
  the database on open) proposes near-duplicates, the signatures rule out those
  that cannot reach the copy threshold, exact shingle containment decides, and
  a ``copy_of`` link is stored, the earlier publication being the original
  (without dates, the earlier ingested);
* the grouper's state is checkpointed inside a batch transaction, often while
  saving it is cheap and less often as it grows; documents committed after the
  last checkpoint are replayed into the grouper on open, so a ``kill -9`` at
  any point leaves a database that continues exactly where it stopped.

The per-story analysis (the heavy NLP) runs only in ``show``; its report is
cached with the document set and settings it was built from.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from ..api import ProgressCallback, analyze_documents
from ..nlp.embed import SentenceEncoder
from ..errors import StoreError
from ..io.copy_index import IngestIndex, Signatures
from ..io.features import Features, LocalShare, PendingFeatures, default_workers, worker_pool
from ..io.identity import (content_hash, document_key, source_key, unique_id, utc_iso,
                           utc_now)
from ..io.records import (Batch, DocRef, IngestResult, NewDocument, NewRevision, StoredDocument,
                          StorySummary)
from ..io.engine import open_repository
from ..io.repository import DEFAULT_DB, Repository
from ..io.sources import read_sources
from ..io.stream import ByteCounter
from ..models import CopyLink, RawDocument, Skipped
from ..settings import Settings
from ..grouping import StoryGrouper
from ..algorithms.minhash import BandIndex, band_keys, minhash, shingle_hashes
from ..outputs import to_json
from ..outputs.report_json import SCHEMA
from .changes import compare_snapshots, snapshot
from .shown import ShownStory
from .spark_load import load_spark_output

BATCH_SIZE = 500  # documents per transaction
PIPELINE_DEPTH = 2  # batches the worker processes may be ahead of the commits
CHECKPOINT_FACTOR = 50  # save the grouper state at most every 50x what saving costs


@dataclass(frozen=True)
class _Incoming:
    raw: RawDocument
    content_hash: str
    key: str


class Store:
    """Documents, stories and story reports in a database.

    >>> with Store.open("news.db") as store:  # or "postgresql://host/db"  # doctest: +SKIP
    ...     store.ingest(["feeds/2024-05.jsonl.gz"])
    ...     for story in store.stories(): print(story.id, story.title)
    ...     view = store.show("s1")
    """

    def __init__(self, repository: Repository):
        self._repo = repository
        self._index: IngestIndex | None = None

    @classmethod
    def open(cls, path: str | os.PathLike = DEFAULT_DB, *, create: bool = True) -> Store:
        """Open (creating and migrating as needed) the database at ``path``: an SQLite
        file, or a ``postgresql://`` URL (the ``[postgres]`` extra)."""
        return cls(open_repository(path, create=create))

    @property
    def location(self) -> str:
        """The database, for messages (a URL's password masked)."""
        return self._repo.location

    @property
    def address(self) -> str:
        """What ``Store.open`` takes to open this database again."""
        return self._repo.address

    def close(self) -> None:
        self._repo.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # ingest
    def ingest(self, paths: Iterable[str | os.PathLike], settings: Settings | None = None, *,
               progress: ProgressCallback | None = None, batch_size: int = BATCH_SIZE,
               workers: int | None = None) -> IngestResult:
        """Add every document under ``paths`` (files, folders and http(s) URLs, any mix);
        JSONL is streamed.

        ``workers``: processes computing signatures and grouping features
        (grouping itself is sequential); None picks by input size and CPUs.
        """
        settings = settings or Settings()
        counter = ByteCounter()
        items = read_sources(paths, settings, counter)
        first = next(items, None)  # discovery has run: counter.total is known
        items = items if first is None else _prepend(first, items)
        workers = default_workers(counter.total) if workers is None else workers
        return self._ingest(items, settings, progress, batch_size, workers,
                            lambda seen: _estimate(seen, counter))

    def add_documents(self, raws: Iterable[RawDocument | Skipped],
                      settings: Settings | None = None, *,
                      progress: ProgressCallback | None = None,
                      batch_size: int = BATCH_SIZE, workers: int = 0) -> IngestResult:
        """Add documents already in memory (from a feed, a test)."""
        total = len(raws) if isinstance(raws, Sequence) else 0
        return self._ingest(iter(raws), settings or Settings(), progress, batch_size, workers,
                            lambda seen: total)

    def load_spark(self, folder: str | os.PathLike, *,
                   progress: ProgressCallback | None = None) -> IngestResult:
        """Load what ``storycheck spark --out folder`` wrote into this store, which
        must hold no documents yet (see ``spark_load``)."""
        try:
            return load_spark_output(self._repo, folder, progress)
        finally:
            self._index = None  # the next write loads the new state

    def _ingest(self, items: Iterator[RawDocument | Skipped], settings: Settings,
                progress: ProgressCallback | None, batch_size: int, workers: int,
                estimate: Callable[[int], int]) -> IngestResult:
        result, seen, total = IngestResult(), 0, 0
        with worker_pool(workers) as pool:
            pending: deque[tuple[list[_Incoming], PendingFeatures]] = deque()
            share = LocalShare()
            while chunk := list(islice(items, batch_size)):
                seen += len(chunk)
                docs = self._incoming(chunk, result)
                features = PendingFeatures(pool, workers, [(d.raw.title, d.raw.text) for d in docs],
                                    share)
                pending.append((docs, features))
                if len(pending) > PIPELINE_DEPTH:  # the pool works ahead while we commit
                    self._commit(*pending.popleft(), settings, result)
                if progress:
                    total = _steady(total, estimate(seen))
                    progress("ingest", seen, total)
            while pending:
                self._commit(*pending.popleft(), settings, result)
        self._final_checkpoint()
        if progress:
            progress("ingest", seen, seen)
        return result

    def _incoming(self, chunk: list[RawDocument | Skipped],
                  result: IngestResult) -> list[_Incoming]:
        """Hash a batch and drop what is already stored (re-checked when committing)."""
        docs, hashes = [], set()
        for item in chunk:
            if isinstance(item, Skipped):
                result.skip(item)
                continue
            doc = _Incoming(item, content_hash(item), document_key(item))
            if doc.content_hash in hashes:
                result.unchanged += 1
                continue
            hashes.add(doc.content_hash)
            docs.append(doc)
        known = self._repo.known_hashes(list(hashes))
        result.unchanged += sum(d.content_hash in known for d in docs)
        return [d for d in docs if d.content_hash not in known]

    def _commit(self, docs: list[_Incoming], pending: PendingFeatures, settings: Settings,
                result: IngestResult) -> None:
        if not docs:
            return
        features = pending.get()
        try:
            with self._repo.transaction():
                index = self._synced_index()
                batch = self._plan(index, docs, features, settings, result)
                self._repo.write_batch(batch)
                self._checkpoint(index, force=False)
                index.generation = self._repo.bump_generation()
        except BaseException:
            self._index = None  # memory may be ahead of the database: reload next time
            raise

    def _plan(self, index: IngestIndex, docs: list[_Incoming], features: list[Features],
              settings: Settings, result: IngestResult) -> Batch:
        """Decide, document by document, what this batch writes."""
        known = self._repo.known_hashes([d.content_hash for d in docs])
        refs = self._repo.documents_by_key([d.key for d in docs])
        taken = self._repo.taken_ids([d.raw.id for d in docs])
        plan: list[tuple[_Incoming, Features, DocRef]] = []  # revision 1: a new document
        for doc, feats in zip(docs, features):
            if doc.content_hash in known:
                result.unchanged += 1
                continue
            known.add(doc.content_hash)
            ref = refs.get(doc.key)
            if ref is None:  # its story is known once the batch is grouped
                ref = DocRef(index.next_num, self._unique_id(doc.raw.id, taken), 1, "")
                index.next_num += 1
            else:
                ref = dataclasses.replace(ref, revision=ref.revision + 1)
            refs[doc.key] = ref
            plan.append((doc, feats, ref))
        new = [(ref.id, feats.counts, doc.raw.published) for doc, feats, ref in plan
               if ref.revision == 1]
        story_of = dict(zip((item[0] for item in new), index.grouper.add_counts_many(new)))
        batch, now = Batch(), utc_now()
        for doc, feats, ref in plan:
            story = story_of.get(ref.id) or ref.story
            if ref.revision == 1:
                self._add_new(index, doc, feats, ref, story, batch, now, settings)
                result.added += 1
            else:
                batch.revisions.append(NewRevision(ref.num, ref.revision, doc.content_hash,
                                                   doc.raw, now))
                batch.bumped.append((ref.num, ref.revision, utc_iso(doc.raw.published)))
                result.revised += 1
            result.stories.add(story)
        result.copies += len(batch.copies)
        return batch

    def _add_new(self, index: IngestIndex, doc: _Incoming, feats: Features, ref: DocRef, story: str,
                 batch: Batch, now: str, settings: Settings) -> None:
        raw, num = doc.raw, ref.num
        published = utc_iso(raw.published)
        batch.documents.append(NewDocument(num, ref.id, doc.key, story,
                                           source_key(raw, ref.id), published))
        batch.revisions.append(NewRevision(num, 1, doc.content_hash, raw, now))
        if feats.signature is not None:
            batch.signatures.append((num, feats.signature.tobytes(), len(feats.hashes)))
            batch.copies.extend(index.find_copies(num, feats, published, settings.copy_threshold,
                                                   self._repo.first_text))

    def _unique_id(self, wanted: str, taken: set[str]) -> str:
        """The reader's id, or ``id~2``, ``id~3``... when another document has it."""
        return unique_id(wanted, taken, lambda candidate: bool(self._repo.taken_ids([candidate])))

    # in-memory index: grouper and LSH
    def _synced_index(self) -> IngestIndex:
        """The in-memory index, reloaded if another writer committed since we last did."""
        if self._index is None or self._index.generation != self._repo.generation():
            self._index = self._load_index()
        return self._index

    def _load_index(self) -> IngestIndex:
        state, through = self._repo.grouper_state()
        try:
            grouper = StoryGrouper.from_state(state) if state else StoryGrouper()
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"cannot continue grouping in {self.location}: {exc}",
                             "it was grouped by another storycheck version; "
                             "Store.open(path).regroup() groups it again") from exc
        for _, doc_id, raw in self._repo.first_revisions(after=through):
            grouper.add(doc_id, raw.title, raw.text, raw.published)  # replay since checkpoint
        self._sign_again()
        bands, signatures = BandIndex(), Signatures()
        for nums, sigs, sizes in self._repo.signatures():
            for num, keys in zip(nums, band_keys(sigs)):
                bands.insert(num, keys)
            signatures.put(nums, sigs, sizes)
        return IngestIndex(grouper, bands, signatures, self._repo.generation(),
                      self._repo.last_num() + 1, through, saved_at=time.monotonic())

    def _sign_again(self) -> None:
        """New signatures for documents stored by schema 1 (another MinHash)."""
        rows = []
        for num in self._repo.unsized_signatures():
            hashes = shingle_hashes(self._repo.first_text(num)[0])
            if len(hashes):
                rows.append((num, minhash(hashes).tobytes(), len(hashes)))
        self._repo.replace_signatures(rows)

    def _checkpoint(self, index: IngestIndex, force: bool) -> None:
        """Save the grouper state when due: saving costs grow with the state, so
        it is saved at most every CHECKPOINT_FACTOR times what the last save cost."""
        if index.through >= index.next_num - 1:
            return
        if not force and time.monotonic() - index.saved_at < CHECKPOINT_FACTOR * index.save_cost:
            return
        started = time.perf_counter()
        self._repo.save_grouper_state(index.grouper.to_state(), index.next_num - 1)
        index.save_cost = time.perf_counter() - started
        index.saved_at = time.monotonic()
        index.through = index.next_num - 1

    def _final_checkpoint(self) -> None:
        if self._index is None or self._index.through >= self._index.next_num - 1:
            return
        try:
            with self._repo.transaction():
                index = self._synced_index()
                self._checkpoint(index, force=True)
        except BaseException:
            self._index = None
            raise

    def regroup(self) -> int:
        """Group every stored document again, from scratch and in ingest order.

        For a database whose grouper state this version cannot read.  Story ids
        may change, so cached reports and "last shown" records are dropped.
        Returns the number of stories.
        """
        try:
            with self._repo.transaction():
                grouper, pairs = StoryGrouper(), []
                for num, doc_id, raw in self._repo.first_revisions(after=0):
                    pairs.append((grouper.add(doc_id, raw.title, raw.text, raw.published), num))
                self._repo.set_stories(pairs)
                self._repo.save_grouper_state(grouper.to_state(), self._repo.last_num())
                self._repo.clear_reports()
                self._repo.bump_generation()
        finally:
            self._index = None
        return len(grouper.stories())

    # reading
    def stories(self) -> list[StorySummary]:
        """Every story, oldest first."""
        return self._repo.story_summaries()

    def story_documents(self, story: str) -> list[StoredDocument]:
        """The latest revision of each document of ``story``, in ingest order."""
        return self._repo.story_documents(story)

    def copies(self, story: str | None = None) -> list[CopyLink]:
        """Near-duplicate links (copy, original) found at ingest."""
        return self._repo.copy_links(story)

    def show(self, story: str, settings: Settings | None = None, *,
             progress: ProgressCallback | None = None, parser=None,
             remember: bool = True) -> ShownStory:
        """The story's report (cached until it gains documents) and what changed since
        it was last shown; ``remember=False`` leaves "last shown" as it was."""
        settings = settings or Settings()
        docs = self._repo.story_documents(story)
        if not docs:
            raise StoreError(f"no story {story!r} in {self.location}",
                             "list the stories with 'storycheck stories'")
        data, cached = self._story_report(story, docs, settings, progress, parser)
        current = snapshot(docs, data)
        changes = compare_snapshots(self._repo.last_shown(story), current)
        if remember:
            with self._repo.transaction():
                self._repo.save_shown(story, current)
        return ShownStory(story, data, changes, cached)

    def _story_report(self, story: str, docs: list[StoredDocument], settings: Settings,
                      progress: ProgressCallback | None, parser) -> tuple[dict, bool]:
        fingerprint = settings_fingerprint(settings)
        members = [[d.id, d.revision] for d in docs]
        cached = self._repo.cached_report(story)
        if cached and cached.fingerprint == fingerprint and cached.documents == members:
            return cached.report, True
        encoder = SentenceEncoder.load().with_store(_StoredVectors(self._repo)) \
            if settings.use_embeddings else None
        report = analyze_documents([d.raw for d in docs], settings, progress=progress,
                                   parser=parser, story_id=story, encoder=encoder)
        # through JSON, so a fresh report equals a cached one (lists, not tuples)
        data = json.loads(to_json(report, indent=None))
        with self._repo.transaction():
            self._repo.save_report(story, fingerprint, members, data)
        return data, False


class _StoredVectors:
    """The store's table of sentence vectors, as the encoder's second cache."""

    def __init__(self, repo: Repository):
        self._repo = repo

    def get(self, keys):
        return self._repo.vectors(keys)

    def put(self, rows) -> None:
        with self._repo.transaction():
            self._repo.save_vectors(rows)


def _prepend(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def _steady(old: int, new: int) -> int:
    """Keep a total estimate unless it is off by over 5%: progress bars reset their
    rate and ETA whenever the total changes."""
    return new if not old or abs(new - old) > 0.05 * old else old


def _estimate(seen: int, counter: ByteCounter) -> int:
    """Total documents, extrapolated from the share of input bytes read so far."""
    if not counter.done or not counter.total:
        return 0
    return max(seen, round(seen * counter.total / counter.done))


# --- reports and what changed -------------------------------------------------------


def settings_fingerprint(settings: Settings) -> str:
    """Settings that change a report (not the process count, nor how URLs were
    downloaded: the documents are stored) and the report schema."""
    values = {name: value for name, value in dataclasses.asdict(settings).items()
              if name != "n_process" and not name.startswith("fetch_")}
    return hashlib.sha256(json.dumps([SCHEMA, values], sort_keys=True).encode()).hexdigest()[:16]
