"""The PostgreSQL repository: schema versions and types, foreign and newer databases,
the writer lock, messages for bad URLs, and what happens without the extra."""
from __future__ import annotations

import sys
import threading
import time

import pytest
from click.testing import CliRunner

from storycheck import RawDocument, Store, StoreError
from storycheck.cli import cli, main
from storycheck.io.engine import masked, open_repository
from storycheck.io.repository_sql import MIGRATIONS
from storycheck.web import WebSettings

from .conftest import database_url, query
from .news import FERRY, LIBRARY, jsonl


@pytest.fixture
def url(postgres_databases) -> str:
    return postgres_databases()


def test_schema_is_versioned_with_postgres_types(url):
    Store.open(url).close()
    assert query(url, "SELECT version FROM schema_version") == [(len(MIGRATIONS),)]
    types = dict(query(url, "SELECT table_name || '.' || column_name, data_type "
                            "FROM information_schema.columns WHERE table_schema = 'public'"))
    assert types["signatures.minhash"] == types["vectors.vector"] == "bytea"
    assert types["copies.similarity"] == "double precision"
    assert types["documents.num"] == types["signatures.shingles"] == "bigint"
    with Store.open(url) as store:  # reopening migrates nothing
        store.add_documents(FERRY)
    Store.open(url).close()
    assert query(url, "SELECT version FROM schema_version") == [(len(MIGRATIONS),)]
    assert query(url, "SELECT COUNT(*) FROM documents") == [(2,)]


def test_newer_foreign_and_empty_databases_are_refused(postgres_databases):
    newer, foreign, empty = (postgres_databases() for _ in range(3))
    Store.open(newer).close()
    query(newer, f"UPDATE schema_version SET version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="schema version"):
        Store.open(newer)
    query(foreign, "CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(StoreError, match="not storycheck's"):
        Store.open(foreign)
    with pytest.raises(StoreError, match="no storycheck database"):
        Store.open(empty, create=False)
    assert query(empty, "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_a_nul_character_is_stored_as_a_replacement_character(url):
    doc = RawDocument("nul-1", "feed", "The tram depot\x00 reopened on Monday.", title="Depot\x00")
    with Store.open(url) as store:
        assert store.add_documents([doc]).added == 1
        [stored] = store.story_documents(store.stories()[0].id)
        assert store.add_documents([doc]).unchanged == 1  # known by its content hash
    assert stored.raw.text == "The tram depot\ufffd reopened on Monday."
    assert stored.raw.title == "Depot\ufffd"


def test_stores_opened_at_once_migrate_once(url):
    opened, errors = [], []

    def open_one():
        try:
            opened.append(Store.open(url))
        except StoreError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in opened:
        store.close()
    assert not errors and len(opened) == 4
    assert query(url, "SELECT version FROM schema_version") == [(len(MIGRATIONS),)]


def test_a_writer_waits_for_the_other_and_readers_do_not(url):
    with Store.open(url) as store:
        store.add_documents(FERRY)
    holder = open_repository(url)
    writer_done = threading.Event()

    def write():
        with Store.open(url) as writer:
            writer.add_documents(LIBRARY)
        writer_done.set()

    with holder.transaction():  # holds the writer lock
        thread = threading.Thread(target=write)
        thread.start()
        time.sleep(0.5)
        assert not writer_done.is_set()
        with Store.open(url) as reader:
            assert [s.documents for s in reader.stories()] == [("ferry-1", "ferry-2")]
    thread.join(timeout=30)
    holder.close()
    assert writer_done.is_set()
    with Store.open(url) as store:
        assert len(store.stories()) == 2


def test_cli_on_a_postgres_database(tmp_path, url):
    feed = jsonl(tmp_path / "feed.jsonl", FERRY + LIBRARY)
    result = CliRunner().invoke(cli, ["ingest", str(feed), "--db", url])
    assert result.exit_code == 0, result.output
    assert f"4 new, 0 revised, 0 already stored; 0 copies found; 2 stories updated in {url}" \
        in result.stdout
    listed = CliRunner().invoke(cli, ["stories", "--db", url])
    assert listed.exit_code == 0 and "Quarry Lane" in listed.stdout
    again = CliRunner().invoke(cli, ["ingest", str(feed), "--db", url])
    assert "0 new, 0 revised, 4 already stored" in again.stdout


def test_serve_opens_the_postgres_database(monkeypatch, url):
    from starlette.testclient import TestClient

    with Store.open(url) as store:
        store.add_documents(LIBRARY)
    apps = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: apps.append(app))
    assert main(["serve", "--db", url]) == 0
    apps[0].state.service.web = WebSettings(background_analysis=False)
    with TestClient(apps[0]) as client:
        listed = client.get("/api/stories").json()["stories"]
    assert [sorted(s["documents"]) for s in listed] == [["lib-1", "lib-2"]]


@pytest.mark.parametrize("command", [["stories"], ["show", "s1"], ["serve"],
                                     ["check", "--claim", "A ferry caught fire."]])
def test_bad_urls_give_one_line_without_the_password(command):
    bad = "postgresql://newsroom:hunter2@127.0.0.1:1/news"
    result = CliRunner().invoke(cli, command + ["--db", bad])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == (2 if command == ["serve"] else 1)  # serve first says what it opens
    assert "hunter2" not in result.output and "newsroom:***@127.0.0.1:1" in result.output
    assert "Connection refused" in lines[-1] and "is a PostgreSQL server running" in lines[-1]
    assert "Traceback" not in result.output


def test_missing_database_and_role_are_named(postgres_server):
    no_db = database_url(postgres_server, "storycheck_no_such_database")
    result = CliRunner().invoke(cli, ["stories", "--db", no_db])
    assert result.exit_code == 1
    assert 'database "storycheck_no_such_database" does not exist' in result.output
    assert "createdb" in result.output
    no_role = postgres_server.replace("postgresql://postgres@", "postgresql://nobody:pw@", 1)
    if no_role != postgres_server:
        result = CliRunner().invoke(cli, ["stories", "--db", no_role])
        assert result.exit_code == 1 and "check the user and password" in result.output
        assert ":pw@" not in result.output


def test_without_psycopg_the_message_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg fails
    monkeypatch.delitem(sys.modules, "storycheck.io.repository_postgres", raising=False)
    with pytest.raises(StoreError) as caught:
        Store.open("postgresql://editor:secret@db.example/news")
    assert "pip install 'storycheck[postgres]'" in str(caught.value)
    assert "secret" not in str(caught.value)


def test_passwords_are_masked_in_user_part_and_parameters():
    assert masked("postgresql://ed:s%40cret@db.example:5433/news?sslmode=require") == \
        "postgresql://ed:***@db.example:5433/news?sslmode=require"
    assert masked("postgres://ed@db/news?password=x&host=/run/pg") == \
        "postgres://ed@db/news?password=***&host=/run/pg"
    assert masked("postgresql://db.example/news") == "postgresql://db.example/news"
    assert masked("news.db") == "news.db"
