"""Groups reads: querysets already scoped to the caller and optimised for a fixed query count."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from kindred.common.jsonlists import ListOf

from .models import FacilitatorInvitation, Group, Membership
from .policy import Viewer


def _active_facilitators() -> QuerySet[Membership]:
    return (Membership.objects.filter(role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE)
            .select_related("user").order_by("joined_at", "id"))


def with_summary(groups: QuerySet[Group]) -> QuerySet[Group]:
    """Annotate ``member_count`` and ``facilitator_names`` (the active facilitators' names in the group,
    longest-serving first), both subqueries of the same SELECT: no query is added to a page."""
    active_count = (Membership.objects.filter(group=OuterRef("pk"), status=Membership.Status.ACTIVE)
                    .order_by().values("group").annotate(total=Count("*")).values("total"))
    facilitators = _active_facilitators().filter(group=OuterRef("pk")).values(
        item=Coalesce(NullIf("display_name", Value("")), "user__display_name"))  # Membership.name_in_group
    return groups.annotate(
        member_count=Coalesce(Subquery(active_count, output_field=IntegerField()), Value(0)),
        facilitator_names=ListOf(facilitators),
    )


def roster_list(*, group: Group) -> QuerySet[Membership]:
    """Active members who chose to appear on the roster; facilitators first."""
    return (Membership.objects.filter(group=group, status=Membership.Status.ACTIVE, show_on_roster=True)
            .select_related("user").order_by("role", "joined_at", "id"))


def roster_counts(*, group: Group) -> dict[str, int]:
    active = Q(status=Membership.Status.ACTIVE)
    counts = Membership.objects.filter(group=group).aggregate(
        members=Count("id", filter=active),
        facilitators=Count("id", filter=active & Q(role=Membership.Role.FACILITATOR)),
        hidden=Count("id", filter=active & Q(show_on_roster=False)),
    )
    return {key: value or 0 for key, value in counts.items()}


def join_request_list(*, group: Group) -> QuerySet[Membership]:
    """Pending requests to join, oldest first."""
    return (Membership.objects.filter(group=group, status=Membership.Status.PENDING)
            .select_related("user").order_by("created_at", "id"))


def facilitator_list(*, group: Group) -> QuerySet[Membership]:
    return _active_facilitators().filter(group=group)


def membership_list_for_user(*, viewer: Viewer) -> QuerySet[Membership]:
    """My memberships, pending and active, in the groups I may see (archived ones only where I facilitate)."""
    return (Membership.objects.filter(viewer.visible_group_filter(via="group"), user=viewer.user)
            .select_related("user", "group").order_by("group__name", "id"))


def open_invitations() -> QuerySet[FacilitatorInvitation]:
    """Invitations that still stand: the group is not archived, the invitee is still an active member,
    and the inviter still facilitates it. One whose inviter stepped down, left or erased their
    account is void: it is never listed, sent or accepted."""
    inviter_hosts = Membership.objects.filter(group=OuterRef("group_id"), user=OuterRef("invited_by_id"),
                                              role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE)
    invitee_member = Membership.objects.filter(group=OuterRef("group_id"), user=OuterRef("invitee_id"),
                                               status=Membership.Status.ACTIVE)
    return FacilitatorInvitation.objects.filter(Exists(inviter_hosts), Exists(invitee_member),
                                                group__is_archived=False)


def invitation_list_for_user(*, user: Any) -> QuerySet[FacilitatorInvitation]:
    """Open invitations to co-facilitate, in groups I am still an active member of."""
    return with_inviter_name(open_invitations().filter(invitee=user).select_related("group")
                             .order_by("-created_at", "-id"))


def with_inviter_name(invitations: QuerySet[FacilitatorInvitation]) -> QuerySet[FacilitatorInvitation]:
    """The inviter's name as the group knows them (their per-group name, else their display name), read
    from their membership: someone no longer in the group is named by nothing (null)."""
    inviter = Membership.objects.filter(group=OuterRef("group_id"), user=OuterRef("invited_by_id")).annotate(
        name=Coalesce(NullIf("display_name", Value("")), "user__display_name")).values("name")[:1]
    return invitations.annotate(invited_by_name=Subquery(inviter))
