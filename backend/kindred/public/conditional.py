"""Conditional GETs for feeds: a strong ETag from the body's hash, and 304 for If-None-Match.

The ETag is exact (any change to the feed changes it). Last-Modified is sent for clients that
display it, but If-Modified-Since alone is not trusted: deleting a meeting changes the feed
without advancing any timestamp, so only the ETag decides a 304.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def _matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return etag in candidates


def feed_response(request: HttpRequest, body: bytes, *, content_type: str, last_modified: dt.datetime | None,
                  filename: str | None = None) -> HttpResponse:
    """The feed, or 304 when the client's ETag still matches. Cache-Control and Vary are set for
    every API answer by ``kindred.public.cache.http_cache_headers``."""
    etag = etag_for(body)
    if _matches(request.headers.get("If-None-Match", ""), etag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
        if filename:
            response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Vary"] = "Accept-Encoding"
    return response
