#!/usr/bin/env python3
"""Reading a web archive: storycheck's WARC reader beside a bare warcio + trafilatura loop.

Usage::

    python bench/bench_warc.py [WARC_GZ] [--data DATA_DIR] [--limit N]

Without WARC_GZ it builds one, in a temporary folder, from the article-extraction
benchmark's HTML pages (``DATA_DIR``, as ``bench_extraction.py`` reads it): one
gzip member per response record, as Common Crawl's CC-NEWS files are, with each
page's URL as ``WARC-Target-URI``.  When neither is there it says so and exits 0.

Rows, timed in the same run over the same file:

* ``storycheck``: ``io.stream.stream_documents`` on the file, i.e. records to
  documents with storycheck's HTML extraction and metadata (what ``analyze``,
  ``ingest`` and the Spark job read through);
* ``warcio + trafilatura.extract``: warcio's ArchiveIterator, every HTML response
  record's payload through ``trafilatura.extract`` with its defaults.

pages/s counts HTML response records; MB/s is the WARC.gz file's size (compressed
bytes) over the time.  Time is this process's CPU time (both loops run in one
thread), so that other jobs on a shared machine do not slow one row more than
the other; both rows' modules are imported before either is timed.  Needs
warcio (``pip install -e '.[bench]'``).
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # write nothing into the repository

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "article-extraction"

if importlib.util.find_spec("storycheck") is None:  # not installed: use the checkout
    sys.path.insert(0, str(REPO / "src"))


def build_warc(data: Path, out: Path) -> int:
    """A WARC.gz of the benchmark's pages, one response record each; the page count."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    count = 0
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for item in sorted(truth):
            path = data / "html" / f"{item}.html.gz"
            if not path.exists():
                continue
            body = gzip.decompress(path.read_bytes())
            url = truth[item].get("url") or f"https://bench.example/{item}"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers))
            count += 1
    return count


def storycheck_run(path: Path, limit: int | None) -> tuple[int, int]:
    """(documents, skipped) from storycheck's reader."""
    from storycheck.io.stream import stream_documents
    from storycheck.models import Skipped

    docs = skipped = 0
    for item in stream_documents([path], 50_000_000):
        if isinstance(item, Skipped):
            skipped += 1
        else:
            docs += 1
        if limit and docs + skipped >= limit:
            break
    return docs, skipped


def warcio_run(path: Path, limit: int | None) -> tuple[int, int]:
    """(texts, empty or failed) from warcio + trafilatura.extract."""
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    texts = failed = 0
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or "html" not in (
                    record.http_headers.get_header("Content-Type") or ""):
                continue
            if trafilatura.extract(record.content_stream().read()):
                texts += 1
            else:
                failed += 1
            if limit and texts + failed >= limit:
                break
    return texts, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("warc", nargs="?", type=Path, help="a WARC.gz to read (default: build one)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"article-extraction benchmark folder (default: {DEFAULT_DATA})")
    parser.add_argument("--limit", type=int, default=None,
                        help="first N HTML records only (MB/s is then not meaningful)")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("warcio") is None:
        print("warcio is not installed (pip install -e '.[bench]'); skipping.")
        return 0
    with tempfile.TemporaryDirectory(prefix="storycheck-bench-warc-") as tmp:
        path = args.warc
        if path is None:
            if not (args.data / "ground-truth.json").is_file():
                print(f"article-extraction benchmark not found at {args.data}; skipping.")
                return 0
            path = Path(tmp) / "bench.warc.gz"
            pages = build_warc(args.data, path)
            print(f"built a WARC.gz of {pages} pages from {args.data}")
        # imports are no throughput: load both rows' modules before either timer starts
        # (importing storycheck loads its NLP stack, about a second; trafilatura half that)
        import trafilatura  # noqa: F401
        from warcio.archiveiterator import ArchiveIterator  # noqa: F401

        from storycheck.io.stream import stream_documents  # noqa: F401
        size = path.stat().st_size
        print(f"{path.name}: {size / 1e6:.1f} MB\n")
        header = f"{'reader':<34} {'pages':>6} {'skipped':>7} {'pages/s':>8} {'MB/s':>6}"
        print(header)
        print("-" * len(header))
        for name, run in (("warcio + trafilatura.extract", warcio_run),
                          ("storycheck (stream_documents)", storycheck_run)):
            started = time.process_time()
            done, skipped = run(path, args.limit)
            elapsed = time.process_time() - started
            print(f"{name:<34} {done:>6} {skipped:>7} {(done + skipped) / elapsed:>8.1f} "
                  f"{size / 1e6 / elapsed:>6.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
