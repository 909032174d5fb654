"""Readers (io.readers): the suffix registry, bytes and files to documents, decoding, ids."""
import codecs
import gzip
import json
import logging

import pytest

from storycheck.errors import ReadError
from storycheck.io.readers import (READER_BY_SUFFIX, SUPPORTED_SUFFIXES, discover, guess_title,
                                   parse_datetime, read_bytes, reader_for)
from storycheck.io.stream import stream_documents
from storycheck.models import RawDocument, Skipped

from .conftest import write


def read(paths, max_bytes=1_000_000):
    items = list(stream_documents(paths, max_bytes))
    return ([i for i in items if isinstance(i, RawDocument)],
            [i for i in items if isinstance(i, Skipped)])


def test_text_with_front_matter(tmp_path):
    path = write(tmp_path / "a.txt", "---\ntitle: Dam Opens\noutlet: Lakeside Echo\n"
                 "published: 2026-02-03\nurl: https://echo.test/dam\n---\nThe dam opened today.\n")
    docs, skipped = read([path])
    assert skipped == []
    doc = docs[0]
    assert (doc.title, doc.outlet, doc.url) == ("Dam Opens", "Lakeside Echo", "https://echo.test/dam")
    assert doc.published.date().isoformat() == "2026-02-03"
    assert doc.text.strip() == "The dam opened today."
    assert doc.id == f"{tmp_path.name}/a.txt"  # absolute path given: no absolute id


def test_title_guessed_from_first_headline_like_line():
    body = "Mayor Opens New Bridge Over River Tam\nThe bridge opened on Friday after two years of work."
    assert guess_title(body) == "Mayor Opens New Bridge Over River Tam"
    assert guess_title("A full sentence ends here. Another one follows.") is None


def test_jsonl_ids_fields_and_bad_records(tmp_path):
    records = [
        {"id": "wire-1", "content": "Rain flooded the market.", "source": "Wire One", "date": "2026-01-05"},
        {"body": "No id here, so the path names it.", "site": "Site Two"},
        {"title": "no text at all"},
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r) for r in records))
    docs, _ = read([path])
    assert [d.id for d in docs] == ["wire-1", f"{tmp_path.name}/feed.jsonl#2"]
    assert docs[0].outlet == "Wire One" and docs[0].text == "Rain flooded the market."
    assert docs[1].outlet == "Site Two"


def test_json_list_and_gzipped_jsonl(tmp_path):
    write(tmp_path / "one.json", json.dumps([{"text": "First."}, {"text": "Second."}]))
    gz = tmp_path / "more.jsonl.gz"
    gz.write_bytes(gzip.compress(b'{"id": "g1", "text": "Zipped."}\n'))
    docs, skipped = read([tmp_path])
    assert skipped == []
    assert sorted(d.text for d in docs) == ["First.", "Second.", "Zipped."]


def test_folder_ids_are_stable_and_relative(tmp_path):
    write(tmp_path / "corpus" / "sub" / "x.txt", "Some text here.")
    item = next(discover([tmp_path / "corpus"]))
    assert item.id == "corpus/sub/x.txt"


def test_bad_inputs_are_skipped_with_reasons(tmp_path):
    write(tmp_path / "empty.txt", "   \n")
    write(tmp_path / "binary.txt", b"\x00\x01\x02PNG\x00")
    write(tmp_path / "big.txt", "word " * 500)
    write(tmp_path / "broken.json", "{not json")
    write(tmp_path / "image.png", b"\x89PNG")
    write(tmp_path / "latin1.txt", "Caf\xe9 owners in S\xe3o Paulo said prices rose.".encode("latin-1"))
    docs, skipped = read([tmp_path, tmp_path / "missing.txt"], max_bytes=1000)
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "cap" in reasons["big.txt"]
    assert "invalid JSON" in reasons["broken.json"]
    assert "unsupported" in reasons["image.png"]
    assert "no such file" in reasons["missing.txt"]
    assert [d.text for d in docs] == ["Café owners in São Paulo said prices rose."]


def test_parse_datetime_formats():
    assert parse_datetime("2026-03-10T08:15:00Z").hour == 8
    assert parse_datetime("Tue, 10 Mar 2026 08:15:00 +0000").day == 10
    assert parse_datetime("next tuesday-ish") is None
    assert parse_datetime(None) is None


def test_ids_of_files_given_by_path(tmp_path, monkeypatch):
    inside = write(tmp_path / "news" / "a.txt", "The pier reopened on Monday.")
    monkeypatch.chdir(tmp_path)
    assert next(discover(["news/a.txt"])).id == "news/a.txt"  # relative: as given
    assert next(discover([inside])).id == "news/a.txt"  # absolute, under the current folder
    monkeypatch.chdir(inside.parent)
    outside = write(tmp_path / "elsewhere" / "b.txt", "The pier closed again on Friday.")
    assert next(discover([outside])).id == "elsewhere/b.txt"


def test_an_empty_folder_is_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty" / ".DS_Store", b"\x00")
    assert list(discover([tmp_path / "empty"])) == [
        Skipped(str(tmp_path / "empty"), "the folder holds no files")]


def test_registry_picks_the_reader_by_suffix():
    assert reader_for("feed.JSONL.gz") is READER_BY_SUFFIX[".jsonl.gz"]
    assert READER_BY_SUFFIX[".jsonl.gz"].gzip and READER_BY_SUFFIX[".ndjson"].lines
    assert ".md" in SUPPORTED_SUFFIXES and ".html" in SUPPORTED_SUFFIXES
    with pytest.raises(ReadError, match="unsupported file type '.pdf'"):
        reader_for("report.pdf")


def test_read_bytes_without_a_file():
    text = b"---\ntitle: Tram depot closes\noutlet: Brennock Post\n---\nThe depot closed today.\n"
    [doc] = read_bytes(text, "depot.md", "upload/depot.md", "upload", 10_000)
    assert (doc.id, doc.title, doc.outlet) == ("upload/depot.md", "Tram depot closes", "Brennock Post")
    gz = gzip.compress(b'{"id": "z1", "text": "Zipped text."}\n{"text": "More."}\n')
    assert [d.id for d in read_bytes(gz, "f.jsonl.gz", "f", "upload", 10_000)] == ["z1", "f#2"]
    with pytest.raises(ReadError, match="over the 10-byte cap"):
        read_bytes(text, "depot.md", "d", "upload", 10)


WESTERN = {  # invented sentences, each in its legacy code page
    "fr.txt": ("Le ministre a déclaré à Kigali que la réunion aurait lieu mardi.", "latin-1"),
    "de.txt": ("Der Minister erklärte in München, dass die Gespräche weitergehen.", "cp1252"),
    "es.txt": ("El ministro declaró en Bogotá que la reunión será el martes; añadió más.",
               "latin-1"),
}


def test_western_legacy_text_decodes_right_with_a_warning(tmp_path, caplog):
    for name, (text, encoding) in WESTERN.items():
        write(tmp_path / name, text.encode(encoding))
    polish = "Minister powiedział w Łodzi, że spotkanie odbędzie się we wtorek, zażółć gęślą jaźń."
    write(tmp_path / "pl.txt", polish.encode("cp1250"))
    with caplog.at_level(logging.WARNING, logger="storycheck"):
        docs, skipped = read([tmp_path])
    assert skipped == []
    texts = {d.id.rsplit("/", 1)[-1]: d.text for d in docs}
    for name, (text, _) in WESTERN.items():
        assert texts[name] == text
    assert "Łodzi" in texts["pl.txt"] and "gęślą" in texts["pl.txt"]
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 4 and all("not UTF-8" in w and "a guess" in w for w in warned)
    assert any("fr.txt" in w and "Windows-1252" in w for w in warned)


def test_utf8_is_not_a_guess(tmp_path, caplog):
    write(tmp_path / "fr.txt", WESTERN["fr.txt"][0].encode("utf-8"))
    with caplog.at_level(logging.WARNING, logger="storycheck"):
        docs, _ = read([tmp_path])
    assert docs[0].text == WESTERN["fr.txt"][0] and not caplog.records


def test_text_with_a_utf16_or_utf32_byte_order_mark_is_read_in_it(tmp_path, caplog):
    text = WESTERN["de.txt"][0]
    write(tmp_path / "le.txt", text.encode("utf-16"))  # with its byte order mark
    write(tmp_path / "be.txt", codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    write(tmp_path / "wide.txt", text.encode("utf-32"))
    write(tmp_path / "fake.txt", codecs.BOM_UTF32_LE + b"not wide")
    with caplog.at_level(logging.WARNING, logger="storycheck"):
        docs, skipped = read([tmp_path])
    assert {d.id.rsplit("/", 1)[-1]: d.text for d in docs} == {
        "le.txt": text, "be.txt": text, "wide.txt": text}
    assert [s.reason for s in skipped] == [
        "opens with a UTF-32 byte order mark but is not UTF-32 text"]
    assert not caplog.records  # a byte order mark says the encoding: no guess


def test_json_nested_too_deeply_is_invalid_json_not_a_crash(tmp_path):
    write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    write(tmp_path / "lines.jsonl", '{"x": ' + "[" * 100_000 + "]" * 100_000 + '}\n'
          '{"text": "The quay reopened on Monday."}\n')
    docs, skipped = read([tmp_path])
    assert [d.text for d in docs] == ["The quay reopened on Monday."]
    assert sorted(s.reason for s in skipped) == [
        "invalid JSON (file): nested too deeply (line 1, column 1)",
        "invalid JSON: nested too deeply (line 1, column 1)"]
    streamed = list(stream_documents([tmp_path / "lines.jsonl"], 10_000_000))
    assert [getattr(s, "reason", None) for s in streamed] == [
        "invalid JSON: nested too deeply (line 1, column 1)", None]


def test_json_errors_name_the_place_once(tmp_path):
    write(tmp_path / "feed.jsonl", '{"text": "fine."}\n{"text": "unterminated')
    write(tmp_path / "one.json", '{"text": "x",}')
    _, skipped = read([tmp_path])
    reasons = sorted(s.reason for s in skipped)
    assert reasons[0].startswith("invalid JSON (file): Expecting property name")
    assert reasons[1] == "invalid JSON: Unterminated string starting (line 1, column 10)"
    assert not any("at at" in r for r in reasons)
