"""A web site on 127.0.0.1 for the fetch and feed tests: pages, feeds, redirects,
failures and endless bodies, each at a path; it records every request it gets."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


# a route: a fixed answer, or a function writing its own (streams, failures by turn)
Route = Answer | Callable[["Handler", int], Answer | None]


class Site:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.site = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, body: str | bytes = b"", status: int = 200,
            content_type: str = "text/html; charset=utf-8", **headers: str) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Answer(status, data, {"Content-Type": content_type, **headers})
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Answer(status, b"", {"Location": location})
        return self.url(path)

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(p == path for p, _ in self.requests)


class Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        site: Site = self.server.site
        with site.lock:
            site.requests.append((self.path, dict(self.headers)))
            turn = sum(p == self.path for p, _ in site.requests)
        route = site.routes.get(self.path, Answer(404, b"not here", {"Content-Type": "text/plain"}))
        answer = route(self, turn) if callable(route) else route
        if answer is not None:
            self.answer(answer)

    def answer(self, answer: Answer) -> None:
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if "Content-Length" not in answer.headers:
            self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, *args) -> None:  # quiet
        pass


def endless(chunk: bytes = b"<p>more words</p>" * 4096, pause: float = 0.0):
    """A route whose body never ends (no Content-Length), until the client hangs up."""
    def write(handler: Handler, turn: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            while True:
                handler.wfile.write(chunk)
                handler.wfile.flush()
                time.sleep(pause)
        except OSError:  # the client stopped reading
            pass
    return write


def failing(times: int, then: Answer, status: int = 503):
    """A route that answers ``status`` the first ``times`` requests, then ``then``."""
    def answer(handler: Handler, turn: int) -> Answer:
        return Answer(status, b"busy", {"Content-Type": "text/plain"}) if turn <= times else then
    return answer


@contextmanager
def serving():
    """A ``Site`` serving until the block ends (the ``site`` fixture of conftest)."""
    served = Site()
    served.thread.start()
    try:
        yield served
    finally:
        served.server.shutdown()
        served.server.server_close()
