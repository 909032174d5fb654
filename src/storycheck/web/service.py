"""What the web views call: the store behind caches, safe to share between threads.

``sqlite3`` connections belong to the thread that opened them (and a psycopg
one serves one statement at a time), so each worker thread opens its own
``Store`` on the same database; ingest goes through one
writer thread (the store keeps its grouping index in memory).  Story reports are
kept in memory and checked against the database again once they are
``refresh_seconds`` old, so a busy story page costs a dictionary look-up; a story
no one analysed yet is analysed on first view (one analysis at a time), or
beforehand by the background warmer.
"""
from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import anyio.to_thread

from ..errors import ReadError, StorycheckError, StoreError
from ..io.readers import guess_title, parse_datetime, read_bytes
from ..io.sources import items_with_text
from ..models import RawDocument, Skipped
from ..outputs import to_dict
from ..settings import Settings
from ..store import Store, StorySummary
from ..textkeys import fold
from .present import StoryFacts, StoryList, StoryPage, StoryRow, matches, newest_first, parse_query

log = logging.getLogger("storycheck.web")
WARM_INTERVAL = 5.0  # seconds between the background analyser's looks at the story list


@dataclass(frozen=True)
class WebSettings:
    """Options of the web app (the analysis options are ``storycheck.Settings``)."""

    page_size: int = 20  # stories per page of the list
    max_upload_bytes: int = 5_000_000  # one add-articles request, all files together
    max_upload_files: int = 20  # files in one add-articles request
    max_paste_chars: int = 200_000  # pasted article text
    refresh_seconds: float = 2.0  # how long a report is served before the database is asked again
    background_analysis: bool = True  # analyse stories newest first while the app idles


class NotFound(StorycheckError):
    """No such story or document."""

    code = "SC404"


class UploadRejected(StorycheckError):
    """An add-articles request broke a limit (status 413) or held nothing to add (400)."""

    code = "SC413"

    def __init__(self, message: str, hint: str | None = None, status: int = 400):
        super().__init__(message, hint)
        self.status = status


@dataclass(frozen=True)
class Upload:
    """One article sent to the app: an uploaded file, or pasted text with its details."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Pasted:
    text: str
    title: str = ""
    outlet: str = ""
    published: str = ""
    url: str = ""

    def as_document(self, doc_id: str) -> RawDocument:
        """The pasted article as a document, its details as a text file's front matter gives them."""
        text = self.text.replace("\r\n", "\n")
        return RawDocument(id=doc_id, source="pasted text", text=text,
                           title=self.title.strip() or guess_title(text),
                           outlet=self.outlet.strip() or None,
                           published=parse_datetime(self.published.strip()),
                           url=self.url.strip() or None)


@dataclass(frozen=True)
class AddedStory:
    summary: StorySummary
    new: tuple[str, ...]  # ids of the documents this request added to it


@dataclass(frozen=True)
class AddResult:
    added: int
    revised: int
    unchanged: int
    copies: int
    skipped: tuple[tuple[str, str], ...]  # (file name, reason)
    stories: tuple[AddedStory, ...]

    def to_dict(self) -> dict:
        return {"added": self.added, "revised": self.revised, "unchanged": self.unchanged,
                "copies": self.copies,
                "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
                "stories": [{**s.summary.to_dict(), "new_documents": list(s.new)}
                            for s in self.stories]}


@dataclass
class _Cached:
    page: StoryPage
    checked: float  # time.monotonic() of the last check against the database


@dataclass
class _Catalog:
    summaries: list[StorySummary]  # newest first
    by_id: dict[str, StorySummary]
    story_of: dict[str, str]  # document id -> story id
    checked: float


@dataclass
class StoryService:
    address: str  # the database, as Store.open takes it (a URL keeps its password)
    settings: Settings = field(default_factory=Settings)
    web: WebSettings = field(default_factory=WebSettings)
    parser: object | None = field(default=None, repr=False)  # the NLP model, loaded lazily

    def __post_init__(self) -> None:
        self._local = threading.local()
        self._pages: dict[str, _Cached] = {}
        self._facts: dict[str, StoryFacts] = {}
        self._catalog: _Catalog | None = None
        self._lock = threading.Lock()  # guards the dictionaries above
        self._story_locks: dict[str, threading.Lock] = {}
        self._analysis = threading.Lock()  # one analysis (the NLP model) at a time
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="storycheck-writer")
        self._refresher = ThreadPoolExecutor(1, thread_name_prefix="storycheck-refresh")
        self._stop = threading.Event()
        self._warmer: threading.Thread | None = None

    @classmethod
    def for_store(cls, store: Store | str, settings: Settings | None = None,
                  web: WebSettings | None = None, *, parser=None) -> StoryService:
        address = store.address if isinstance(store, Store) else str(store)
        return cls(address, settings or Settings(), web or WebSettings(), parser)

    # --- connections ------------------------------------------------------------
    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store.open(self.address, create=False)
        return store

    # --- the catalog of stories ---------------------------------------------------
    def catalog(self, fresh: bool = False) -> _Catalog:
        now = time.monotonic()
        catalog = self._catalog
        if fresh or catalog is None or now - catalog.checked > self.web.refresh_seconds:
            summaries = newest_first(self._store().stories())
            catalog = _Catalog(summaries, {s.id: s for s in summaries},
                               {d: s.id for s in summaries for d in s.documents}, now)
            self._catalog = catalog
        return catalog

    def story_list(self, query: str = "", page: int = 1) -> StoryList:
        terms = parse_query(query)
        summaries = self.catalog().summaries
        if terms:
            summaries = [s for s in summaries if matches(terms, self._haystack(s))]
        size = self.web.page_size
        pages = max(1, math.ceil(len(summaries) / size))
        page = min(max(page, 1), pages)
        shown = summaries[(page - 1) * size:page * size]
        rows = tuple(StoryRow(s, self._facts.get(s.id)) for s in shown)
        return StoryList(rows, query, page, pages, len(summaries),
                         sum(r.facts is None for r in rows))

    def _haystack(self, summary: StorySummary) -> str:
        facts = self._facts.get(summary.id)
        return facts.haystack if facts else fold(summary.title)

    # --- story reports ------------------------------------------------------------
    async def story_now(self, story_id: str) -> StoryPage:
        """``story`` for the event loop: a report in memory is returned at once (one
        past ``refresh_seconds`` too, while a worker thread checks it); only a story
        not in memory yet waits for a thread."""
        cached = self._pages.get(story_id)
        if cached is None:
            return await anyio.to_thread.run_sync(self.story, story_id)
        if time.monotonic() - cached.checked >= self.web.refresh_seconds \
                and not self._story_lock(story_id).locked():
            self._refresher.submit(self._quiet_refresh, story_id)
        return cached.page

    def _quiet_refresh(self, story_id: str) -> None:
        try:
            self.story(story_id)
        except StorycheckError as exc:  # the story is gone, or the database is busy
            with self._lock:
                self._pages.pop(story_id, None)
            log.warning("cannot refresh story %s: %s", story_id, exc)

    def story(self, story_id: str) -> StoryPage:
        """The story's report, analysing it first if no one has yet."""
        cached = self._pages.get(story_id)
        now = time.monotonic()
        if cached and now - cached.checked < self.web.refresh_seconds:
            return cached.page
        lock = self._story_lock(story_id)
        if cached and not lock.acquire(blocking=False):
            return cached.page  # another thread is checking it: serve what we have
        if not cached:
            lock.acquire()
        try:
            cached = self._pages.get(story_id)
            if cached and time.monotonic() - cached.checked < self.web.refresh_seconds:
                return cached.page
            return self._refresh(story_id, cached)
        finally:
            lock.release()

    def _refresh(self, story_id: str, cached: _Cached | None) -> StoryPage:
        summary = self.catalog().by_id.get(story_id)
        if summary is None:
            summary = self.catalog(fresh=True).by_id.get(story_id)
        if summary is None:
            raise NotFound(f"no story {story_id!r}", "see the story list")
        data = self._show(story_id)
        if cached and cached.page.data == data and cached.page.summary == summary:
            page = cached.page
        else:
            page = StoryPage(data, summary)
        with self._lock:
            self._pages[story_id] = _Cached(page, time.monotonic())
            self._facts[story_id] = StoryFacts.from_report(data)
        return page

    def _show(self, story_id: str) -> dict:
        """The report data; ``Store.show`` returns it from the cache or analyses the story."""
        store = self._store()
        try:
            with self._analysis:
                view = store.show(story_id, self.settings, remember=False, parser=self._nlp())
        except StoreError as exc:
            if "no story" in str(exc):
                raise NotFound(f"no story {story_id!r}", "see the story list") from exc
            raise
        return to_dict(view)

    def _nlp(self):
        if self.parser is None:
            self.parser = _LazyTagger()
        return self.parser

    def _story_lock(self, story_id: str) -> threading.Lock:
        with self._lock:
            return self._story_locks.setdefault(story_id, threading.Lock())

    def report(self, story_id: str) -> dict:
        """``storycheck show --json`` of the story (without remembering it as shown)."""
        return self.story(story_id).data

    def document(self, doc_id: str) -> tuple[StoryPage, str]:
        """The report of the story that holds the document, and the document id."""
        story_id = self.catalog().story_of.get(doc_id) or \
            self.catalog(fresh=True).story_of.get(doc_id)
        if story_id is None:
            raise NotFound(f"no document {doc_id!r}", "documents are listed on story pages")
        page = self.story(story_id)
        if doc_id not in page.docs:
            raise NotFound(f"document {doc_id!r} could not be analysed",
                           "it had no article text left after cleaning")
        return page, doc_id

    # --- adding articles ----------------------------------------------------------
    def add(self, uploads: Sequence[Upload], pasted: Pasted | None = None) -> AddResult:
        """Ingest uploaded files and pasted text as ``storycheck ingest`` does."""
        pasted = pasted if pasted and pasted.text.strip() else None
        if not uploads and not pasted:
            raise UploadRejected("nothing to add", "choose files or paste an article's text")
        return self._writer.submit(self._ingest, list(uploads), pasted).result()

    def _read(self, uploads: list[Upload], pasted: Pasted | None) -> list[RawDocument | Skipped]:
        """Documents from the uploads' bytes (the readers by suffix) and the pasted text;
        ids ``upload/<file name>``, as if the files were ingested from a folder 'upload'."""
        names = _unique_names([u.name for u in uploads] + ([_pasted_name(pasted)] if pasted else []))
        items: list[RawDocument | Skipped] = []
        for name, upload in zip(names, uploads):
            try:
                items += items_with_text(read_bytes(upload.data, name, f"upload/{name}",
                                                    f"upload/{name}", self.settings.max_file_bytes))
            except ReadError as exc:
                items.append(Skipped(name, exc.message))
        if pasted:
            items.append(pasted.as_document(f"upload/{names[-1]}"))
        return items

    def _ingest(self, uploads: list[Upload], pasted: Pasted | None) -> AddResult:
        store = self._store()  # the writer thread's own store keeps the grouping index
        before = self.catalog(fresh=True)
        result = store.add_documents(self._read(uploads, pasted), self.settings)
        after = self.catalog(fresh=True)
        stories = []
        for story_id in sorted(result.stories, key=lambda s: after.by_id[s].last or "",
                               reverse=True):
            old = set(before.by_id[story_id].documents) if story_id in before.by_id else set()
            summary = after.by_id[story_id]
            stories.append(AddedStory(summary, tuple(d for d in summary.documents
                                                     if d not in old)))
        with self._lock:  # their reports are out of date now
            for story_id in result.stories:
                self._pages.pop(story_id, None)
                self._facts.pop(story_id, None)
        skipped = tuple((Path(s.source).name, s.reason) for s in result.skipped)
        return AddResult(result.added, result.revised, result.unchanged, result.copies,
                         skipped, tuple(stories))

    # --- analysing in the background --------------------------------------------------
    def warm(self, limit: int | None = None) -> int:
        """Analyse (or load) every story not in memory, or changed since, newest first;
        returns how many."""
        done = 0
        for summary in self.catalog(fresh=True).summaries:
            if self._stop.is_set() or (limit is not None and done >= limit):
                break
            cached = self._pages.get(summary.id)
            if cached and cached.page.summary == summary:
                continue
            try:
                self.story(summary.id)
            except StorycheckError as exc:
                log.warning("cannot analyse story %s: %s", summary.id, exc)
            done += 1
        return done

    def start(self) -> None:
        if self.web.background_analysis and self._warmer is None:
            self._stop.clear()
            self._warmer = threading.Thread(target=self._warm_loop, daemon=True,
                                            name="storycheck-warmer")
            self._warmer.start()

    def _warm_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.warm()
            except Exception:  # keep serving pages even if one story breaks the warmer
                log.exception("background analysis failed")
            self._stop.wait(WARM_INTERVAL)

    def stop(self) -> None:
        self._stop.set()
        if self._warmer is not None:
            self._warmer.join(timeout=30)
            self._warmer = None
        self._writer.shutdown(wait=True)
        self._refresher.shutdown(wait=True)


class _LazyTagger:
    """The NLP model, loaded the first time a story needs analysing (not for cached ones)."""

    def __init__(self) -> None:
        self._parser = None

    def __getattr__(self, name: str):
        if self._parser is None:
            from ..nlp.spacy_pipeline import TextParser

            self._parser = TextParser.load()
        return getattr(self._parser, name)


def _pasted_name(pasted: Pasted) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (pasted.title or pasted.text[:60]).lower()).strip("-")
    return f"pasted-{slug[:50] or 'article'}.txt"


def _unique_names(names) -> list[str]:
    """Safe, distinct file names: no folders, no hidden files."""
    out, seen = [], set()
    for name in names:
        base = re.sub(r"[^\w.\-]+", "_", Path(name.replace("\\", "/")).name).lstrip(".") or "file"
        stem, dot, suffix = base.rpartition(".")
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{stem}-{n}.{suffix}" if dot else f"{base}-{n}"
        seen.add(candidate)
        out.append(candidate)
    return out
