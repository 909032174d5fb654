"""Commands over the database: ingest, stories, show, serve."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from ..errors import StorycheckError
from ..io.engine import is_postgres_url, masked
from ..settings import Settings
from ..store import DEFAULT_DB, Store
from .shell import (EXIT_NOTHING_ANALYSED, parse_settings, check_outputs, cli, host_option,
                    input_options, input_settings, nothing_read, plural, port_option,
                    progress_bar, setting_option, warn_missing, write_outputs)
from ..outputs import to_markdown


# --- the database: ingest, stories, show ----------------------------------------

class Database(click.ParamType):
    """An SQLite file (a ``click.Path``) or a ``postgresql://`` URL, taken as given."""

    name = "FILE|URL"

    def __init__(self, exists: bool = False):
        self._path = click.Path(exists=exists, dir_okay=False)

    def convert(self, value, param, ctx):
        if is_postgres_url(value):
            return str(value)
        return self._path.convert(value, param, ctx)


db_option = click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
                         type=Database(),
                         help="SQLite database file, or postgresql://[user[:password]@]host/db.")
MAX_WARNINGS = 20


@contextmanager
def open_store(db_path, create: bool = False):
    """Store.open with storycheck's errors shown as click errors."""
    try:
        with Store.open(db_path, create=create) as store:
            yield store
    except StorycheckError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command(short_help="Add documents to the database.")
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@click.option("--from-spark", "spark_dir", type=click.Path(file_okay=False, exists=True),
              help="Load the output folder of 'storycheck spark' instead (into a new database).")
@input_options
@setting_option
def ingest(paths, db_path, spark_dir, full_articles, allow_private, setting_pairs) -> None:
    """Add the documents in PATHS to the database (created on first use).

    Same inputs as 'analyze' (files, folders, http(s) URLs of pages or feeds);
    .jsonl and .jsonl.gz files are streamed. Documents already stored are
    skipped; a new version of a known URL is a new revision. With --from-spark
    DIR, load what a Spark job computed from its inputs.
    """
    if bool(paths) == bool(spark_dir):
        raise click.UsageError("give PATHS to read, or --from-spark DIR (not both)")
    settings = input_settings(setting_pairs, full_articles, allow_private)
    with open_store(db_path, create=True) as store, progress_bar() as update:
        result = store.load_spark(spark_dir, progress=update) if spark_dir else \
            store.ingest(paths, settings, progress=update)
        location = store.location
    echo_skipped(result.skipped, result.skipped_count)
    click.echo(f"{result.added:,} new, {result.revised:,} revised, {result.unchanged:,} already "
               f"stored; {plural(result.copies, 'copy', 'copies')} found; "
               f"{plural(len(result.stories), 'story', 'stories')} updated in {location}")
    if not result.documents:
        click.echo(f"error: no document could be read: {nothing_read(result.skipped)}", err=True)
        sys.exit(EXIT_NOTHING_ANALYSED)
    warn_missing(result.skipped)


def echo_skipped(skipped, count: int) -> None:
    """A warning for each of the first MAX_WARNINGS inputs skipped, then how many more."""
    for item in skipped[:MAX_WARNINGS]:
        click.echo(f"warning: skipped {item.source}: {item.reason}", err=True)
    if count > MAX_WARNINGS:
        click.echo(f"warning: ... and {count - MAX_WARNINGS:,} more skipped", err=True)


@cli.command()
@db_option
@click.option("--json", "json_path", type=click.Path(dir_okay=False),
              help="Write the list as JSON here.")
def stories(db_path, json_path) -> None:
    """List the stories in the database."""
    check_outputs(json_path)
    with open_store(db_path) as store:
        found = store.stories()
    if json_path:
        Path(json_path).write_text(json.dumps({"stories": [s.to_dict() for s in found]},
                                              ensure_ascii=False, indent=2), encoding="utf-8")
        click.echo(f"wrote the list of {plural(len(found), 'story', 'stories')} {json_path}",
                   err=True)
        return
    click.echo(f"{'story':<8} {'docs':>5} {'sources':>7}  {'first':<10}  {'last':<10}  title")
    for s in found:
        click.echo(f"{s.id:<8} {len(s.documents):>5} {s.sources:>7}  {(s.first or '-')[:10]:<10}"
                   f"  {(s.last or '-')[:10]:<10}  {s.title}")


@cli.command(short_help="Report on one story of the database.")
@click.argument("story")
@db_option
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write the JSON report here.")
@click.option("--md", "md_path", type=click.Path(dir_okay=False), help="Write the Markdown brief here.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write the HTML report here.")
@setting_option
def show(story, db_path, json_path, md_path, html_path, setting_pairs) -> None:
    """Report on one STORY of the database, and what changed since it was last shown.

    STORY is a story id as 'storycheck stories' lists it: 's' and a number, such
    as s1 or s42. The report is cached until the story gains documents. With no
    output option the Markdown brief goes to standard output.
    """
    settings = parse_settings(setting_pairs)
    check_outputs(json_path, md_path, html_path)
    with open_store(db_path) as store, progress_bar() as update:
        view = store.show(story, settings, progress=update)
    write_outputs(view, json_path, md_path, html_path)
    if not (json_path or md_path or html_path):
        click.echo(to_markdown(view))
        return
    c = view.changes
    since = "first time shown" if c.since is None else f"since {c.since}"
    click.echo(f"{story}: {plural(len(c.new_documents), 'new document')}, "
               f"{plural(len(c.new_claims), 'new claim')}, "
               f"{plural(len(c.status_changes), 'status change')} ({since})"
               + (" [cached report]" if view.cached else ""))


@cli.command(short_help="Browse the database in a web app.")
@db_option
@host_option
@port_option
@setting_option
def serve(db_path, host, port, setting_pairs) -> None:
    """Open the database in a web app: story list, story pages, add articles, JSON API.

    Stories are analysed in the background, newest first (as 'show' would).
    """
    run_web(db_path, parse_settings(setting_pairs), host, port)


def run_web(db_path, settings: Settings, host: str, port: int, warm: bool = False) -> None:
    from ..web import serve as serve_web  # the web stack loads only for these commands

    click.echo(f"storycheck: serving {masked(db_path)} on http://{host}:{port}/ (Ctrl+C stops)",
               err=True)
    try:
        serve_web(str(db_path), settings, host=host, port=port, warm=warm)
    except StorycheckError as exc:
        raise click.ClickException(str(exc)) from exc


