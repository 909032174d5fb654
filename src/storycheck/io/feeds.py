"""RSS, Atom and JSON Feed into ``FeedItem`` documents, one per item.

RSS (all versions) and Atom go through feedparser, which reads the encoding
from the bytes themselves (byte order mark, XML declaration, the HTTP
Content-Type) and recovers what it can from XML that is not well formed; that
is said in a warning, and a feed with nothing recoverable is a ``ReadError``.
JSON Feed (https://jsonfeed.org) is plain JSON, recognised by its ``version``.

Each item becomes a document: its title as plain text (feeds put markup and
entities in titles), its link as ``url``, its publication date, author, the
feed's title as outlet, and its content (else summary) as text; HTML content
goes through ``extract_html``, as an HTML page does.  An item without any text
keeps an empty ``text``: its article page may still be fetched (see
``io/sources.py``), and it is skipped otherwise.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import io
import logging
import re
import xml.sax
from typing import Any

import feedparser
import lxml.etree
import lxml.html

from ..errors import ExtractError, ReadError
from ..models import FeedItem
from .html import extract_html
from .readers import parse_datetime

log = logging.getLogger("storycheck")

JSON_FEED_VERSION = "https://jsonfeed.org/version/"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
_MARKUP = re.compile(r"<[A-Za-z/!]|&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_SPACES = re.compile(r"\s+")
NOT_A_FEED_HINT = "give an RSS, Atom or JSON feed"


def parse_feed(data: bytes, doc_id: str, source: str, *, content_type: str | None = None,
               url: str | None = None) -> list[FeedItem]:
    """The items of an RSS or Atom feed; ``content_type`` and ``url`` are the HTTP
    Content-Type and address it came from, when it was downloaded (for its charset
    and relative links).  Raises ``ReadError`` when it holds no feed items."""
    headers = {}
    if content_type:
        headers["content-type"] = content_type
    if url:
        headers["content-location"] = url
    # a file object, never a string: feedparser would take a string for a URL or file name
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    problem = _bozo_reason(parsed)
    if not parsed.get("version"):
        if problem:
            raise ReadError(f"not a well-formed feed: {problem}", NOT_A_FEED_HINT)
        raise ReadError("not an RSS or Atom feed", NOT_A_FEED_HINT)
    entries = parsed.get("entries") or []
    if not entries:
        raise ReadError("the feed has no items" + (f" (and {problem})" if problem else ""))
    if problem:
        log.warning("%s: %s; read %d items with feedparser's lenient parser (check them)",
                    source, problem, len(entries))
    feed = parsed.get("feed", {})
    outlet = plain_text(feed.get("title"), _kind(feed.get("title_detail")))
    rss = str(parsed.get("version")).startswith("rss")
    return [_rss_item(entry, number, doc_id, source, outlet, rss)
            for number, entry in enumerate(entries, 1)]


def _bozo_reason(parsed) -> str | None:
    """What was wrong with a feed feedparser flagged as bozo, in words."""
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if isinstance(exc, xml.sax.SAXParseException):
        return (f"not well-formed XML (line {exc.getLineNumber()}, column "
                f"{exc.getColumnNumber()}: {exc.getMessage()})")
    if isinstance(exc, feedparser.CharacterEncodingOverride):
        return f"its declared encoding is wrong ({exc})"
    return f"{type(exc).__name__}: {exc}" if exc else "malformed"


def _rss_item(entry, number: int, doc_id: str, source: str, outlet: str | None,
              rss: bool) -> FeedItem:
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    body = contents[0] if contents else entry.get("summary_detail")
    text = ""
    if body and body.get("value"):
        text = body_text(body["value"], html=_kind(body) in HTML_TYPES)
    return FeedItem(
        id=f"{doc_id}#{number}", source=source, text=text,
        title=plain_text(entry.get("title"), _kind(entry.get("title_detail"))),
        outlet=outlet, published=_rss_date(entry), author=_author(entry, rss),
        url=entry.get("link") or None, number=number)


def _author(entry, rss: bool) -> str | None:
    """RSS 2.0 writes 'address (Name)', which feedparser splits wrongly for long top-level
    domains, so the standard library's address parser reads it; an address alone names
    no one.  Atom's author is structured, and dc:creator is a plain name."""
    raw = entry.get("author")
    if rss and raw and "@" in raw:
        return plain_text(email.utils.parseaddr(raw)[0])
    return plain_text((entry.get("author_detail") or {}).get("name") or raw)


def _kind(detail) -> str | None:
    return detail.get("type") if detail else None


def _rss_date(entry) -> dt.datetime | None:
    """The date as written (keeps its UTC offset), else feedparser's parsed UTC time."""
    for key in ("published", "updated", "created"):
        value = parse_datetime(entry.get(key))
        if value is not None:
            return value
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.datetime(*parsed[:6], tzinfo=dt.timezone.utc)
    return None


# --- JSON Feed ----------------------------------------------------------------------------


def is_json_feed(loaded: Any) -> bool:
    """Whether a loaded JSON value is a JSON Feed (by its ``version``)."""
    return isinstance(loaded, dict) and str(loaded.get("version", "")).startswith(
        JSON_FEED_VERSION)


def parse_json_feed(feed: dict, doc_id: str, source: str) -> list[FeedItem]:
    """The items of a JSON Feed (versions 1 and 1.1); ``ReadError`` when it has none."""
    items = feed.get("items")
    if not isinstance(items, list) or not items:
        raise ReadError("the JSON Feed has no items")
    outlet = plain_text(_string(feed.get("title")))
    docs = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            log.warning("%s: item %d is not a JSON object; skipped", source, number)
            continue
        docs.append(FeedItem(
            id=f"{doc_id}#{number}", source=source, text=_json_text(item),
            title=plain_text(_string(item.get("title"))), outlet=outlet,
            published=parse_datetime(_string(item.get("date_published"))
                                     or _string(item.get("date_modified"))),
            author=_json_author(item) or _json_author(feed),
            url=_string(item.get("url")) or _string(item.get("external_url")), number=number))
    if not docs:
        raise ReadError("no item of the JSON Feed is a JSON object")
    return docs


def _json_text(item: dict) -> str:
    if text := _string(item.get("content_text")):
        return text
    if html := _string(item.get("content_html")):
        return body_text(html, html=True)
    return _string(item.get("summary")) or ""


def _json_author(record: dict) -> str | None:
    """Version 1.1's ``authors`` list, else version 1's ``author``."""
    authors = record.get("authors")
    candidates = authors if isinstance(authors, list) else [record.get("author")]
    for author in candidates:
        if isinstance(author, dict) and (name := plain_text(_string(author.get("name")))):
            return name
    return None


def _string(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


# --- text ---------------------------------------------------------------------------------


def body_text(value: str, html: bool) -> str:
    """An item's content as plain text, one block per line; HTML as ``extract_html``
    reads a page, and "" when it holds no text (only an image, say)."""
    if not html:
        return value.strip()
    try:  # as a document: trafilatura logs an error for a bare one-element fragment
        return extract_html(f"<html><body>{value}</body></html>").text
    except ExtractError:
        return ""


def plain_text(value: str | None, kind: str | None = None) -> str | None:
    """A one-line field (a title, a name) as plain text: tags dropped, entities
    read, spaces collapsed.  Markup is looked for even when the feed says the
    field is plain text, since feeds often get that wrong."""
    if not value or not value.strip():
        return None
    if kind in HTML_TYPES or _MARKUP.search(value):
        try:
            value = lxml.html.fragment_fromstring(value, create_parent="div").text_content()
        except (lxml.etree.ParserError, ValueError):
            pass  # not parseable as markup: keep it as written
    return _SPACES.sub(" ", value).strip() or None


__all__ = ["body_text", "is_json_feed", "parse_feed", "parse_json_feed", "plain_text"]
