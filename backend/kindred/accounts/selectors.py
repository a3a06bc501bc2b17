"""Account reads, scoped to the caller."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, SignedInSession, User


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def session_list(*, user: User) -> QuerySet[SignedInSession]:
    """My signed-in sessions that have not expired, the most recently used first."""
    return (SignedInSession.objects.filter(user=user, expire_date__gt=timezone.now(), public_id__isnull=False)
            .only("session_key", "public_id", "device", "signed_in_at", "last_seen_at", "expire_date")
            .order_by("-last_seen_at", "-signed_in_at"))
