"""Web archives (io.warc): WARC and WARC.gz files built here, record by record, as
Common Crawl's CC-NEWS writes them (one gzip member per record)."""
from __future__ import annotations

import datetime as dt
import gzip
import inspect
import io
import uuid

from click.testing import CliRunner

from storycheck import Store
from storycheck.cli import cli
from storycheck.io.readers import InputFile, read_bytes, suffix_of
from storycheck.io.stream import stream_documents
from storycheck.io.warc import read_warc
from storycheck.models import RawDocument, Skipped
from storycheck.spark.tasks import read_rows

from .conftest import write

CRAWLED = "2025-03-14T08:30:00Z"


def warc_record(kind: str, uri: str | None, block: bytes, *, date: str = CRAWLED,
                extra: str = "", content_type: str = "application/http; msgtype=response") -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: {date}\r\n" + (f"WARC-Target-URI: {uri}\r\n" if uri else "") + extra
            + f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def http_response(body: bytes, status: str = "200 OK",
                  content_type: str = "text/html; charset=utf-8") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def response(uri: str, body: bytes, **http) -> bytes:
    return warc_record("response", uri, http_response(body, **http))


def page(outlet: str, headline: str, *paragraphs: str, published: str | None = None) -> bytes:
    date = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><title>{headline}</title><meta property="og:site_name" '
            f'content="{outlet}">{date}</head><body><article><h1>{headline}</h1>{body}'
            "</article></body></html>").encode()


KILN = page("Harrowgate Courier", "Brick kiln reopens in Harrowgate",
            "The old brick kiln on Mill Lane reopened on Thursday after a restoration that "
            "took three years and cost 2.4 million pounds, the town council said.",
            "Volunteers rebuilt the chimney by hand, using bricks fired in the kiln itself.",
            published="2025-03-13T17:05:00+00:00")
KILN_REWRITE = page("Wolder Gazette", "Harrowgate's brick kiln fires again",
                    "Harrowgate's restored brick kiln was lit again on Thursday, three years "
                    "after work began, according to the council.",
                    "The restoration cost 2.4 million pounds and relied on local volunteers.")
WARCINFO = warc_record("warcinfo", None, b"software: handmade\r\n",
                       content_type="application/warc-fields")


def request(uri: str) -> bytes:
    return warc_record("request", uri, f"GET / HTTP/1.1\r\nHost: {uri}\r\n\r\n".encode(),
                       content_type="application/http; msgtype=request")


def gzipped(*records: bytes) -> bytes:
    return b"".join(gzip.compress(record) for record in records)


def read(data: bytes, max_bytes: int = 10_000_000) -> list[RawDocument | Skipped]:
    return list(read_warc(io.BytesIO(data), "crawl.warc.gz", "crawl.warc.gz", max_bytes))


def test_html_responses_become_documents_with_url_and_fallback_date():
    items = read(gzipped(WARCINFO, request("https://courier.example/kiln"),
                         response("https://courier.example/kiln", KILN),
                         request("https://gazette.example/kiln"),
                         response("https://gazette.example/kiln", KILN_REWRITE)))
    assert all(isinstance(item, RawDocument) for item in items)  # warcinfo, requests: unsaid
    kiln, rewrite = items
    assert (kiln.id, rewrite.id) == ("crawl.warc.gz#3", "crawl.warc.gz#5")  # all records count
    assert (kiln.url, rewrite.url) == ("https://courier.example/kiln", "https://gazette.example/kiln")
    assert (kiln.outlet, kiln.title) == ("Harrowgate Courier", "Brick kiln reopens in Harrowgate")
    assert "reopened on Thursday" in kiln.text
    assert kiln.published.date() == dt.date(2025, 3, 13)  # the page's own date wins
    assert rewrite.published == dt.datetime(2025, 3, 14, 8, 30, tzinfo=dt.timezone.utc)


def test_plain_warc_reads_the_same():
    items = read(WARCINFO + response("https://courier.example/kiln", KILN))
    assert [item.url for item in items] == ["https://courier.example/kiln"]


def test_chunked_and_gzip_encoded_payloads_are_decoded():
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(KILN[i:i + 100]), KILN[i:i + 100])
                      for i in range(0, len(KILN), 100)) + b"0\r\n\r\n"
    squeezed = gzip.compress(KILN)
    items = read(gzipped(
        warc_record("response", "https://courier.example/chunked",
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n" + chunks),
        warc_record("response", "https://courier.example/gzip",
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(squeezed) + squeezed)))
    assert [item.title for item in items] == ["Brick kiln reopens in Harrowgate"] * 2


def test_records_that_are_no_pages_are_skipped_with_reasons():
    items = read(gzipped(
        response("https://courier.example/logo.png", b"\x89PNG\r\n\x1a\n",
                 content_type="image/png"),
        response("https://courier.example/gone", b"<html><body>Not here</body></html>",
                 status="404 Not Found"),
        warc_record("response", "https://courier.example/long",
                    http_response(KILN[:200]), extra="WARC-Truncated: length\r\n"),
        response("https://courier.example/big", KILN),
        response("https://gazette.example/kiln", KILN_REWRITE)), max_bytes=len(KILN) - 1)
    *skipped, kept = items
    assert kept.url == "https://gazette.example/kiln"
    reasons = {s.source: s.reason for s in skipped}
    assert reasons == {
        "crawl.warc.gz record 1 (https://courier.example/logo.png)": "not an HTML page (image/png)",
        "crawl.warc.gz record 2 (https://courier.example/gone)": "HTTP status 404, not a page",
        "crawl.warc.gz record 3 (https://courier.example/long)":
            "the archive holds only part of this page (WARC-Truncated: length)",
        "crawl.warc.gz record 4 (https://courier.example/big)":
            f"record is {len(KILN):,} bytes, over the {len(KILN) - 1:,}-byte cap",
    }


def test_a_cut_off_gzip_keeps_the_documents_before_it():
    whole = gzipped(response("https://courier.example/kiln", KILN))
    last = gzipped(response("https://gazette.example/kiln", KILN_REWRITE * 40))
    for cut in (40, len(last) // 2, len(last) - 60):
        items = read(whole + last[:cut])
        assert items[0].url == "https://courier.example/kiln"
        assert len(items) == 2 and isinstance(items[1], Skipped), cut
        assert "cut" in items[1].reason, items[1].reason


def test_a_broken_record_in_the_middle_is_skipped_and_reading_goes_on():
    first = gzipped(response("https://courier.example/kiln", KILN))
    rest = gzipped(response("https://gazette.example/kiln", KILN_REWRITE))
    broken = gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\nxx")
    for middle in (broken, b"not gzip at all", b"junk" + first + b"junk" + first):
        items = read(first + middle + rest)
        urls = [item.url for item in items if isinstance(item, RawDocument)]
        kept = 1 + middle.count(first)  # every whole record, before and after each break
        assert urls == ["https://courier.example/kiln"] * kept + ["https://gazette.example/kiln"]
        breaks = [item for item in items if isinstance(item, Skipped)]
        assert len(breaks) >= max(1, middle.count(b"junk"))
        assert all("reading went on at byte" in item.reason
                   for item in breaks if "unreadable" in item.reason)


def test_records_are_read_lazily_from_the_file(tmp_path):
    filler = " ".join(uuid.uuid4().hex for _ in range(60))  # does not compress away
    records = [response(f"https://courier.example/{n}",
                        page("Harrowgate Courier", f"Council notice {n}",
                             f"Notice {n} of the council: the kiln is open on weekdays. "
                             f"<!-- {filler} -->"))
               for n in range(300)]
    path = write(tmp_path / "big.warc.gz", gzipped(*records))
    documents = read_warc(path.open("rb"), "big.warc.gz", str(path), 10_000_000)
    assert inspect.isgenerator(documents)
    first = next(documents)
    assert first.url == "https://courier.example/0"
    frame = documents.gi_frame.f_locals
    assert frame["number"] == 1 and frame["stream"].tell() < path.stat().st_size / 4
    documents.close()


def test_suffix_upload_and_spark_rows(tmp_path):
    data = gzipped(WARCINFO, response("https://courier.example/kiln", KILN))
    assert suffix_of("CC-NEWS-20250314.warc.gz") == ".warc.gz" and suffix_of("a.WARC") == ".warc"
    docs = read_bytes(data, "crawl.warc.gz", "upload/crawl.warc.gz", "crawl.warc.gz", 10_000_000)
    assert [(d.id, d.url) for d in docs] == [("upload/crawl.warc.gz#2", "https://courier.example/kiln")]
    cut = gzipped(response("https://gazette.example/kiln", KILN_REWRITE))[:40]
    path = write(tmp_path / "crawl.warc.gz", data + cut)
    rows = list(read_rows([(0, InputFile(path, "crawl.warc.gz"))], 10_000_000))
    assert rows[0][1] == "crawl.warc.gz#2" and rows[0][3] == "url:https://courier.example/kiln"
    assert rows[1][1] is None and "cut off" in rows[1][-1]


def test_cli_analyze_and_ingest_a_warc_gz(tmp_path):
    path = write(tmp_path / "news.warc.gz", gzipped(
        WARCINFO, response("https://courier.example/kiln", KILN),
        response("https://courier.example/gone", b"<html></html>", status="404 Not Found"),
        response("https://gazette.example/kiln", KILN_REWRITE)))
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    assert "Harrowgate" in result.stdout
    assert "record 3 (https://courier.example/gone): HTTP status 404" in result.stderr
    db = tmp_path / "news.db"
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "2 new, 0 revised, 0 already stored" in result.stdout
    with Store.open(db) as store:
        docs = [d.raw for s in store.stories() for d in store.story_documents(s.id)]
    assert sorted(d.url for d in docs) == ["https://courier.example/kiln",
                                           "https://gazette.example/kiln"]
    assert all(not d.id.startswith("/") for d in docs)
    assert [item.url for item in stream_documents([path], 10_000_000)
            if isinstance(item, RawDocument)] == sorted(d.url for d in docs)
