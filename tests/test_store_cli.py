"""The store's commands: ingest, stories, show."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storycheck import Store
from storycheck.cli import cli, main

from .news import FERRY, LIBRARY, jsonl


def test_cli_ingest_and_errors(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", FERRY + LIBRARY)
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(cli, ["ingest", str(feed), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "4 new, 0 revised, 0 already stored" in result.stdout
    result = CliRunner().invoke(cli, ["stories", "--db", str(db)])
    assert "Quarry Lane" in result.stdout and "ferry" in result.stdout.lower()
    assert main(["stories", "--db", str(tmp_path / "none.db")]) == 1
    assert main(["show", "s999", "--db", str(db)]) == 1
    assert main(["ingest", str(tmp_path / "missing.jsonl"), "--db", str(db)]) == 2


@pytest.mark.slow
def test_cli_show_writes_reports(tmp_path):
    db = tmp_path / "cli.db"
    assert main(["ingest", str(jsonl(tmp_path / "f.jsonl", LIBRARY)), "--db", str(db)]) == 0
    with Store.open(db) as s:
        sid = s.stories()[0].id
    out = {kind: tmp_path / f"r.{kind}" for kind in ("json", "md", "html")}
    args = ["show", sid, "--db", str(db), "--json", str(out["json"]), "--md", str(out["md"]),
            "--html", str(out["html"])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "first time shown" in result.stdout
    data = json.loads(out["json"].read_text())
    assert data["stories"][0]["id"] == sid and data["changes"]["since"] is None
    result = CliRunner().invoke(cli, args)
    assert "[cached report]" in result.stdout
