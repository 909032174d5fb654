"""Streaming reader (io.stream): JSONL and gzip line by line, other files whole."""
from __future__ import annotations

import gzip
import json

from storycheck import RawDocument
from storycheck.io.readers import InputFile, file_id, read_input
from storycheck.io.stream import stream_documents

from .conftest import write
from .news import FERRY, LIBRARY, jsonl


def test_stream_reads_gzip_lines_and_skips_bad_ones(tmp_path):
    lines = [json.dumps({"text": "First story text here."}).encode(), b"",
             b"\xff\xfe not json \x00", json.dumps({"id": "x9", "text": "Second."}).encode(),
             json.dumps({"title": "no body"}).encode()]
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    items = list(stream_documents([path], max_bytes=10_000))
    docs = [i for i in items if isinstance(i, RawDocument)]
    skipped = [i for i in items if not isinstance(i, RawDocument)]
    assert [d.id for d in docs] == [f"{tmp_path.name}/{path.name}#1", "x9"]
    assert [s.source for s in skipped] == [f"{path} line 3", f"{path} line 5"]


def test_stream_ids_match_the_whole_file_reader(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", FERRY + LIBRARY)
    text = path.read_text().replace('"id": "ferry-2", ', "")
    path.write_text(text)
    streamed = [d for d in stream_documents([path], 10_000_000)]
    whole = read_input(InputFile(path, file_id(path)), 10_000_000)
    assert streamed == whole


def test_stream_delegates_other_files_and_counts_bytes(tmp_path):
    from storycheck.io.stream import ByteCounter

    write(tmp_path / "a.txt", "The harbour reopened on Monday.")
    jsonl(tmp_path / "b.jsonl", FERRY)
    counter = ByteCounter()
    docs = list(stream_documents([tmp_path], 10_000_000, counter))
    assert len(docs) == 3
    assert counter.done == counter.total == sum(p.stat().st_size for p in tmp_path.iterdir())


