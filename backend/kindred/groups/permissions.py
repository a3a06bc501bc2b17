"""The groups rule table: which role in a group each operation needs.

Views that live under ``/groups/{slug}/`` declare ``group_permission`` (reads) and
``group_write_permission`` (writes), as pretix views declare ``permission``/``write_permission``.
A group the caller may not see is a 404 before any of this runs (see ``access.group_for``);
a visible group where the caller lacks the role is a 403 that says what is needed, since the
group's existence is public and the answer leaks nothing.
"""

from __future__ import annotations

import enum
from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from .models import Membership


class GroupRole(enum.IntEnum):
    """What a caller is to a group, ordered so a higher role satisfies a lower need."""

    ANYONE = 0
    SIGNED_IN = 1
    ACTIVE_MEMBER = 2
    FACILITATOR = 3


NEED_MESSAGES = {
    GroupRole.SIGNED_IN: "Sign in to do this.",
    GroupRole.ACTIVE_MEMBER: "Only members of this group can see or do this.",
    GroupRole.FACILITATOR: "Only this group's facilitators can do this.",
}


def role_of(user: Any, membership: Membership | None) -> GroupRole:
    """The caller's role in the group, from their membership (pending counts as signed in only)."""
    if not getattr(user, "is_authenticated", False):
        return GroupRole.ANYONE
    if membership is None or membership.status != Membership.Status.ACTIVE:
        return GroupRole.SIGNED_IN
    if membership.role == Membership.Role.FACILITATOR:
        return GroupRole.FACILITATOR
    return GroupRole.ACTIVE_MEMBER


class HasGroupRole(BasePermission):
    """Checks the view's declared role for the request's method against ``view.group_role``.

    The view loads ``group`` and ``membership`` first (``GroupScopedMixin``), so this check costs
    no query of its own.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        needed = required_role(request, view)
        self.message = NEED_MESSAGES.get(needed, "Not allowed.")
        return view.group_role >= needed


def required_role(request: Request, view: Any) -> GroupRole:
    if request.method in SAFE_METHODS:
        return view.group_permission
    return getattr(view, "group_write_permission", view.group_permission)
