"""One-click unsubscribe: GET shows what the link does, POST (RFC 8058, or the page's button) does it.

The signed token in the URL is the credential, so no session, CSRF token or sign-in is needed.
GET never changes anything: mail scanners follow links, and must not switch off someone's email.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kindred.common.languages import activate_member_language, text_direction

from . import schema, services
from .emails import KIND_LABELS

PAGE = """<!doctype html>
<html lang="{}" dir="{}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title></head>
<body><main><h1>Kindred</h1><p>{}</p>{}<p><a href="/#/me">{}</a></p></main></body></html>"""


class UnsubscribePageRenderer(BaseRenderer):
    """A tiny accessible page for people who open the link in a browser."""

    media_type = "text/html"
    format = "html"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        data = data or {}
        button = ""
        if data.get("unsubscribed") is False:
            # Translators: %(label)s completes "when", e.g. "a meeting you replied to is cancelled or changed".
            words = _("Stop emails when %(label)s") % {"label": data.get("description", "")}
            button = format_html('<form method="post"><button type="submit">{}</button></form>', words)
        language = get_language() or "en"
        return format_html(PAGE, language, text_direction(language), _("Kindred email choices"), data.get("detail", ""),
                           button, _("Your email choices")).encode("utf-8")


def _answer(kind: str, *, unsubscribed: bool) -> dict[str, Any]:
    label = str(KIND_LABELS[kind])
    if unsubscribed:
        detail = _("Done. You will no longer get email when %(label)s. You can turn it back on from your profile.")
    else:
        detail = _("Press the button to stop email when %(label)s.")
    return {"kind": kind, "description": label, "unsubscribed": unsubscribed, "detail": detail % {"label": label}}


@schema.unsubscribe
class UnsubscribeView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()
    parser_classes = (FormParser, MultiPartParser, JSONParser)
    renderer_classes = (JSONRenderer, UnsubscribePageRenderer)

    def get(self, request: Request, token: str) -> Response:
        user, kind = services.unsubscribe_target(token=token)
        activate_member_language(request._request, user)  # the link names its reader: their language
        return Response(_answer(kind, unsubscribed=False))

    def post(self, request: Request, token: str) -> Response:
        user, kind = services.notification_unsubscribe(token=token)
        activate_member_language(request._request, user)
        return Response(_answer(kind, unsubscribed=True))
