"""Load a Spark job's output (``io.spark_output``) into an empty store.

The job decided what ingest decides (document numbers, unique ids, revisions,
stories, copies, the grouper's state), so loading is writing: the same
records ``Store.ingest`` writes, in batches, all in one transaction (a load
that stops leaves the store empty, and running it again starts over).  The
saved grouper state covers every loaded document, so a later ``storycheck
ingest`` into the store continues grouping where the job stopped.
"""
from __future__ import annotations

from pathlib import Path

from ..api import ProgressCallback
from ..errors import StoreError
from ..io import spark_output as layout
from ..io.identity import source_key, utc_iso, utc_now
from ..io.records import Batch, IngestResult, NewDocument, NewRevision
from ..io.repository_interface import Repository
from ..models import Skipped

BATCH_ROWS = 500


def load_spark_output(repo: Repository, folder: str | Path,
                      progress: ProgressCallback | None = None) -> IngestResult:
    folder = Path(folder)
    manifest = layout.read_manifest(folder)
    result = IngestResult(unchanged=manifest["unchanged"])
    for source, reason in manifest["skipped"]:
        result.skip(Skipped(source, reason))
    result.skipped_count = manifest["skipped_count"]
    total = manifest["added"] + manifest["revised"]
    with repo.transaction():
        if repo.last_num():
            raise StoreError(f"{repo.location} already holds documents; a Spark job's output "
                             "loads into a new database only",
                             "pass another --db, or ingest the job's inputs with "
                             "'storycheck ingest'")
        last, now = 0, utc_now()
        for rows in layout.table_batches(folder, layout.DOCUMENTS, BATCH_ROWS):
            batch = Batch()
            for row in rows:
                last = _add_row(batch, row, last, now, result)
            repo.write_batch(batch)
            if progress:
                progress("ingest", result.added + result.revised, total)
        for rows in layout.table_batches(folder, layout.COPIES, BATCH_ROWS):
            batch = Batch(copies=[(r["copy"], r["original"], r["similarity"]) for r in rows])
            repo.write_batch(batch)
            result.copies += len(batch.copies)
        repo.save_grouper_state(layout.read_state(folder), last)
        repo.bump_generation()
    return result


def _add_row(batch: Batch, row: dict, last: int, now: str, result: IngestResult) -> int:
    """Add one documents-table row to ``batch``; returns the highest number seen."""
    num, revision = row["num"], row["revision"]
    if num < last or (revision == 1) != (num == last + 1):
        raise StoreError(f"the documents table is out of order at document {num} revision "
                         f"{revision}", "the job's output is damaged: run the job again")
    raw = layout.raw_from_columns(row["id"], row)
    batch.revisions.append(NewRevision(num, revision, row["content_hash"], raw, now))
    published = utc_iso(raw.published)
    if revision == 1:
        batch.documents.append(NewDocument(num, row["id"], row["key"], row["story"],
                                           source_key(raw, row["id"]), published))
        if row["signature"] is not None:
            batch.signatures.append((num, row["signature"], row["shingles"]))
        result.added += 1
    else:
        batch.bumped.append((num, revision, published))
        result.revised += 1
    result.stories.add(row["story"])
    return max(last, num)
