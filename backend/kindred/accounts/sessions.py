"""The session engine (SESSION_ENGINE): Django's database sessions, stored in
``accounts.SignedInSession`` so a person can see where they are signed in and end a session.

What the list shows lives in the session's own data, written once at sign-in (``signed_in``, from
``user_logged_in``) and refreshed by ``SessionActivityMiddleware`` at most every few minutes;
``create_model_instance`` copies it into columns on every save, so the list is one indexed query.
No IP address is kept for this.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext

# Keys of the session's data (underscored like Django's own, so no view mistakes them for its own).
PUBLIC_ID = "_kindred_session_id"
DEVICE = "_kindred_device"
SIGNED_IN_AT = "_kindred_signed_in_at"
LAST_SEEN_AT = "_kindred_last_seen_at"

LAST_SEEN_RESOLUTION = dt.timedelta(minutes=5)


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from .models import SignedInSession

        return SignedInSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance: Any = super().create_model_instance(data)  # a SignedInSession (get_model_class)
        instance.user_id = int(data[SESSION_KEY]) if str(data.get(SESSION_KEY, "")).isdigit() else None
        instance.public_id = data.get(PUBLIC_ID)
        instance.device = str(data.get(DEVICE, ""))[:80]
        instance.signed_in_at = _moment(data.get(SIGNED_IN_AT))
        instance.last_seen_at = _moment(data.get(LAST_SEEN_AT)) or instance.signed_in_at
        return instance


def _moment(value: Any) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value, tz=dt.UTC) if isinstance(value, int | float) else None


def signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """``user_logged_in``: name the new session and say what it is (Django has just cycled its key)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    now = int(timezone.now().timestamp())
    session[PUBLIC_ID] = secrets.token_urlsafe(12)
    session[DEVICE] = device_label(request.META.get("HTTP_USER_AGENT", ""))
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now


class SessionActivityMiddleware(MiddlewareMixin):
    """Notes when a signed-in session was last used, at most every LAST_SEEN_RESOLUTION, and only when
    the request already read its session (no extra query on any request)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        data = getattr(session, "_session_cache", None)  # read by this request already, or None: never loaded here
        if session is not None and isinstance(data, dict) and HASH_SESSION_KEY in data and PUBLIC_ID in data:
            now = int(timezone.now().timestamp())
            if now - int(data.get(LAST_SEEN_AT) or 0) >= LAST_SEEN_RESOLUTION.total_seconds():
                session[LAST_SEEN_AT] = now  # saved by SessionMiddleware, which runs after this on the way out
        return response


# --- a short, human device label from the user agent -------------------------------------------------

BROWSERS = (  # order matters: Edge and Opera also say "Chrome", Chrome also says "Safari"
    (r"Edg(e|A|iOS)?/", "Edge"), (r"OPR/|Opera", "Opera"), (r"SamsungBrowser/", "Samsung Internet"),
    (r"Firefox/|FxiOS/", "Firefox"), (r"Chrome/|CriOS/|Chromium/", "Chrome"), (r"Safari/", "Safari"),
)
SYSTEMS = (
    (r"iPhone", "iPhone"), (r"iPad", "iPad"), (r"Android", "Android"), (r"CrOS", "ChromeOS"),
    (r"Windows", "Windows"), (r"Mac OS X|Macintosh", "Mac"), (r"Linux", "Linux"),
)
TOOLS = ((r"^curl/", "curl"), (r"python-requests|python-httpx|aiohttp|urllib", "a Python script"))


def device_label(user_agent: str) -> str:
    """'Firefox on Android', 'Safari on iPhone', 'curl'; 'Unknown device' when it cannot tell."""
    for pattern, name in TOOLS:
        if re.search(pattern, user_agent, flags=re.IGNORECASE):
            return name
    browser = next((name for pattern, name in BROWSERS if re.search(pattern, user_agent)), None)
    system = next((name for pattern, name in SYSTEMS if re.search(pattern, user_agent)), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or UNKNOWN_DEVICE


UNKNOWN_DEVICE = "Unknown device"


def device_words(device: str) -> str:
    """A stored device label ('Firefox on Android', kept in English) in the reader's language: the
    browser and system names are names; only the words around them are translated."""
    if device == UNKNOWN_DEVICE:
        return gettext("Unknown device")
    browser, on, system = device.partition(" on ")
    return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system} if on else device
