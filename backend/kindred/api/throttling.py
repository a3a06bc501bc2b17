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

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from rest_framework import throttling
from rest_framework.request import Request as DRFRequest

from .exceptions import problem, try_again_in

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


def count_in_window(key: str, window_seconds: int) -> int:
    """Add one to ``key``'s counter and return it; the counter expires with its window.

    On Redis one pipelined round trip (``INCR`` then ``EXPIRE``); on another cache (local memory in
    development and tests) ``add`` then ``incr``."""
    client = getattr(getattr(cache, "client", None), "get_client", None)
    if client is not None:  # django-redis
        pipeline = client(write=True).pipeline(transaction=False)
        full_key = cache.make_key(key)
        pipeline.incr(full_key)
        pipeline.expire(full_key, window_seconds + 1)
        count, _ = pipeline.execute()
        return int(count)
    cache.add(key, 0, window_seconds + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, window_seconds + 1)
        return 1


class FixedWindowMixin:
    """DRF's rate limits as fixed-window counters: "N per minute" lets N requests through in each
    clock-aligned minute (the window's start is in the key), counted with one round trip to the cache.

    DRF's own throttle keeps the time of every recent request in a list it reads and writes back
    (two round trips, and a list that grows with the rate) for a sliding window. The rates and the
    429 answer (``Retry-After``, the problem+json detail) are the same; what differs is the edge:
    a client can make up to N at the end of one window and N at the start of the next
    (docs/security.md)."""

    rate: str | None
    num_requests: int
    duration: int
    timer: Callable[[], float]

    if TYPE_CHECKING:
        def get_cache_key(self, request: Request, view: APIView) -> str | None: ...

    def allow_request(self, request: Request, view: APIView) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        return count_in_window(f"{key}:{window}", self.duration) <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window ends (DRF answers them as ``Retry-After``)."""
        return max(self.window_ends - self.now, 0.0)


class AnonRateThrottle(FixedWindowMixin, throttling.AnonRateThrottle):
    scope = "anon"


class UserRateThrottle(FixedWindowMixin, throttling.UserRateThrottle):
    scope = "user"


class ScopedIdentityThrottle(FixedWindowMixin, throttling.SimpleRateThrottle):
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
            return problem(429, "throttled", try_again_in(seconds),
                           headers={"Retry-After": str(seconds)}).render()
        return view(request, *args, **kwargs)

    return wrapped
