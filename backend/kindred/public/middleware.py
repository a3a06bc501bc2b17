"""The HTTP caching rule, applied to every API answer."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .cache import API_PREFIX, http_cache_headers


class CacheHeadersMiddleware:
    """Gives every API answer (and /healthz) its ``Cache-Control`` and ``Vary`` from the one rule,
    ``kindred.public.cache.http_cache_headers``; no view sets its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX) or request.path == "/healthz":
            http_cache_headers(request, response)
        return response
