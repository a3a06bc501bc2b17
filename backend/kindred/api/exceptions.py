"""Every error leaves Kindred as RFC 9457 application/problem+json, built by one function.

:func:`problem` builds the answer; the DRF exception handler, the middleware, the 404/500 handlers,
the admin's sign-in throttle and the login lockout all use it. Domain errors
(``kindred.common.errors``) get their status here, from :data:`STATUS_OF`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from kindred.common.errors import Conflict, DomainError, Forbidden, LockedOut, NotFound

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)
DATABASE_UNAVAILABLE = _("The service is briefly unavailable. Please try again in a moment.")

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://kindred.invalid/problems/"

# In the request's language, like ``detail`` and each error's ``message``; ``code`` never is.
TITLES = {
    400: _("Invalid request"),
    401: _("Not signed in"),
    403: _("Not allowed"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    409: _("Conflict"),
    413: _("Request body too large"),
    415: _("Unsupported media type"),
    429: _("Too many requests"),
    500: _("Server error"),
    503: _("Service unavailable"),
}

# The status of each kind of domain error, most specific first; any other DomainError is a 400.
STATUS_OF: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404), (Forbidden, 403), (Conflict, 409), (LockedOut, 429), (DomainError, 400),
)


def status_of(error: DomainError) -> int:
    return next(status for kind, status in STATUS_OF if isinstance(error, kind))


def problem(status: int, code: str, detail: StrOrPromise, *, errors: list[dict[str, str]] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    """The problem+json answer (RFC 9457) every error carries. Inside a DRF view it is rendered as
    usual; elsewhere (middleware, Django's handlers, django-axes) call ``.render()`` on it."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code.replace("_", "-"),
        "title": str(TITLES.get(status, _("Error"))),
        "status": status,
        "detail": str(detail),
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    response = Response(body, status=status, headers={"Content-Language": get_language() or "en", **(headers or {})},
                        content_type=PROBLEM_CONTENT_TYPE)
    response.accepted_renderer = JSONRenderer()  # a DRF view replaces these with its own choice
    response.accepted_media_type = JSONRenderer.media_type
    response.renderer_context = {}  # type: ignore[attr-defined]  # set by DRF views; the stubs omit it
    return response


def flatten_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error detail into ``[{field, message, code}]`` with dotted field paths."""
    if isinstance(detail, dict):
        flat: list[dict[str, str]] = []
        for key, value in detail.items():
            if key in ("non_field_errors", "__all__"):
                name = prefix
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            flat.extend(flatten_errors(value, name))
        return flat
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail | str) for item in detail):
            return [_one(item, prefix) for item in detail]
        flat = []
        for index, item in enumerate(detail):
            flat.extend(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return [_one(detail, prefix)]


def _one(item: Any, field: str) -> dict[str, str]:
    return {"field": field, "message": str(item), "code": getattr(item, "code", None) or "invalid"}


def _validation_summary(errors: list[dict[str, str]]) -> str:
    fields = sorted({error["field"] for error in errors if error["field"]})
    if not fields:
        return errors[0]["message"] if errors else gettext("The request is not valid.")
    # The field names are the API's own (like ``code``), so they stay as they are in every language.
    return gettext("Please check: %(fields)s.") % {"fields": ", ".join(fields)}


def try_again_in(seconds: int) -> str:
    """A throttle's ``detail``: how long to wait, in the request's language."""
    return ngettext("Too many requests. Please try again in %(seconds)d second.",
                    "Too many requests. Please try again in %(seconds)d seconds.", seconds) % {"seconds": seconds}


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _problem_for(exc, context)
    renderer = getattr(context.get("request"), "accepted_renderer", None)
    if response is not None and renderer is not None and renderer.media_type == "text/html":
        response.content_type = None  # a view's own HTML page (unsubscribe): say the body is HTML
    return response


def _problem_for(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        errors = [{"field": exc.field, "message": exc.detail, "code": exc.code}] if exc.field else None
        return problem(status_of(exc), exc.code, exc.detail, errors=errors)
    if isinstance(exc, RequestDataTooBig):
        return problem(413, "body_too_large", gettext("The request body is larger than allowed."))
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, OperationalError | InterfaceError):
        logger.warning("database unavailable: %s", exc)
        return problem(503, "database_unavailable", DATABASE_UNAVAILABLE, headers={"Retry-After": "5"})
    if isinstance(exc, DatabaseError):
        return None  # a real bug: let Django log it

    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    kept = ("Retry-After", "WWW-Authenticate", "Allow")
    headers = {key: value for key, value in response.headers.items() if key in kept}
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        return problem(400, "invalid", _validation_summary(errors), errors=errors, headers=headers)
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else str(exc.default_detail)
    if isinstance(exc, exceptions.Throttled):
        # DRF's Throttled.__init__ sets ``wait`` (seconds, or None); djangorestframework-stubs omit it.
        wait: float | None = exc.wait  # type: ignore[attr-defined]
        if wait is not None:
            detail = try_again_in(int(wait) + 1)
    return problem(response.status_code, str(code), detail, headers=headers)
