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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml
from charset_normalizer import from_bytes

from ..errors import ReadError
from ..models import RawDocument, Skipped

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson", ".jsonl.gz")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES

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

    A folder's files get ids ``<folder name>/<relative path>`` and a file's id is
    the path as given, so ids stay the same from one run to the next.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue  # hidden files and folders (.git, .DS_Store)
                rel = child.relative_to(path).as_posix()
                yield InputFile(child, f"{path.resolve().name}/{rel}")
        elif path.is_file():
            yield InputFile(path, path.as_posix())
        else:
            yield Skipped(str(given), "no such file or folder")


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def read_input(item: InputFile, max_bytes: int) -> list[RawDocument]:
    """Read one file into documents; raise ``ReadError`` saying why not."""
    suffix = suffix_of(item.path)
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReadError(f"unsupported file type {suffix or '(none)'!r}",
                        "supported: " + ", ".join(SUPPORTED_SUFFIXES))
    size = item.path.stat().st_size
    if size > max_bytes:
        raise ReadError(f"file is {size:,} bytes, over the {max_bytes:,}-byte cap",
                        "raise max_file_bytes to read it")
    data = item.path.read_bytes()
    if suffix == ".jsonl.gz":
        data = _gunzip(data, max_bytes)
    text = decode_bytes(data)
    if not text.strip():
        raise ReadError("file is empty")
    if suffix in TEXT_SUFFIXES:
        return [parse_text(text, doc_id=item.id, source=str(item.path))]
    if suffix in HTML_SUFFIXES:
        return [parse_html(text, doc_id=item.id, source=str(item.path))]
    return parse_json_records(text, base_id=item.id, source=str(item.path),
                              lines=suffix != ".json")


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise ReadError(f"not a valid gzip file: {exc}") from exc
    if len(out) > max_bytes:
        raise ReadError(f"uncompressed data is over the {max_bytes:,}-byte cap")
    return out


def decode_bytes(data: bytes) -> str:
    """UTF-8 when it is, else the encoding charset-normalizer detects."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary file (NUL bytes)", "give text, HTML or JSON")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ReadError("undecodable bytes: no text encoding fits")
    return str(best)


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


def parse_html(text: str, doc_id: str, source: str) -> RawDocument:
    from .html import extract_html

    page = extract_html(text)
    return RawDocument(id=doc_id, source=source, text=page.text, title=page.title,
                       outlet=page.outlet, published=page.published,
                       author=page.author, url=page.url)


def parse_json_records(text: str, base_id: str, source: str, lines: bool) -> list[RawDocument]:
    """A JSON object or list, or JSON Lines; records without text are skipped."""
    if lines:
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                records.append(_load_json(line, f"line {number}"))
    else:
        loaded = _load_json(text, "file")
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
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"invalid JSON ({where}): {exc.msg} at line {exc.lineno}") from exc


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
