"""Stream documents from inputs of any size, one at a time.

JSON Lines files (``.jsonl``, ``.ndjson``, ``.jsonl.gz``) are read line by
line and web archives (``.warc``, ``.warc.gz``) record by record, so a file of
millions of records is never held in memory and has no size cap (each line or
record does: ``max_file_bytes``).  Every other file goes through
``readers.read_input`` as in ``analyze``.  Bad inputs and bad lines become
``Skipped`` records; nothing here raises for a bad input.

Document ids are the readers' ids: a record's ``id`` when present, else
``<file id>#<N>`` with N counting non-blank lines, as ``parse_json_records``
numbers them.
"""
from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import ReadError
from ..models import RawDocument, Skipped
from .decode import decode_bytes
from .readers import (READER_BY_SUFFIX, InputFile, discover, json_error, loads_json,
                      read_input, record_to_document, suffix_of)


@dataclass
class ByteCounter:
    """How far a stream has got: bytes of input files read so far, of ``total``.

    For gzip files the compressed bytes count, so progress matches file sizes.
    """

    total: int = 0
    done: int = 0


def stream_documents(paths: Iterable[str | os.PathLike], max_bytes: int,
                     counter: ByteCounter | None = None) -> Iterator[RawDocument | Skipped]:
    """Every document under ``paths`` and a ``Skipped`` for each failure, lazily."""
    counter = counter if counter is not None else ByteCounter()
    items = list(discover(paths))  # paths only: cheap, and gives a total for progress
    counter.total = sum(_size(item.path) for item in items if isinstance(item, InputFile))
    for item in items:
        if isinstance(item, Skipped):
            yield item
            continue
        yield from stream_input(item, max_bytes, counter)


def stream_input(item: InputFile, max_bytes: int,
                 counter: ByteCounter | None = None) -> Iterator[RawDocument | Skipped]:
    """The documents of one discovered input file, lazily, and a ``Skipped`` for
    each failure: what ``stream_documents`` yields for it (a Spark task reads
    one file with this)."""
    counter = counter if counter is not None else ByteCounter()
    base = counter.done
    reader = READER_BY_SUFFIX.get(suffix_of(item.path))
    if reader is not None and reader.lines:
        yield from stream_lines(item, max_bytes, counter)
    elif reader is not None and reader.archive:
        yield from stream_archive(item, max_bytes, counter)
    else:
        yield from _read_whole(item, max_bytes)
    counter.done = base + _size(item.path)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_whole(item: InputFile, max_bytes: int) -> Iterator[RawDocument | Skipped]:
    try:
        docs = read_input(item, max_bytes)
    except ReadError as exc:
        yield Skipped(str(item.path), exc.message)
        return
    except OSError as exc:
        yield Skipped(str(item.path), f"cannot read: {exc.strerror or exc}")
        return
    yield from docs


def _open_binary(item: InputFile) -> BinaryIO | Skipped:
    """The file opened for reading (the caller closes it), or why it cannot be."""
    try:
        return open(item.path, "rb")  # noqa: SIM115 - a generator closes it, maybe paused
    except OSError as exc:
        return Skipped(str(item.path), f"cannot read: {exc.strerror or exc}")


def stream_lines(item: InputFile, max_bytes: int,
                 counter: ByteCounter) -> Iterator[RawDocument | Skipped]:
    """One document per JSON line; a bad line is skipped, not the file."""
    base, raw = counter.done, _open_binary(item)
    if isinstance(raw, Skipped):
        yield raw
        return
    with raw:
        lines = gzip.GzipFile(fileobj=raw) if READER_BY_SUFFIX[suffix_of(item.path)].gzip else raw
        try:
            yield from _parse_lines(item, lines, max_bytes, counter, base, raw)
        except (OSError, EOFError, zlib.error) as exc:
            yield Skipped(str(item.path), f"stopped reading: {exc}")


def _parse_lines(item: InputFile, lines: BinaryIO, max_bytes: int, counter: ByteCounter,
                 base: int, raw: BinaryIO) -> Iterator[RawDocument | Skipped]:
    number = 0  # non-blank lines, as parse_json_records counts records
    for index, line in enumerate(lines, 1):
        if index % 64 == 0:
            counter.done = base + raw.tell()
        if not line.strip():
            continue
        number += 1
        where = f"{item.path} line {index}"
        if len(line) > max_bytes:
            yield Skipped(where, f"line is {len(line):,} bytes, over the {max_bytes:,}-byte cap")
            continue
        yield parse_line(line, f"{item.id}#{number}", str(item.path), where, first=index == 1)


def stream_archive(item: InputFile, max_bytes: int,
                   counter: ByteCounter) -> Iterator[RawDocument | Skipped]:
    """The pages of a web archive, record by record (``io.warc``)."""
    from .warc import read_warc

    base, raw = counter.done, _open_binary(item)
    if isinstance(raw, Skipped):
        yield raw
        return
    with raw:
        try:
            for doc in read_warc(raw, item.id, str(item.path), max_bytes):
                counter.done = base + raw.tell()
                yield doc
        except OSError as exc:
            yield Skipped(str(item.path), f"stopped reading: {exc.strerror or exc}")


def parse_line(line: bytes, fallback_id: str, source: str, where: str,
               first: bool = False) -> RawDocument | Skipped:
    """One JSON Lines record as a document, or why it cannot be one."""
    try:
        text = line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        try:
            text = decode_bytes(line, where)
        except ReadError as exc:
            return Skipped(where, exc.message)
    try:
        record = loads_json(text)
    except json.JSONDecodeError as exc:
        return Skipped(where, f"invalid JSON: {json_error(exc)}")
    doc = record_to_document(record, fallback_id, source)
    if doc is None:
        return Skipped(where, "no 'text', 'content' or 'body' field with text")
    return doc


__all__ = ["ByteCounter", "parse_line", "stream_archive", "stream_documents", "stream_input",
           "stream_lines"]
