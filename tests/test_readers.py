import gzip
import json

from storycheck.io.readers import discover, guess_title, parse_datetime
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
    assert doc.id == path.as_posix()


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
    assert [d.id for d in docs] == ["wire-1", f"{path.as_posix()}#2"]
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
