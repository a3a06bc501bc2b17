"""Meeting endpoints: series, occurrences, RSVPs, attendees and my meetings. Views stay thin."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cached_property
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet
from django.utils import dateparse, timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from kindred.accounts.permissions import authenticated_user
from kindred.api.pagination import PageNumberPagination, StartTimeCursorPagination
from kindred.api.permissions import IsAuthenticatedWithScope
from kindred.api.schema import problem_doc
from kindred.api.throttling import RsvpThrottle
from kindred.common.errors import NotFound, RuleBroken
from kindred.groups.access import group_for, is_active_member
from kindred.groups.models import Group
from kindred.groups.selectors import member_group_ids

from . import recurrence, selectors, services
from .models import MeetingSeries, Occurrence, Rsvp
from .permissions import ReadAnyoneWriteSignedIn, require_facilitator, require_member
from .serializers import (
    AttendeesOutputSerializer,
    MyMeetingsQuerySerializer,
    OccurrenceCancelInputSerializer,
    OccurrenceOutputSerializer,
    OccurrenceUpdateInputSerializer,
    RsvpInputSerializer,
    RsvpOutputSerializer,
    SeriesCreateInputSerializer,
    SeriesOutputSerializer,
    SeriesUpdateInputSerializer,
)

TAGS = ["meetings"]
SERIES_EXAMPLE = OpenApiExample(
    "weekly series", response_only=True,
    value={"id": 12, "group": "grief-circle-leeds", "title": "Tuesday evening circle", "description": "",
           "start_date": "2027-03-02", "start_time": "19:00:00", "duration_minutes": 90,
           "time_zone": "Europe/London",
           "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["TU"], "until": None, "count": None},
           "location": "Quaker Meeting House, Leeds", "online_url": None, "online_phone": None, "capacity": 12,
           "facilitator": {"id": 4, "name": "Ash"}, "sequence": 0, "ended_at": None,
           "created_at": "2027-02-01T10:00:00Z", "updated_at": "2027-02-01T10:00:00Z"},
)
SERIES_CREATE_EXAMPLE = OpenApiExample(
    "weekly on Tuesdays", request_only=True,
    value={"title": "Tuesday evening circle", "start_date": "2027-03-02", "start_time": "19:00",
           "duration_minutes": 90, "capacity": 12,
           "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["TU"]}},
)
OCCURRENCE_EXAMPLE = OpenApiExample(
    "occurrence", response_only=True,
    value={"id": 301, "series": 12, "group": "grief-circle-leeds", "group_name": "Grief circle Leeds",
           "title": "Tuesday evening circle", "starts_at": "2027-03-02T19:00:00Z", "ends_at": "2027-03-02T20:30:00Z",
           "local_start": "2027-03-02T19:00:00+00:00", "time_zone": "Europe/London", "status": "scheduled",
           "note": "", "is_modified": False, "going_count": 7, "maybe_count": 2, "waitlist_count": 0,
           "capacity": 12, "places_left": 5, "location": "Quaker Meeting House, Leeds", "online_url": None,
           "online_phone": None, "sequence": 0,
           "my_rsvp": {"status": "going", "share_name": False, "waitlist_position": None}},
)
RSVP_EXAMPLE = OpenApiExample("waitlisted", response_only=True,
                              value={"status": "waitlisted", "share_name": False, "waitlist_position": 2})
STARTED_OR_CANCELLED = problem_doc(409, "The meeting has started or is cancelled.")
MEMBERS_ONLY = problem_doc(403, "Only active members of the group.")
FACILITATORS_ONLY = problem_doc(403, "Only the group's facilitators.")
RANGE_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.STR, description=(
        "Start of the range: a date (the group's local midnight) or an ISO 8601 date-time. Default: now.")),
    OpenApiParameter("to", OpenApiTypes.STR, description=(
        "End of the range: a date (inclusive, to the end of that local day) or an ISO 8601 date-time. "
        "At most a year ahead (two years for the group's members); further is a 400 `too_far_ahead`. "
        "A long range may come in more pages than its meetings fill: follow `next` until it is null.")),
]


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
        raise RuleBroken(f"`{name}` must be a date (2027-03-01) or an ISO 8601 date-time.", field=name,
                          code="invalid")
    if not BOUND_YEARS[0] <= when.year <= BOUND_YEARS[1]:
        raise RuleBroken(f"`{name}` must be between the years {BOUND_YEARS[0]} and {BOUND_YEARS[1]}.", field=name,
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
            who = "the group's members" if member else "visitors and non-members"
            raise RuleBroken(f"`{name}` may be at most {years} year{'s' if years > 1 else ''} ahead for {who}"
                              f" ({reach.date() - dt.timedelta(days=1)}).", field=name, code="too_far_ahead")


def _next_midnight(moment: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(moment.astimezone(dt.UTC).date() + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


def _member_group_ids(user: Any, group: Any) -> set[int]:
    return {group.pk} if is_active_member(user, group) else set()


# --- series ---------------------------------------------------------------------------------

class GroupSeriesView(generics.ListAPIView):
    permission_classes = (ReadAnyoneWriteSignedIn,)
    serializer_class = SeriesOutputSerializer
    pagination_class = PageNumberPagination

    @cached_property
    def group(self) -> Group:
        """The group in the URL if the caller may see it (404 otherwise), looked up once per request.
        OPTIONS asks for the serializer (and so its context) without listing anything first."""
        return group_for(self.request.user, self.kwargs["slug"])

    def get_queryset(self) -> QuerySet[MeetingSeries]:
        return selectors.series_list(group=self.group)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["member_group_ids"] = _member_group_ids(self.request.user, self.group)
        return context

    @extend_schema(tags=TAGS, summary="List a group's meeting series", examples=[SERIES_EXAMPLE])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(tags=TAGS, summary="Schedule a meeting series (one-off, weekly or monthly)",
                   request=SeriesCreateInputSerializer,
                   responses={201: SeriesOutputSerializer, 403: FACILITATORS_ONLY},
                   examples=[SERIES_CREATE_EXAMPLE, SERIES_EXAMPLE])
    def post(self, request: Request, slug: str) -> Response:
        group = group_for(request.user, slug)
        require_facilitator(request.user, group)
        serializer = SeriesCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        series = services.series_create(group=group, **serializer.validated_data)
        series = selectors.series_get(user=request.user, series_id=series.pk)
        context = {"member_group_ids": {group.pk}}
        return Response(SeriesOutputSerializer(series, context=context).data, status=status.HTTP_201_CREATED)


class SeriesDetailView(APIView):
    permission_classes = (ReadAnyoneWriteSignedIn,)

    def _render(self, request: Request, series_id: int) -> Response:
        series = selectors.series_get(user=request.user, series_id=series_id)
        context = {"member_group_ids": _member_group_ids(request.user, series.group)}
        return Response(SeriesOutputSerializer(series, context=context).data)

    @extend_schema(tags=TAGS, summary="A meeting series", responses={200: SeriesOutputSerializer},
                   examples=[SERIES_EXAMPLE])
    def get(self, request: Request, series_id: int) -> Response:
        return self._render(request, series_id)

    @extend_schema(
        tags=TAGS, summary="Change a series from a date onward (earlier meetings keep their times)",
        request=SeriesUpdateInputSerializer,
        responses={200: SeriesOutputSerializer, 403: FACILITATORS_ONLY,
                   409: problem_doc(409, "The series has ended.")},
        examples=[OpenApiExample("move to 18:30 from April", request_only=True,
                                 value={"start_time": "18:30", "apply_from": "2027-04-01"}), SERIES_EXAMPLE],
    )
    def patch(self, request: Request, series_id: int) -> Response:
        series = selectors.series_get(user=request.user, series_id=series_id)
        require_facilitator(request.user, series.group)
        serializer = SeriesUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        apply_from = data.pop("apply_from", None)
        services.series_update(series=series, data=data, apply_from=apply_from)
        return self._render(request, series_id)

    @extend_schema(tags=TAGS, summary="End a series now (future meetings are removed or cancelled; the past stays)",
                   responses={204: OpenApiResponse(description="Ended."), 403: FACILITATORS_ONLY})
    def delete(self, request: Request, series_id: int) -> Response:
        series = selectors.series_get(user=request.user, series_id=series_id)
        require_facilitator(request.user, series.group)
        services.series_end(series=series)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- occurrences ------------------------------------------------------------------------------

class GroupOccurrencesView(generics.ListAPIView):
    serializer_class = OccurrenceOutputSerializer
    pagination_class = StartTimeCursorPagination

    def get_queryset(self) -> QuerySet[Occurrence]:
        user = self.request.user
        self.group = selectors.group_for_occurrences(user=user, slug=self.kwargs["slug"])
        self.member_group_ids = _member_group_ids(user, self.group)
        zone = zoneinfo.ZoneInfo(self.group.time_zone)
        start = _parse_bound(self.request.query_params.get("from"), name="from", zone=zone, end=False)
        end = _parse_bound(self.request.query_params.get("to"), name="to", zone=zone, end=True)
        if start is not None and end is not None and end <= start:
            raise RuleBroken("`to` must be after `from`.", field="to", code="invalid_range")
        _check_reach(start, end, zone, member=bool(self.member_group_ids))
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
        queryset = selectors.occurrences_for_group(group=self.group, user=user, start=earliest, end=end)
        queryset = queryset if start is not None else queryset.filter(ends_at__gt=now)
        if self.resume_after is not None:
            queryset = queryset.filter(starts_at__lte=self.resume_after)
        return selectors.occurrence_rows(queryset)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["member_group_ids"] = self.member_group_ids
        return context

    @extend_schema(tags=TAGS, summary="A group's meetings between two dates (cursor paginated, in start order)",
                   parameters=RANGE_PARAMETERS, examples=[OCCURRENCE_EXAMPLE])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


def _render_occurrence(request: Request, occurrence_id: int) -> Response:
    occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
    context = {"member_group_ids": _member_group_ids(request.user, occurrence.group)}
    return Response(OccurrenceOutputSerializer(occurrence, context=context).data)


class OccurrenceDetailView(APIView):
    permission_classes = (ReadAnyoneWriteSignedIn,)

    @extend_schema(tags=TAGS, summary="One meeting", responses={200: OccurrenceOutputSerializer},
                   examples=[OCCURRENCE_EXAMPLE])
    def get(self, request: Request, occurrence_id: int) -> Response:
        return _render_occurrence(request, occurrence_id)

    @extend_schema(
        tags=TAGS, summary="Change this one meeting (time, place, link, capacity, note)",
        request=OccurrenceUpdateInputSerializer,
        responses={200: OccurrenceOutputSerializer, 403: FACILITATORS_ONLY, 409: STARTED_OR_CANCELLED},
        examples=[OpenApiExample("move an hour later", request_only=True,
                                 value={"starts_at": "2027-03-02T20:00:00+00:00", "location": "Room 2"}),
                  OCCURRENCE_EXAMPLE],
    )
    def patch(self, request: Request, occurrence_id: int) -> Response:
        occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
        require_facilitator(request.user, occurrence.group)
        serializer = OccurrenceUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.occurrence_update(occurrence=occurrence, data=dict(serializer.validated_data))
        return _render_occurrence(request, occurrence_id)


class OccurrenceCancelView(APIView):
    permission_classes = (IsAuthenticatedWithScope,)

    @extend_schema(
        tags=TAGS, summary="Cancel this one meeting, with a note for members",
        request=OccurrenceCancelInputSerializer,
        responses={200: OccurrenceOutputSerializer, 403: FACILITATORS_ONLY, 409: STARTED_OR_CANCELLED},
        examples=[OpenApiExample("cancel", request_only=True,
                                 value={"note": "The hall is closed for repairs; see you next week."}),
                  OCCURRENCE_EXAMPLE],
    )
    def post(self, request: Request, occurrence_id: int) -> Response:
        occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
        require_facilitator(request.user, occurrence.group)
        serializer = OccurrenceCancelInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.occurrence_cancel(occurrence=occurrence, note=serializer.validated_data["note"])
        return _render_occurrence(request, occurrence_id)


# --- RSVPs and attendees ------------------------------------------------------------------------

def _rsvp_body(rsvp: Rsvp) -> dict[str, Any]:
    return {"status": rsvp.status, "share_name": rsvp.share_name,
            "waitlist_position": services.waitlist_position(rsvp)}


class RsvpView(APIView):
    """My RSVP to one meeting. Non-members who can see the group get a 403 saying to join first."""

    permission_classes = (IsAuthenticatedWithScope,)

    def get_throttles(self) -> list[BaseThrottle]:
        throttles = super().get_throttles()
        return [*throttles, RsvpThrottle()] if self.request.method in ("PUT", "DELETE") else throttles

    def _occurrence(self, request: Request, occurrence_id: int) -> Occurrence:
        occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
        require_member(request.user, occurrence.group)
        return occurrence

    @extend_schema(tags=TAGS, summary="My RSVP to this meeting",
                   responses={200: RsvpOutputSerializer, 403: MEMBERS_ONLY}, examples=[RSVP_EXAMPLE])
    def get(self, request: Request, occurrence_id: int) -> Response:
        occurrence = self._occurrence(request, occurrence_id)
        rsvp = selectors.rsvp_of(user=request.user, occurrence=occurrence)
        if rsvp is None:
            raise NotFound("You have not answered for this meeting.", code="no_rsvp")
        return Response(_rsvp_body(rsvp))

    @extend_schema(
        tags=TAGS, summary="Say going, maybe or not going (going beyond capacity joins the waitlist)",
        request=RsvpInputSerializer,
        responses={200: RsvpOutputSerializer, 403: MEMBERS_ONLY, 409: STARTED_OR_CANCELLED},
        examples=[OpenApiExample("going", request_only=True, value={"status": "going", "share_name": True}),
                  RSVP_EXAMPLE],
    )
    def put(self, request: Request, occurrence_id: int) -> Response:
        occurrence = self._occurrence(request, occurrence_id)
        serializer = RsvpInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rsvp = services.rsvp_set(user=authenticated_user(request), occurrence=occurrence,
                                 **serializer.validated_data)
        return Response(_rsvp_body(rsvp))

    @extend_schema(tags=TAGS, summary="Withdraw my RSVP (a place I held goes to the longest-waiting member)",
                   responses={204: OpenApiResponse(description="Withdrawn."), 403: MEMBERS_ONLY,
                              409: STARTED_OR_CANCELLED})
    def delete(self, request: Request, occurrence_id: int) -> Response:
        occurrence = self._occurrence(request, occurrence_id)
        services.rsvp_withdraw(user=authenticated_user(request), occurrence=occurrence)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttendeesView(APIView):
    """Counts, and the names of going/maybe members who chose to share them. Same for facilitators."""

    permission_classes = (IsAuthenticatedWithScope,)

    @extend_schema(
        tags=TAGS, summary="Who plans to come: counts, and only the names members chose to share",
        parameters=[OpenApiParameter("page", OpenApiTypes.INT), OpenApiParameter("page_size", OpenApiTypes.INT)],
        responses={200: AttendeesOutputSerializer, 403: MEMBERS_ONLY},
        examples=[OpenApiExample("attendees", response_only=True,
                                 value={"going": 7, "maybe": 2, "waitlisted": 1, "count": 2, "next": None,
                                        "previous": None, "results": [{"name": "Ash", "status": "going"},
                                                                      {"name": "Robin", "status": "maybe"}]})],
    )
    def get(self, request: Request, occurrence_id: int) -> Response:
        occurrence = selectors.occurrence_get(user=request.user, occurrence_id=occurrence_id)
        require_member(request.user, occurrence.group)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.attendee_names(occurrence=occurrence), request, view=self)
        return Response({
            "going": occurrence.going_count, "maybe": occurrence.maybe_count,
            "waitlisted": occurrence.waitlist_count,
            "count": paginator.page.paginator.count if paginator.page else 0,
            "next": paginator.get_next_link(), "previous": paginator.get_previous_link(),
            "results": [{"name": getattr(rsvp, "name", ""), "status": rsvp.status} for rsvp in page or []],
        })


class MyMeetingsView(generics.ListAPIView):
    permission_classes = (IsAuthenticatedWithScope,)
    serializer_class = OccurrenceOutputSerializer
    pagination_class = StartTimeCursorPagination

    def get_queryset(self) -> QuerySet[Occurrence]:
        query = MyMeetingsQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.occurrence_rows(
            selectors.my_meetings(user=authenticated_user(self.request), include_all=query.validated_data["all"]))

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["member_group_ids"] = member_group_ids(user=self.request.user)
        return context

    @extend_schema(
        tags=["me"], summary="My upcoming meetings across my groups, in start order",
        parameters=[OpenApiParameter("all", OpenApiTypes.BOOL, description=(
            "false (default): meetings I said going or maybe to, or am waitlisted for; "
            "true: every upcoming meeting of my groups, answered or not."))],
        examples=[OCCURRENCE_EXAMPLE],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
