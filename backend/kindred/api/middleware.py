"""Middleware: infrastructure failures inside the problem+json contract, and HTTP caching headers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, close_old_connections
from django.http import HttpRequest, HttpResponse

from .caching import API_PREFIX, http_cache_headers
from .exceptions import DATABASE_UNAVAILABLE, problem

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A database that goes away mid-request gives 503 problem+json, and the broken connection
    is dropped so the next request reconnects as soon as the database is back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable during %s %s: %s", request.method, request.path, exception)
        close_old_connections()
        return problem(503, "database_unavailable", DATABASE_UNAVAILABLE, headers={"Retry-After": "5"}).render()


class CacheHeadersMiddleware:
    """Gives every API answer (and /healthz) its ``Cache-Control`` and ``Vary`` from the one rule,
    ``kindred.api.caching.http_cache_headers``; no view sets its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX) or request.path == "/healthz":
            http_cache_headers(request, response)
        return response
