"""How an account's addresses look from outside."""

from __future__ import annotations

from django.conf import settings

from .models import User


def calendar_url(user: User) -> str:
    """The person's private iCalendar feed: the secret in the address is the credential."""
    return f"{settings.SITE_URL}/api/v1/me/calendar/{user.calendar_secret}.ics"
