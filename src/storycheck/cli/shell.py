"""The command group and what every command shares: settings from -s, progress bars,
messages, output files, exit codes."""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.text import Text

from .. import api
from ..errors import StorycheckError
from ..io.readers import SUPPORTED_SUFFIXES
from ..models import CheckReport, Report
from ..settings import Settings
from ..store import ShownStory
from ..outputs import to_html, to_json, to_markdown

EXIT_USAGE = 1
EXIT_NOTHING_ANALYSED = 2


def parse_settings(pairs: tuple[str, ...]) -> Settings:
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
    try:
        return Settings().with_changes(**changes)
    except ValueError as exc:  # settings that contradict each other
        raise click.BadParameter(str(exc), param_hint="--setting") from exc


def input_settings(pairs: tuple[str, ...], full_articles: bool, allow_private: bool) -> Settings:
    """The settings of -s, with the --full and --allow-private flags of the reading commands."""
    settings = parse_settings(pairs)
    flags = {"fetch_full_articles": full_articles, "fetch_allow_private": allow_private}
    return settings.with_changes(**{name: True for name, given in flags.items() if given})


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


OUTPUTS = (("JSON report", to_json), ("Markdown brief", to_markdown), ("HTML report", to_html))


def write_outputs(report: Report | ShownStory | CheckReport, json_path, md_path, html_path,
                  announce: bool = True) -> None:
    """Write the outputs asked for, then say in one line what went where (on stderr)."""
    written = []
    for path, (name, render) in zip((json_path, md_path, html_path), OUTPUTS):
        if path:
            Path(path).write_text(render(report), encoding="utf-8")
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


def input_options(command):
    """--full and --allow-private: how the commands that read inputs treat URLs and feeds."""
    command = click.option(
        "--allow-private", is_flag=True,
        help="Fetch URLs on loopback, private, link-local and other non-public addresses "
             "(refused by default).")(command)
    return click.option(
        "--full", "full_articles", is_flag=True,
        help="Fetch each feed item's article page and read it as an HTML page, instead of "
             "the feed's summary.")(command)


host_option = click.option("--host", default="127.0.0.1", show_default=True,
                           help="Address the web app listens on.")
port_option = click.option("--port", default=8000, show_default=True, type=int,
                           help="Port the web app listens on.")


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


