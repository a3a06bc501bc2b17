"""Throttles per IP and per user, plus stricter scopes for sign-in, joining, RSVPs, concerns and new groups.

Rates come from THROTTLE_RATES in the environment; the cache (Redis in production) is shared by
every worker, so limits hold across processes. DRF adds ``Retry-After`` to every 429. The client's
address is the socket's unless REST_FRAMEWORK["NUM_PROXIES"] says how many proxies to trust.
"""

from __future__ import annotations

import functools
import ipaddress
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from rest_framework import throttling
from rest_framework.request import Request as DRFRequest

from .exceptions import problem

if TYPE_CHECKING:  # DRF imports these throttles while rest_framework.views is still loading
    from rest_framework.request import Request
    from rest_framework.views import APIView


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address as every throttle sees it, for django-axes to record with a sign-in.
    A forwarded value that is not an address (a request that bypassed the proxies) is not stored:
    the socket's address is."""
    # get_ident reads only the headers and META, which a plain HttpRequest has too.
    ident = throttling.BaseThrottle().get_ident(request)  # type: ignore[arg-type]
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or None


class AnonRateThrottle(throttling.AnonRateThrottle):
    scope = "anon"


class UserRateThrottle(throttling.UserRateThrottle):
    scope = "user"


class ScopedIdentityThrottle(throttling.SimpleRateThrottle):
    """A named scope counted per user when signed in, per IP otherwise (views set ``scope``)."""

    scope: str = ""

    def get_cache_key(self, request: Request, view: APIView) -> str:
        if request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AuthThrottle(ScopedIdentityThrottle):
    """Register and login: per IP, strict."""

    scope = "auth"

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class JoinThrottle(ScopedIdentityThrottle):
    scope = "join"


class RsvpThrottle(ScopedIdentityThrottle):
    scope = "rsvp"


class ConcernThrottle(ScopedIdentityThrottle):
    scope = "concern"


class GroupCreateThrottle(ScopedIdentityThrottle):
    scope = "group_create"


def auth_throttled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The ``auth`` throttle around a plain Django view that checks passwords (the admin's sign-in):
    its POSTs share the per-IP budget of the API's sign-in, with the same 429 problem+json."""
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        throttle = AuthThrottle()
        if request.method == "POST" and not throttle.allow_request(DRFRequest(request), None):  # type: ignore[arg-type]
            seconds = math.ceil(throttle.wait() or 1)
            return problem(429, "throttled", f"Too many requests. Please try again in {seconds} seconds.",
                           headers={"Retry-After": str(seconds)}).render()
        return view(request, *args, **kwargs)

    return wrapped
