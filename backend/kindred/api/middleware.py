"""Middleware: infrastructure failures inside the problem+json contract."""

from __future__ import annotations

import logging

from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError, close_old_connections
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext_lazy as _

from .exceptions import DATABASE_UNAVAILABLE, problem

logger = logging.getLogger(__name__)


INVALID_HOST = _("This server does not answer for the host named in the request's Host header.")


class InvalidHostMiddleware(MiddlewareMixin):
    """A Host header that ALLOWED_HOSTS does not list is a 400 problem+json, whatever the path and with
    ``DEBUG`` on or off (Django answers it with an HTML page, or the debug page), and one log line
    naming the host (Django logs it as an error with a traceback: noise from every scanner). First in
    MIDDLEWARE, so nothing below ever meets the bad host."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        try:
            request.get_host()
        except DisallowedHost:
            host = request.META.get("HTTP_X_FORWARDED_HOST") or request.META.get("HTTP_HOST", "")
            logger.warning("refused a request for host %r: %s %r", host[:200], request.method, request.path[:200])
            return problem(400, "invalid_host", INVALID_HOST).render()
        return None


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """A database that goes away mid-request gives 503 problem+json, and the broken connection
    is dropped so the next request reconnects as soon as the database is back."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable during %s %s: %s", request.method, request.path, exception)
        close_old_connections()
        return problem(503, "database_unavailable", DATABASE_UNAVAILABLE, headers={"Retry-After": "5"}).render()
