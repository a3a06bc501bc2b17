"""Meeting endpoints: series, occurrences, RSVPs, attendees and my meetings. Views stay thin."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import dateparse, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from kindred.accounts.permissions import authenticated_user
from kindred.api.generics import MethodThrottledView, PresentedListView
from kindred.api.inputs import validated
from kindred.api.pagination import PageNumberPagination, StartTimeCursorPagination
from kindred.api.permissions import IsAuthenticatedWithScope, ReadAnyoneWriteSignedIn
from kindred.api.throttling import RsvpThrottle
from kindred.common.errors import NotFound, RuleBroken
from kindred.groups.models import Group
from kindred.groups.policy import GroupRole, Viewer
from kindred.groups.views_base import GroupScopedView

from . import recurrence, schema, selectors, services
from .models import MeetingSeries, Occurrence, Rsvp
from .presenters import occurrence_json, series_json
from .serializers import (
    MyMeetingsQuerySerializer,
    OccurrenceCancelInputSerializer,
    OccurrenceUpdateInputSerializer,
    RsvpInputSerializer,
    SeriesCreateInputSerializer,
    SeriesUpdateInputSerializer,
)

WRITES = ("PUT", "DELETE")
BOUND_YEARS = (1970, 2200)  # far past any meeting, and short of the year-9999 date arithmetic overflows


def _parse_bound(raw: str | None, *, name: str, zone: zoneinfo.ZoneInfo, end: bool) -> dt.datetime | None:
    if not raw:
        return None
    try:
        day = dateparse.parse_date(raw)
        moment = None if day else dateparse.parse_datetime(raw)
    except ValueError:
        day = moment = None
    when = day if day is not None else moment
    if when is None:
        raise RuleBroken(_("`%(name)s` must be a date (2027-03-01) or an ISO 8601 date-time.") % {"name": name},
                         field=name, code="invalid")
    if not BOUND_YEARS[0] <= when.year <= BOUND_YEARS[1]:
        raise RuleBroken(_("`%(name)s` must be between the years %(first)d and %(last)d.")
                         % {"name": name, "first": BOUND_YEARS[0], "last": BOUND_YEARS[1]}, field=name,
                         code="out_of_range")
    if day is not None:
        local = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time.min)
        return local.replace(tzinfo=zone)
    assert moment is not None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=zone)


# How far ahead an occurrence list may reach (docs/decisions/meetings-bounded-work.md): what a read may
# make the server materialise. Members plan further ahead than visitors.
REACH_YEARS = {"visitor": 1, "member": 2}


def _reach(zone: zoneinfo.ZoneInfo, *, member: bool) -> tuple[dt.datetime, int]:
    """The end of the local day a year (a member: two years) from today, and that number of years."""
    years = REACH_YEARS["member" if member else "visitor"]
    last_day = timezone.now().astimezone(zone).date() + relativedelta(years=years)
    return dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min).replace(tzinfo=zone), years


def _check_reach(start: dt.datetime | None, end: dt.datetime | None, zone: zoneinfo.ZoneInfo, *,
                 member: bool) -> None:
    reach, years = _reach(zone, member=member)
    for name, beyond in (("from", start is not None and start >= reach), ("to", end is not None and end > reach)):
        if beyond:
            values = {"name": name, "years": years, "last": reach.date() - dt.timedelta(days=1)}
            if member:
                message = ngettext("`%(name)s` may be at most %(years)d year ahead for the group's members (%(last)s).",
                                   "`%(name)s` may be at most %(years)d years ahead for the group's members "
                                   "(%(last)s).", years)
            else:
                message = ngettext("`%(name)s` may be at most %(years)d year ahead for visitors and non-members "
                                   "(%(last)s).",
                                   "`%(name)s` may be at most %(years)d years ahead for visitors and non-members "
                                   "(%(last)s).", years)
            raise RuleBroken(message % values, field=name, code="too_far_ahead")


def _next_midnight(moment: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(moment.astimezone(dt.UTC).date() + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


# --- the scopes: a series or an occurrence names its group (no docstrings: drf-spectacular would make
# them the description of every subclass's operations) -------------------------------------------------

class SeriesScopedView(GroupScopedView):
    # A view of one series: its group is the scope (``self.series`` is set too).

    not_found = gettext_lazy("No such meeting series.")
    scoped_by_id = True
    series: MeetingSeries

    def resolve_scope(self) -> Group:
        series = selectors.series_find(series_id=self.kwargs["series_id"])
        if series is None:
            raise NotFound(self.not_found)
        self.series = series
        return series.group

    def render(self) -> Response:
        series = selectors.series_find(series_id=self.series.pk)
        assert series is not None  # just changed, not deleted
        return Response(series_json(series, self.viewer))


class OccurrenceScopedView(GroupScopedView):
    # A view of one meeting: its group is the scope (``self.occurrence`` is set too).

    not_found = gettext_lazy("No such meeting.")
    scoped_by_id = True
    occurrence: Occurrence

    def resolve_scope(self) -> Group:
        occurrence = selectors.occurrence_find(user=self.request.user, occurrence_id=self.kwargs["occurrence_id"])
        if occurrence is None:
            raise NotFound(self.not_found)
        self.occurrence = occurrence
        return occurrence.group

    def render(self) -> Response:
        occurrence = selectors.occurrence_find(user=self.request.user, occurrence_id=self.occurrence.pk)
        assert occurrence is not None  # just changed, not deleted
        return Response(occurrence_json(occurrence, self.viewer))


# --- series ---------------------------------------------------------------------------------

@schema.group_series
class GroupSeriesView(GroupScopedView, PresentedListView):
    permission_classes = (ReadAnyoneWriteSignedIn,)
    serializer_class = schema.SeriesOutputSerializer
    pagination_class = PageNumberPagination

    def get_queryset(self) -> QuerySet[MeetingSeries]:
        return selectors.series_list(group=self.group)

    def present(self, series: MeetingSeries) -> dict[str, Any]:
        return series_json(series, self.viewer)

    def post(self, request: Request, slug: str) -> Response:
        data = validated(SeriesCreateInputSerializer, request.data)
        created = services.series_create(group=self.group, **data)
        series = selectors.series_find(series_id=created.pk)
        assert series is not None  # just created
        return Response(series_json(series, self.viewer), status=status.HTTP_201_CREATED)


@schema.series_detail
class SeriesDetailView(SeriesScopedView):
    permission_classes = (ReadAnyoneWriteSignedIn,)

    def get(self, request: Request, series_id: int) -> Response:
        return Response(series_json(self.series, self.viewer))

    def patch(self, request: Request, series_id: int) -> Response:
        data = validated(SeriesUpdateInputSerializer, request.data)
        apply_from = data.pop("apply_from", None)
        services.series_update(series=self.series, data=data, apply_from=apply_from)
        return self.render()

    def delete(self, request: Request, series_id: int) -> Response:
        services.series_end(series=self.series)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- occurrences ------------------------------------------------------------------------------

@schema.group_occurrences
class GroupOccurrencesView(GroupScopedView, PresentedListView):
    serializer_class = schema.OccurrenceOutputSerializer
    pagination_class = StartTimeCursorPagination

    def group_queryset(self) -> QuerySet[Group]:
        return selectors.group_for_occurrences()

    def get_queryset(self) -> QuerySet[Occurrence]:
        zone = zoneinfo.ZoneInfo(self.group.time_zone)
        start = _parse_bound(self.request.query_params.get("from"), name="from", zone=zone, end=False)
        end = _parse_bound(self.request.query_params.get("to"), name="to", zone=zone, end=True)
        if start is not None and end is not None and end <= start:
            raise RuleBroken(_("`to` must be after `from`."), field="to", code="invalid_range")
        _check_reach(start, end, zone, member=self.viewer.is_member(self.group))
        # Without `to`, materialise a year ahead rounded up to the next UTC midnight: a bare "now + a year"
        # is a little later on every request, and would extend every series again each time.
        until = end or _next_midnight(timezone.now() + services.HORIZON)
        through = self.group.materialized_through  # type: ignore[attr-defined]  # annotated by the selector
        # Rows exist for every series up to `complete`. Creating them is bounded per request: when the
        # range needs more, the list stops at `complete` and its `next` link goes on from there.
        self.resume_after: dt.datetime | None = None
        if through is not None and through < until:
            complete = services.occurrences_extend(group=self.group, until=until)
            self.resume_after = complete if complete < until else None
        # Without `from`: meetings not yet over, so one in progress stays listed (no meeting is longer than a day).
        now = timezone.now()
        earliest = start or now - dt.timedelta(minutes=recurrence.MAX_DURATION)
        queryset = selectors.occurrences_for_group(group=self.group, user=self.request.user, start=earliest, end=end)
        queryset = queryset if start is not None else queryset.filter(ends_at__gt=now)
        if self.resume_after is not None:
            queryset = queryset.filter(starts_at__lte=self.resume_after)
        return queryset

    def present(self, occurrence: Occurrence) -> dict[str, Any]:
        return occurrence_json(occurrence, self.viewer)


@schema.occurrence_detail
class OccurrenceDetailView(OccurrenceScopedView):
    permission_classes = (ReadAnyoneWriteSignedIn,)

    def get(self, request: Request, occurrence_id: int) -> Response:
        return Response(occurrence_json(self.occurrence, self.viewer))

    def patch(self, request: Request, occurrence_id: int) -> Response:
        data = validated(OccurrenceUpdateInputSerializer, request.data)
        services.occurrence_update(occurrence=self.occurrence, data=data)
        return self.render()


@schema.occurrence_cancel
class OccurrenceCancelView(OccurrenceScopedView):
    permission_classes = (IsAuthenticatedWithScope,)

    def post(self, request: Request, occurrence_id: int) -> Response:
        note = validated(OccurrenceCancelInputSerializer, request.data)["note"]
        services.occurrence_cancel(occurrence=self.occurrence, note=note)
        return self.render()


@schema.occurrence_restore
class OccurrenceRestoreView(OccurrenceScopedView):
    permission_classes = (IsAuthenticatedWithScope,)

    def post(self, request: Request, occurrence_id: int) -> Response:
        services.occurrence_restore(occurrence=self.occurrence)
        return self.render()


# --- RSVPs and attendees ------------------------------------------------------------------------

def _rsvp_body(rsvp: Rsvp) -> dict[str, Any]:
    return {"status": rsvp.status, "share_name": rsvp.share_name,
            "waitlist_position": services.waitlist_position(rsvp)}


@schema.rsvp
class RsvpView(MethodThrottledView, OccurrenceScopedView):
    """My RSVP to one meeting. Non-members who can see the group get a 403 saying to join first."""

    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.ACTIVE_MEMBER
    group_write_permission = GroupRole.ACTIVE_MEMBER
    method_throttles = dict.fromkeys(WRITES, (RsvpThrottle,))

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """A change runs in one transaction from the locked load of the meeting to the answer, so the
        meeting is read once (locked) and the membership once (after the lock); an error rolls it back."""
        if request.method not in WRITES:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response

    def resolve_scope(self) -> Group:
        if self.request.method not in WRITES:
            return super().resolve_scope()
        occurrence = services.occurrence_lock(occurrence_id=self.kwargs["occurrence_id"])
        if occurrence is None:
            raise NotFound(self.not_found)
        self.occurrence = occurrence
        self.viewer.forget()  # the role is decided on memberships read after the lock
        return occurrence.group

    def get(self, request: Request, occurrence_id: int) -> Response:
        rsvp = selectors.rsvp_of(user=request.user, occurrence=self.occurrence)
        if rsvp is None:
            raise NotFound(_("You have not answered for this meeting."), code="no_rsvp")
        return Response(_rsvp_body(rsvp))

    def put(self, request: Request, occurrence_id: int) -> Response:
        data = validated(RsvpInputSerializer, request.data)
        rsvp = services.rsvp_set(user=authenticated_user(request), occurrence=self.occurrence,
                                 membership=self.viewer.membership_in(self.group), **data)
        return Response(_rsvp_body(rsvp))

    def delete(self, request: Request, occurrence_id: int) -> Response:
        services.rsvp_withdraw(user=authenticated_user(request), occurrence=self.occurrence,
                               membership=self.viewer.membership_in(self.group))
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.attendees
class AttendeesView(OccurrenceScopedView):
    """Counts, and the names of going/maybe members who chose to share them. Same for facilitators."""

    permission_classes = (IsAuthenticatedWithScope,)
    group_permission = GroupRole.ACTIVE_MEMBER

    def get(self, request: Request, occurrence_id: int) -> Response:
        occurrence = self.occurrence
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.attendee_names(occurrence=occurrence), request, view=self)
        return Response({
            "going": occurrence.going_count, "maybe": occurrence.maybe_count,
            "waitlisted": occurrence.waitlist_count,
            "count": paginator.page.paginator.count if paginator.page else 0,
            "next": paginator.get_next_link(), "previous": paginator.get_previous_link(),
            "results": [{"name": getattr(rsvp, "name", ""), "status": rsvp.status} for rsvp in page or []],
        })


@schema.my_meetings
class MyMeetingsView(PresentedListView):
    permission_classes = (IsAuthenticatedWithScope,)
    serializer_class = schema.OccurrenceOutputSerializer
    pagination_class = StartTimeCursorPagination

    def get_queryset(self) -> QuerySet[Occurrence]:
        query = validated(MyMeetingsQuerySerializer, self.request.query_params)
        return selectors.my_meetings(viewer=Viewer.for_request(self.request), include_all=query["all"])

    def present(self, occurrence: Occurrence) -> dict[str, Any]:
        return occurrence_json(occurrence, Viewer.for_request(self.request))
