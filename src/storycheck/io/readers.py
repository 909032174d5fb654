"""Read files of any supported format into ``RawDocument`` records.

Bad inputs never stop a batch: each failure becomes a ``Skipped`` record that
names the file and the reason.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from ..errors import ReadError
from ..models import RawDocument, Skipped
from .decode import decode_bytes

TEXT_FIELDS = ("text", "content", "body")
OUTLET_FIELDS = ("outlet", "source", "site")
DATE_FIELDS = ("published", "date")


@dataclass(frozen=True)
class InputFile:
    """A file to read and the stable id prefix its documents get."""

    path: Path
    id: str


def discover(paths: Iterable[str | os.PathLike]) -> Iterator[InputFile | Skipped]:
    """Expand files and folders (recursively, sorted) into input files.

    A folder's files get ids ``<folder name>/<relative path>``; a file's id is
    the path as given when relative, else its path from the current folder, or
    ``<parent folder>/<name>`` outside it: ids stay the same from one run to
    the next and never hold an absolute path (they end up in URLs).  A missing
    path and a folder without files are ``Skipped``.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = [p for p in sorted(path.rglob("*")) if p.is_file()
                     and not any(part.startswith(".") for part in p.relative_to(path).parts)]
            if not files:  # hidden files and folders (.git, .DS_Store) do not count
                yield Skipped(str(given), "the folder holds no files")
            for child in files:
                rel = child.relative_to(path).as_posix()
                yield InputFile(child, f"{path.resolve().name}/{rel}")
        elif path.is_file():
            yield InputFile(path, file_id(path))
        else:
            yield Skipped(str(given), "no such file or folder")


def file_id(path: Path) -> str:
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return "/".join(path.parts[-2:]) if len(path.parts) > 2 else path.name


def suffix_of(name: str | os.PathLike) -> str:
    """The suffix that picks a reader: '.jsonl.gz' and '.warc.gz' count as one."""
    name = Path(name).name.lower()
    return next((double for double in DOUBLE_SUFFIXES if name.endswith(double)),
                Path(name).suffix)


def read_input(item: InputFile, max_bytes: int) -> list[RawDocument]:
    """Read one file into documents; raise ``ReadError`` saying why not."""
    reader_for(item.path)  # an unsupported type is refused before its size is looked at
    size = item.path.stat().st_size
    if size > max_bytes:
        raise ReadError(f"file is {size:,} bytes, over the {max_bytes:,}-byte cap",
                        "raise max_file_bytes to read it")
    return read_bytes(item.path.read_bytes(), item.path.name, item.id, str(item.path), max_bytes)


def read_bytes(data: bytes, name: str, doc_id: str, source: str,
               max_bytes: int, charset: str | None = None) -> list[RawDocument]:
    """Read one file's bytes (an upload, a download, a file already in memory) into
    documents; ``name`` picks the reader by its suffix, ``charset`` is the encoding
    declared with the bytes (an HTTP header), if any.  Raises ``ReadError`` saying why not."""
    reader = reader_for(name)
    if len(data) > max_bytes:
        raise ReadError(f"file is {len(data):,} bytes, over the {max_bytes:,}-byte cap",
                        "raise max_file_bytes to read it")
    if reader.gzip:
        data = _gunzip(data, max_bytes)
    if reader.binary:
        if not data.strip():
            raise ReadError("file is empty")
        return reader.parse(data, doc_id, source)
    text = decode_bytes(data, source, declared=charset)
    if not text.strip():
        raise ReadError("file is empty")
    return reader.parse(text, doc_id, source)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise ReadError(f"not a valid gzip file: {exc}") from exc
    if len(out) > max_bytes:
        raise ReadError(f"uncompressed data is over the {max_bytes:,}-byte cap")
    return out


def parse_text(text: str, doc_id: str, source: str) -> RawDocument:
    """Plain text with optional front matter (title, outlet, published, url)."""
    meta: dict = {}
    body = text
    if text.lstrip().startswith("---"):
        try:
            post = frontmatter.loads(text.lstrip())
            meta, body = dict(post.metadata), post.content
        except (yaml.YAMLError, ValueError) as exc:
            raise ReadError(f"front matter is not valid YAML: {exc}") from exc
    if not body.strip():
        raise ReadError("no text after the front matter")
    return RawDocument(
        id=str(meta.get("id") or doc_id), source=source, text=body,
        title=_str(meta.get("title")) or guess_title(body),
        outlet=_first(meta, OUTLET_FIELDS), published=parse_datetime(_first_raw(meta, DATE_FIELDS)),
        author=_str(meta.get("author")), url=_str(meta.get("url")))


def guess_title(body: str) -> str | None:
    """The first headline-like line among the first few: short, no final stop."""
    lines = [line.strip() for line in body.splitlines() if line.strip()][:4]
    for line in lines:
        words = line.split()
        if 2 <= len(words) <= 22 and line[-1] not in ".!?:;,\"'”’…":
            return line
    return None


def parse_html(text: str, doc_id: str, source: str, url: str | None = None) -> RawDocument:
    """An HTML page's article body and metadata (through trafilatura); ``url``: where
    the page was downloaded from, if it was."""
    from .html import extract_html

    page = extract_html(text, url)
    return RawDocument(id=doc_id, source=source, text=page.text, title=page.title,
                       outlet=page.outlet, published=page.published,
                       author=page.author, url=page.url)


def parse_json_records(text: str, base_id: str, source: str, lines: bool) -> list[RawDocument]:
    """A JSON object or list, or JSON Lines; records without text are skipped.
    A JSON Feed (an object with a jsonfeed.org ``version``) gives its items."""
    if lines:
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                records.append(_load_json(line, f"line {number}"))
    else:
        loaded = _load_json(text, "file")
        from .feeds import is_json_feed, parse_json_feed

        if is_json_feed(loaded):
            return list(parse_json_feed(loaded, base_id, source))
        records = loaded if isinstance(loaded, list) else [loaded]
    docs = []
    for index, record in enumerate(records, 1):
        doc = record_to_document(record, f"{base_id}#{index}", source)
        if doc is not None:
            docs.append(doc)
    if not docs:
        raise ReadError("no record has a 'text', 'content' or 'body' field")
    return docs


def _load_json(text: str, where: str):
    try:
        return loads_json(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"invalid JSON ({where}): {json_error(exc)}") from exc


def loads_json(text: str):
    """``json.loads``; nesting too deep for Python's parser (``[[[[...``, which
    raises RecursionError) is invalid JSON like any other."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def json_error(exc: json.JSONDecodeError) -> str:
    """'Unterminated string starting at' (line 2, column 5): json's message ends
    with 'at' for some errors, so the place goes in brackets."""
    return f"{exc.msg.removesuffix(' at')} (line {exc.lineno}, column {exc.colno})"


def record_to_document(record, fallback_id: str, source: str) -> RawDocument | None:
    if not isinstance(record, dict):
        return None
    body = _first(record, TEXT_FIELDS)
    if not body or not body.strip():
        return None
    return RawDocument(
        id=_str(record.get("id")) or fallback_id, source=source, text=body,
        title=_str(record.get("title")) or guess_title(body),
        outlet=_first(record, OUTLET_FIELDS),
        published=parse_datetime(_first_raw(record, DATE_FIELDS)),
        author=_str(record.get("author")), url=_str(record.get("url")))


def parse_datetime(value) -> dt.datetime | None:
    """ISO 8601 or RFC 2822 dates; None when absent or unparseable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None


def _str(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _first_raw(record: dict, keys: tuple[str, ...]):
    for key in keys:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def _first(record: dict, keys: tuple[str, ...]) -> str | None:
    value = _first_raw(record, keys)
    return None if isinstance(value, (dict, list)) else _str(value)


# --- the registry: one reader per suffix -----------------------------------------------

# parse(text, doc_id, source) -> documents; the bytes instead of text for a binary reader
Parse = Callable[[Any, str, str], "list[RawDocument]"]


@dataclass(frozen=True)
class Reader:
    """How files with these suffixes become documents."""

    suffixes: tuple[str, ...]
    parse: Parse
    lines: bool = False  # JSON Lines: io.stream reads such files line by line
    gzip: bool = False
    binary: bool = False  # parse decodes the bytes itself (XML declares its own encoding)
    archive: bool = False  # a web archive: io.stream reads it record by record (io.warc)


def _one(parse: Callable[[str, str, str], RawDocument]) -> Parse:
    return lambda text, doc_id, source: [parse(text, doc_id, source)]


def _json(lines: bool) -> Parse:
    return lambda text, doc_id, source: parse_json_records(text, doc_id, source, lines)


def parse_feed_bytes(data: bytes, doc_id: str, source: str) -> list[RawDocument]:
    """An RSS or Atom feed's items (io.feeds); an .xml file that is no feed is refused."""
    from .feeds import parse_feed

    return list(parse_feed(data, doc_id, source))


def parse_warc_bytes(data: bytes, doc_id: str, source: str) -> list[RawDocument | Skipped]:
    """A web archive in memory (an upload): its pages, and why each other record is none."""
    from .warc import read_warc

    return list(read_warc(io.BytesIO(data), doc_id, source, len(data)))


READERS = (
    Reader((".txt", ".md", ".text", ".markdown"), _one(parse_text)),
    Reader((".html", ".htm", ".xhtml"), _one(parse_html)),
    Reader((".json",), _json(lines=False)),
    Reader((".jsonl", ".ndjson"), _json(lines=True), lines=True),
    Reader((".jsonl.gz",), _json(lines=True), lines=True, gzip=True),
    Reader((".rss", ".atom", ".xml"), parse_feed_bytes, binary=True),
    Reader((".warc", ".warc.gz"), parse_warc_bytes, binary=True, archive=True),
)
DOUBLE_SUFFIXES = (".jsonl.gz", ".warc.gz")
READER_BY_SUFFIX = {suffix: reader for reader in READERS for suffix in reader.suffixes}
SUPPORTED_SUFFIXES = tuple(READER_BY_SUFFIX)


def reader_for(name: str | os.PathLike) -> Reader:
    """The reader for a file name, by suffix; ``ReadError`` for unsupported types."""
    suffix = suffix_of(name)
    reader = READER_BY_SUFFIX.get(suffix)
    if reader is None:
        raise ReadError(f"unsupported file type {suffix or '(none)'!r}",
                        "supported: " + ", ".join(SUPPORTED_SUFFIXES))
    return reader
