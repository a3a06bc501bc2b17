"""Django-level error views: outside DRF views, errors are still problem+json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt

from .middleware import problem_http_response

API_NOT_FOUND = "api-not-found"  # the URL name of the catch-all route under /api/


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return problem_http_response(404, "not_found", "Not found", "Nothing lives at this address.")


@csrf_exempt  # it changes nothing; a POST must get the same 404, not a CSRF page
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """The last route under /api/: an unknown path answers problem+json whatever DEBUG says (with
    DEBUG on, Django would answer its HTML debug page). A path that lacks only its trailing slash
    is named rather than redirected: a redirect would turn a POST into a GET and drop its body."""
    detail = "Nothing lives at this address."
    if not request.path_info.endswith("/") and _is_route(request.path_info + "/"):
        detail += f" Did you mean {request.path}/? Every API path ends with a slash."
    return problem_http_response(404, "not_found", "Not found", detail)


def _is_route(path: str) -> bool:
    try:
        return resolve(path).url_name != API_NOT_FOUND
    except Resolver404:
        return False


def server_error(request: HttpRequest) -> HttpResponse:
    return problem_http_response(500, "server_error", "Server error",
                                 "Something went wrong on our side. It has been logged.")
