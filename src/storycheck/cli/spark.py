"""``storycheck spark``: ingest's work on a Spark cluster (or local cores), to Parquet."""
from __future__ import annotations

import os
import shutil
import sys

import click

from .database import echo_skipped
from .shell import (EXIT_NOTHING_ANALYSED, cli, nothing_read, parse_settings, plural,
                    setting_option, warn_missing)


@cli.command("spark", short_help="Ingest with Spark: inputs to Parquet for 'ingest --from-spark'.")
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the Parquet tables (on a filesystem every executor sees).")
@click.option("--master", help="Spark master URL, such as local[4] or spark://host:7077 "
              "(default: spark-submit's, else local[*]).")
@click.option("--partitions", type=click.IntRange(min=1),
              help="Partitions for the per-document work (default: 2 per core).")
@setting_option
def spark_command(sources, out_dir, master, partitions, setting_pairs) -> None:
    """Read SOURCES (files, folders, globs such as 'crawl/*.jsonl.gz') on Spark:
    documents, revisions, signatures, copies and stories, as 'ingest' makes them.

    Writes Parquet tables to --out; load them with
    'storycheck ingest --from-spark DIR --db FILE'. Needs 'pip install storycheck[spark]'
    and Java 17 or newer. Also runs as
    'spark-submit $(python -c "import storycheck.spark.job as j; print(j.__file__)") SOURCES --out DIR'.
    """
    settings = parse_settings(setting_pairs)
    job = _spark_job()
    running = job.SparkSession.getActiveSession()  # a caller's (a notebook's) stays open
    spark = job.spark_session(master)
    try:
        result = job.run_job(spark, sources, out_dir, settings, partitions)
    finally:
        if running is None:
            spark.stop()
    echo_skipped(result.skipped, result.skipped_count)
    click.echo(f"{result.added:,} new, {result.revised:,} revised, {result.unchanged:,} repeated; "
               f"{plural(result.copies, 'copy', 'copies')}; "
               f"{plural(result.stories, 'story', 'stories')}; written to {out_dir} in "
               f"{sum(result.seconds.values()):.1f} s ("
               + ", ".join(f"{stage} {s:.1f}" for stage, s in result.seconds.items()) + ")")
    if not result.added + result.revised + result.unchanged:
        click.echo(f"error: no document could be read: {nothing_read(result.skipped)}", err=True)
        sys.exit(EXIT_NOTHING_ANALYSED)
    click.echo(f"load it with: storycheck ingest --from-spark {out_dir} --db FILE", err=True)
    warn_missing(result.skipped)


def _spark_job():
    """The job module, or a clear error when pyspark or Java is missing."""
    try:
        from ..spark import job
    except ImportError as exc:
        raise click.ClickException(f"'storycheck spark' needs pyspark ({exc}): "
                                   "pip install 'storycheck[spark]'") from exc
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise click.ClickException("'storycheck spark' needs Java 17 or newer: install it "
                                   "(Debian: apt-get install openjdk-17-jre-headless) or set "
                                   "JAVA_HOME")
    return job
