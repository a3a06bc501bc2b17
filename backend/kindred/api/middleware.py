"""Middleware: infrastructure failures inside the problem+json contract."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, close_old_connections
from django.http import HttpRequest, HttpResponse

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
