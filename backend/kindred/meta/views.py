"""GET /api/v1/meta/: the vocabulary, for anyone (it changes only with a deploy); and the PWA's page at /."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag
from django.views.decorators.http import require_safe
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import schema
from .shell import shell_html
from .vocabulary import vocabulary


@schema.meta
class MetaView(APIView):
    """The same answer for everyone who reads the same language (the cookie's, else Accept-Language's:
    kindred.common.languages), so it reads no credentials, and so no database."""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    def get(self, request: Request) -> Response:
        return Response(vocabulary())


@require_safe
def shell(request: HttpRequest) -> HttpResponse:
    """``/``: the PWA's page with the directory's first page and the vocabulary in it (shell.py).
    Revalidated on every load (``no-cache``, an ETag). The 304 is answered here, not by
    ConditionalGetMiddleware: a browser takes a 304's headers for the copy it keeps, so the 304 must
    carry the same CSP, with the inline style sheet's hash, or every reload showed an unstyled page."""
    html, style_source = shell_html(request)
    response: HttpResponse = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    set_response_etag(response)
    response = get_conditional_response(request, etag=response["ETag"], response=response) or response
    if style_source:  # django-csp reads this, as its csp_update decorator would set it
        response._csp_update = {"style-src": [style_source]}  # type: ignore[attr-defined]
    return response
