"""Django-level error answers: outside DRF views (unknown paths, crashes, the login lockout),
errors are still problem+json, from the same :func:`kindred.api.exceptions.problem`."""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt

from .exceptions import problem

API_NOT_FOUND = "api-not-found"  # the URL name of the catch-all route under /api/


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return problem(404, "not_found", _("Nothing lives at this address.")).render()


@csrf_exempt  # it changes nothing; a POST must get the same 404, not a CSRF page
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """The last route under /api/: an unknown path answers problem+json whatever DEBUG says (with
    DEBUG on, Django would answer its HTML debug page). A path that lacks only its trailing slash
    is named rather than redirected: a redirect would turn a POST into a GET and drop its body."""
    detail = _("Nothing lives at this address.")
    if not request.path_info.endswith("/") and _is_route(request.path_info + "/"):
        detail += " " + _("Did you mean %(path)s/? Every API path ends with a slash.") % {"path": request.path}
    return problem(404, "not_found", detail).render()


def _is_route(path: str) -> bool:
    try:
        return resolve(path).url_name != API_NOT_FOUND
    except Resolver404:
        return False


def server_error(request: HttpRequest) -> HttpResponse:
    return problem(500, "server_error", _("Something went wrong on our side. It has been logged.")).render()


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict[str, Any] | None = None) -> HttpResponse:
    """django-axes' answer while an account is locked (AXES_LOCKOUT_CALLABLE): a 429 problem like
    every other throttle, saying when to retry; the same whether or not the email has an account."""
    cool_off = get_cool_off(request)
    seconds = max(1, math.ceil(cool_off.total_seconds())) if cool_off else 900
    minutes = math.ceil(seconds / 60)
    detail = ngettext("Too many failed attempts. Please wait %(minutes)d minute and try again.",
                      "Too many failed attempts. Please wait %(minutes)d minutes and try again.", minutes)
    return problem(429, "locked_out", detail % {"minutes": minutes},
                   headers={"Retry-After": str(seconds)}).render()
