"""Web archives: the HTML pages in WARC files (``.warc``, ``.warc.gz``), one at a time.

Common Crawl's CC-NEWS files are read as they are: gzip members of one record
each, response records with ``WARC-Target-URI`` and ``WARC-Date``.  Each
response (or resource) record holding an HTML page goes through the HTML
extractor, as a downloaded page does (``sources.read_fetched``): the record's
target URI is where the page came from (its own canonical URL wins), and the
WARC-Date is the date when the page gives none.  Request, metadata, warcinfo
and revisit records are not documents and pass unsaid.

A record that cannot be a document is a ``Skipped`` saying why: not HTML, an
HTTP status other than 2xx, cut short (``WARC-Truncated``, or a file that ends
inside it), over the size cap, unparsable.  A break in the file (a corrupt
gzip member, a header that is no WARC header) is a ``Skipped`` too, and
reading goes on at the next record after it; the documents before it stay.
Records are read from the file as they come (fastwarc), so memory stays
constant whatever the file's size.

Document ids are ``<file id>#<N>``, N the record's place among the file's
records (all types, from 1), as JSON Lines records are ``<file id>#<line>``.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..errors import ReadError
from ..models import RawDocument, Skipped
from .decode import decode_bytes
from .readers import parse_datetime, parse_html
from .sources import HTML_TYPES

DOCUMENT_TYPES = (WarcRecordType.response, WarcRecordType.resource)
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SCAN_CHUNK = 1 << 20


def read_warc(stream: BinaryIO, file_id: str, source: str,
              max_bytes: int) -> Iterator[RawDocument | Skipped]:
    """The documents of a WARC file open for reading (plain or gzip; seekable), and a
    ``Skipped`` for each record that is none and each break, lazily."""
    gzipped = stream.read(3) == _GZIP_MAGIC
    start = 0
    number = 0  # records seen, of every type
    last_record = None  # file offset of the last record read (its gzip member)
    while True:
        stream.seek(start)
        found = False
        try:
            for record in ArchiveIterator(stream, parse_http=True, auto_decode="all"):
                found = True
                number += 1
                last_record = record.stream_pos  # from the file's start, as tell()
                item = record_item(record, f"{file_id}#{number}", source, number, max_bytes)
                if item is not None:
                    yield item
        except OSError as exc:  # fastwarc stops at a break: go on after it
            broken_at = last_record if found and last_record is not None else start
            resume = _next_start(stream, broken_at + 1, gzipped)
            if found or start == 0:
                yield Skipped(f"{source} after record {number}",
                              f"unreadable data ({exc}); "
                              + (f"reading went on at byte {resume:,}" if resume is not None
                                 else "nothing after it could be read"))
            if resume is None:
                return
            start = resume
        else:
            if gzipped and last_record is not None and _unread_tail(stream, last_record):
                yield Skipped(f"{source} after record {number}",
                              "the file ends inside a record: it is cut off (an incomplete "
                              "download or copy?)")
            return


def record_item(record, doc_id: str, source: str, number: int,
                max_bytes: int) -> RawDocument | Skipped | None:
    """One record as a document, a ``Skipped`` saying why it is none, or None for a
    record that is no document (request, metadata, warcinfo, revisit)."""
    if record.record_type not in DOCUMENT_TYPES:
        return None
    headers = record.headers
    uri = headers.get("WARC-Target-URI")
    where = f"{source} record {number}" + (f" ({uri})" if uri else "")
    if headers.get("WARC-Truncated"):
        return Skipped(where, f"the archive holds only part of this page "
                              f"(WARC-Truncated: {headers.get('WARC-Truncated')})")
    if record.record_type == WarcRecordType.response:
        if not record.is_http or record.http_headers is None:
            return Skipped(where, "not an HTTP response (unparsable or cut-off record)")
        status = record.http_headers.status_code
        if not 200 <= status < 300:
            return Skipped(where, f"HTTP status {status}, not a page")
        media, charset = record.http_content_type, record.http_charset
    else:  # a resource record holds the file itself, typed by its WARC Content-Type
        declared = headers.get("Content-Type") or ""
        media, _, params = declared.partition(";")
        charset = params.partition("charset=")[2].strip(" \"'") or None
    media = (media or "").split(";")[0].strip().lower()
    if media and media not in HTML_TYPES:
        return Skipped(where, f"not an HTML page ({media})")
    if record.content_length > max_bytes:
        return Skipped(where, f"record is {record.content_length:,} bytes, over the "
                              f"{max_bytes:,}-byte cap")
    try:
        data = record.reader.read()
    except OSError as exc:  # a payload whose Content-Encoding does not decode
        return Skipped(where, f"cannot read the record: {exc}")
    chunked = record.is_http and record.http_headers.get("Transfer-Encoding")
    if len(data) < record.content_length and not chunked:  # chunked: decoding shortens it
        return Skipped(where, f"the record is cut off ({len(data):,} of "
                              f"{record.content_length:,} bytes)")
    try:
        doc = parse_html(decode_bytes(data, where, declared=charset), doc_id, source, url=uri)
    except ReadError as exc:
        return Skipped(where, exc.message)
    if doc.published is None:
        doc = replace(doc, published=parse_datetime(headers.get("WARC-Date")))
    return doc


def _next_start(stream: BinaryIO, offset: int, gzipped: bool) -> int | None:
    """The offset of the next record start (a gzip member, or 'WARC/1.') at or after
    ``offset``; None when there is none."""
    magic = _GZIP_MAGIC if gzipped else _WARC_MAGIC
    stream.seek(offset)
    carry = b""
    while chunk := stream.read(_SCAN_CHUNK):
        window = carry + chunk
        at = window.find(magic)
        if at >= 0:
            return offset - len(carry) + at
        carry = window[-(len(magic) - 1):]
        offset += len(chunk)
    return None


def _unread_tail(stream: BinaryIO, last_member: int) -> bool:
    """Whether bytes follow the gzip member at ``last_member``: the start of a record
    cut off so early that fastwarc passes over it without a word."""
    stream.seek(last_member)
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        while not inflate.eof and (data := stream.read(_SCAN_CHUNK)):
            while data and not inflate.eof:  # output in bounded pieces, dropped
                inflate.decompress(data, _SCAN_CHUNK)
                data = inflate.unconsumed_tail
    except zlib.error:  # the member itself is corrupt: fastwarc said so already
        return False
    return inflate.eof and bool(inflate.unused_data.strip(b"\0") or stream.read(1).strip(b"\0"))


__all__ = ["read_warc", "record_item"]
