"""How an account's addresses look from outside."""

from __future__ import annotations

from django.conf import settings

from .models import User


def calendar_url(user: User) -> str:
    """The person's private iCalendar feed: the secret in the address is the credential."""
    return f"{settings.SITE_URL}/api/v1/me/calendar/{user.calendar_secret}.ics"


# The PWA's screens that read a token from the link (frontend/js/screens/account.js). The token is in
# the fragment's query, so the browser never sends it to the server in a URL or a Referer.
LINK_SCREENS = {"confirm": "confirm", "reset": "reset", "email": "confirm-email"}


def account_link(purpose: str, token: str) -> str:
    """``{SITE_URL}/#/reset?token=…``: the address an account email links to."""
    return f"{settings.SITE_URL}/#/{LINK_SCREENS[purpose]}?token={token}"
