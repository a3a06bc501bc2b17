"""Who may do what with meetings.

Reading series and occurrences follows the group's visibility (kindred.groups.access): an object in
a group the caller may not see is a 404. Within a visible group, writes to the schedule are for its
active facilitators, and RSVPs and the attendee list are for its active members; others get a 403
that says why (the group and its meetings are public, so the 403 leaks nothing).
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.common.errors import Forbidden
from kindred.groups.access import is_active_member, is_facilitator
from kindred.groups.models import Group


class ReadAnyoneWriteSignedIn(IsAuthenticatedWithScope):
    """Anyone may read; writing needs a signed-in caller (and a token with the write scope)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().has_permission(request, view)


def require_facilitator(user: Any, group: Group) -> None:
    if not is_facilitator(user, group):
        raise Forbidden("Only this group's facilitators can change its meetings.", code="facilitators_only")


def require_member(user: Any, group: Group) -> None:
    if not is_active_member(user, group):
        raise Forbidden("Only members of this group can do this. Join the group first.", code="members_only")
