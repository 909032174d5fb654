"""Download pages and feeds over HTTP(S): politely, and safe against what a server sends.

``Fetcher.fetch(url)`` returns the body of one URL or raises ``FetchError``
saying why not.  What it guards against, each with a setting in ``Settings``:

* addresses: only public ones (``io/addresses.py``), checked on every connection,
  so on every redirect too, unless ``fetch_allow_private``; only http and https;
* redirects: followed here, one hop at a time, at most ``fetch_max_redirects``,
  a loop refused as soon as a URL comes round again;
* size: the body is streamed and dropped once it passes ``max_file_bytes``
  (after decompression, so a small gzip bomb is no way round it); a
  Content-Length over the cap is refused before the body is read;
* time: connect and read timeouts, and ``fetch_deadline`` for the whole URL
  (robots.txt, redirects, retries and download), enforced on every socket read,
  so a server that trickles its headers or body a byte a second never holds a batch;
* content: only the media types storycheck reads (the caller says which);
* failures that pass: timeouts, dropped connections and HTTP 429/5xx are retried
  ``fetch_retries`` times, waiting ``fetch_backoff`` seconds and twice as long
  each time (longer when the server's Retry-After asks, within the deadline);
* manners: robots.txt (RFC 9309) is read once per site and obeyed for the user
  agent token ``storycheck`` (``fetch_robots``); at most ``fetch_per_host``
  downloads at once from one host; the User-Agent names storycheck and its version.

No proxy from the environment is used: a proxy would resolve the names itself,
out of reach of the address check.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from ..errors import ReadError
from ..settings import Settings
from .addresses import GuardedBackend, RefusedAddress, Resolver

AGENT_TOKEN = "storycheck"  # what robots.txt rules name
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: crawlers read at least the first 500 KiB
SCHEMES = ("http", "https")


def user_agent() -> str:
    """'storycheck/0.1.0 (+robots.txt: storycheck) python-httpx/0.28.1'."""
    try:
        own = version("storycheck")
    except PackageNotFoundError:  # running from a source tree that is not installed
        own = "unknown"
    return f"{AGENT_TOKEN}/{own} (news report checker; robots.txt token: {AGENT_TOKEN}) " \
           f"python-httpx/{httpx.__version__}"


class FetchError(ReadError):
    """A URL could not be downloaded; ``status`` is the HTTP status when it answered."""

    code = "SC120"

    def __init__(self, message: str, hint: str | None = None, status: int | None = None):
        super().__init__(message, hint)
        self.status = status


@dataclass(frozen=True)
class Fetched:
    """One URL's body as downloaded."""

    url: str  # as asked for
    final_url: str  # after redirects
    media_type: str  # 'text/html', from Content-Type, lower case
    charset: str | None  # as Content-Type declares it
    content_type: str  # the header as sent
    data: bytes


@dataclass(frozen=True)
class _Redirect:
    location: str


class _Retryable(Exception):
    """A failure worth another try (timeout, dropped connection, 429, 5xx)."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float = 0.0):
        super().__init__(reason)
        self.reason, self.status, self.retry_after = reason, status, retry_after


class Deadline:
    """The time one URL may still take."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds, self.clock = seconds, clock
        self.end = clock() + seconds

    def left(self) -> float:
        return self.end - self.clock()

    def check(self) -> None:
        if self.left() <= 0:
            raise FetchError(f"took more than {self.seconds:g} s in all, given up",
                             "raise fetch_deadline to wait longer")


class Fetcher:
    """Downloads URLs as ``Settings`` say; thread-safe, one per batch (it remembers
    each site's robots.txt).  ``resolve`` and ``sleep`` are for tests."""

    def __init__(self, settings: Settings | None = None, *,
                 resolve: Resolver = socket.getaddrinfo,
                 sleep: Callable[[float], None] = time.sleep):
        self.settings = settings or Settings()
        self.backend = _DeadlineBackend(self.settings.fetch_allow_private, resolve)
        self.sleep = sleep
        self.client = httpx.Client(
            transport=_guarded_transport(self.backend), trust_env=False,
            follow_redirects=False, headers={"User-Agent": user_agent()})
        self._lock = threading.Lock()
        self._robots: dict[str, RobotFileParser | FetchError] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._hosts: dict[str, threading.Semaphore] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def fetch(self, url: str, accept: Collection[str]) -> Fetched:
        """The body of ``url`` when its media type is one of ``accept``; ``FetchError``
        (or ``RefusedAddress``) saying why not."""
        s = self.settings
        return self._follow(url, accept, Deadline(s.fetch_deadline), s.fetch_robots,
                            s.max_file_bytes)

    def _follow(self, url: str, accept: Collection[str] | None, deadline: Deadline,
                robots: bool, max_bytes: int) -> Fetched:
        seen, current = {url}, url
        for _ in range(self.settings.fetch_max_redirects + 1):
            _check_url(current)
            if robots:
                self._obey_robots(current, deadline)
            outcome = self._with_retries(current, accept, deadline, max_bytes)
            if isinstance(outcome, Fetched):
                return Fetched(url, outcome.final_url, outcome.media_type, outcome.charset,
                               outcome.content_type, outcome.data)
            if outcome.location in seen:
                raise FetchError(f"redirect loop: {current} leads back to {outcome.location}")
            seen.add(outcome.location)
            current = outcome.location
        raise FetchError(f"more than {self.settings.fetch_max_redirects} redirects "
                         f"(the last to {current})", "raise fetch_max_redirects to follow more")

    def _with_retries(self, url: str, accept: Collection[str] | None, deadline: Deadline,
                      max_bytes: int) -> Fetched | _Redirect:
        retries, attempt = max(self.settings.fetch_retries, 0), 0
        while True:
            try:
                return self._get(url, accept, deadline, max_bytes)
            except _Retryable as failure:
                tries = f"{attempt + 1} {'try' if attempt == 0 else 'tries'}"
                if attempt >= retries:
                    raise FetchError(f"{failure.reason} ({tries})",
                                     status=failure.status) from None
                wait = max(self.settings.fetch_backoff * 2 ** attempt, failure.retry_after)
                if wait >= deadline.left():
                    raise FetchError(f"{failure.reason} ({tries}; no time left to retry within "
                                     f"fetch_deadline)", status=failure.status) from None
                self.sleep(wait)
                attempt += 1

    def _get(self, url: str, accept: Collection[str] | None, deadline: Deadline,
             max_bytes: int) -> Fetched | _Redirect:
        deadline.check()
        s = self.settings
        timeout = httpx.Timeout(connect=s.fetch_connect_timeout, read=s.fetch_read_timeout,
                                write=s.fetch_read_timeout, pool=deadline.left())
        accepted = ", ".join(sorted(accept)) if accept else "*/*"
        with self._host_slot(httpx.URL(url).host):
            self.backend.local.deadline = deadline
            try:
                with self.client.stream("GET", url, timeout=timeout,
                                        headers={"Accept": accepted}) as response:
                    return _read(url, response, accept, deadline, max_bytes)
            except httpx.TimeoutException as exc:
                deadline.check()
                raise _Retryable(f"timed out ({_timeout_kind(exc)})") from None
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                raise _Retryable(f"connection failed: {exc or type(exc).__name__}") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"download failed: {type(exc).__name__}: {exc}") from None
            finally:
                self.backend.local.deadline = None

    def _host_slot(self, host: str) -> threading.Semaphore:
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.Semaphore(max(self.settings.fetch_per_host, 1))
            return self._hosts[host]

    # robots.txt
    def _obey_robots(self, url: str, deadline: Deadline) -> None:
        parts = httpx.URL(url)
        origin = f"{parts.scheme}://{parts.netloc.decode('ascii')}"
        rules = self._robots_of(origin, deadline)
        if isinstance(rules, FetchError):
            raise rules
        if not rules.can_fetch(AGENT_TOKEN, url):
            raise FetchError(f"robots.txt of {origin} disallows it for {AGENT_TOKEN}",
                             "-s fetch_robots=false fetches it anyway")

    def _robots_of(self, origin: str, deadline: Deadline) -> RobotFileParser | FetchError:
        with self._lock:
            site_lock = self._robots_locks.setdefault(origin, threading.Lock())
        with site_lock:  # one download of a site's robots.txt, however many threads ask
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin, deadline)
            return self._robots[origin]

    def _read_robots(self, origin: str, deadline: Deadline) -> RobotFileParser | FetchError:
        """RFC 9309: rules when robots.txt is there, no rules when it is missing (4xx),
        and everything disallowed when it cannot be read (5xx, no connection)."""
        rules = RobotFileParser(f"{origin}/robots.txt")
        try:
            fetched = self._follow(f"{origin}/robots.txt", None, deadline, False, ROBOTS_MAX_BYTES)
        except RefusedAddress:
            raise
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                rules.allow_all = True
                return rules
            return FetchError(f"robots.txt of {origin} could not be read ({exc.message}), "
                              "which forbids fetching from the site (RFC 9309)",
                              "-s fetch_robots=false fetches it anyway")
        rules.parse(fetched.data.decode("utf-8", "replace").splitlines())
        return rules


class _DeadlineBackend(GuardedBackend):
    """The guarded backend, each connect, read and write of it cut short at the
    deadline of the download the calling thread is on: read timeouts alone never
    stop a server that sends its headers, or its body, a byte at a time."""

    def __init__(self, allow_private: bool, resolve: Resolver):
        super().__init__(allow_private, resolve)
        self.local = threading.local()  # .deadline: the calling thread's Deadline

    def limit(self, timeout: float | None) -> float | None:
        deadline = getattr(self.local, "deadline", None)
        if deadline is None:
            return timeout
        left = max(deadline.left(), 0.001)  # 0 would make the socket non-blocking
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options=None
                    ) -> httpcore.NetworkStream:
        stream = super().connect_tcp(host, port, self.limit(timeout), local_address,
                                     socket_options)
        return _DeadlineStream(stream, self)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, backend: _DeadlineBackend):
        self.stream, self.backend = stream, backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.backend.limit(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.backend.limit(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        tls = self.stream.start_tls(ssl_context, server_hostname, self.backend.limit(timeout))
        return _DeadlineStream(tls, self.backend)

    def get_extra_info(self, info: str):
        return self.stream.get_extra_info(info)


def _guarded_transport(backend: httpcore.NetworkBackend) -> httpx.HTTPTransport:
    """httpx's transport connecting through ``backend``.  httpx (to 0.28) has no
    option for a network backend; its httpcore connection pool has, and keeps it as
    ``_network_backend`` (tests/test_fetch.py fails loudly if that changes)."""
    transport = httpx.HTTPTransport(trust_env=False)
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.ConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError(f"httpx {httpx.__version__}: cannot guard the addresses it connects "
                           "to; install a supported httpx (see pyproject.toml)")
    pool._network_backend = backend
    return transport


def _check_url(url: str) -> None:
    try:
        parts = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid URL: {exc}") from None
    if parts.scheme not in SCHEMES:
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or '(none)'}:")
    if not parts.host:
        raise FetchError("the URL has no host")


def _read(url: str, response: httpx.Response, accept: Collection[str] | None,
          deadline: Deadline, max_bytes: int) -> Fetched | _Redirect:
    status = response.status_code
    if status in REDIRECT_STATUSES:
        location = response.headers.get("location")
        if not location:
            raise FetchError(f"HTTP {status} redirect without a Location", status=status)
        try:
            return _Redirect(str(response.url.join(location)))
        except httpx.InvalidURL as exc:
            raise FetchError(f"redirect to an invalid URL {location!r}: {exc}") from None
    phrase = f"HTTP {status} {response.reason_phrase}".strip()
    if status in RETRY_STATUSES:
        raise _Retryable(phrase, status, _retry_after(response))
    if not 200 <= status < 300:
        raise FetchError(phrase, status=status)
    content_type = response.headers.get("content-type", "")
    media_type = content_type.partition(";")[0].strip().lower()
    if accept is not None and media_type not in accept:
        raise FetchError(f"content type {media_type or '(none)'} is not one storycheck reads",
                         "it reads " + ", ".join(sorted(accept)))
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"the server announces {int(declared):,} bytes, over the "
                         f"{max_bytes:,}-byte cap", "raise max_file_bytes to read it")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"the download passed the {max_bytes:,}-byte cap; stopped",
                             "raise max_file_bytes to read it")
        deadline.check()
        chunks.append(chunk)
    return Fetched(url, str(response.url), media_type, response.charset_encoding, content_type,
                   b"".join(chunks))


def _retry_after(response: httpx.Response) -> float:
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else 0.0


def _timeout_kind(exc: httpx.TimeoutException) -> str:
    return {httpx.ConnectTimeout: "connecting", httpx.ReadTimeout: "waiting for data",
            httpx.WriteTimeout: "sending", httpx.PoolTimeout: "waiting for a connection"
            }.get(type(exc), "waiting")


__all__ = ["AGENT_TOKEN", "Deadline", "FetchError", "Fetched", "Fetcher", "user_agent"]
