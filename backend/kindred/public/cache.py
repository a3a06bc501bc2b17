"""The public cache: anonymous GET answers of the public pages, kept until what they show changes.

**One table** says everything: :data:`PAGES` (which routes are cached, under which namespaces, with
which query parameters), :data:`EVENTS` (which domain events change which namespaces) and
:data:`MODEL_SAVES` (which rows saved anywhere else, the admin or a shell, change which). The
routes are built with :func:`page` (``kindred/public/urls.py``), so views carry no cache code, and
:func:`connect` subscribes the invalidations (``PublicConfig.ready``), so no service knows the cache.

A cached entry's key holds the current *version* of each namespace it depends on; an invalidation
(:func:`bump`) moves the version on at once and again when the transaction commits, so every stale
entry is simply never read again and expires on its own.

Only requests without credentials are cached or answered from the cache: no ``Authorization``
header and no session cookie. Personal data therefore never enters the cache. The cache is
Redis when ``REDIS_URL`` is set (shared by every worker and machine), local memory otherwise.

Every cached answer carries an ``ETag`` and a ``Last-Modified`` (the time of the last bump), and
``django.middleware.http.ConditionalGetMiddleware`` turns a matching conditional request into 304.

The key is the *language* of the answer and the *canonical* request: the path and only the query
parameters the view declares (``params``), sorted, empty ones left out; the view itself then sees only
those, so ``?n=1`` can
neither miss the cache nor change the answer. Absolute links in answers come from
``settings.SITE_URL``, never from the request's Host. An entry holds the view's one media type
(``media_types[0]``) and is only read by requests that accept one of ``media_types``; any other
request goes to the view (which answers 406 before doing any work) and never fills the entry.

:func:`http_cache_headers` is the one rule for HTTP caching of every API answer
(docs/decisions/http-caching.md); ``kindred.public.middleware.CacheHeadersMiddleware`` applies it.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, urlencode

from kindred.common.events import Event
from kindred.groups import events as group_events
from kindred.meetings import events as meeting_events

# Namespaces: what a cached page depends on. The directory depends on groups, memberships and
# (through the weekday and time-of-day filters) meeting series; the Meeting Guide feed on groups,
# series and occurrences. A group's page and its calendar have a version of their own ("{group}" is
# the group's id), so a change in one group never empties the cache of every other group's pages.
DIRECTORY = "directory"
CALENDAR = "calendar"
META = "meta"
GROUP = "group:{group}"
GROUP_CALENDAR = "calendar:{group}"
SLUG_KEY = "pubcache:slug:{slug}"  # slug -> group id, so a cache hit needs no database

VERSION_KEY = "pubcache:v:{namespace}"
ENTRY_KEY = "pubcache:e:{versions}:{digest}"
TOKEN_SCHEMES = ("bearer", "token")  # the Authorization schemes Kindred reads (accounts.authentication)
# Headers worth replaying from a cached answer; cookies and per-request headers never are, and
# Cache-Control is decided afresh for each answer (http_cache_headers).
REPLAYED_HEADERS = ("Content-Type", "Vary", "Allow", "Content-Language", "Link", "Content-Disposition")
# Answers about one person (or behind a secret in the URL) are never stored by anyone.
API_PREFIX = "/api/v1/"
PERSONAL_PREFIXES = tuple(API_PREFIX + part for part in ("me/", "auth/", "notifications/unsubscribe/"))
# What every API answer can differ by: who asks (session cookie or token), what they accept, and the
# language it is written in (the member's, the django_language cookie's or Accept-Language's).
VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")


def _new_version() -> int:
    return time.time_ns()


def bump(*namespaces: str, groups: Iterable[int] = ()) -> None:
    """Invalidate every cached public response that depends on ``namespaces``.

    Call it from the service that changes what those responses show, e.g. ``bump("directory")``
    after a group is created, edited or archived. It bumps at once and again when the transaction
    commits, so a reader that refilled the cache with pre-commit rows in between is not kept.
    """
    names = _expand(namespaces, groups)

    def _apply() -> None:
        cache.set_many({VERSION_KEY.format(namespace=name): _new_version() for name in names}, None)

    _apply()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_apply)


def _expand(namespaces: Iterable[str], groups: Iterable[int]) -> list[str]:
    """Namespaces with "{group}" once for each of ``groups`` (none when there are none); others as they are."""
    ids = sorted({group for group in groups if group})
    return [name.format(group=group) for name in namespaces
            for group in (ids if "{group}" in name else [0])]


def group_for_slug(slug: str) -> int | None:
    """The id of the group at ``slug`` (remembered in the cache until the group is saved), or None."""
    key = SLUG_KEY.format(slug=slug)
    found = cache.get(key)
    if found is None:
        from kindred.groups.models import Group  # the groups app is below; imported late like the filters

        found = Group.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if found is not None:
            cache.add(key, found, None)
    return found


def forget_slugs(*slugs: str) -> None:
    """A group was created, saved or moved: its slugs may name another group now."""
    cache.delete_many([SLUG_KEY.format(slug=slug) for slug in slugs if slug])


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
        instance = kwargs["instance"]
        if model._meta.label == "groups.Group":
            forget_slugs(instance.slug)
        bump(*namespaces, groups=_groups_of(instance))

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


def is_anonymous_request(request: HttpRequest) -> bool:
    """True when the request carries no credentials that name someone, so its answer is the one
    everyone without credentials gets. Junk does not count: an ``Authorization`` header of a scheme
    Kindred does not read, or a session cookie that signs no one in, cannot make a request skip the
    cache. A token of a scheme Kindred reads counts (a bad one is a 401 before any work)."""
    scheme = request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0].strip().lower()
    if scheme in TOKEN_SCHEMES:
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    user = getattr(request, "user", None)  # AuthenticationMiddleware: the session's user, read once
    return user is not None and not user.is_authenticated  # no middleware: assume it names someone


def carries_credentials(request: HttpRequest) -> bool:
    """Any ``Authorization`` header or session cookie, valid or not, read without a query: what
    :func:`http_cache_headers` keys on (such an answer is never marked ``public``)."""
    return "HTTP_AUTHORIZATION" in request.META or settings.SESSION_COOKIE_NAME in request.COOKIES


def _cacheable_request(request: HttpRequest, same_for_all: bool) -> bool:
    return (request.method in ("GET", "HEAD") and settings.PUBLIC_CACHE_TIMEOUT > 0
            and (same_for_all or is_anonymous_request(request)))


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
    """The canonical request and the language it is answered in (kindred.common.languages decided
    it before the view): a Spanish answer is never replayed to an English caller."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    canonical = f"{language}:{request.path}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:32]
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
    if len(response.content) > settings.PUBLIC_CACHE_MAX_ENTRY_BYTES:
        return  # one entry must not fill the cache for everyone else
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
                 same_for_all: bool = False,
                 timeout: int | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Cache a view's anonymous GET answers until one of ``namespaces`` is bumped ("{group}" in a
    namespace is the group at the URL's ``slug``).

    ``params``: the query parameters the view reads (all others are dropped before it runs).
    ``media_types``: what the view answers; the first is the type of its 200 answer, the others
    are Accept values it answers that same body to. ``same_for_all``: the view reads no credentials
    (the public feeds), so every caller is answered from the cache. The public pages get these
    from :func:`page`.
    """
    known, types = tuple(params), tuple(media_types)

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method in ("GET", "HEAD"):
                canonicalise_query(request, known)
            group = group_for_slug(kwargs["slug"]) if "slug" in kwargs else None
            if (not _cacheable_request(request, same_for_all) or not _accepts_any(request, types)
                    or ("slug" in kwargs and group is None)):
                return _public_view(view(request, *args, **kwargs))
            version_numbers = versions(_expand(namespaces, [group] if group else []))
            key = _entry_key(request, version_numbers)
            entry = cache.get(key)
            if entry is not None:
                return _public_view(_replay(entry))
            response = view(request, *args, **kwargs)
            _store(key, response, max(version_numbers), timeout or settings.PUBLIC_CACHE_TIMEOUT, types[0])
            return _public_view(response)

        return wrapper

    return decorator


def _public_view(response: HttpResponse) -> HttpResponse:
    """Mark an answer as coming from a public page, for :func:`http_cache_headers`. (A caller with
    credentials is told ``private`` even by the feeds that ignore them: the rule stays one line.)"""
    response.kindred_public = True  # type: ignore[attr-defined]
    return response


def http_cache_headers(request: HttpRequest, response: HttpResponse) -> None:
    """The one HTTP caching rule for API answers.

    - About one person, or behind a secret in the URL (``/me/``, ``/auth/``, unsubscribe links), or
      carrying a secret shown once (a view sets ``response.kindred_no_store``, as registering a
      webhook does): ``no-store``, nobody keeps a copy.
    - A public page (the directory, a group, the public feeds) answered to a caller without
      credentials: ``public, max-age=PUBLIC_CACHE_MAX_AGE`` (60 s by default).
    - Everything else, which may differ by caller: ``private, no-cache``: the browser must ask
      again each time (a 304 when the ETag still matches), so a page seen signed out is never
      shown after signing in or joining.

    Every answer varies on ``Accept``, ``Accept-Language``, ``Authorization`` and ``Cookie``.
    """
    if request.path.startswith(PERSONAL_PREFIXES) or getattr(response, "kindred_no_store", False):
        response["Cache-Control"] = "no-store"
    elif (getattr(response, "kindred_public", False) and not carries_credentials(request)
          and response.status_code in (200, 304)):
        response["Cache-Control"] = f"public, max-age={settings.PUBLIC_CACHE_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, VARY)


# --- the table ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """A cached route: the namespaces its answer depends on, the query parameters its view reads, and
    its media types (the first is its 200 answer's; the others are Accept values given the same body)."""

    namespaces: tuple[str, ...]
    params: tuple[str, ...] = ()
    media_types: tuple[str, ...] = ("application/json",)
    same_for_all: bool = False  # the view reads no credentials: everyone is answered from the cache


def _directory_params() -> tuple[str, ...]:
    from .filters import GroupDirectoryQuerySerializer

    return (*GroupDirectoryQuerySerializer().fields, "page", "page_size")


# URL name -> what is cached. ``?format=`` on the calendar is DRF's renderer choice (documented, so an
# unknown value must still be refused); its JSON renderer only renders errors, so a client accepting
# JSON is answered the calendar too.
PAGES: dict[str, Page] = {
    "group-list": Page((DIRECTORY,), params=_directory_params()),
    "group-detail": Page((GROUP,)),
    "group-calendar": Page((GROUP_CALENDAR,), params=("format",), media_types=("text/calendar", "application/json"),
                           same_for_all=True),
    "meeting-guide": Page((CALENDAR,), same_for_all=True),
    # never bumped: a deploy is what changes it; a copy lives PUBLIC_CACHE_TIMEOUT
    "meta": Page((META,), same_for_all=True),
}

# Domain event (kindred.groups.events / kindred.meetings.events) -> the namespaces it changes, "{group}"
# being the group it happened in. The directory and group pages show groups, member counts,
# facilitators' names, the next meeting and (through the weekday and time-of-day filters) series;
# the calendar and Meeting Guide feeds groups, series and meetings.
EVENTS: dict[Event, tuple[str, ...]] = {
    group_events.group_changed: (DIRECTORY, CALENDAR, GROUP, GROUP_CALENDAR),
    group_events.membership_changed: (DIRECTORY, GROUP),
    meeting_events.series_created: (DIRECTORY, CALENDAR, GROUP, GROUP_CALENDAR),
    meeting_events.series_changed: (DIRECTORY, CALENDAR, GROUP, GROUP_CALENDAR),
    meeting_events.series_ended: (DIRECTORY, CALENDAR, GROUP, GROUP_CALENDAR),
    meeting_events.occurrence_changed: (DIRECTORY, CALENDAR, GROUP, GROUP_CALENDAR),  # next_meeting too
    meeting_events.occurrence_cancelled: (DIRECTORY, CALENDAR, GROUP, GROUP_CALENDAR),
}

# Rows saved or deleted outside the services (the admin, a shell, a data fix, a migration) -> the
# namespaces they change, and (for accounts) the only fields that matter: a sign-in saves `last_login`,
# which no public page shows, and must not empty the cache for everyone.
MODEL_SAVES: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "accounts.User": ((DIRECTORY, GROUP), ("display_name",)),
    "groups.Group": ((DIRECTORY, CALENDAR, GROUP, GROUP_CALENDAR), None),
    "groups.Membership": ((DIRECTORY, GROUP), None),
    "meetings.MeetingSeries": ((DIRECTORY, CALENDAR, GROUP, GROUP_CALENDAR), None),
    "meetings.Occurrence": ((DIRECTORY, CALENDAR, GROUP, GROUP_CALENDAR), None),
}


def _groups_of(instance: Any) -> list[int]:
    """The groups a saved row belongs to (a person: every group they are in; one query)."""
    from kindred.groups.models import Group, Membership

    if isinstance(instance, Group):
        return [instance.pk]
    if getattr(instance, "group_id", None) is not None:
        return [instance.group_id]
    return list(Membership.objects.filter(user_id=instance.pk).values_list("group_id", flat=True))


def _group_of_event(payload: dict[str, Any]) -> int | None:
    """The group an event happened in, without a query (events carry the group or a row of it)."""
    group = payload.get("group")
    if group is not None:
        return group.pk
    subject = payload.get("series") or payload.get("occurrence")
    return getattr(subject, "group_id", None)


def page(name: str, view: Callable[..., Any]) -> Callable[..., Any]:
    """The view of the route named ``name``, served from the cache as :data:`PAGES` says."""
    entry = PAGES[name]
    return public_cache(*entry.namespaces, params=entry.params, media_types=entry.media_types,
                        same_for_all=entry.same_for_all)(view)


def connect() -> None:
    """Subscribe every invalidation in the table (once, from ``PublicConfig.ready``)."""
    for event, namespaces in EVENTS.items():
        event.connect(_bumper(namespaces), at_once=True)
    for label, (namespaces, fields) in MODEL_SAVES.items():
        bump_on_change(apps.get_model(label), *namespaces, fields=fields)


@functools.cache
def _bumper(namespaces: tuple[str, ...]) -> Callable[..., None]:
    def invalidate(**payload: Any) -> None:
        forget_slugs(payload.get("previous_slug", ""))  # archived: the old address may name a new group one day
        group = _group_of_event(payload)
        bump(*namespaces, groups=[group] if group else [])

    return invalidate
