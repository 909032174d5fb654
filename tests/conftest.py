"""Shared fixtures: the NLP model is loaded once per test session, and so is a
PostgreSQL server (``postgres_server.py``) for the tests that run on both engines."""
from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from storycheck.io.engine import is_postgres_url

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


# --- databases: SQLite files, and PostgreSQL databases on one server a session ---

@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server's maintenance database: $STORYCHECK_TEST_POSTGRES,
    else a throw-away cluster started here.  Where neither can be had the tests
    are skipped, saying why; under CI (``$CI`` set) they fail instead."""
    from . import postgres_server as server

    def unavailable(why: str):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests cannot run under CI: {why}")
        pytest.skip(f"PostgreSQL tests skipped: {why}")

    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed (pip install -e '.[test,postgres]')")
    if os.environ.get("STORYCHECK_TEST_POSTGRES"):
        yield os.environ["STORYCHECK_TEST_POSTGRES"]
        return
    folder = tempfile.mkdtemp(prefix="storycheck-pg-")  # in /tmp: the server's user can enter
    try:
        url = server.start(folder)
    except server.NoServer as exc:
        shutil.rmtree(folder, ignore_errors=True)
        unavailable(f"{exc}; or set STORYCHECK_TEST_POSTGRES=postgresql://...")
    try:
        yield url
    finally:
        server.stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_databases(postgres_server):
    """A function that creates an empty database on the server and returns its URL;
    the databases are dropped after the test."""
    import psycopg

    made: list[str] = []

    def create() -> str:
        name = f"storycheck_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        made.append(name)
        return database_url(postgres_server, name)

    yield create
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        for name in made:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def database_url(server: str, name: str) -> str:
    """The URL of database ``name`` on the server of ``server`` (a URL)."""
    return urlsplit(server)._replace(path=f"/{name}").geturl()


@pytest.fixture(params=["sqlite", "postgres"])
def new_db(request, tmp_path):
    """A function that returns the address of a new, empty database: SQLite files,
    and (the second run of each test) PostgreSQL databases."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_databases")
    numbers = itertools.count(1)
    return lambda: str(tmp_path / f"test{next(numbers)}.db")


@pytest.fixture
def db(new_db) -> str:
    """The address of one new, empty database (SQLite, then PostgreSQL)."""
    return new_db()


@pytest.fixture
def store(db):
    """A fresh store on each engine."""
    with Store.open(db) as opened:
        yield opened


def query(db, sql: str) -> list[tuple]:
    """Run one statement straight on the database (a file or a URL); its rows."""
    if is_postgres_url(db):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()
