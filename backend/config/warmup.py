"""Warming a gunicorn worker before it takes its first request (issue 16).

A fresh worker used to pay, on its first real request, for importing every view (the URLconf is
loaded lazily), connecting to PostgreSQL and DRF's first-use set-up: up to a second for the first
directory request, and /healthz p99 of 0.45-1.3 s while ``max_requests`` recycled workers.
Now the master imports the URLconf once before forking (``load_urls``, called by ``config.wsgi``; with
``preload_app`` the workers inherit it), and each worker answers a few requests in-process before
it accepts connections (``warm_worker``, from gunicorn's ``post_worker_init`` hook): its database
connection is open and every layer has run once when the first client arrives.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("kindred.warmup")

# Requests answered in-process by each new worker: GET only, no credentials, nothing personal. The
# health check opens the database connection; the directory runs DRF, the filters and a presenter.
# WARM_PATHS (space-separated) replaces them; empty: no warm-up.
DEFAULT_WARM_PATHS = "/healthz /api/v1/meta/ /api/v1/groups/?page_size=1"
URLS_TO_RESOLVE = ("/healthz", "/api/v1/groups/", "/api/v1/groups/a/", "/api/v1/groups/a/occurrences/",
                   "/api/v1/me/meetings/", "/api/v1/occurrences/1/rsvp/")


def load_urls() -> None:
    """Import the URLconf and every view it names, and fill the resolver's caches (no database)."""
    from django.urls import Resolver404, get_resolver

    resolver = get_resolver()
    for path in URLS_TO_RESOLVE:
        try:
            resolver.resolve(path)
        except Resolver404:
            pass


def warm_paths() -> list[str]:
    return os.environ.get("WARM_PATHS", DEFAULT_WARM_PATHS).split()


def warm_worker(app: Callable[..., Any], host: str = "127.0.0.1") -> list[tuple[str, int, float]]:
    """Answer each warm-up path once through the whole WSGI stack; returns (path, status, ms) per path.
    A failure is logged, never raised: a worker that cannot warm up still serves."""
    results = []
    for path in warm_paths():
        route, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query, "SCRIPT_NAME": "",
            "SERVER_NAME": host, "SERVER_PORT": "443", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": host, "HTTP_ACCEPT": "application/json", "HTTP_X_FORWARDED_PROTO": "https",
            "wsgi.version": (1, 0), "wsgi.url_scheme": "https", "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": True,
            "wsgi.run_once": False, "CONTENT_LENGTH": "0",
        }
        statuses: list[str] = []
        started = time.perf_counter()
        try:
            chunks = app(environ, functools.partial(_start_response, statuses))
            b"".join(chunks)
            getattr(chunks, "close", lambda: None)()
        except Exception:  # noqa: BLE001 - warming is best effort; the worker serves either way
            logger.exception("warm-up request %s failed", path)
            continue
        status = int(statuses[0].split()[0]) if statuses else 0
        results.append((path, status, (time.perf_counter() - started) * 1000))
    return results


def _start_response(statuses: list[str], status: str, headers: Any, exc_info: Any = None) -> None:
    statuses.append(status)
