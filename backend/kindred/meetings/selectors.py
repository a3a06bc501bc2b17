"""Meeting reads, scoped to the caller and annotated so every list runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject, NullIf
from django.utils import timezone

from kindred.common.arrays import AnyOf
from kindred.groups.models import Group, Membership
from kindred.groups.policy import VISIBLE_MEMBER, Viewer

from .models import MeetingSeries, Occurrence, Rsvp


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _name_in_group(user_field: str, group_field: str) -> Coalesce:
    """The member's per-group display name, else their account display name."""
    per_group = Membership.objects.filter(user=OuterRef(user_field), group=OuterRef(group_field)).values(
        "display_name")[:1]
    return Coalesce(NullIf(Subquery(per_group), Value("")), F(f"{user_field}__display_name"))


def _visible_name_in_group(user_field: str, group_field: str, *, column: str = "name") -> Subquery:
    """The person's name as members of the group see it (their per-group name, else their account
    name) while they are a member others can know about (a facilitator, or on the roster); null
    when they are hidden from the roster or not in the group, exactly as the roster leaves them out.
    ``column="pk"``: their membership id in the group instead (as the roster gives it), under the same rule."""
    visible = (Membership.objects.filter(VISIBLE_MEMBER, user=OuterRef(user_field), group=OuterRef(group_field))
               .annotate(name=Coalesce(NullIf(F("display_name"), Value("")), F("user__display_name"))))
    return Subquery(visible.values(column)[:1])


# --- series -----------------------------------------------------------------------------------

def _series() -> QuerySet[MeetingSeries]:
    return (MeetingSeries.objects.select_related("group")
            .annotate(facilitator_name=_visible_name_in_group("facilitator", "group"),
                      facilitator_membership=_visible_name_in_group("facilitator", "group", column="pk")))


def series_list(*, group: Group) -> QuerySet[MeetingSeries]:
    return _series().filter(group=group).order_by("id")


def series_find(*, series_id: int) -> MeetingSeries | None:
    """A series with its group (whether the caller may see that group is the view's question)."""
    return _series().filter(pk=series_id).first()


# --- occurrences -------------------------------------------------------------------------------

def _with_caller_rsvp(queryset: QuerySet[Occurrence], user: Any) -> QuerySet[Occurrence]:
    """Annotate the caller's own RSVP (status, share_name, waitlist position) without per-row queries."""
    if not _signed_in(user):
        return queryset
    mine = Rsvp.objects.filter(occurrence=OuterRef("pk"), user=user)
    ahead = (Rsvp.objects.filter(occurrence=OuterRef("pk"), status=Rsvp.Status.WAITLISTED)
             .filter(Q(waitlisted_at__lt=OuterRef("my_waitlisted_at"))
                     | Q(waitlisted_at=OuterRef("my_waitlisted_at"), pk__lte=OuterRef("my_rsvp_id")))
             .values("occurrence").annotate(n=Count("pk")).values("n"))
    return queryset.annotate(
        my_rsvp_id=Subquery(mine.values("pk")[:1]),
        my_rsvp_status=Subquery(mine.values("status")[:1]),
        my_share_name=Subquery(mine.values("share_name")[:1]),
        my_waitlisted_at=Subquery(mine.values("waitlisted_at")[:1]),
    ).annotate(my_waitlist_position=Subquery(ahead))


# What an occurrence's presenter reads (``presenters.occurrence_json``, ``presenters.place``): no other
# column of the occurrence, its series or its group is fetched for a list.
OCCURRENCE_COLUMNS = (
    "series", "group", "starts_at", "ends_at", "status", "note", "is_modified", "going_count", "maybe_count",
    "waitlist_count", "capacity", "location", "online_url", "online_phone", "sequence",
    "series__title", "series__time_zone", "series__location", "series__online_url", "series__online_phone",
    "group__slug", "group__name", "group__format", "group__address", "group__city", "group__region",
    "group__country", "group__online_url", "group__online_phone", "group__online_link_public", "group__is_archived",
)


def _base(user: Any) -> QuerySet[Occurrence]:
    """Occurrences ready for the presenter, with the caller's own RSVP."""
    return _with_caller_rsvp(Occurrence.objects.select_related("series", "group").only(*OCCURRENCE_COLUMNS), user)


def group_for_occurrences() -> QuerySet[Group]:
    """Groups with just what an occurrence list reads, and ``materialized_through``: the earliest
    ``materialized_until`` of the live series, so the list knows without another query whether any
    rows must be materialised first."""
    through = Min("series__materialized_until", filter=Q(series__ended_at__isnull=True))
    return Group.objects.only("id", "slug", "time_zone", "is_archived").annotate(materialized_through=through)


def occurrences_for_group(*, group: Group, user: Any, start: dt.datetime,
                          end: dt.datetime | None) -> QuerySet[Occurrence]:
    """A group's occurrences from ``start`` (to ``end``)."""
    window = {"group_id": group.pk, "starts_at__gte": start}
    if end is not None:
        window["starts_at__lt"] = end
    return _base(user).filter(**window)


def occurrence_find(*, user: Any, occurrence_id: int) -> Occurrence | None:
    """A meeting with its series, group and the caller's RSVP (whether the caller may see the group is
    the view's question)."""
    return _base(user).filter(pk=occurrence_id).first()


def my_meetings(*, viewer: Viewer, include_all: bool = False) -> QuerySet[Occurrence]:
    """My upcoming occurrences: those I answered going/maybe/waitlisted, or (``all``) every one of my groups."""
    # Only groups the caller may still open: an archived group's meetings are hidden from its members too.
    now, user = timezone.now(), viewer.user
    if include_all:
        return (_base(user).filter(ends_at__gt=now, group_id__in=sorted(viewer.member_group_ids))
                .filter(viewer.visible_group_filter(via="group")))
    # The ids (and their groups) first, in one query driven by my RSVPs (rsvp_user_status_idx). Given
    # only `id IN (...)`, PostgreSQL at scale walks occurrence_start_idx in start order from two weeks
    # back, filtering for my ids (70-90 ms at full scale); the redundant `group_id IN (...)` (exactly
    # the groups of those ids) makes it fetch my few hundred rows by primary key and sort them (~3 ms).
    # docs/performance.md shows both plans. As a correlated subquery it was worse still (250 ms).
    # Where group visibility is checked differs by engine, each where its planner does well:
    # - SQLite, on the RSVP query: on the page query it probed every visible group for every id
    #   (11 ms for 520 ids, 1 ms this way), and the extra `group_id IN` would lead it to the group index;
    # - PostgreSQL, on the page query: on the RSVP query it hashes all 10,000 groups first (8 ms).
    postgres = connection.vendor == "postgresql"
    answered_rsvps = Rsvp.objects.filter(user=user, status__in=Rsvp.PLANNED, occurrence__ends_at__gt=now)
    if not postgres:
        answered_rsvps = answered_rsvps.filter(viewer.visible_group_filter(via="occurrence__group"))
    answered = list(answered_rsvps.values_list("occurrence_id", "occurrence__group_id"))
    # My ~650 ids as one array parameter on PostgreSQL (``AnyOf``), not one parameter each.
    page = _base(user).filter(AnyOf("pk", [occurrence_id for occurrence_id, _ in answered]), ends_at__gt=now)
    if not postgres:
        return page
    return page.filter(group__in=viewer.visible_groups()).filter(
        AnyOf("group_id", sorted({group_id for _, group_id in answered})))


def rsvp_of(*, user: Any, occurrence: Occurrence) -> Rsvp | None:
    return Rsvp.objects.filter(occurrence=occurrence, user=user).first()


def attendee_names(*, occurrence: Occurrence) -> QuerySet[Rsvp]:
    """Going/maybe RSVPs of current members who chose to share their name, with the name they use in the group."""
    still_member = Membership.objects.filter(user=OuterRef("user"), group=occurrence.group_id,
                                             status=Membership.Status.ACTIVE)
    return (Rsvp.objects.filter(occurrence=occurrence, share_name=True,
                                status__in=(Rsvp.Status.GOING, Rsvp.Status.MAYBE))
            .filter(Exists(still_member))  # past answers of someone who has left name no one
            .select_related("user").annotate(name=_name_in_group("user", "occurrence__group")).order_by("id"))


def with_next_meeting(groups: QuerySet[Group]) -> QuerySet[Group]:
    """Annotate each group's next scheduled meeting as ``next_meeting``: a dict of its ``id``, ``starts_at``,
    ``ends_at`` (as the database writes them) and ``time_zone`` (the meeting's own zone), or None when none
    is planned. One subquery on the (group, starts_at) index in the same SELECT: no query is added to a page."""
    upcoming = (Occurrence.objects.filter(group=OuterRef("pk"), status=Occurrence.Status.SCHEDULED,
                                          starts_at__gte=timezone.now()).order_by("starts_at", "id"))
    return groups.annotate(next_meeting=Subquery(upcoming.values(json=JSONObject(
        id="id", starts_at="starts_at", ends_at="ends_at", time_zone="series__time_zone"))[:1]))
