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
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.http import http_date

# Namespaces: what a cached page depends on. The directory and group pages depend on groups,
# memberships and (through the weekday and time-of-day filters) meeting series; the public calendar
# and Meeting Guide feeds on groups, series and occurrences.
DIRECTORY = "directory"
CALENDAR = "calendar"

VERSION_KEY = "pubcache:v:{namespace}"
ENTRY_KEY = "pubcache:e:{versions}:{digest}"
DEFAULT_TIMEOUT = 300
# Headers worth replaying from a cached answer; cookies and per-request headers never are.
REPLAYED_HEADERS = ("Content-Type", "Vary", "Allow", "Content-Language", "Link", "Content-Disposition",
                    "Cache-Control")


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


def _entry_key(request: HttpRequest, version_numbers: list[int]) -> str:
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
    return ENTRY_KEY.format(versions=".".join(map(str, version_numbers)), digest=digest)


def _replay(entry: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for header, value in entry["headers"].items():
        response[header] = value
    response["X-Cache"] = "hit"
    return response


def _store(key: str, response: HttpResponse, last_modified: int, timeout: int) -> None:
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:  # DRF's Response is one
        response.render()
    if response.status_code != 200 or response.cookies or response.streaming:
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


def public_cache(*namespaces: str, timeout: int | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Cache a view's anonymous GET answers until one of ``namespaces`` is bumped.

    Works on a function view, on ``SomeView.as_view()``, or on a class-based view's ``dispatch``
    with ``@method_decorator(public_cache("directory"), name="dispatch")``.
    """
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            version_numbers = versions(namespaces)
            key = _entry_key(request, version_numbers)
            entry = cache.get(key)
            if entry is not None:
                return _replay(entry)
            response = view(request, *args, **kwargs)
            _store(key, response, max(version_numbers), timeout or public_cache_timeout())
            return response

        return wrapper

    return decorator
