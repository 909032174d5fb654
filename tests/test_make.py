"""The Makefile: `make demo` installs only what the demo needs; `make test` says when
the browser tests cannot run."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def dry_run(target: str, **variables: str) -> str:
    """The commands `make TARGET` would run from scratch (-B), without running them."""
    args = ["make", "-n", "-B", "-C", str(ROOT), target, *(f"{k}={v}" for k, v in variables.items())]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_demo_installs_storycheck_without_extras():
    commands = dry_run("demo")
    installs = [line for line in commands.splitlines() if "pip install" in line and "-e" in line]
    assert installs == [".venv/bin/python -m pip install -q -e ."]
    assert "storycheck demo" in commands


def test_test_installs_the_test_spark_and_postgres_extras_and_names_the_missing_browser():
    commands = dry_run("test", CHROMIUM="/nonexistent/chromium")
    assert '.venv/bin/python -m pip install -q -e ".[test,spark,postgres]"' in commands
    assert "test -x /nonexistent/chromium ||" in commands and "will be skipped" in commands
    assert "pytest -q -rs" in commands  # -rs: the skip reasons are listed
