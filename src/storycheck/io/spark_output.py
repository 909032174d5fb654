"""The folder a Spark job writes and ``storycheck ingest --from-spark`` reads.

::

    DIR/manifest.json        format, counts, skipped inputs, stage timings (written last:
                             a folder without it is an unfinished job)
    DIR/grouper_state.json   the story grouper after the last document, so that a
                             store loaded from DIR goes on grouping incrementally
    DIR/documents/*.parquet  one row per stored revision, sorted by (num, revision)
    DIR/copies/*.parquet     near-duplicate links: copy, original (document numbers), similarity
    DIR/stories/*.parquet    story assignments: num, id, story

Reading needs pyarrow only (the ``[spark]`` extra), not Spark.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import StoreError
from ..models import RawDocument

FORMAT = "storycheck-spark/1"
MANIFEST, STATE = "manifest.json", "grouper_state.json"
DOCUMENTS, COPIES, STORIES = "documents", "copies", "stories"
# RawDocument fields as columns; ``published`` is ISO 8601 text as the reader gave it
# (time zone kept), as the store's revisions table holds it.
RAW_COLUMNS = ("source", "text", "title", "outlet", "published", "author", "url")


def raw_columns(raw: RawDocument) -> tuple:
    """The RAW_COLUMNS values of a document, in order."""
    return (raw.source, raw.text, raw.title, raw.outlet,
            raw.published.isoformat() if raw.published else None, raw.author, raw.url)


def raw_from_columns(doc_id: str, row: dict) -> RawDocument:
    return RawDocument(id=doc_id, source=row["source"], text=row["text"], title=row["title"],
                       outlet=row["outlet"], published=published_from(row["published"]),
                       author=row["author"], url=row["url"])


def published_from(text: str | None) -> dt.datetime | None:
    """The ``published`` column back as the reader's datetime."""
    return dt.datetime.fromisoformat(text) if text else None


def write_json(folder: Path, name: str, data: dict) -> None:
    """Write next to the tables, atomically (a rename), so a reader never sees half."""
    part = folder / f".{name}.part"
    part.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
    part.replace(folder / name)


def read_manifest(folder: Path) -> dict:
    """The job's manifest; ``StoreError`` when the folder is not a finished job's."""
    path = folder / MANIFEST
    if not path.is_file():
        raise StoreError(f"{folder} holds no {MANIFEST}: not the output of a finished "
                         "'storycheck spark' job", "run the job again with --out pointing there")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read {path}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise StoreError(f"{path} has format {manifest.get('format')!r}; this storycheck reads "
                         f"{FORMAT!r}", "run the job with this storycheck version")
    return manifest


def read_state(folder: Path) -> dict:
    return json.loads((folder / STATE).read_text(encoding="utf-8"))


def table_batches(folder: Path, table: str, batch_rows: int) -> Iterator[list[dict]]:
    """The rows of a table as lists of dicts, part file by part file in name order
    (Spark numbers its parts in the order of a sorted table)."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StoreError("reading a Spark job's output needs pyarrow",
                         "pip install 'storycheck[spark]'") from exc
    if not (folder / table).is_dir():
        raise StoreError(f"{folder} has no {table} table", "the job's output is incomplete: "
                         "run the job again")
    parts = sorted((folder / table).glob("*.parquet"))
    for part in parts:
        for batch in pq.ParquetFile(part).iter_batches(batch_size=batch_rows):
            yield batch.to_pylist()
