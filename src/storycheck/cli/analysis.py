"""Commands over files: analyze, demo, settings, check."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import api
from ..errors import StorycheckError
from ..settings import SETTINGS
from .database import Database, open_store, run_web
from .shell import (EXIT_NOTHING_ANALYSED, parse_settings, check_outputs, cli, input_options,
                    input_settings, nothing_read, plural, progress_bar, run_analysis,
                    setting_option, warn_missing, write_outputs, host_option, port_option)
from ..outputs import to_markdown

DEMO_CORPUS = Path(__file__).parent.parent / "demo" / "corpus"


@cli.command(short_help="Analyse reports in files, folders, feeds and URLs.")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write the JSON report here.")
@click.option("--md", "md_path", type=click.Path(dir_okay=False), help="Write the Markdown brief here.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write the HTML report here.")
@input_options
@setting_option
def analyze(paths, json_path, md_path, html_path, full_articles, allow_private,
            setting_pairs) -> None:
    """Analyse the reports in PATHS (files, folders and http(s) URLs of pages or
    feeds, any mix), grouped into stories.

    With no output option the Markdown brief goes to standard output.
    """
    settings = input_settings(setting_pairs, full_articles, allow_private)
    check_outputs(json_path, md_path, html_path)
    report = run_analysis(paths, settings)
    if not report.documents:
        click.echo(f"error: no document could be analysed: {nothing_read(report.skipped)}",
                   err=True)
        sys.exit(EXIT_NOTHING_ANALYSED)
    write_outputs(report, json_path, md_path, html_path)
    if not (json_path or md_path or html_path):
        click.echo(to_markdown(report))
    warn_missing(report.skipped)


@cli.command(short_help="Analyse the built-in demo corpus.")
@click.option("--out", "out_dir", default="storycheck-demo", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the three reports.")
@click.option("--serve", "serve_it", is_flag=True,
              help="Then ingest the corpus into OUT/demo.db and open it in the web app.")
@host_option
@port_option
@setting_option
def demo(out_dir, serve_it, host, port, setting_pairs) -> None:
    """Analyse the built-in demo corpus and write JSON, Markdown and HTML reports."""
    settings = parse_settings(setting_pairs)
    report = run_analysis([DEMO_CORPUS], settings)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {kind: out / f"report.{kind}" for kind in ("json", "md", "html")}
    write_outputs(report, paths["json"], paths["md"], paths["html"], announce=False)
    story = report.stories[0]
    counts = {s: sum(g.status == s for g in story.claims)
              for s in ("corroborated", "disputed", "single-source")}
    click.echo(f"Analysed {plural(len(report.documents), 'report')} of: {story.title}")
    click.echo(f"  {counts['corroborated']} established, {counts['disputed']} disputed, "
               f"{plural(counts['single-source'], 'single-source claim')}; "
               f"{plural(len(story.quotes), 'quote')}; {plural(len(story.copies), 'copy', 'copies')}"
               " found")
    for kind, path in paths.items():
        click.echo(f"  {kind:>4}: {path}")
    if serve_it:
        db_path = out / "demo.db"
        with open_store(db_path, create=True) as store:
            store.ingest([DEMO_CORPUS], settings)
        run_web(db_path, settings, host, port, warm=True)


@cli.command("settings")
def list_settings() -> None:
    """List every setting with its default and what it does."""
    for setting in SETTINGS:
        click.echo(f"{setting.name} = {setting.default!r}\n    {setting.help}")


@cli.command(short_help="What the coverage says about each claim.")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--claim", "claim_texts", multiple=True, metavar="TEXT",
              help="A claim to check (repeat the option for more).")
@click.option("--claims", "claims_file", type=click.Path(exists=True, dir_okay=False),
              help="A file of claims, one a line (blank lines and '#' lines skipped).")
@click.option("--db", "db_path", type=Database(exists=True),
              help="Check against the documents of this database, a file or postgresql:// "
                   "URL (besides any PATHS).")
@click.option("--story", "story", metavar="ID", help="With --db: only this story's documents.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write the JSON answer here.")
@click.option("--md", "md_path", type=click.Path(dir_okay=False), help="Write the Markdown answer here.")
@input_options
@setting_option
def check(paths, claim_texts, claims_file, db_path, story, json_path, md_path, full_articles,
          allow_private, setting_pairs) -> None:
    """What do the reports in PATHS (files, folders, URLs) or a database say about each claim?

    Each claim is supported, contradicted, disputed, reported or not found, with
    the documents that support, contradict or only report it (see docs/check.md).
    With no output option a short Markdown answer per claim goes to standard output.
    """
    if bool(claim_texts) == bool(claims_file):
        raise click.UsageError("give the claims with --claim TEXT (repeatable) or --claims FILE")
    if not paths and not db_path:
        raise click.UsageError("give the reports to check against: PATH... or --db FILE")
    if story and not db_path:
        raise click.UsageError("--story needs --db")
    settings = input_settings(setting_pairs, full_articles, allow_private)
    check_outputs(json_path, md_path)
    claims = list(claim_texts) or read_claims(claims_file)
    raws, skipped = api.read_documents(paths, settings)
    if db_path:
        raws += stored_documents(db_path, story)
    try:
        with progress_bar() as update:
            report = api.check_documents(claims, raws, settings, skipped=skipped, progress=update)
    except StorycheckError as exc:
        raise click.ClickException(str(exc)) from exc
    for item in report.skipped:
        click.echo(f"warning: skipped {item.source}: {item.reason}", err=True)
    if not report.documents:
        click.echo("error: no document could be read", err=True)
        sys.exit(EXIT_NOTHING_ANALYSED)
    write_outputs(report, json_path, md_path, None)
    if not (json_path or md_path):
        click.echo(to_markdown(report))


def read_claims(path) -> list[str]:
    """One claim a line; blank lines and '#' comments are not claims."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def stored_documents(db_path, story: str | None) -> list:
    """The latest revision of each document of one story, or of every story."""
    with open_store(db_path) as store:
        stories = [story] if story else [s.id for s in store.stories()]
        docs = [d for story_id in stories for d in store.story_documents(story_id)]
        location = store.location
    if story and not docs:
        raise click.ClickException(f"no story {story!r} in {location} "
                                   "(list the stories with 'storycheck stories')")
    return [d.raw for d in docs]


