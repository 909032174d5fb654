"""Shared fixtures: the NLP model is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from storycheck.nlp.spacy_pipeline import TextParser
from storycheck.store import Store

DEMO_CORPUS = Path(__file__).resolve().parents[1] / "src" / "storycheck" / "demo" / "corpus"


@pytest.fixture(scope="session")
def parser() -> TextParser:
    return TextParser.load()


@pytest.fixture(scope="session")
def judge():
    from storycheck.nlp.judge import PairJudge

    return PairJudge.load()


@pytest.fixture(scope="session")
def demo_report(parser):
    from storycheck import analyze

    return analyze([DEMO_CORPUS], parser=parser)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site():
    """A web site on 127.0.0.1 (tests/webserver.py) that the test fills with routes."""
    from .webserver import serving

    with serving() as served:
        yield served


@pytest.fixture
def store(tmp_path):
    """A fresh store in a temporary SQLite file."""
    with Store.open(tmp_path / "test.db") as opened:
        yield opened
