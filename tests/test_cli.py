import json

import pytest
from click.testing import CliRunner

from storycheck.cli import cli, main

from .conftest import DEMO_CORPUS, write


def test_analyze_writes_all_three_outputs(tmp_path):
    out = {kind: tmp_path / f"r.{kind}" for kind in ("json", "md", "html")}
    code = main(["analyze", str(DEMO_CORPUS), "--json", str(out["json"]), "--md", str(out["md"]),
                 "--html", str(out["html"])])
    assert code == 0
    data = json.loads(out["json"].read_text())
    assert len(data["documents"]) == 10
    assert out["md"].read_text().startswith("# ")
    assert out["html"].read_text().startswith("<!doctype html>")


def test_analyze_prints_markdown_and_warns_about_skipped(tmp_path):
    write(tmp_path / "good.txt", "---\ntitle: Bridge Opens\noutlet: Tide News\n---\n"
          "The new bridge opened on Monday after three years of work.")
    write(tmp_path / "bad.bin", b"\x00\x01")
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path)])
    assert result.exit_code == 0
    assert "# Bridge Opens" in result.stdout
    assert "warning: skipped" in result.stderr and "bad.bin" in result.stderr


def test_exit_code_2_when_nothing_analysed(tmp_path, capsys):
    write(tmp_path / "empty.txt", "")
    assert main(["analyze", str(tmp_path)]) == 2
    assert "no document could be analysed" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["analyze"], ["frobnicate"], ["analyze", "x", "--setting", "nope=1"]])
def test_usage_errors_exit_1(argv):
    assert main(argv) == 1


def test_demo_writes_reports(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert "Analysed 10 reports" in result.stdout
    for kind in ("json", "md", "html"):
        assert (tmp_path / "demo" / f"report.{kind}").stat().st_size > 1000


def test_settings_that_contradict_each_other_are_a_usage_error(tmp_path, capsys):
    args = ["analyze", str(DEMO_CORPUS), "--json", str(tmp_path / "r.json"),
            "-s", "group_meaning=true", "-s", "use_embeddings=false"]
    assert main(args) != 0
    assert "group_meaning" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


def test_settings_override(tmp_path):
    out = tmp_path / "r.json"
    assert main(["analyze", str(DEMO_CORPUS), "--json", str(out), "-s", "min_sources=20"]) == 0
    statuses = {c["status"] for c in json.loads(out.read_text())["stories"][0]["claims"]}
    assert "corroborated" not in statuses
