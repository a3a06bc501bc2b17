"""Webhook fixtures: a receiver on loopback, DNS under the test's control, and registration over HTTP.

The receiver is a small threaded HTTP server on 127.0.0.1 (an ephemeral port) that records every
request and answers what the test tells it to. ``WEBHOOKS_ALLOW_LOOPBACK`` is turned on only by
the ``loopback`` fixture, as the suite's settings leave it off like production's.
"""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from kindred.webhooks import addresses

REPO = Path(__file__).resolve().parents[2]
HOOK_HOST = "hooks.intergroup-example.org"  # what the fake DNS answers for; the certificate's name too


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What a webhook receiver got, and what it will answer next (``answers``; then ``default``)."""

    port: int = 0
    received: list[Received] = field(default_factory=list)
    answers: list[int | Callable[[BaseHTTPRequestHandler], None]] = field(default_factory=list)
    default: int = 204
    scheme: str = "http"

    def url(self, host: str = "127.0.0.1", path: str = "/kindred/hooks") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def next_answer(self) -> int | Callable[[BaseHTTPRequestHandler], None]:
        return self.answers.pop(0) if self.answers else self.default


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            receiver.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            answer = receiver.next_answer()
            if callable(answer):
                answer(self)
                return
            self.send_response(answer)
            if 300 <= answer < 400:
                self.send_header("Location", "https://elsewhere.example.org/hooks")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet in tests
            pass

    return Handler


def _serve(receiver: Receiver, context: ssl.SSLContext | None = None) -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
        receiver.scheme = "https"
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from _serve(Receiver())


@pytest.fixture(scope="session")
def certificate() -> tuple[Path, Path]:
    """A self-signed certificate for HOOK_HOST (openssl), under var/."""
    folder = REPO / "var" / "webhook-tls"
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",  # noqa: S603,S607
                        "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOOK_HOST}",
                        "-addext", f"subjectAltName=DNS:{HOOK_HOST}"],
                       check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"openssl could not make a test certificate: {error}")
    return cert, key


@pytest.fixture
def tls_receiver(certificate: tuple[Path, Path]) -> Iterator[Receiver]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    yield from _serve(Receiver(), context)


@pytest.fixture
def loopback(settings: Any) -> None:
    """Allow receivers on loopback (and plain http to them), as the tests' own setting."""
    settings.WEBHOOKS_ALLOW_LOOPBACK = True


class FakeDNS:
    """Answers for host names; any other name does not resolve."""

    def __init__(self) -> None:
        self.answers: dict[str, list[str]] = {}
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host not in self.answers:
            raise OSError(f"no such host {host}")
        return list(self.answers[host])


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    fake = FakeDNS()
    monkeypatch.setattr(addresses, "lookup", fake)
    return fake


def register(client: APIClient, slug: str, url: str, events: list[str] | None = None) -> Any:
    body: dict[str, Any] = {"url": url}
    if events is not None:
        body["events"] = events
    return client.post(f"/api/v1/groups/{slug}/webhooks/", body, format="json")


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """The receiver's thread records a request a moment after the sender has its answer."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
