"""Load on the web app's story page: 200 concurrent clients on loopback.

A temporary database is filled with the demo corpus (``Store.ingest``, as
``storycheck ingest`` does) and every story is analysed; the app then runs under
uvicorn in its own process on 127.0.0.1, and the story page with the most
documents is requested once to warm its cache.  Then 200 clients (asyncio, one
keep-alive HTTP/1.1 connection each, a minimal client so that the load
generator leaves the CPU to the server) request that page back to back for
``--seconds`` (20 by default) or until ``--max-requests`` have been sent,
whichever comes first.  Reported: requests per second, p50/p90/p99/max latency,
and errors (any exception or status other than 200).

Client and server share this machine's cores, so the figures are a floor for
the server alone.  Only loopback traffic; the temporary folder is removed.

Usage: python bench/bench_web.py [--clients 200] [--seconds 20] [--max-requests 400000]
                                 [--json FILE]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

DEMO = Path(__file__).resolve().parents[1] / "src" / "storycheck" / "demo" / "corpus"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_server(db: str, port: int) -> None:
    """The child process: the app over ``db``, every story analysed before serving."""
    import uvicorn

    from storycheck.web import WebSettings, create_app

    app = create_app(db, web=WebSettings(background_analysis=False))
    app.state.service.warm()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def fill_database(db: Path) -> None:
    from storycheck.store import Store

    with Store.open(db) as store:
        result = store.ingest([DEMO])
    print(f"ingested {result.added} demo documents into {len(result.stories)} stories")


def wait_until_up(base: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stories", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not come up")


class HTTPClient:
    """One keep-alive HTTP/1.1 connection that GETs one path: a small client, so that
    the load generator spends little of the machine's CPU on itself."""

    def __init__(self, host: str, port: int, path: str):
        self.host, self.port = host, port
        self.request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                        "Connection: keep-alive\r\n\r\n").encode()
        self.reader = self.writer = None

    async def get(self) -> int:
        """Send the request, read the whole response; return its status."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(self.request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        if length is None:
            raise ValueError("response without Content-Length")
        await self.reader.readexactly(int(length[1]))
        if re.search(rb"(?i)\r\nconnection: *close", head):
            self.close()
        return int(head[9:12])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def load(url: str, clients: int, seconds: float, max_requests: int) -> dict:
    parts = urlsplit(url)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    sent = 0
    stop_at = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal sent
        http = HTTPClient(parts.hostname, parts.port, parts.path)
        try:
            while time.perf_counter() < stop_at and sent < max_requests:
                sent += 1
                started = time.perf_counter()
                try:
                    status = await asyncio.wait_for(http.get(), timeout=30)
                except (OSError, ValueError, asyncio.IncompleteReadError,
                        asyncio.LimitOverrunError, asyncio.TimeoutError) as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    http.close()
                    continue
                if status != 200:
                    errors[str(status)] = errors.get(str(status), 0) + 1
                    continue
                latencies.append(time.perf_counter() - started)
        finally:
            http.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))  # one connection each
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {"clients": clients, "seconds": round(elapsed, 2), "requests": len(latencies),
            "errors": sum(errors.values()), "error_kinds": errors,
            "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(pct(0.50), 1), "p90_ms": round(pct(0.90), 1),
            "p99_ms": round(pct(0.99), 1), "max_ms": round(latencies[-1] * 1000, 1),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=400_000)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return run_server(args.serve[0], int(args.serve[1]))

    with tempfile.TemporaryDirectory(prefix="storycheck-bench-web-") as tmp:
        db = Path(tmp) / "demo.db"
        fill_database(db)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(db), str(port)],
                                  env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            wait_until_up(base)
            stories = httpx.get(base + "/api/stories").json()["stories"]
            story = max(stories, key=lambda s: len(s["documents"]))
            url = base + story["url"]
            page = httpx.get(url)  # warms the rendered page
            page.raise_for_status()
            print(f"story page {story['url']}: {len(story['documents'])} documents, "
                  f"{len(page.content):,} bytes")
            figures = asyncio.run(load(url, args.clients, args.seconds, args.max_requests))
        finally:
            server.terminate()
            server.wait(timeout=30)
    figures["page_bytes"] = len(page.content)
    print(f"{figures['clients']} clients, {figures['seconds']} s: {figures['requests']:,} "
          f"requests, {figures['requests_per_s']:,} requests/s; latency p50 "
          f"{figures['p50_ms']} ms, p90 {figures['p90_ms']} ms, p99 {figures['p99_ms']} ms, "
          f"max {figures['max_ms']} ms; errors: {figures['errors']} {figures['error_kinds'] or ''}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
