"""The one module of the backend that makes outbound HTTP requests: one webhook attempt.

It asks :mod:`addresses` for the target again (the SSRF rule, with a fresh DNS answer) and connects
to exactly the addresses that passed, never resolving the name a second time (no DNS rebinding);
TLS still checks the certificate against the URL's host name (SNI). It sends one POST, follows no
redirect, reads the status line and headers and at most ``MAX_READ`` bytes of the body, and gives
up after ``WEBHOOK_TIMEOUT`` seconds in all, however slowly the receiver drips its answer.
"""

from __future__ import annotations

import http.client
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from . import addresses

logger = logging.getLogger("kindred.webhooks")

MAX_READ = 1024
MAX_RETRY_AFTER = 24 * 3600


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to. ``error`` is Kindred's own words (never an address or a body)."""

    status_code: int | None
    duration_ms: int
    error: str = ""
    retry_after: int | None = None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300 and not self.error

    @property
    def gone(self) -> bool:
        return self.status_code == 410


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Plain HTTP to one checked address (loopback only: ``WEBHOOKS_ALLOW_LOOPBACK``)."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to one checked address, the certificate verified for the URL's host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self.address = address
        self.tls = context

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        try:
            self.sock = self.tls.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise


def tls_context() -> ssl.SSLContext:
    """The system's trusted certificates, hostname checking, TLS 1.2 at least."""
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class _Deadline:
    """Cuts the connection when the whole attempt has taken ``seconds``: a per-read timeout alone
    would let a receiver sending one byte every few seconds hold a worker for hours."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self.connection = connection
        self.passed = False
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True

    def _cut(self) -> None:
        self.passed = True
        sock = self.connection.sock
        if sock is not None:
            try:  # the socket's own shutdown, under TLS too: a blocked read then returns at once
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> _Deadline:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()


def deliver(*, url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST ``body`` to ``url`` with ``headers``: one attempt, checked, bounded and never raising."""
    started = time.monotonic()

    def outcome(status: int | None = None, error: str = "", retry_after: int | None = None) -> Outcome:
        return Outcome(status, int((time.monotonic() - started) * 1000), error, retry_after)

    try:
        target = addresses.resolve(url)
    except addresses.Refused as refused:
        return outcome(error=f"Not sent: {refused.message}")
    last_error = "could not connect"
    for address in target.addresses:
        remaining = settings.WEBHOOK_TIMEOUT - (time.monotonic() - started)
        if remaining <= 0:
            return outcome(error=f"timed out after {settings.WEBHOOK_TIMEOUT:g} s")
        connection = _connection(target, address, remaining)
        try:
            with _Deadline(connection, remaining) as deadline:
                try:
                    status, retry_after = _exchange(connection, target, body, headers)
                    if deadline.passed:  # cut off mid-answer: what was read may end early but look whole
                        return outcome(error=f"timed out after {settings.WEBHOOK_TIMEOUT:g} s")
                except ConnectionRefusedError:
                    last_error = "connection refused"
                    continue  # the next address may answer
                except (TimeoutError, OSError, http.client.HTTPException, ValueError) as error:
                    if deadline.passed or isinstance(error, TimeoutError):
                        return outcome(error=f"timed out after {settings.WEBHOOK_TIMEOUT:g} s")
                    return outcome(error=_describe(error, target.host))
        finally:
            connection.close()
        return outcome(status, _status_error(status), retry_after)
    return outcome(error=last_error)


def _connection(target: addresses.Target, address: str, seconds: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target.host, target.port, address=address, timeout=seconds,
                                      context=tls_context())
    return _PinnedHTTPConnection(target.host, target.port, address=address, timeout=seconds)


def _exchange(connection: http.client.HTTPConnection, target: addresses.Target, body: bytes,
              headers: dict[str, str]) -> tuple[int, int | None]:
    connection.request("POST", target.path, body=body, headers={**headers, "Connection": "close"})
    response = connection.getresponse()
    response.read(MAX_READ)
    return response.status, _retry_after(response.getheader("Retry-After"))


def _retry_after(value: str | None) -> int | None:
    """Seconds from a ``Retry-After: <seconds>`` header (a date is ignored), capped at a day."""
    if value is None or not value.strip().isdigit():
        return None
    return min(int(value.strip()), MAX_RETRY_AFTER)


def _status_error(status: int) -> str:
    if 300 <= status < 400:
        return f"Redirects are not followed (HTTP {status}): register the address it points to instead."
    if status == 410:
        return "The receiver answered 410 Gone: Kindred stopped sending to this webhook."
    return ""


def _describe(error: Any, host: str) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted for {host}: {error.verify_message}"[:200]
    if isinstance(error, ssl.SSLError):
        return "TLS handshake failed"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the receiver closed the connection without answering"
    if isinstance(error, http.client.HTTPException | ValueError):
        return "the receiver's answer was not valid HTTP"
    if isinstance(error, OSError) and error.strerror:
        return f"could not connect: {error.strerror}"[:200]
    return "could not connect"
