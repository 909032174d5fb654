"""Every input as documents: files and folders (``io.stream``) and http(s) URLs.

``read_sources`` is what ``analyze``, ``check`` and ``Store.ingest`` read
through.  An input that looks like a URL (``scheme://...``) is downloaded
(``io/fetch.py``) and read by its media type; anything else is a path.  Files
come first, then URLs, each group in the order given.  Feed items are
documents of their own; with ``fetch_full_articles`` each item's article page
replaces the feed's text (the feed's text stays, with a warning, when the page
cannot be read), and an item with no text at all is skipped, with why.

Downloads run ``fetch_concurrency`` at a time; results keep the input order,
and at most twice that many wait to be consumed, so memory stays bounded.
Nothing here raises for a bad input: each failure is a ``Skipped``.
"""
from __future__ import annotations

import logging
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import replace
from functools import partial
from typing import TypeVar
from urllib.parse import urlsplit

from ..errors import ReadError
from ..models import FeedItem, RawDocument, Skipped
from ..settings import Settings
from .decode import decode_bytes
from .readers import READER_BY_SUFFIX, parse_html, read_bytes
from .stream import ByteCounter, stream_documents

log = logging.getLogger("storycheck")

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# media type -> the reader suffix it is read as
MEDIA_SUFFIX = {
    "text/html": ".html", "application/xhtml+xml": ".xhtml",
    "application/rss+xml": ".rss", "application/rdf+xml": ".rss",
    "application/atom+xml": ".atom", "application/xml": ".xml", "text/xml": ".xml",
    "application/feed+json": ".json", "application/json": ".json",
    "text/plain": ".txt", "text/markdown": ".md",
}
NO_TEXT = "the feed gives no text for this item (--full reads its article page)"

Item = RawDocument | Skipped
T = TypeVar("T")
R = TypeVar("R")


def is_url(given: str | os.PathLike) -> bool:
    """Whether an input is a URL (any ``scheme://``; only http and https are fetched)."""
    return isinstance(given, str) and bool(_SCHEME.match(given))


def read_sources(inputs: Iterable[str | os.PathLike], settings: Settings,
                 counter: ByteCounter | None = None, fetcher=None) -> Iterator[Item]:
    """Every document of ``inputs`` (paths and URLs) and a ``Skipped`` for each failure,
    lazily.  ``fetcher``: an ``io.fetch.Fetcher`` to download with (made here when
    needed, from ``settings``)."""
    inputs = list(inputs)
    urls = [str(given) for given in inputs if is_url(given)]
    items: Iterator[Item] = stream_documents([given for given in inputs if not is_url(given)],
                                             settings.max_file_bytes, counter)
    if not urls and not settings.fetch_full_articles:
        yield from items_with_text(items)
        return
    from .fetch import Fetcher  # the HTTP stack loads only when something is downloaded

    with nullcontext(fetcher) if fetcher is not None else Fetcher(settings) as fetch:
        items = _chain(items, read_urls(urls, fetch, settings))
        if settings.fetch_full_articles:
            items = full_articles(items, fetch, settings)
        yield from items_with_text(items)


def _chain(first: Iterator[Item], then: Iterator[Item]) -> Iterator[Item]:
    yield from first
    yield from then


def read_urls(urls: list[str], fetcher, settings: Settings) -> Iterator[Item]:
    """The documents of each URL, in order, downloaded ``fetch_concurrency`` at a time."""
    read = partial(read_url, fetcher=fetcher, max_bytes=settings.max_file_bytes)
    for items in ordered_map(read, urls, settings.fetch_concurrency):
        yield from items


def read_url(url: str, fetcher, max_bytes: int) -> list[Item]:
    """One URL's documents: an HTML page, a feed's items, JSON records, a text."""
    try:
        fetched = fetcher.fetch(url, MEDIA_SUFFIX)
        return list(read_fetched(fetched, url_id(fetched.final_url), max_bytes))
    except ReadError as exc:
        return [Skipped(url, _reason(exc))]


def read_fetched(fetched, doc_id: str, max_bytes: int) -> list[RawDocument]:
    """A download read by its media type; the page's address is its ``url``."""
    suffix = MEDIA_SUFFIX[fetched.media_type]
    if fetched.media_type in HTML_TYPES:
        text = decode_bytes(fetched.data, fetched.url, declared=fetched.charset)
        return [parse_html(text, doc_id, fetched.url, url=fetched.final_url)]
    if READER_BY_SUFFIX[suffix].binary:  # XML: feedparser follows its charset rules
        from .feeds import parse_feed

        return list(parse_feed(fetched.data, doc_id, fetched.url,
                               content_type=fetched.content_type, url=fetched.final_url))
    docs = read_bytes(fetched.data, f"download{suffix}", doc_id, fetched.url, max_bytes,
                      charset=fetched.charset)
    if suffix in (".txt", ".md") and docs[0].url is None:
        docs = [replace(docs[0], url=fetched.final_url)]
    return docs


def url_id(url: str) -> str:
    """A document id for a URL: host and path, as a file's id is its path."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


def full_articles(items: Iterator[Item], fetcher, settings: Settings) -> Iterator[Item]:
    """Each feed item with a link as its article page says it (read as an HTML page);
    the feed's own text when the page cannot be read, with a warning naming why."""
    def read(item: FeedItem) -> tuple[Item, str | None]:
        try:
            fetched = fetcher.fetch(item.url, HTML_TYPES)
            text = decode_bytes(fetched.data, fetched.url, declared=fetched.charset)
            page = parse_html(text, item.id, item.source, url=fetched.final_url)
        except ReadError as exc:
            return item, _reason(exc)
        return RawDocument(
            id=item.id, source=item.source, text=page.text, title=item.title or page.title,
            outlet=item.outlet or page.outlet, published=item.published or page.published,
            author=item.author or page.author, url=page.url or item.url), None

    for item, failure in ordered_map(read, items, settings.fetch_concurrency, _has_link):
        if failure is None:
            yield item
        elif item.text.strip():
            log.warning("%s: could not read the article page %s (%s); kept the feed's text",
                        _item_name(item), item.url, failure)
            yield item
        else:
            yield Skipped(_item_name(item), f"the feed gives no text for this item and its "
                                            f"article page {item.url} could not be read: "
                                            f"{failure}")


def _has_link(item: Item) -> bool:
    return isinstance(item, FeedItem) and bool(item.url)


def items_with_text(items: Iterable[Item]) -> Iterator[Item]:
    """Feed items without text become ``Skipped``; everything else passes."""
    for item in items:
        if isinstance(item, FeedItem) and not item.text.strip():
            yield Skipped(_item_name(item), NO_TEXT)
        else:
            yield item


def _item_name(item: FeedItem) -> str:
    title = f" ({item.title})" if item.title else ""
    return f"{item.source} item {item.number}{title}"


def _reason(exc: ReadError) -> str:
    return exc.message + (f" ({exc.hint})" if exc.hint else "")


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int,
                wanted: Callable[[T], bool] = lambda _: True) -> Iterator[R | tuple[T, None]]:
    """``fn`` over the ``wanted`` items in ``workers`` threads, in input order; an item
    not wanted passes through as ``(item, None)``, never waiting on a thread.  At most
    ``2 * workers`` results are held ahead of the consumer."""
    workers = max(workers, 1)
    pool = ThreadPoolExecutor(workers, thread_name_prefix="storycheck-fetch")
    window: deque[Future | tuple[T, None]] = deque()
    try:
        for item in items:
            window.append(pool.submit(fn, item) if wanted(item) else (item, None))
            while window and (len(window) > 2 * workers or _ready(window[0])):
                yield _result(window.popleft())
        while window:
            yield _result(window.popleft())
    finally:  # a consumer that stops early does not wait for downloads it will not read
        pool.shutdown(wait=False, cancel_futures=True)


def _ready(entry) -> bool:
    return not isinstance(entry, Future) or entry.done()


def _result(entry):
    return entry.result() if isinstance(entry, Future) else entry


__all__ = ["full_articles", "is_url", "items_with_text", "ordered_map", "read_fetched",
           "read_sources", "read_url", "url_id"]
