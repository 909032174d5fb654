"""What the command line tells a new user: errors before work, warnings once,
what was written where, progress units, plural forms, help texts."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rich.progress import Progress

from storycheck.cli import cli, main
from storycheck.cli.shell import STAGES, CountColumn, RateColumn, plural

from .conftest import write

BRIDGE = ("---\ntitle: Bridge Opens\noutlet: Tide News\n---\n"
          "The new Saltmarsh bridge opened on Monday after three years of work, the county "
          "council said. It carries the coast road over the Fen river.")
FRENCH = ("Le conseil municipal de Saint-Aubin a voté lundi la fermeture de la piscine pour "
          "deux ans. Les travaux de rénovation commenceront en septembre, selon la mairie, et "
          "les nageurs devront se rendre à la piscine de la commune voisine pendant ce temps.")


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("option", ["--md", "--json", "--html"])
def test_unwritable_output_is_refused_before_any_work(tmp_path, option, capsys):
    write(tmp_path / "in" / "a.txt", BRIDGE)
    target = str(tmp_path / "missing-dir" / "x.out")
    assert main(["analyze", str(tmp_path / "in"), option, target]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"Error: cannot write {target}: folder {tmp_path / 'missing-dir'} does not exist"]


def test_output_that_is_a_folder_is_refused(tmp_path, capsys):
    assert main(["show", "s1", "--db", str(tmp_path / "x.db"), "--json", str(tmp_path)]) == 1
    assert "is a directory" in capsys.readouterr().err


def test_an_empty_folder_says_it_held_no_readable_files(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("analyze", str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert "the folder holds no files" in result.stderr
    assert "no document could be analysed: the inputs held no readable files" in result.stderr
    write(tmp_path / "pdfs" / "a.pdf", b"%PDF-1.4")
    result = run("analyze", str(tmp_path / "pdfs"))
    assert "held no readable files (storycheck reads .txt" in result.stderr


def test_non_english_documents_are_skipped_and_marked(tmp_path):
    write(tmp_path / "fr" / "piscine.txt", FRENCH)
    out = tmp_path / "r.json"
    result = run("analyze", str(tmp_path / "fr"), "--json", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("piscine.txt") == 1  # skipped inputs are printed once
    assert "written in another language (fr), not English: not analysed" in result.stderr


def test_mistyped_path_among_good_ones(tmp_path):
    good = write(tmp_path / "bridge.txt", BRIDGE)
    write(tmp_path / "piscine.txt", FRENCH)
    out = tmp_path / "r.json"
    result = run("analyze", str(good), str(tmp_path / "piscine.txt"), str(tmp_path / "brigde.txt"),
                 "--json", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    skipped = {s["source"]: s for s in data["skipped"]}
    assert skipped[str(tmp_path / "brigde.txt")]["reason"] == "no such file or folder"
    assert skipped[str(tmp_path / "piscine.txt")]["language"] == "fr"
    assert [d["title"] for d in data["documents"]] == ["Bridge Opens"]
    lines = result.stderr.strip().splitlines()
    assert sum("brigde.txt" in line for line in lines) == 2  # as it is skipped, and at the end
    assert lines[-1] == f"WARNING: 1 path does not exist and was skipped: {tmp_path / 'brigde.txt'}"
    assert f"wrote JSON report {out}" in result.stderr


def test_files_written_are_summed_up_in_one_line(tmp_path):
    write(tmp_path / "in" / "bridge.txt", BRIDGE)
    md, page = tmp_path / "b.md", tmp_path / "b.html"
    result = run("analyze", str(tmp_path / "in"), "--md", str(md), "--html", str(page))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [f"wrote Markdown brief {md}, HTML report {page}"]
    brief = md.read_text()
    assert "*1 report from 1 outlet ·" in brief


def test_plural_forms():
    assert [plural(1, "report"), plural(2, "report"), plural(1, "copy", "copies"),
            plural(0, "copy", "copies"), plural(1200, "story", "stories")] == \
        ["1 report", "2 reports", "1 copy", "0 copies", "1,200 stories"]


def test_progress_names_its_stage_and_unit():
    progress = Progress()
    label, unit = STAGES["analyse"]
    ids = [progress.add_task(label, total=400, unit=unit, completed=120),
           progress.add_task("Reading inputs", total=None, unit="documents", completed=5)]
    known, unknown = (next(t for t in progress.tasks if t.id == i) for i in ids)
    assert label == "Analysing" and STAGES["ingest"][0] == "Ingesting"
    assert CountColumn().render(known).plain == "120/400 documents"
    assert CountColumn().render(unknown).plain == "5 documents"
    assert RateColumn().render(unknown).plain == ""  # no rate before a second sample


def test_help_texts_are_whole_and_show_explains_story_ids():
    listing = run("--help").output
    commands = listing.split("Commands:")[1]
    assert "..." not in commands
    for name in ("analyze", "ingest", "show", "serve", "demo", "stories", "settings"):
        assert f"  {name} " in commands
    show = " ".join(run("show", "--help").output.split())
    assert "STORY is a story id as 'storycheck stories' lists it: 's' and a number, such as s1" \
        in show
