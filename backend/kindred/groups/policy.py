"""Who may see and do what in a group: the one policy, asked once per request.

A :class:`Viewer` is a person (or nobody) with their memberships, read in one query the first time a
question needs them. Views, presenters, feeds, emails and services ask it; nothing else decides who
sees a group (archived: its facilitators only), what someone is to it (:class:`GroupRole`), who sees
its online details, or whom members may know about. Where lists need a rule as a query, its query
form sits beside it (:meth:`Viewer.visible_group_filter`, :data:`VISIBLE_MEMBER`).
"""

from __future__ import annotations

import enum
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .models import Group, Membership


class GroupRole(enum.IntEnum):
    """What a caller is to a group, ordered so a higher role satisfies a lower need."""

    ANYONE = 0
    SIGNED_IN = 1
    ACTIVE_MEMBER = 2
    FACILITATOR = 3


VISIBLE_MEMBER = Q(status=Membership.Status.ACTIVE) & (Q(role=Membership.Role.FACILITATOR) | Q(show_on_roster=True))
"""A membership the rest of the group may know about (the query form of :meth:`Viewer.sees_person`)."""


def visible_members(group: Group) -> QuerySet[Membership]:
    """Active members anyone in the group can know about: facilitators and those on the roster.

    Facilitators see about members only what members see about each other, so any action that names
    a member (an invitation, facilitator of the day, removal, a concern's subject) picks from these.
    """
    return Membership.objects.filter(VISIBLE_MEMBER, group=group)


class Viewer:
    """A person (or nobody) asking about groups; built once per request (:meth:`for_request`)."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @classmethod
    def of(cls, user: Any) -> Viewer:
        return cls(user)

    @classmethod
    def anonymous(cls) -> Viewer:
        """Nobody in particular: what the public pages and feeds show."""
        return cls(AnonymousUser())

    @classmethod
    def for_request(cls, request: Any) -> Viewer:
        """The request's viewer, made on first use and kept on the request (a DRF ``Request`` or
        Django's ``HttpRequest``) for every later question."""
        http: HttpRequest = getattr(request, "_request", request)
        viewer = getattr(http, "kindred_viewer", None)
        if viewer is None or viewer.user is not request.user:
            viewer = cls(request.user)
            http.kindred_viewer = viewer  # type: ignore[attr-defined]
        return viewer

    @property
    def signed_in(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @cached_property
    def memberships(self) -> dict[int, Membership]:
        """The viewer's memberships (pending and active) by group id, in one query."""
        if not self.signed_in:
            return {}
        rows = Membership.objects.filter(user=self.user)
        return {membership.group_id: self._with_user(membership) for membership in rows}

    def forget(self) -> None:
        """Read the memberships again at the next question (after this request changed one)."""
        self.__dict__.pop("memberships", None)

    def _with_user(self, membership: Membership) -> Membership:
        membership.user = self.user  # its name in the group falls back to the account's: no query
        return membership

    # --- the viewer's own place in a group -----------------------------------------------------

    def membership_in(self, group: Group) -> Membership | None:
        """The viewer's membership (pending or active) of ``group``, or None."""
        membership = self.memberships.get(group.pk)
        if membership is not None:
            membership.group = group
        return membership

    def role_in(self, group: Group) -> GroupRole:
        if not self.signed_in:
            return GroupRole.ANYONE
        membership = self.memberships.get(group.pk)
        if membership is None or membership.status != Membership.Status.ACTIVE:
            return GroupRole.SIGNED_IN
        if membership.role == Membership.Role.FACILITATOR:
            return GroupRole.FACILITATOR
        return GroupRole.ACTIVE_MEMBER

    def is_member(self, group: Group) -> bool:
        """An active member (facilitators included)."""
        return self.role_in(group) >= GroupRole.ACTIVE_MEMBER

    def is_facilitator(self, group: Group) -> bool:
        return self.role_in(group) == GroupRole.FACILITATOR

    @property
    def member_group_ids(self) -> set[int]:
        """Groups the viewer is an active member of."""
        return {group_id for group_id, membership in self.memberships.items()
                if membership.status == Membership.Status.ACTIVE}

    # --- what the viewer may see ---------------------------------------------------------------

    def can_see(self, group: Group) -> bool:
        """Everyone sees a group but an archived one, which only its facilitators see."""
        return not group.is_archived or self.is_facilitator(group)

    def can_reach_by_id(self, group: Group) -> bool:
        """Whether the viewer may open the group's series and meetings by their ids. Ids are
        sequential, so anyone can walk them: an unlisted group is known by its address only, and its
        series and meetings answer by id only to people in it (pending requests included); to
        everyone else they are 404, as if they did not exist (docs/security.md)."""
        return self.can_see(group) and (group.listed or group.pk in self.memberships)

    def visible_group_filter(self, via: str = "") -> Q:
        """:meth:`can_see` as a query condition on a group, or on a related one (``via="occurrence__group"``),
        so a query reaching groups by key tests each row's group instead of listing every visible group."""
        prefix = f"{via}__" if via else ""
        open_to_all = Q(**{f"{prefix}is_archived": False})
        if not self.signed_in:
            return open_to_all
        facilitated = Membership.objects.filter(
            user=self.user, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE).values("group_id")
        return open_to_all | Q(**{f"{prefix}pk__in": facilitated})

    def visible_groups(self) -> QuerySet[Group]:
        """Groups the viewer may open by their address."""
        return Group.objects.filter(self.visible_group_filter())

    def sees_online_details(self, group: Group) -> bool:
        """THE online-link rule: the link and phone go to active members, and to everyone when the
        group publishes them."""
        return bool(group.online_link_public) or self.is_member(group)

    def sees_person(self, membership: Membership) -> bool:
        """Whether the viewer may know about this member: a facilitator, someone on the roster, or themself."""
        if self.signed_in and membership.user_id == self.user.pk:
            return True
        return membership.status == Membership.Status.ACTIVE and (
            membership.role == Membership.Role.FACILITATOR or membership.show_on_roster)
