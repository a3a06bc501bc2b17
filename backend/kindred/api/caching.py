"""Shared caching of public, anonymous GET responses, invalidated by version numbers.

Views that answer the same bytes to every anonymous caller (the directory, a group's page, the
public calendar and Meeting Guide feeds) wrap themselves in :func:`public_cache`. A cached entry's
key holds the current *version* of each namespace it depends on; services that change what those
views show call :func:`bump` (``bump("directory")``), which moves the version on once the
transaction commits, so every stale entry is simply never read again and expires on its own.

Only requests without credentials are cached or answered from the cache: no ``Authorization``
header and no session cookie. Personal data therefore never enters the cache. The cache is
Redis when ``REDIS_URL`` is set (shared by every worker and machine), local memory otherwise.

Every cached answer carries an ``ETag`` and a ``Last-Modified`` (the time of the last bump), and
``django.middleware.http.ConditionalGetMiddleware`` turns a matching conditional request into 304.

The key is the *canonical* request: the path and only the query parameters the view declares
(``params``), sorted, empty ones left out; the view itself then sees only those, so ``?n=1`` can
neither miss the cache nor change the answer. Absolute links in answers come from
``settings.SITE_URL``, never from the request's Host. An entry holds the view's one media type
(``media_types[0]``) and is only read by requests that accept one of ``media_types``; any other
request goes to the view (which answers 406 before doing any work) and never fills the entry.

:func:`http_cache_headers` is the one rule for HTTP caching of every API answer
(docs/decisions/http-caching.md); ``kindred.api.middleware.CacheHeadersMiddleware`` applies it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, urlencode

# Namespaces: what a cached page depends on. The directory and group pages depend on groups,
# memberships and (through the weekday and time-of-day filters) meeting series; the public calendar
# and Meeting Guide feeds on groups, series and occurrences.
DIRECTORY = "directory"
CALENDAR = "calendar"

VERSION_KEY = "pubcache:v:{namespace}"
ENTRY_KEY = "pubcache:e:{versions}:{digest}"
DEFAULT_TIMEOUT = 300
DEFAULT_MAX_AGE = 60
# Headers worth replaying from a cached answer; cookies and per-request headers never are, and
# Cache-Control is decided afresh for each answer (http_cache_headers).
REPLAYED_HEADERS = ("Content-Type", "Vary", "Allow", "Content-Language", "Link", "Content-Disposition")
# Answers about one person (or behind a secret in the URL) are never stored by anyone.
API_PREFIX = "/api/v1/"
PERSONAL_PREFIXES = tuple(API_PREFIX + part for part in ("me/", "auth/", "notifications/unsubscribe/"))
# What every API answer can differ by: who asks (session cookie or token) and what they accept.
VARY = ("Accept", "Authorization", "Cookie")


def _new_version() -> int:
    return time.time_ns()


def bump(*namespaces: str) -> None:
    """Invalidate every cached public response that depends on ``namespaces``.

    Call it from the service that changes what those responses show, e.g. ``bump("directory")``
    after a group is created, edited or archived. It bumps at once and again when the transaction
    commits, so a reader that refilled the cache with pre-commit rows in between is not kept.
    """
    def _apply() -> None:
        cache.set_many({VERSION_KEY.format(namespace=name): _new_version() for name in namespaces}, None)

    _apply()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_apply)


def bump_on_change(model: type[Model], *namespaces: str, fields: Collection[str] | None = None) -> None:
    """Also bump ``namespaces`` whenever a ``model`` row is saved or deleted outside the services
    (the admin, a shell, data fixes). Bulk ``update()``/``bulk_create()`` send no signals: services
    that use them call :func:`bump` themselves. With ``fields``, a save that names its
    ``update_fields`` bumps only if one of them is among ``fields`` (a sign-in saving ``last_login``
    changes no public page, and must not empty the cache for everyone)."""
    def receiver(**kwargs: Any) -> None:
        if kwargs.get("raw"):  # loaddata
            return
        update_fields = kwargs.get("update_fields")
        if fields is not None and update_fields is not None and not set(update_fields) & set(fields):
            return
        bump(*namespaces)

    uid = f"pubcache:{model._meta.label}:{'.'.join(namespaces)}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")


def versions(namespaces: Iterable[str]) -> list[int]:
    """The current version of each namespace (one cache round trip); a missing one starts now."""
    keys = [VERSION_KEY.format(namespace=name) for name in namespaces]
    found = cache.get_many(keys)
    missing = {key: _new_version() for key in keys if key not in found}
    if missing:
        for key, value in missing.items():
            cache.add(key, value, None)  # add(): another worker may have set it meanwhile
        found.update(cache.get_many(list(missing)))
    return [int(found.get(key) or missing[key]) for key in keys]


def public_cache_timeout() -> int:
    return int(getattr(settings, "PUBLIC_CACHE_TIMEOUT", DEFAULT_TIMEOUT))


def is_anonymous_request(request: HttpRequest) -> bool:
    """True when the request carries no credentials, so its answer is the same for everyone."""
    return (
        "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _cacheable_request(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and public_cache_timeout() > 0 and is_anonymous_request(request)


def public_max_age() -> int:
    """How long browsers and shared caches may reuse an anonymous public answer (seconds)."""
    return int(getattr(settings, "PUBLIC_CACHE_MAX_AGE", DEFAULT_MAX_AGE))


def canonicalise_query(request: HttpRequest, params: Iterable[str]) -> None:
    """Keep only the query parameters the view knows, non-empty, sorted by name (values of one
    name keep their order); the view, its links and the cache key all see this canonical form."""
    known = set(params)
    pairs = [(name, value) for name in sorted(request.GET) if name in known
             for value in request.GET.getlist(name) if value != ""]
    query = urlencode(pairs)
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query


def _accepts_any(request: HttpRequest, media_types: Iterable[str]) -> bool:
    return any(request.accepts(media_type) for media_type in media_types)


def _entry_key(request: HttpRequest, version_numbers: list[int]) -> str:
    digest = hashlib.sha256(f"{request.path}?{request.META.get('QUERY_STRING', '')}".encode()).hexdigest()[:32]
    return ENTRY_KEY.format(versions=".".join(map(str, version_numbers)), digest=digest)


def _replay(entry: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for header, value in entry["headers"].items():
        response[header] = value
    response["X-Cache"] = "hit"
    return response


def _media_type(response: HttpResponse) -> str:
    return response.get("Content-Type", "").split(";", 1)[0].strip().lower()


def _store(key: str, response: HttpResponse, last_modified: int, timeout: int, media_type: str) -> None:
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:  # DRF's Response is one
        response.render()
    if response.status_code != 200 or response.cookies or response.streaming or _media_type(response) != media_type:
        return
    if {"private", "no-store"} & {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}:
        return  # the view says this answer is not for a shared cache
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(last_modified / 1e9)
    headers = {name: response[name] for name in (*REPLAYED_HEADERS, "ETag", "Last-Modified")
               if response.has_header(name)}
    cache.set(key, {"status": 200, "content": response.content, "headers": headers}, timeout)
    response["X-Cache"] = "miss"


def public_cache(*namespaces: str, params: Iterable[str] = (), media_types: Iterable[str] = ("application/json",),
                 timeout: int | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Cache a view's anonymous GET answers until one of ``namespaces`` is bumped.

    ``params``: the query parameters the view reads (all others are dropped before it runs).
    ``media_types``: what the view answers; the first is the type of its 200 answer, the others
    are Accept values it answers that same body to. Works on a function view, on
    ``SomeView.as_view()``, or on a class-based view's ``dispatch`` with
    ``@method_decorator(public_cache("directory", params=...), name="dispatch")``.
    """
    known, types = tuple(params), tuple(media_types)

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method in ("GET", "HEAD"):
                canonicalise_query(request, known)
            if not _cacheable_request(request) or not _accepts_any(request, types):
                return _public_view(view(request, *args, **kwargs))
            version_numbers = versions(namespaces)
            key = _entry_key(request, version_numbers)
            entry = cache.get(key)
            if entry is not None:
                return _public_view(_replay(entry))
            response = view(request, *args, **kwargs)
            _store(key, response, max(version_numbers), timeout or public_cache_timeout(), types[0])
            return _public_view(response)

        return wrapper

    return decorator


def _public_view(response: HttpResponse) -> HttpResponse:
    """Mark an answer as coming from a public page, for :func:`http_cache_headers`."""
    response.kindred_public = True  # type: ignore[attr-defined]
    return response


def http_cache_headers(request: HttpRequest, response: HttpResponse) -> None:
    """The one HTTP caching rule for API answers.

    - About one person, or behind a secret in the URL (``/me/``, ``/auth/``, unsubscribe links):
      ``no-store``, nobody keeps a copy.
    - A public page (the directory, a group, the public feeds) answered to a caller without
      credentials: ``public, max-age=PUBLIC_CACHE_MAX_AGE`` (60 s by default).
    - Everything else, which may differ by caller: ``private, no-cache``: the browser must ask
      again each time (a 304 when the ETag still matches), so a page seen signed out is never
      shown after signing in or joining.

    Every answer varies on ``Accept``, ``Authorization`` and ``Cookie``.
    """
    if request.path.startswith(PERSONAL_PREFIXES):
        response["Cache-Control"] = "no-store"
    elif (getattr(response, "kindred_public", False) and is_anonymous_request(request)
          and response.status_code in (200, 304)):
        response["Cache-Control"] = f"public, max-age={public_max_age()}"
    else:
        response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, VARY)
