"""The store's commands: ingest, stories, show."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from storycheck import Store
from storycheck.cli import cli, main

from .news import FERRY, LIBRARY, jsonl


def test_cli_ingest_and_errors(tmp_path, new_db):
    feed = jsonl(tmp_path / "feed.jsonl", FERRY + LIBRARY)
    db, empty = new_db(), new_db()
    result = CliRunner().invoke(cli, ["ingest", str(feed), "--db", db])
    assert result.exit_code == 0, result.output
    assert "4 new, 0 revised, 0 already stored" in result.stdout
    result = CliRunner().invoke(cli, ["stories", "--db", db])
    assert "Quarry Lane" in result.stdout and "ferry" in result.stdout.lower()
    result = CliRunner().invoke(cli, ["stories", "--db", empty])
    assert result.exit_code == 1 and re.search(r"no (storycheck )?database at", result.output)
    assert main(["show", "s999", "--db", db]) == 1
    assert main(["ingest", str(tmp_path / "missing.jsonl"), "--db", db]) == 2


@pytest.mark.slow
def test_cli_show_writes_reports(tmp_path, db):
    assert main(["ingest", str(jsonl(tmp_path / "f.jsonl", LIBRARY)), "--db", db]) == 0
    with Store.open(db) as s:
        sid = s.stories()[0].id
    out = {kind: tmp_path / f"r.{kind}" for kind in ("json", "md", "html")}
    args = ["show", sid, "--db", db, "--json", str(out["json"]), "--md", str(out["md"]),
            "--html", str(out["html"])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "first time shown" in result.stdout
    data = json.loads(out["json"].read_text())
    assert data["stories"][0]["id"] == sid and data["changes"]["since"] is None
    result = CliRunner().invoke(cli, args)
    assert "[cached report]" in result.stdout
