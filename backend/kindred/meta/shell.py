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

The page is written in the language the server chose for the request (the member's, the
``django_language`` cookie's, ``Accept-Language``'s): ``<html lang dir>``, the chrome's words from the
PWA's own catalogs (frontend/i18n/<lang>/app.json, the one home of the app's words, read here by
:class:`Words` below), and the footer's crisis lines from ``/meta/`` (docs/decisions/pwa-languages.md).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html as html_text
import json
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal
from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.urls import resolve
from django.utils import translation
from django.utils.html import conditional_escape, escape, format_html, format_html_join
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
    words = page_words(pseudo=request.COOKIES.get(PSEUDO_COOKIE) == "1")
    data = {name: answer for name, path in INLINE_ROUTES.items() if (answer := _api_get(request, path)) is not None}
    meta = data.get("meta") or {}
    html = localise_page((settings.FRONTEND_DIR / "index.html").read_text(encoding="utf-8"), words, meta,
                         viewer_country(request, words.code))
    html, style_source = inline_style(html)
    block = f'<script type="application/json" id="kindred-inline">{script_safe_json(data)}</script>\n'
    if data.get("groups") is not None:
        html = FIND_HEADING.sub(lambda _match: first_screen(data["groups"], meta, words), html, count=1)
    return html.replace("</body>", block + "</body>", 1), style_source


HTML_TAG = re.compile(r'<html lang="[\w-]+"( dir="\w+")?>')
LANGUAGE_CHOICE = re.compile(r'(<select id="language-choice"[^>]*>).*?(</select>)', re.DOTALL)
SITE_HELP = re.compile(r'(<section id="site-help"[^>]*>).*?(</section>)', re.DOTALL)


def localise_page(html: str, words: Words, meta: dict[str, Any], country: str) -> str:
    """index.html in the page's language: ``<html lang dir>``, the switcher's choices, the footer's
    help (crisis lines for the viewer), and every word of the chrome from the catalog."""
    html = words.translate_html(HTML_TAG.sub(f'<html lang="{words.code}" dir="{words.direction}">', html, count=1))
    html = preload_catalog(html, words)
    html = LANGUAGE_CHOICE.sub(lambda match: match[1] + language_options(meta, words.code) + match[2], html, count=1)
    return SITE_HELP.sub(lambda match: match[1] + site_help(meta, words, country) + match[2], html, count=1)


APP_MODULE = re.compile(r'<script type="module" src="/js/app\.js\?v=([\w.-]+)"></script>')


def preload_catalog(html: str, words: Words) -> str:
    """A page not in English asks for its `app` catalog with its modules (app.js fetches it before the
    first screen is drawn: one round trip less on a slow connection)."""
    module = APP_MODULE.search(html)
    if words.pseudo or not words.entries or not module:
        return html
    link = f'<link rel="preload" href="/i18n/{words.code}/app.json?v={module[1]}" as="fetch" crossorigin>\n  '
    return html[:module.start()] + link + html[module.start():]


def language_options(meta: dict[str, Any], current: str) -> SafeString:
    """The switcher's choices: the app's languages, each named in itself (from /meta/, or the
    settings before the server lists them there)."""
    languages = meta.get("interface_languages") or [{"code": code, "label": name} for code, name in settings.LANGUAGES]
    return format_html_join("", '<option value="{}" lang="{}"{}>{}</option>', (
        (entry["code"], entry["code"], mark_safe(" selected") if entry["code"] == current.split("-")[0] else "",  # noqa: S308
         entry["label"]) for entry in languages))


EMERGENCY_NUMBERS = {"eu": "112", "uk": "999", "us": "911", "au": "000"}
FIND_A_HELPLINE = format_html('<a href="{}" rel="noopener noreferrer" translate="no">{}</a>', "https://findahelpline.com",
                              "findahelpline.com")
MOST_CRISIS_LINES = 4


def viewer_country(request: HttpRequest, language: str) -> str:
    """The viewer's country, as their browser says it: the region of the first Accept-Language tag
    in the page's language that has one (es-MX → MX), else of the first that has one; or ""."""
    tags = [part.split(";")[0].strip() for part in request.META.get("HTTP_ACCEPT_LANGUAGE", "").split(",")]
    regions = [(tag.split("-")[0].lower(), tag.split("-")[-1].upper()) for tag in tags
               if "-" in tag and len(tag.split("-")[-1]) == 2]
    same = [region for primary, region in regions if primary == language.split("-")[0]]
    return (same or [region for _primary, region in regions] or [""])[0]


def crisis_lines(meta: dict[str, Any], language: str, country: str) -> list[dict[str, Any]]:
    """The viewer's country's lines first, then lines answered in the page's language."""
    lines = meta.get("crisis_lines") or []
    primary = language.split("-")[0]
    chosen = [line for line in lines if country and line.get("country") == country]
    chosen += [line for line in lines if primary in (line.get("languages") or []) and line not in chosen]
    return chosen[:MOST_CRISIS_LINES]


def site_help(meta: dict[str, Any], words: Words, country: str) -> SafeString:
    """The footer's signposting: crisis lines to tap, then the emergency numbers and findahelpline.com."""
    tel = {key: format_html('<a href="tel:{}">{}</a>', number, number) for key, number in EMERGENCY_NUMBERS.items()}
    lines = crisis_lines(meta, words.code, country)
    listed = format_html('<ul class="crisis-lines">{}</ul>', format_html_join("", "<li>{}</li>", (
        (words.html("{name} ({country}): {phone}", name=format_html('<span translate="no">{}</span>', line["name"]),
                    country=words.shown(line.get("country_name") or line.get("country") or ""),
                    phone=format_html('<a href="tel:{}">{}</a>', re.sub(r"[^\d+]", "", line["phone"]), line["phone"]))
         + (format_html(" · {}", words.shown(line["hours"])) if line.get("hours") else ""),)
        for line in lines))) if lines else ""
    return format_html(
        '\n      <h2 id="site-help-title">{}</h2>\n      {}<p>{}</p>\n      <p>{}</p>\n    ',
        words.t("Need help now?"), listed,
        words.html("If you are in danger now, call your local emergency number: {eu} in Europe and many other "
                   "countries, {uk} in the UK, {us} in the US and Canada, {au} in Australia.", **tel),
        words.html("Find a free, confidential crisis line in your country at {site}.", site=FIND_A_HELPLINE))


# What index.html's <main> says before the app runs (its heading and lead), which the first screen
# replaces; anything else written there (<noscript>, say) stays.
FIND_HEADING = re.compile(r'<h1>[^<]*</h1>\s*<p class="lead">.*?</p>', re.DOTALL)  # in any language
LEAD = ("Peer-led groups where people with shared experience support each other. Joining is free, "
        "and you can leave any time.")
SEARCH_HINT = "A city, a region or country, or words like “grief” or “caregivers”."


def first_screen(page: dict[str, Any], meta: dict[str, Any], words: Words) -> SafeString:
    """The find screen as js/screens/find.js first draws it, with the first page of results."""
    groups = page.get("results") or []
    count = page.get("count", len(groups))
    title = words.plural(count, "{n} group", "{n} groups") if count else words.t("No groups match yet")
    return format_html(
        '<h1 id="page-title" tabindex="-1">{}</h1><p class="lead">{}</p>'
        '<form class="filters" role="search" aria-label="{}" data-preview><div class="field">'
        '<label for="f-q">{}</label><input type="search" name="q" autocomplete="off" enterkeyhint="search" '
        'id="f-q" aria-describedby="f-q-hint"><p class="hint" id="f-q-hint">{}</p></div>'
        '<details class="more-filters"><summary>{}</summary></details><div class="row">'
        '<button type="submit">{}</button><a href="#/" class="button secondary">{}</a></div></form>'
        '<p class="visually-hidden" role="status" id="results-status"></p><div id="results">'
        '<h2 id="results-title" tabindex="-1">{}</h2><ul class="cards" aria-labelledby="results-title">{}</ul></div>',
        words.t("Find a group"), words.t(LEAD), words.t("Find a group"), words.t("Search"), words.t(SEARCH_HINT),
        words.t("More filters"), words.t("Search"), words.t("Clear"), title,
        format_html_join("", "{}", ((card(group, meta, words),) for group in groups)))


def _labels(meta: dict[str, Any], name: str) -> dict[str, str]:
    return {entry["code"]: entry["label"] for entry in meta.get(name) or [] if isinstance(entry, dict)}


def card(group: dict[str, Any], meta: dict[str, Any], words: Words) -> SafeString:
    """One group as find.js's groupCard draws it (its next meeting on the clock where it meets)."""
    formats, languages = _labels(meta, "formats"), _labels(meta, "languages")
    details = " · ".join(part for part in (
        words.shown(formats.get(group["format"], group["format"])),
        ", ".join(p for p in (group.get("city"), group.get("country")) if p),
        ", ".join(words.shown(languages.get(code, code)) for code in group.get("languages") or [])) if part)
    next_meeting = group.get("next_meeting")
    when = (format_html('<p class="next-meeting">{} <time datetime="{}">{}</time></p>', words.t("Next meeting:"),
                        next_meeting["starts_at"], meeting_span(next_meeting, words))
            if next_meeting else format_html('<p class="meta">{}</p>', words.t("No meetings planned yet.")))
    return format_html(
        '<li class="card group-card"><h3><a href="#/groups/{}">{}</a></h3><p class="meta">{}</p>{}{}{}{}</li>',
        group["slug"], group["name"], details, when,
        format_html('<p class="clamp">{}</p>', group["description"]) if group.get("description") else "",
        format_html('<ul class="tags" aria-label="{}">{}</ul>', words.t("Topics"),
                    format_html_join("", "<li>{}</li>", ((topic,) for topic in group["topics"])))
        if group.get("topics") else "",
        format_html('<p class="hint">{}</p>', words.t("Facilitators welcome each new member personally."))
        if group.get("join_policy") == "approval" else "")


def meeting_span(meeting: dict[str, Any], words: Words) -> str:
    """"Tuesday 8 December, 19:00–20:30" on the meeting's own clock (the app adds the viewer's), in
    the page's language (CLDR's names of days and months, through Babel)."""
    zone = ZoneInfo(meeting["time_zone"])
    starts = dt.datetime.fromisoformat(meeting["starts_at"]).astimezone(zone)
    ends = dt.datetime.fromisoformat(meeting["ends_at"]).astimezone(zone)
    day = format_date(starts, "EEEE d MMMM", locale=words.locale)
    return words.shown(f"{day}, {starts:%H:%M}–{ends:%H:%M}")


def script_safe_json(data: Any) -> str:
    """JSON that cannot end its <script> element or open a comment, whatever a group calls itself:
    ``<``, ``>`` and ``&`` are written as ``\\u003c`` ``\\u003e`` ``\\u0026`` (still the same JSON)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- The PWA's words, read from its own catalogs ---------------------------------------------------
# The app's words have one home, frontend/i18n/<lang>/app.json, keyed by the English text (as i18n.js
# reads them); the page's chrome is translated here from the same files, so the page and the app can
# never say a thing two ways.
PSEUDO_COOKIE = "kindred-pseudo"  # tests only: the pseudo-locale en-XA, as i18n.js makes it
PSEUDO_LANGUAGE = "en-XA"
ACCENTED = dict(zip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ", strict=True))
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def pseudo_text(text: str) -> str:
    """i18n.js's pseudoText: letters accented, vowels doubled (about 40 % longer), {placeholders} kept, bracketed."""
    parts = re.split(r"(\{\w+\})", text)
    body = "".join(part if index % 2 else "".join(
        ACCENTED.get(c, c) * (2 if c in "aeiouyAEIOUY" else 1) for c in part) for index, part in enumerate(parts))
    return f"⟦{body}⟧"


@functools.lru_cache(maxsize=32)
def _read_catalog(path: str, _modified: float) -> dict[str, Any]:
    """A catalog file, read again when it changes (its mtime is part of the key)."""
    entries: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return entries


def catalog(code: str, part: str = "app") -> dict[str, Any]:
    """One part of the PWA's catalog for a language ({} for English or a language without one)."""
    path = settings.FRONTEND_DIR / "i18n" / code / f"{part}.json"
    return _read_catalog(str(path), path.stat().st_mtime) if path.is_file() else {}


def _fill(text: str, values: dict[str, Any]) -> str:
    return PLACEHOLDER.sub(lambda match: str(values[match[1]]) if match[1] in values else match[0], text)


class Words:
    """The PWA's words in one language (``t``, ``plural``, as i18n.js says them), and the page's chrome."""

    def __init__(self, code: str, direction: str, *, pseudo: bool = False) -> None:
        self.code, self.direction, self.pseudo = code, direction, pseudo
        self.entries = {} if pseudo else catalog(code.split("-")[0])
        try:
            self.locale = Locale.parse("en" if pseudo else code, sep="-")
        except (UnknownLocaleError, ValueError):
            self.locale = Locale("en")

    def shown(self, text: str) -> str:
        """Words the server wrote in the page's language (labels, dates): accented in the pseudo-locale."""
        return pseudo_text(text) if self.pseudo and text else text

    def _translated(self, text: str) -> str:
        entry = self.entries.get(text)
        return self.shown(text) if self.pseudo else entry if isinstance(entry, str) and entry else text

    def t(self, text: str, **values: Any) -> str:
        return _fill(self._translated(text), values)

    def plural(self, count: int, one: str, other: str, **values: Any) -> str:
        category = self.locale.plural_form(count)
        entry = self.entries.get(other)
        text = one if category == "one" else other
        if isinstance(entry, dict):
            text = entry.get(category) or entry.get("other") or text
        elif isinstance(entry, str) and entry:
            text = entry
        return _fill(self.shown(text), {"n": format_decimal(count, locale=self.locale), **values})

    def html(self, text: str, **parts: Any) -> SafeString:
        """A sentence with HTML in its {placeholders} (links): the words escaped, the parts as given."""
        safe_parts = {name: conditional_escape(part) for name, part in parts.items()}
        # The words are escaped here, and each part is escaped or already safe.
        return mark_safe(_fill(str(escape(self._translated(text))), safe_parts))  # noqa: S308

    def translate_html(self, page: str) -> str:
        """Each text and label of the page's chrome that is one of the app's words, in this language."""
        if not self.pseudo and not self.entries:
            return page
        known = set(catalog("es")) | set(catalog("fr"))  # the app's words: the keys of the complete catalogs

        def text_node(match: re.Match[str]) -> str:
            lead, words, trail = match[1], " ".join(html_text.unescape(match[2]).split()), match[3]
            return f">{lead}{escape(self._translated(words))}{trail}<" if words in known else match[0]

        def attribute(match: re.Match[str]) -> str:
            words = html_text.unescape(match[2])
            return f'{match[1]}="{escape(self._translated(words))}"' if words in known else match[0]

        page = re.sub(r">(\s*)([^<>]*?\S)(\s*)<", text_node, page)
        return re.sub(r'((?:aria-label|content|title))="([^"]+)"', attribute, page)


def page_words(*, pseudo: bool = False) -> Words:
    """The words of the language the server activated for this request (LanguageMiddleware)."""
    if pseudo:
        return Words(PSEUDO_LANGUAGE, "ltr", pseudo=True)
    code = translation.get_language() or settings.LANGUAGE_CODE
    return Words(code, "rtl" if translation.get_language_bidi() else "ltr")


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
