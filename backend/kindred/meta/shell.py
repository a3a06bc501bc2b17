"""The PWA's page, with the first screen's data in it.

``/`` answers frontend/index.html as written, plus one ``<script type="application/json">`` data block
holding the answers of ``GET /api/v1/groups/`` (the first page of the directory) and ``GET /api/v1/meta/``
(the vocabulary), so a first visit shows groups as soon as the modules run, with no API round trip
(issue 12: under 2 s on Slow 4G). The answers are the API's own: the routes are called in process, as
an anonymous caller, through the public cache (so a warm cache costs no query). They are the same for
everyone, signed in or not: the page is also the offline shell the service worker keeps, which must
hold nothing personal. A data block is not a script: the CSP (script-src by hash) is unchanged.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import resolve

INLINE_ROUTES = {"groups": "/api/v1/groups/", "meta": "/api/v1/meta/"}
# Headers of the visitor's request the in-process calls keep: what decides the language and the host.
KEPT_HEADERS = ("HTTP_ACCEPT_LANGUAGE", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "REMOTE_ADDR", "wsgi.url_scheme")


def shell_html(request: HttpRequest) -> str:
    html = (settings.FRONTEND_DIR / "index.html").read_text(encoding="utf-8")
    data = {name: answer for name, path in INLINE_ROUTES.items() if (answer := _api_get(request, path)) is not None}
    block = f'<script type="application/json" id="kindred-inline">{script_safe_json(data)}</script>\n'
    return html.replace("</body>", block + "</body>", 1)


def script_safe_json(data: Any) -> str:
    """JSON that cannot end its <script> element or open a comment, whatever a group calls itself:
    ``<``, ``>`` and ``&`` are written as ``\\u003c`` ``\\u003e`` ``\\u0026`` (still the same JSON)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _api_get(request: HttpRequest, path: str) -> Any:
    """The JSON body of an anonymous GET of ``path``, or None when it does not answer 200."""
    inner = HttpRequest()
    inner.method = "GET"
    inner.path = inner.path_info = path
    inner.META = {"HTTP_ACCEPT": "application/json", "QUERY_STRING": "", "REQUEST_METHOD": "GET",
                  **{name: request.META[name] for name in KEPT_HEADERS if name in request.META}}
    match = resolve(path)
    response = match.func(inner, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        return None
    return json.loads(response.content)
