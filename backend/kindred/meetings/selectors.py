"""Meeting reads, scoped to the caller and annotated so every list runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from kindred.api.errors import NotFound
from kindred.groups.access import visible_groups
from kindred.groups.models import Group, Membership

from .models import MeetingSeries, Occurrence, Rsvp

ANSWERED = (Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.WAITLISTED)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _name_in_group(user_field: str, group_field: str) -> Coalesce:
    """The member's per-group display name, else their account display name."""
    per_group = Membership.objects.filter(user=OuterRef(user_field), group=OuterRef(group_field)).values(
        "display_name")[:1]
    return Coalesce(NullIf(Subquery(per_group), Value("")), F(f"{user_field}__display_name"))


def active_group_ids(*, user: Any) -> set[int]:
    """Groups where the caller is an active member (one query)."""
    if not _signed_in(user):
        return set()
    return set(Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list("group_id",
                                                                                              flat=True))


# --- series -----------------------------------------------------------------------------------

def series_list(*, group: Group) -> QuerySet[MeetingSeries]:
    return (MeetingSeries.objects.filter(group=group).select_related("group", "facilitator")
            .annotate(facilitator_name=_name_in_group("facilitator", "group")).order_by("id"))


def series_get(*, user: Any, series_id: int) -> MeetingSeries:
    series = (MeetingSeries.objects.filter(pk=series_id, group__in=visible_groups(user))
              .select_related("group", "facilitator")
              .annotate(facilitator_name=_name_in_group("facilitator", "group")).first())
    if series is None:
        raise NotFound("No such meeting series.")
    return series


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


def _base(user: Any) -> QuerySet[Occurrence]:
    return _with_caller_rsvp(Occurrence.objects.select_related("series", "group"), user)


def occurrences_for_group(*, group: Group, user: Any, start: dt.datetime,
                          end: dt.datetime | None) -> QuerySet[Occurrence]:
    queryset = _base(user).filter(group=group, starts_at__gte=start)
    return queryset.filter(starts_at__lt=end) if end is not None else queryset


def occurrence_get(*, user: Any, occurrence_id: int) -> Occurrence:
    occurrence = _base(user).filter(pk=occurrence_id, group__in=visible_groups(user)).first()
    if occurrence is None:
        raise NotFound("No such meeting.")
    return occurrence


def my_meetings(*, user: Any, include_all: bool = False) -> QuerySet[Occurrence]:
    """My upcoming occurrences: those I answered going/maybe/waitlisted, or (``all``) every one of my groups."""
    upcoming = _base(user).filter(ends_at__gt=timezone.now())
    if include_all:
        mine = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values("group_id")
        return upcoming.filter(group__in=mine)
    # The ids first (one indexed query): as a subquery, PostgreSQL at scale walks every upcoming
    # occurrence in start order probing for my RSVP (docs/performance.md); a list drives it from my RSVPs.
    answered = list(Rsvp.objects.filter(user=user, status__in=ANSWERED, occurrence__ends_at__gt=timezone.now())
                    .values_list("occurrence_id", flat=True))
    return upcoming.filter(pk__in=answered)


def rsvp_of(*, user: Any, occurrence: Occurrence) -> Rsvp | None:
    return Rsvp.objects.filter(occurrence=occurrence, user=user).first()


def attendee_names(*, occurrence: Occurrence) -> QuerySet[Rsvp]:
    """Going/maybe RSVPs whose members chose to share their name, with the name they use in the group."""
    return (Rsvp.objects.filter(occurrence=occurrence, share_name=True,
                                status__in=(Rsvp.Status.GOING, Rsvp.Status.MAYBE))
            .select_related("user").annotate(name=_name_in_group("user", "occurrence__group")).order_by("id"))
