"""Django-level error views: outside DRF views, errors are still problem+json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from .middleware import problem_http_response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return problem_http_response(404, "not_found", "Not found", "Nothing lives at this address.")


def server_error(request: HttpRequest) -> HttpResponse:
    return problem_http_response(500, "server_error", "Server error",
                                 "Something went wrong on our side. It has been logged.")
