"""Who may see and do what in a group: the shared building blocks every app's permissions use.

Visibility rule: a group is visible to everyone unless archived; an archived group is visible only
to its facilitators. Unlisted groups are hidden from the directory but reachable by slug.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kindred.common.errors import NotFound

from .models import Group, Membership


def membership_of(user: Any, group: Group) -> Membership | None:
    """The caller's membership (pending or active) in ``group``, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, group=group).first()


def is_active_member(user: Any, group: Group) -> bool:
    membership = membership_of(user, group)
    return membership is not None and membership.status == Membership.Status.ACTIVE


def is_facilitator(user: Any, group: Group) -> bool:
    membership = membership_of(user, group)
    return (membership is not None and membership.status == Membership.Status.ACTIVE
            and membership.role == Membership.Role.FACILITATOR)


def visible_groups(user: Any) -> QuerySet[Group]:
    """Groups the caller may open by slug."""
    return Group.objects.filter(visible_group_filter(user))


def visible_group_filter(user: Any, via: str = "") -> Q:
    """:func:`visible_groups` as a condition on a related group (``via="occurrence__group"``), so a
    query reaching groups by key tests each row's group instead of listing every visible group."""
    prefix = f"{via}__" if via else ""
    open_to_all = Q(**{f"{prefix}is_archived": False})
    if not getattr(user, "is_authenticated", False):
        return open_to_all
    facilitated = Membership.objects.filter(
        user=user, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE).values("group_id")
    return open_to_all | Q(**{f"{prefix}pk__in": facilitated})


def group_for(user: Any, slug: str) -> Group:
    """The group with ``slug`` if the caller may see it; otherwise a 404 (no existence leak)."""
    group = visible_groups(user).filter(slug=slug).first()
    if group is None:
        raise NotFound("No such group.")
    return group


VISIBLE_MEMBER = Q(status=Membership.Status.ACTIVE) & (Q(role=Membership.Role.FACILITATOR) | Q(show_on_roster=True))
"""A membership others in the group can know about (see :func:`visible_members`)."""


def visible_members(group: Group) -> QuerySet[Membership]:
    """Active members anyone in the group can know about: facilitators and those on the roster.

    Facilitators see about members only what members see about each other, so any action that
    names a member (an invitation, facilitator of the day, removal, a concern's subject) picks from
    these, and a hidden member is answered exactly like someone who is not there.
    """
    return Membership.objects.filter(VISIBLE_MEMBER, group=group)
