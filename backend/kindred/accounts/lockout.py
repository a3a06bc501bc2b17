"""Account lockout with django-axes: which account an attempt counts against, and the answer while
it is locked.

Every password check counts against one counter per account: signing in through the API (which
posts ``email``) or the Django admin (which posts ``username``), and confirming the password to
erase the account. The address is normalised as EmailBackend normalises it, so ``Member@…`` and
``MEMBER@…`` are the same account, not five more guesses each.

django-axes answers from its middleware, after the view, with an HTML page and no Retry-After;
AXES_LOCKOUT_CALLABLE points here so a locked attempt is a 429 problem+json like every other
throttle, saying when to retry. It is the same whether or not the email has an account.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from axes.helpers import get_cool_off
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse, JsonResponse

from kindred.api.errors import DomainError
from kindred.api.exceptions import PROBLEM_CONTENT_TYPE, problem_body

from .backends import normalise_email

LOCKED_OUT_DETAIL = "Too many failed attempts. Please wait a few minutes and try again."


class LockedOut(DomainError):
    status_code = 429
    default_code = "locked_out"


def lockout_username(request: HttpRequest, credentials: Mapping[str, Any] | None = None) -> str | None:
    """The account an attempt counts against (AXES_USERNAME_CALLABLE): the ``email`` the API and
    Kindred's own checks pass, or the ``username`` the admin's form posts, normalised."""
    source: Mapping[str, Any] = credentials or getattr(request, "data", None) or request.POST
    address = source.get("email") or source.get("username")
    return normalise_email(address) if isinstance(address, str) else None


def count_password_attempt(request: HttpRequest, *, email: str, password: str) -> None:
    """Check a password outside sign-in (confirming an erasure) as a sign-in is checked: a wrong one
    is a failed attempt against the account's lockout, and while the account is locked the answer
    is 429 whatever the password. The caller still refuses a wrong password itself."""
    authenticate(request, email=email, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut(LOCKED_OUT_DETAIL)


def locked_out_response(request: HttpRequest, original_response: HttpResponse | None = None,
                        credentials: dict[str, Any] | None = None) -> HttpResponse:
    cool_off = get_cool_off(request)
    seconds = max(1, math.ceil(cool_off.total_seconds())) if cool_off else 900
    minutes = math.ceil(seconds / 60)
    body = problem_body(429, code="locked_out",
                        detail=f"Too many failed attempts. Please wait {minutes} minutes and try again.")
    # A plain JsonResponse: axes answers from its middleware, outside DRF's rendering.
    response = JsonResponse(body, status=429, content_type=PROBLEM_CONTENT_TYPE)
    response["Retry-After"] = str(seconds)
    return response
