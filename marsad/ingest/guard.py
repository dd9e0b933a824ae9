"""Guards on every connection the fetcher opens: an overall deadline, no private addresses.

httpx's timeouts count per operation (connect, one read, one write), so a server that
sends one byte a second never trips them and can hold a request for hours. The guard
sits one level lower, as httpcore's network backend: every read and write of a
request is given only the time left before the request's deadline (`deadline`), and
reads wait in short slices so that a stop (a signal) abandons a request in flight at
once. Header trickle, body trickle and a silent server all end at the deadline.

The same backend resolves host names itself and refuses to connect to loopback,
link-local, private, unspecified, multicast or reserved addresses unless allowed:
a feed of a public deployment must not make Marsad fetch its own admin pages or a
cloud metadata service. The check runs after DNS resolution, on the addresses
actually connected to (so a name cannot resolve to a public address for the check
and a private one for the connection), for every connection: redirects included.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from marsad.errors import CANCELLED, TIMEOUT, MarsadError

PRIVATE_ADDRESS = "private-address"
ALLOW_PRIVATE_VARIABLE = "MARSAD_ALLOW_PRIVATE"
POLL_SECONDS = 0.25  # longest a read waits before looking at the stop signal again
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class PrivateAddressError(MarsadError):
    """A URL's host resolves only to addresses a public deployment must not fetch."""

    code = PRIVATE_ADDRESS


class DeadlineExceeded(MarsadError):
    """A request ran past its overall deadline (connect, headers and body together)."""

    code = TIMEOUT


class RequestStopped(MarsadError):
    """A request in flight was abandoned because the crawl was asked to stop."""

    code = CANCELLED


def private_allowed_by_environment() -> bool:
    """Whether `MARSAD_ALLOW_PRIVATE=1` (or true/yes) allows private addresses."""
    return os.environ.get(ALLOW_PRIVATE_VARIABLE, "").strip().lower() in ("1", "true", "yes")


@dataclass(frozen=True, slots=True)
class Deadline:
    """When the current request must be over (monotonic time), and the stop signal."""

    at: float
    stop: threading.Event = field(default_factory=threading.Event)

    def remaining(self) -> float:
        return self.at - time.monotonic()


_current: ContextVar[Deadline | None] = ContextVar("marsad_request_deadline", default=None)


@contextmanager
def deadline(seconds: float, stop: threading.Event | None = None) -> Iterator[Deadline]:
    """Every connection used inside (in this thread) must finish within `seconds`."""
    limit = Deadline(time.monotonic() + seconds, stop or threading.Event())
    token = _current.set(limit)
    try:
        yield limit
    finally:
        _current.reset(token)


def _time_left(timeout: float | None) -> float | None:
    """The timeout of one operation, cut to what is left of the current deadline."""
    limit = _current.get()
    if limit is None:
        return timeout
    if limit.stop.is_set():
        raise RequestStopped("stopped")
    left = limit.remaining()
    if left <= 0:
        raise DeadlineExceeded("no complete answer within the request's deadline")
    return left if timeout is None else min(timeout, left)


def refused_kind(address: Address) -> str | None:
    """Why `address` is not a public one ("loopback", "private"...), or None if it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    )
    return next((kind for kind, hit in checks if hit), None)


class GuardedStream(httpcore.NetworkStream):
    """A connection whose reads and writes stay within the current request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        started = time.monotonic()
        while True:
            left = _time_left(timeout)
            wait = POLL_SECONDS if left is None else min(left, POLL_SECONDS)
            try:
                return self._inner.read(max_bytes, wait)
            except httpcore.ReadTimeout:
                if timeout is not None and time.monotonic() - started >= timeout:
                    raise  # the server's silence, as httpx measures it per read

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _time_left(timeout))
        return GuardedStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, with resolution checked and every stream guarded."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._addresses(host, port, _time_left(timeout))
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    str(address), port, _time_left(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
                continue
            return GuardedStream(stream)
        raise failure or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _addresses(self, host: str, port: int, timeout: float | None) -> list[Address]:
        """The addresses of `host` that may be connected to; refused ones raise."""
        resolved = _resolve(host, port, timeout)
        if self.allow_private:
            return resolved
        public = [address for address in resolved if refused_kind(address) is None]
        if not public:
            kinds = sorted({refused_kind(address) or "" for address in resolved})
            shown = ", ".join(str(address) for address in resolved[:3])
            raise PrivateAddressError(
                f"{host} resolves to a {'/'.join(kinds)} address ({shown}); refused unless "
                f"private addresses are allowed (--allow-private, {ALLOW_PRIVATE_VARIABLE}=1)"
            )
        return public


def _resolve(host: str, port: int, timeout: float | None) -> list[Address]:
    """`host`'s addresses, in the resolver's order; DNS that hangs counts against `timeout`.

    getaddrinfo cannot be interrupted, so it runs in a daemon thread that is left
    behind (and finishes on its own) when the deadline passes first.
    """
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    found: list[Address] = []
    problem: list[OSError] = []

    def lookup() -> None:
        try:
            for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
                address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
                if address not in found:
                    found.append(address)
        except OSError as error:
            problem.append(error)

    worker = threading.Thread(target=lookup, name="marsad-resolve", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise httpcore.ConnectTimeout(f"resolving {host} took too long")
    if problem or not found:
        raise httpcore.ConnectError(f"cannot resolve {host}: {problem[0] if problem else ''}")
    return found


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over the guarded backend (no proxies: addresses are checked here)."""

    def __init__(self, allow_private: bool) -> None:
        super().__init__(trust_env=False)
        # httpx builds its httpcore pool without a way to pass a network backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(allow_private),
        )
