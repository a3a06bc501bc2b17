"""The PWA's page, with the first screen's data in it.

``/`` answers frontend/index.html as written, plus one ``<script type="application/json">`` data block
holding the answers of ``GET /api/v1/groups/`` (the first page of the directory) and ``GET /api/v1/meta/``
(the vocabulary), so a first visit shows groups as soon as the modules run, with no API round trip
(issue 12: under 2 s on Slow 4G). The answers are the API's own: the routes are called in process, as
an anonymous caller, through the public cache (so a warm cache costs no query). They are the same for
everyone, signed in or not: the page is also the offline shell the service worker keeps, which must
hold nothing personal. A data block is not a script: the CSP (script-src by hash) is unchanged.

The style sheet is written into the page too (allowed by its hash, added to the CSP of this
answer only), so the first paint waits for no other file. The first results are also written into
``<main>`` as HTML, laid out as js/screens/find.js lays them out (the search form with its filters
folded, then the cards), so the first card shows with the first paint, before any module has
loaded; the app then draws the same screen in its place. On a slow connection the modules take a
few round trips, and the cards are what a visitor came for.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.urls import resolve
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

INLINE_ROUTES = {"groups": "/api/v1/groups/", "meta": "/api/v1/meta/"}
# Headers of the visitor's request the in-process calls keep: what decides the language and the host.
KEPT_HEADERS = ("HTTP_ACCEPT_LANGUAGE", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "REMOTE_ADDR", "wsgi.url_scheme")


STYLE_SHEET = re.compile(r'<link rel="stylesheet" href="/css/app\.css\?v=[\w.-]+">')


def inline_style(html: str) -> tuple[str, str | None]:
    """index.html with its style sheet written into it (one round trip less before the first paint:
    562 ms on Slow 4G), and the CSP source that allows exactly that text (its hash), or None when
    index.html links no style sheet. The file is read at each request, so an edit shows at once."""
    if not STYLE_SHEET.search(html):
        return html, None
    css = (settings.FRONTEND_DIR / "css" / "app.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return STYLE_SHEET.sub(lambda _match: f"<style>{css}</style>", html, count=1), f"'sha256-{digest}'"


def shell_html(request: HttpRequest) -> tuple[str, str | None]:
    """The page, and the CSP style source its inline style sheet needs."""
    html, style_source = inline_style((settings.FRONTEND_DIR / "index.html").read_text(encoding="utf-8"))
    data = {name: answer for name, path in INLINE_ROUTES.items() if (answer := _api_get(request, path)) is not None}
    block = f'<script type="application/json" id="kindred-inline">{script_safe_json(data)}</script>\n'
    if data.get("groups") is not None:
        html = FIND_HEADING.sub(lambda _match: first_screen(data["groups"], data.get("meta") or {}), html, count=1)
    return html.replace("</body>", block + "</body>", 1), style_source


# What index.html's <main> says before the app runs (its heading and lead), which the first screen
# replaces; anything else written there (<noscript>, say) stays.
FIND_HEADING = re.compile(r'<h1>Find a group</h1>\s*<p class="lead">.*?</p>', re.DOTALL)
LEAD = ("Peer-led groups where people with shared experience support each other. Joining is free, "
        "and you can leave any time.")
SEARCH_HINT = "A city, a region or country, or words like “grief” or “caregivers”."


def first_screen(page: dict[str, Any], meta: dict[str, Any]) -> SafeString:
    """The find screen as js/screens/find.js first draws it, with the first page of results."""
    groups = page.get("results") or []
    count = page.get("count", len(groups))
    title = f"{count} group{'' if count == 1 else 's'}" if count else "No groups match yet"
    formats = {entry["code"]: entry["label"] for entry in meta.get("formats") or []}
    return format_html(
        '<h1 id="page-title" tabindex="-1">Find a group</h1><p class="lead">{}</p>'
        '<form class="filters" role="search" aria-label="Find a group" data-preview><div class="field">'
        '<label for="f-q">Search</label><input type="search" name="q" autocomplete="off" enterkeyhint="search" '
        'id="f-q" aria-describedby="f-q-hint"><p class="hint" id="f-q-hint">{}</p></div>'
        '<details class="more-filters"><summary>More filters</summary></details><div class="row">'
        '<button type="submit">Search</button><a href="#/" class="button secondary">Clear</a></div></form>'
        '<p class="visually-hidden" role="status" id="results-status"></p><div id="results">'
        '<h2 id="results-title" tabindex="-1">{}</h2><ul class="cards" aria-labelledby="results-title">{}</ul></div>',
        LEAD, SEARCH_HINT, title, format_html_join("", "{}", ((card(group, formats),) for group in groups)))


def card(group: dict[str, Any], formats: dict[str, str]) -> SafeString:
    """One group as find.js's groupCard draws it (its next meeting on the clock where it meets)."""
    meta = " · ".join(part for part in (formats.get(group["format"], group["format"]),
                                        ", ".join(p for p in (group.get("city"), group.get("country")) if p),
                                        ", ".join(group.get("languages") or [])) if part)
    next_meeting = group.get("next_meeting")
    when = (format_html('<p class="next-meeting">Next meeting: <time datetime="{}">{}</time></p>',
                        next_meeting["starts_at"], meeting_span(next_meeting))
            if next_meeting else mark_safe('<p class="meta">No meetings planned yet.</p>'))  # noqa: S308 - constant
    return format_html(
        '<li class="card group-card"><h3><a href="#/groups/{}">{}</a></h3><p class="meta">{}</p>{}{}{}{}</li>',
        group["slug"], group["name"], meta, when,
        format_html('<p class="clamp">{}</p>', group["description"]) if group.get("description") else "",
        format_html('<ul class="tags" aria-label="Topics">{}</ul>',
                    format_html_join("", "<li>{}</li>", ((topic,) for topic in group["topics"])))
        if group.get("topics") else "",
        mark_safe('<p class="hint">Facilitators welcome each new member personally.</p>')  # noqa: S308 - constant
        if group.get("join_policy") == "approval" else "")


def meeting_span(meeting: dict[str, Any]) -> str:
    """"Tuesday 8 December, 19:00–20:30" on the meeting's own clock (the app adds the viewer's)."""
    zone = ZoneInfo(meeting["time_zone"])
    starts = dt.datetime.fromisoformat(meeting["starts_at"]).astimezone(zone)
    ends = dt.datetime.fromisoformat(meeting["ends_at"]).astimezone(zone)
    return f"{starts:%A} {starts.day} {starts:%B}, {starts:%H:%M}–{ends:%H:%M}"


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
    try:
        response = match.func(inner, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    except DatabaseError:  # the page still loads; the app asks the API itself
        return None
    if response.status_code != 200:
        return None
    return json.loads(response.content)
