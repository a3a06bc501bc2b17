"""The HTTP caching rule, applied to every API answer; and the PWA's files, compressed."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterable
from typing import cast

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin

from .cache import API_PREFIX, http_cache_headers


class CacheHeadersMiddleware(MiddlewareMixin):
    """Gives every API answer (and /healthz) its ``Cache-Control`` and ``Vary`` from the one rule,
    ``kindred.public.cache.http_cache_headers``; no view sets its own."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.path.startswith(API_PREFIX) or request.path == "/healthz":
            http_cache_headers(request, response)
        return response


class CompressedAppFilesMiddleware:
    """gzips the PWA's own text files (its page, modules, style sheet, manifest) for browsers that
    accept it, however the app is served: ``make run`` (runserver), gunicorn, or the tests' live
    server, with no build step and no precompressed copies to keep in step with the sources.

    Only those files: never an API answer, which may hold a secret (a token shown once, a calendar
    address) that a compression side channel (BREACH) could reveal; the app's files hold none. A range
    request, a 304 or an already-encoded answer passes through untouched. (docs/decisions/pwa-speed.md)
    """

    TYPES = ("text/html", "text/javascript", "application/javascript", "text/css", "application/manifest+json")
    MIN_BYTES = 512  # below this the gzip header costs more than it saves

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(("/api/", "/admin/")):
            return self.get_response(request)
        # The browser revalidates the gzip copy's validator: the layers inside know the file's own.
        if "HTTP_IF_NONE_MATCH" in request.META:
            request.META["HTTP_IF_NONE_MATCH"] = request.META["HTTP_IF_NONE_MATCH"].replace('-gzip"', '"')
        response = self.get_response(request)
        if response.status_code == 304 and response.has_header("ETag") and ACCEPTS_GZIP.search(
                request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response["ETag"] = _gzip_etag(response["ETag"])
        if not self._compressible(response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        if isinstance(response, StreamingHttpResponse):  # WhiteNoise's files
            body = b"".join(cast(Iterable[bytes], response.streaming_content))
            response.close()  # its file (only then: closing any response also says the request is over)
        else:
            body = response.content
        compressed = gzip.compress(body, compresslevel=6, mtime=0)
        if len(compressed) >= len(body):
            return _with_body(response, body)
        response = _with_body(response, compressed)
        response["Content-Encoding"] = "gzip"
        if response.has_header("ETag"):  # another representation: another validator (RFC 9110 8.8.3)
            response["ETag"] = _gzip_etag(response["ETag"])
        return response

    def _compressible(self, response: HttpResponse) -> bool:
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        return (response.status_code == 200 and content_type in self.TYPES
                and not response.has_header("Content-Encoding") and not response.has_header("Content-Range")
                and int(response.get("Content-Length") or self.MIN_BYTES) >= self.MIN_BYTES)


ACCEPTS_GZIP = re.compile(r"\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))")


def _gzip_etag(etag: str) -> str:
    return etag if etag.endswith('-gzip"') else re.sub(r'"$', '-gzip"', etag)


def _with_body(response: HttpResponse, body: bytes) -> HttpResponse:
    """``response`` with ``body``: in place (what views set on it, such as the CSP additions the shell
    page makes, stays), or, for a streamed file response, which cannot take a new body, a plain one
    with its headers."""
    if not isinstance(response, StreamingHttpResponse):
        response.content = body
        response["Content-Length"] = str(len(body))
        return response
    plain = HttpResponse(body, status=response.status_code)
    for name, value in response.items():
        if name.lower() != "content-length":
            plain[name] = value
    plain["Content-Length"] = str(len(body))
    return plain
