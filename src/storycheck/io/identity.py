"""Document identity in a store: content hashes, revision keys, source keys, and
times as sortable UTC text.

Naive datetimes are UTC everywhere in storycheck (``utc_iso`` here, the copy
direction in ``steps/copies.py``, the grouper), so that ``analyze`` and
``ingest`` agree on which report came first on a machine in any time zone.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from urllib.parse import urlsplit

from ..models import RawDocument


def content_hash(raw: RawDocument) -> str:
    """What makes two documents the same: every field but the id and the file read from."""
    parts = (raw.title or "", raw.outlet or "", raw.published.isoformat() if raw.published else "",
             raw.author or "", raw.url or "", raw.text)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:32]


def document_key(raw: RawDocument) -> str:
    """A document's identity across revisions: its URL, else its id."""
    return f"url:{raw.url}" if raw.url else f"id:{raw.id}"


def unique_id(wanted: str, taken: set[str],
              stored: Callable[[str], bool] = lambda candidate: False) -> str:
    """The reader's id, or ``id~2``, ``id~3``... when another document has it
    (in ``taken``, or ``stored`` says so); the id returned is added to ``taken``."""
    candidate, n = wanted, 1
    while candidate in taken or (n > 1 and stored(candidate)):
        n += 1
        candidate = f"{wanted}~{n}"
    taken.add(candidate)
    return candidate


def source_key(raw: RawDocument, doc_id: str) -> str:
    """What counts as one source: the outlet, else the URL's host, else the document."""
    if raw.outlet:
        return "outlet:" + raw.outlet.strip().lower()
    host = urlsplit(raw.url).hostname if raw.url else None
    if host:
        return "host:" + host.lower().removeprefix("www.")
    return "doc:" + doc_id


def utc_iso(value: dt.datetime | None) -> str | None:
    """Sortable UTC text; naive times are taken as UTC (as the grouper does)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.isoformat(timespec="seconds")


def utc_now() -> str:
    """The current time, as stored (ISO 8601 with offset, whole seconds)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
