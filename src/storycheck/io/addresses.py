"""Which network addresses storycheck may download from: public ones only, by default.

A URL given to storycheck (or a link in a feed, or a redirect) must not make it
read from the machine it runs on or its private network (a router's admin
page, a cloud metadata service at 169.254.169.254).  The check runs where the
connection is made, on the addresses the host name resolved to, so it covers
every redirect and cannot be raced by a name that resolves differently the
second time (DNS rebinding): ``GuardedBackend`` resolves the name once,
refuses it when any of its addresses is not public, and connects to the
addresses it checked.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable

import httpcore

from ..errors import ReadError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# resolve(host, port, family, type) -> getaddrinfo's tuples (socket.getaddrinfo's shape)
Resolver = Callable[..., list]

ALLOW_HINT = "--allow-private (setting fetch_allow_private) fetches it anyway"


class RefusedAddress(ReadError):
    """A host resolves to an address storycheck does not download from."""

    code = "SC130"


def refused_reason(address: IPAddress) -> str | None:
    """Why an address is not fetched from ('loopback', 'private', ...), or None when
    it is public.  An IPv6 address that carries an IPv4 one (IPv4-mapped ::ffff:a.b.c.d,
    6to4, Teredo) is judged by the IPv4 address it carries."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = address.ipv4_mapped or address.sixtofour or (
            address.teredo[1] if address.teredo else None)
        if carried is not None:
            reason = refused_reason(carried)
            return f"{reason} (IPv4 {carried} inside IPv6)" if reason else None
    for test, name in (("is_loopback", "loopback"), ("is_unspecified", "unspecified"),
                       ("is_link_local", "link-local"), ("is_multicast", "multicast"),
                       ("is_reserved", "reserved"), ("is_private", "private")):
        if getattr(address, test):
            return name
    if not address.is_global:  # shared (100.64/10), documentation and benchmark ranges
        return "non-public"
    return None


def parse_address(text: str) -> IPAddress | None:
    """An IP address literal (a URL's host, a getaddrinfo answer), else None."""
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend, connecting only to the addresses a host name
    resolved to and, unless ``allow_private``, only when all of them are public."""

    def __init__(self, allow_private: bool = False, resolve: Resolver = socket.getaddrinfo):
        self.allow_private = allow_private
        self.resolve = resolve

    def checked_addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for ``host``; ``RefusedAddress`` when one is not
        public, ``ReadError`` when the name does not resolve."""
        literal = parse_address(host)
        if literal is not None:
            found = [literal]
        else:
            try:
                answers = self.resolve(host, port, 0, socket.SOCK_STREAM)
            except (OSError, UnicodeError) as exc:  # socket.gaierror is an OSError
                raise ReadError(f"cannot resolve host {host!r}: {exc}") from exc
            found = _unique(parse_address(str(answer[4][0])) for answer in answers)
            if not found:
                raise ReadError(f"host {host!r} has no address")
        if not self.allow_private:
            for address in found:
                if reason := refused_reason(address):
                    named = "" if literal is not None else f"{host} resolves to "
                    raise RefusedAddress(f"{named}{address}, a {reason} address: not fetched",
                                         ALLOW_HINT)
        return [str(address) for address in found]

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Iterable | None = None
                    ) -> httpcore.NetworkStream:
        error: Exception | None = None
        for address in self.checked_addresses(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc  # try the host's next address, as browsers do
        assert error is not None
        raise error


def _unique(addresses: Iterable[IPAddress | None]) -> list[IPAddress]:
    return list(dict.fromkeys(a for a in addresses if a is not None))


__all__ = ["GuardedBackend", "RefusedAddress", "parse_address", "refused_reason"]
