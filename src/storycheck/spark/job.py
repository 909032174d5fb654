"""The Spark job behind ``storycheck spark``: ingest's work, past one machine.

Stages (each persisted and counted, so its time is its own):

1. **read**: the driver expands paths and globs (``io.readers.discover``); one
   task per input file reads it through the reader registry, so every format
   ``storycheck ingest`` reads works here, with the same ids and skip reasons.
2. **dedupe**: the first of each content hash is kept; within a revision key
   (URL, else id) the first is a new document and later ones its revisions,
   numbered in input order — what ingest decides batch by batch.
3. **features**: shingles, MinHash, LSH bands and grouping counts of each new
   document, ``compute_features`` on the executors.
4. **group**: the incremental ``StoryGrouper`` on the driver, fed in input
   order through ``toLocalIterator`` (one partition at a time, the next one
   prefetched), so stories are those ingest makes; only term counts cross.
5. **copies**: a join on (band, key) proposes pairs; the store's own checks
   (signature bound, exact containment) decide, and the direction rule is
   ``copy_index.copy_link``'s.
6. **write**: Parquet tables, the grouper state and the manifest
   (``io.spark_output`` holds the layout).

Why the grouper runs sequentially on the driver, and what that costs, is in
docs/scale.md.  Imports are absolute: ``spark-submit`` runs this file as a script.
"""
from __future__ import annotations

import glob
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import (ArrayType, BinaryType, DoubleType, IntegerType, LongType,
                               StringType, StructField, StructType)

from storycheck.io import spark_output as layout
from storycheck.io.identity import unique_id
from storycheck.io.readers import InputFile, discover
from storycheck.io.records import MAX_SKIPPED_KEPT
from storycheck.models import Skipped
from storycheck.settings import Settings
from storycheck.spark import tasks
from storycheck.grouping import StoryGrouper
from storycheck.workers import batches

GROUP_BATCH = 500  # documents per add_counts_many call (stories do not depend on it)
STAGES = ("read", "dedupe", "features", "group", "copies", "write")


def _schema(*columns: tuple[str, object]) -> StructType:
    return StructType([StructField(name, kind, True) for name, kind in columns])


_RAW = [(name, StringType()) for name in layout.RAW_COLUMNS]
READ_SCHEMA = _schema(("order", LongType()), ("doc_id", StringType()),
                      ("content_hash", StringType()), ("key", StringType()),
                      ("published_utc", StringType()), *_RAW, ("skipped", StringType()))
FEATURE_SCHEMA = _schema(("order", LongType()), ("doc_id", StringType()),
                         ("published", StringType()), ("published_utc", StringType()),
                         ("signature", BinaryType()), ("shingles", IntegerType()),
                         ("bands", ArrayType(LongType())), ("hashes", BinaryType()),
                         ("term_hashes", BinaryType()), ("term_table", BinaryType()),
                         ("event_days", BinaryType()))
ASSIGN_SCHEMA = _schema(("order", LongType()), ("num", LongType()), ("id", StringType()),
                        ("story", StringType()))
LINK_SCHEMA = _schema(("copy_order", LongType()), ("original_order", LongType()),
                      ("similarity", DoubleType()))


@dataclass
class JobResult:
    """What a job wrote, as the manifest records it."""

    added: int = 0
    revised: int = 0
    unchanged: int = 0
    copies: int = 0
    stories: int = 0
    skipped_count: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, wall clock
    grouper_seconds: float = 0.0  # CPU of the group stage in StoryGrouper itself

    def manifest(self, spark: SparkSession, settings: Settings) -> dict:
        return {"format": layout.FORMAT, "added": self.added, "revised": self.revised,
                "unchanged": self.unchanged, "copies": self.copies, "stories": self.stories,
                "skipped_count": self.skipped_count,
                "skipped": [[s.source, s.reason] for s in self.skipped],
                "seconds": self.seconds, "grouper_seconds": round(self.grouper_seconds, 3),
                "settings": {"max_file_bytes": settings.max_file_bytes,
                             "copy_threshold": settings.copy_threshold},
                "spark": {"version": spark.version, "master": spark.sparkContext.master,
                          "parallelism": spark.sparkContext.defaultParallelism}}


def spark_session(master: str | None = None) -> SparkSession:
    """spark-submit's session, or a new one on ``master`` (default ``local[*]``).

    On a local master the Python workers run this interpreter, which has
    storycheck and its dependencies (Spark would start the first ``python3`` on
    the PATH); on a cluster they run what PYSPARK_PYTHON names there.
    """
    builder = SparkSession.builder.appName("storycheck")
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # not started by spark-submit
        master = master or "local[*]"
    if master:
        builder = builder.master(master)
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # read by SparkContext
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")  # spark-submit's INFO lines would bury ours
    if spark.sparkContext.master.startswith("local"):
        # Spark's 200 shuffle partitions suit a cluster; on one machine each costs
        # a task start per stage for a few rows.
        spark.conf.set("spark.sql.shuffle.partitions", 2 * spark.sparkContext.defaultParallelism)
    return spark


def run_job(spark: SparkSession, paths: Iterable[str], out: str | Path,
            settings: Settings | None = None, partitions: int | None = None) -> JobResult:
    """Read, dedupe, sign, group and find copies of everything under ``paths``
    (files, folders, globs); write the tables ``storycheck ingest --from-spark`` loads."""
    settings = settings or Settings()
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    (out / layout.MANIFEST).unlink(missing_ok=True)  # the folder is unfinished until the end
    partitions = partitions or 2 * spark.sparkContext.defaultParallelism
    result, cached = JobResult(), []
    timed = partial(_timed, result.seconds)
    try:
        with timed("read"):
            read = _read(spark, paths, settings, result)
            cached.append(read)
        with timed("dedupe"):
            revisions = _revisions(read.where(F.col("skipped").isNull()).drop("skipped"))
            cached.append(revisions)
            result.unchanged = read.where(F.col("skipped").isNull()).count() - revisions.count()
        with timed("features"):
            features = _features(spark, revisions, partitions)
            cached.append(features)
            result.added = features.count()
            result.revised = revisions.count() - result.added
        with timed("group"):
            grouper, assigned = _group(features, result)
            assignments = spark.createDataFrame(assigned, ASSIGN_SCHEMA).persist()
            cached.append(assignments)
            result.stories = len(grouper.stories())
        with timed("copies"):
            copies = _copies(spark, features, assignments, settings.copy_threshold)
            cached.append(copies)
            result.copies = copies.count()
        with timed("write"):
            _write(out, revisions, features, assignments, copies)
            layout.write_json(out, layout.STATE, grouper.to_state())
    finally:
        for frame in cached:
            frame.unpersist()
    layout.write_json(out, layout.MANIFEST, result.manifest(spark, settings))
    return result


@contextmanager
def _timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    seconds[stage] = round(time.perf_counter() - started, 3)


def expand_globs(paths: Iterable[str]) -> Iterator[str | Skipped]:
    """Paths as given, globs (``*``, ``?``, ``[``, ``**``) replaced by their sorted matches."""
    for path in map(str, paths):
        if not glob.has_magic(path):
            yield path
            continue
        matches = sorted(glob.glob(path, recursive=True))
        yield from matches or [Skipped(path, "no file matches this pattern")]


def _read(spark: SparkSession, paths: Iterable[str], settings: Settings,
          result: JobResult) -> DataFrame:
    files: list[InputFile] = []
    for path in expand_globs(paths):
        for item in [path] if isinstance(path, Skipped) else discover([path]):
            (result.skipped if isinstance(item, Skipped) else files).append(item)
    rows = spark.sparkContext.parallelize(list(enumerate(files)), max(1, len(files))) \
        .mapPartitions(partial(tasks.read_rows, max_bytes=settings.max_file_bytes))
    read = spark.createDataFrame(rows, READ_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
    bad = read.where(F.col("skipped").isNotNull())
    result.skipped_count = len(result.skipped) + bad.count()
    kept = MAX_SKIPPED_KEPT - len(result.skipped)
    result.skipped += [Skipped(row.source, row.skipped)
                       for row in bad.orderBy("order").limit(kept).collect()]
    return read


def _revisions(docs: DataFrame) -> DataFrame:
    """The first document of each content, numbered within its revision key."""
    first = Window.partitionBy("content_hash").orderBy("order")
    in_key = Window.partitionBy("key").orderBy("order")
    return (docs.withColumn("copy_number", F.row_number().over(first))
            .where(F.col("copy_number") == 1).drop("copy_number")
            .withColumn("revision", F.row_number().over(in_key))
            .persist(StorageLevel.MEMORY_AND_DISK))


def _features(spark: SparkSession, revisions: DataFrame, partitions: int) -> DataFrame:
    # Ranges of input order, each sorted: the driver then reads the features in
    # input order partition by partition, with no further sort of the term counts.
    new = revisions.where(F.col("revision") == 1) \
        .select("order", "doc_id", "title", "text", "published", "published_utc") \
        .repartitionByRange(partitions, "order").sortWithinPartitions("order")
    return spark.createDataFrame(new.rdd.mapPartitions(tasks.feature_rows), FEATURE_SCHEMA) \
        .persist(StorageLevel.MEMORY_AND_DISK)


def _group(features: DataFrame, result: JobResult
           ) -> tuple[StoryGrouper, list[tuple[int, int, str, str]]]:
    """(order, num, id, story) of each new document, grouped in input order as
    ``Store.ingest`` groups them (ids made unique the same way, numbers from 1)."""
    grouper, assigned, taken = StoryGrouper(), [], set()
    rows = features.select("order", "doc_id", "published", "term_hashes", "term_table",
                           "event_days").toLocalIterator(prefetchPartitions=True)
    for chunk in batches(_in_order(rows), GROUP_BATCH):
        ids = [unique_id(row.doc_id, taken) for row in chunk]
        items = [(doc_id, tasks.term_counts(row.term_hashes, row.term_table, row.event_days),
                  layout.published_from(row.published)) for doc_id, row in zip(ids, chunk)]
        started = time.thread_time()  # this thread's CPU: the prefetching one is apart
        stories = grouper.add_counts_many(items)
        result.grouper_seconds += time.thread_time() - started
        assigned += [(row.order, len(assigned) + k + 1, doc_id, story)
                     for k, (row, doc_id, story) in enumerate(zip(chunk, ids, stories))]
    return grouper, assigned


def _in_order(rows: Iterable) -> Iterator:
    """The rows, checked to come in input order (stories depend on it)."""
    last = -1
    for row in rows:
        if row.order <= last:
            raise RuntimeError("features reached the driver out of input order")
        last = row.order
        yield row


def _copies(spark: SparkSession, features: DataFrame, assignments: DataFrame,
            threshold: float) -> DataFrame:
    """(copy, original, similarity) by document number, for every pair of new
    documents the store would link."""
    bands = features.where(F.col("signature").isNotNull()) \
        .select("order", F.posexplode("bands").alias("band", "key"))
    a, b = bands.alias("a"), bands.alias("b")
    pairs = a.join(b, (F.col("a.band") == F.col("b.band")) & (F.col("a.key") == F.col("b.key"))
                   & (F.col("a.order") < F.col("b.order"))) \
        .select(F.col("a.order").alias("a_order"), F.col("b.order").alias("b_order")).distinct()
    side = features.select("order", "signature", "shingles", "hashes", "published_utc")
    candidates = pairs.join(_prefixed(side, "a"), "a_order").join(_prefixed(side, "b"), "b_order")
    links = spark.createDataFrame(candidates.rdd.mapPartitions(
        partial(tasks.verified_copies, threshold=threshold)), LINK_SCHEMA)
    number = assignments.select("order", "num")
    return (links.join(_renamed(number, copy_order="order", copy="num"), "copy_order")
            .join(_renamed(number, original_order="order", original="num"), "original_order")
            .select("copy", "original", "similarity").orderBy("copy", "original")
            .persist(StorageLevel.MEMORY_AND_DISK))


def _prefixed(frame: DataFrame, prefix: str) -> DataFrame:
    return frame.select(*[F.col(c).alias(f"{prefix}_{c}") for c in frame.columns])


def _renamed(frame: DataFrame, **names: str) -> DataFrame:
    return frame.select(*[F.col(old).alias(new) for new, old in names.items()])


def _write(out: Path, revisions: DataFrame, features: DataFrame, assignments: DataFrame,
           copies: DataFrame) -> None:
    firsts = revisions.where(F.col("revision") == 1).select("key", "order") \
        .join(assignments, "order").drop("order")
    documents = (revisions.join(firsts, "key")
                 .join(features.select("order", "signature", "shingles"), "order", "left")
                 .select("num", "revision", "id", "story", "key", "content_hash",
                         *layout.RAW_COLUMNS, "signature", "shingles")
                 .orderBy("num", "revision"))
    for name, frame in ((layout.DOCUMENTS, documents), (layout.COPIES, copies),
                        (layout.STORIES, assignments.select("num", "id", "story").orderBy("num"))):
        shutil.rmtree(out / name, ignore_errors=True)
        frame.write.parquet((out / name).as_uri())


def main(argv: list[str] | None = None) -> None:
    """``spark-submit .../storycheck/spark/job.py SOURCE... --out DIR``: the CLI command."""
    from storycheck.cli.spark import spark_command

    spark_command.main(argv, prog_name="storycheck spark")


if __name__ == "__main__":
    main()
