"""Command line: a thin shell over the Python API.

Exit codes: 0 when at least one document was analysed, 2 when none could be,
1 on usage errors.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.text import Text

from . import api
from .errors import StorycheckError
from .io.readers import SUPPORTED_SUFFIXES
from .store import DEFAULT_DB, Store, StoryView
from .models import CheckReport, Report
from .settings import SETTINGS, Settings

EXIT_USAGE = 1
EXIT_NOTHING_ANALYSED = 2
DEMO_CORPUS = Path(__file__).parent / "demo" / "corpus"


def _parse_settings(pairs: tuple[str, ...]) -> Settings:
    types = {f.name: f.type for f in fields(Settings)}
    changes = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or name not in types:
            raise click.BadParameter(f"{pair!r}: expected NAME=VALUE with NAME one of "
                                     + ", ".join(types), param_hint="--setting")
        kind = {"int": int, "float": float, "bool": _bool}.get(str(types[name]), str)
        try:
            changes[name] = kind(raw)
        except ValueError as exc:
            raise click.BadParameter(f"{pair!r}: {exc}", param_hint="--setting") from exc
    return Settings().with_changes(**changes)


def _bool(raw: str) -> bool:
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"not a boolean: {raw!r}")


# progress stage -> (what the bar says, the unit it counts)
STAGES = {"read": ("Reading inputs", "documents"), "analyse": ("Analysing", "documents"),
          "ingest": ("Ingesting", "documents")}


class CountColumn(ProgressColumn):
    """'120/400 documents', or '120 documents' while the total is unknown."""

    def render(self, task) -> Text:
        unit = task.fields.get("unit", "")
        done = f"{int(task.completed):,}" if task.total is None else \
            f"{int(task.completed):,}/{int(task.total):,}"
        return Text(f"{done} {unit}", style="progress.download")


class RateColumn(ProgressColumn):
    """Units per second."""

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        unit = task.fields.get("unit", "")
        return Text(f"{speed:,.0f} {unit}/s" if speed else "", style="progress.data.speed")


@contextmanager
def progress_bar():
    """A rich progress bar on stderr (count, rate, elapsed time and ETA),
    silent when stderr is not a terminal."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), CountColumn(),
                  RateColumn(), TimeElapsedColumn(), TimeRemainingColumn(), console=console,
                  transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                label, unit = STAGES.get(stage, (stage.capitalize(), "items"))
                tasks[stage] = bar.add_task(label, total=total or None, unit=unit)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield update


def run_analysis(paths, settings: Settings) -> Report:
    with progress_bar() as update:
        try:
            report = api.analyze(paths, settings, progress=update)
        except StorycheckError as exc:
            raise click.ClickException(str(exc)) from exc
    for skipped in report.skipped:
        click.echo(f"warning: skipped {skipped.source}: {skipped.reason}", err=True)
    return report


MISSING = "no such file or folder"


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 report', '2 reports'."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def warn_missing(skipped) -> None:
    """Paths given that do not exist, once more at the end where they are seen."""
    missing = [s.source for s in skipped if s.reason == MISSING]
    if missing:
        noun = "path does" if len(missing) == 1 else "paths do"
        click.secho(f"WARNING: {len(missing)} {noun} not exist and {'was' if len(missing) == 1 else 'were'} "
                    f"skipped: {', '.join(missing)}", err=True, fg="red", bold=True)


def nothing_read(skipped) -> str:
    """Why an analysis or ingest found no document, in one line."""
    unreadable = ("unsupported file type", "the folder holds no files", MISSING)
    if all(s.reason.startswith(unreadable) for s in skipped):
        return ("the inputs held no readable files (storycheck reads "
                + ", ".join(SUPPORTED_SUFFIXES) + ")")
    return f"all {len(skipped)} inputs were skipped (see the warnings above)"


def check_outputs(*paths) -> None:
    """Refuse, before any work, output paths that cannot be written."""
    for given in filter(None, paths):
        path = Path(given)
        folder = path.parent if str(path.parent) else Path(".")
        if path.is_dir():
            raise click.ClickException(f"cannot write {given}: it is a folder")
        if not folder.is_dir():
            raise click.ClickException(f"cannot write {given}: folder {folder} does not exist")
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise click.ClickException(f"cannot write {given}: permission denied")


OUTPUT_NAMES = (("JSON report", "to_json"), ("Markdown brief", "to_markdown"),
                ("HTML report", "to_html"))


def write_outputs(report: Report | StoryView | CheckReport, json_path, md_path, html_path,
                  announce: bool = True) -> None:
    """Write the outputs asked for, then say in one line what went where (on stderr)."""
    written = []
    for path, (name, method) in zip((json_path, md_path, html_path), OUTPUT_NAMES):
        if path:
            Path(path).write_text(getattr(report, method)(), encoding="utf-8")
            written.append(f"{name} {path}")
    if written and announce:
        click.echo("wrote " + ", ".join(written), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="storycheck")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Turn many news reports of one story into one verified, cited account."""
    ctx.with_resource(warnings_to_stderr())


class EchoHandler(logging.Handler):
    """Log records through click.echo on stderr (so tests capture them too)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


@contextmanager
def warnings_to_stderr():
    """storycheck's logged warnings (a guessed encoding...) as 'warning: ...' lines, once."""
    logger = logging.getLogger("storycheck")
    handler = EchoHandler(logging.WARNING)
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


setting_option = click.option(
    "--setting", "-s", "setting_pairs", multiple=True, metavar="NAME=VALUE",
    help="Override a setting (see 'storycheck settings').")


@cli.command(short_help="Analyse reports in files and folders.")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write the JSON report here.")
@click.option("--md", "md_path", type=click.Path(dir_okay=False), help="Write the Markdown brief here.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write the HTML report here.")
@setting_option
def analyze(paths, json_path, md_path, html_path, setting_pairs) -> None:
    """Analyse the reports in PATHS (files and folders, any mix), grouped into stories.

    With no output option the Markdown brief goes to standard output.
    """
    settings = _parse_settings(setting_pairs)
    check_outputs(json_path, md_path, html_path)
    report = run_analysis(paths, settings)
    if not report.documents:
        click.echo(f"error: no document could be analysed: {nothing_read(report.skipped)}",
                   err=True)
        sys.exit(EXIT_NOTHING_ANALYSED)
    write_outputs(report, json_path, md_path, html_path)
    if not (json_path or md_path or html_path):
        click.echo(report.to_markdown())
    warn_missing(report.skipped)


host_option = click.option("--host", default="127.0.0.1", show_default=True,
                           help="Address the web app listens on.")
port_option = click.option("--port", default=8000, show_default=True, type=int,
                           help="Port the web app listens on.")


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
    settings = _parse_settings(setting_pairs)
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


# --- the database: ingest, stories, show ----------------------------------------

db_option = click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
                         type=click.Path(dir_okay=False), help="SQLite database file.")
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
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@setting_option
def ingest(paths, db_path, setting_pairs) -> None:
    """Add the documents in PATHS to the database (created on first use).

    Same inputs as 'analyze'; .jsonl and .jsonl.gz files are streamed. Documents
    already stored are skipped; a new version of a known URL is a new revision.
    """
    settings = _parse_settings(setting_pairs)
    with open_store(db_path, create=True) as store, progress_bar() as update:
        result = store.ingest(paths, settings, progress=update)
    for skipped in result.skipped[:MAX_WARNINGS]:
        click.echo(f"warning: skipped {skipped.source}: {skipped.reason}", err=True)
    if result.skipped_count > MAX_WARNINGS:
        click.echo(f"warning: ... and {result.skipped_count - MAX_WARNINGS:,} more skipped",
                   err=True)
    click.echo(f"{result.added:,} new, {result.revised:,} revised, {result.unchanged:,} already "
               f"stored; {plural(result.copies, 'copy', 'copies')} found; "
               f"{plural(len(result.stories), 'story', 'stories')} updated in {db_path}")
    if not result.documents:
        click.echo(f"error: no document could be read: {nothing_read(result.skipped)}", err=True)
        sys.exit(EXIT_NOTHING_ANALYSED)
    warn_missing(result.skipped)


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
    settings = _parse_settings(setting_pairs)
    check_outputs(json_path, md_path, html_path)
    with open_store(db_path) as store, progress_bar() as update:
        view = store.show(story, settings, progress=update)
    write_outputs(view, json_path, md_path, html_path)
    if not (json_path or md_path or html_path):
        click.echo(view.to_markdown())
        return
    c = view.changes
    since = "first time shown" if c.since is None else f"since {c.since}"
    click.echo(f"{story}: {plural(len(c.new_documents), 'new document')}, "
               f"{plural(len(c.new_claims), 'new claim')}, "
               f"{plural(len(c.status_changes), 'status change')} ({since})"
               + (" [cached report]" if view.cached else ""))


@cli.command(short_help="What the coverage says about each claim.")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--claim", "claim_texts", multiple=True, metavar="TEXT",
              help="A claim to check (repeat the option for more).")
@click.option("--claims", "claims_file", type=click.Path(exists=True, dir_okay=False),
              help="A file of claims, one a line (blank lines and '#' lines skipped).")
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False),
              help="Check against the documents of this database (besides any PATHS).")
@click.option("--story", "story", metavar="ID", help="With --db: only this story's documents.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write the JSON answer here.")
@click.option("--md", "md_path", type=click.Path(dir_okay=False), help="Write the Markdown answer here.")
@setting_option
def check(paths, claim_texts, claims_file, db_path, story, json_path, md_path,
          setting_pairs) -> None:
    """What do the reports in PATHS (or a database) say about each claim?

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
    settings = _parse_settings(setting_pairs)
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
        click.echo(report.to_markdown())


def read_claims(path) -> list[str]:
    """One claim a line; blank lines and '#' comments are not claims."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def stored_documents(db_path, story: str | None) -> list:
    """The latest revision of each document of one story, or of every story."""
    with open_store(db_path) as store:
        stories = [story] if story else [s.id for s in store.stories()]
        docs = [d for story_id in stories for d in store.story_documents(story_id)]
    if story and not docs:
        raise click.ClickException(f"no story {story!r} in {db_path} "
                                   "(list the stories with 'storycheck stories')")
    return [d.raw for d in docs]


@cli.command(short_help="Browse the database in a web app.")
@db_option
@host_option
@port_option
@setting_option
def serve(db_path, host, port, setting_pairs) -> None:
    """Open the database in a web app: story list, story pages, add articles, JSON API.

    Stories are analysed in the background, newest first (as 'show' would).
    """
    run_web(db_path, _parse_settings(setting_pairs), host, port)


def run_web(db_path, settings: Settings, host: str, port: int, warm: bool = False) -> None:
    from .web import serve as serve_web  # the web stack loads only for these commands

    click.echo(f"storycheck: serving {db_path} on http://{host}:{port}/ (Ctrl+C stops)",
               err=True)
    try:
        serve_web(str(db_path), settings, host=host, port=port, warm=warm)
    except StorycheckError as exc:
        raise click.ClickException(str(exc)) from exc


def main(argv: list[str] | None = None) -> int:
    """Console entry point: maps click's usage errors to exit code 1."""
    try:
        cli.main(args=argv, prog_name="storycheck", standalone_mode=False)
    except click.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted!", err=True)
        return EXIT_USAGE
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
