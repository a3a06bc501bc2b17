"""Feeds: the public group calendar, my private calendar and the Meeting Guide JSON feed."""

from __future__ import annotations

import hmac
import json
import re

from django.http import HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from kindred.accounts.models import new_calendar_secret
from kindred.api.caching import CALENDAR, public_cache
from kindred.common.errors import NotFound
from kindred.groups.policy import Viewer
from kindred.notifications.selectors import notification_preferences_get

from . import ical, selectors
from .conditional import feed_response
from .meeting_guide import meeting_guide
from .renderers import ICalendarRenderer
from .serializers import MeetingGuideEntrySerializer

ICS_TYPE = "text/calendar; charset=utf-8"
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
DUMMY_SECRET = new_calendar_secret()

ICS_EXAMPLE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kindred//Kindred calendar feeds 1.0//EN\r\n"
    "X-WR-CALNAME:Thursday Grief Circle\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n…\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\nUID:series-12@kindred.example\r\nDTSTART;TZID=Europe/London:20270304T190000\r\n"
    "DURATION:PT1H30M\r\nRRULE:FREQ=WEEKLY;BYDAY=TH\r\nEXDATE;TZID=Europe/London:20270401T190000\r\n"
    "SEQUENCE:2\r\n…\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _ics_response(calendar_example: str) -> dict[object, object]:
    return {(200, "text/calendar"): OpenApiResponse(
        OpenApiTypes.STR, description="An iCalendar (RFC 5545) feed. Send If-None-Match to get a 304.",
        examples=[OpenApiExample("feed", value=calendar_example, response_only=True)])}


# Anonymous answers only, bumped on every change. The JSON renderer only renders errors: a client
# accepting JSON is answered the calendar too. ``?format=`` is DRF's renderer choice (documented,
# so an unknown value must still be refused).
@method_decorator(public_cache(CALENDAR, params=("format",), media_types=("text/calendar", "application/json")),
                  name="dispatch")
class GroupCalendarView(APIView):
    """Public: anyone may subscribe to a group's meetings (online links only if the group publishes them)."""

    permission_classes = (AllowAny,)
    authentication_classes = ()
    renderer_classes = (ICalendarRenderer, JSONRenderer)

    @extend_schema(tags=["feeds"], summary="A group's meetings as an iCalendar feed (RRULE, EXDATE, overrides)",
                   responses=_ics_response(ICS_EXAMPLE))
    def get(self, request: Request, slug: str) -> HttpResponse:
        group = selectors.public_group(slug=slug)
        series = selectors.group_calendar_series(group=group)
        body = ical.group_calendar(group, series)
        stamps = [group.updated_at] + [s.updated_at for s in series]
        stamps += [o.updated_at for s in series for o in s.occurrences.all()]
        return feed_response(request._request, body, content_type=ICS_TYPE, last_modified=max(stamps),
                             filename=f"{group.slug}.ics")


class PersonalCalendarView(APIView):
    """Private: the URL's secret is the credential, so calendar apps can subscribe without signing in.

    Timing is kept flat: the secret is looked up by an indexed equality match on a unique column
    (its cost does not depend on how much of a guess is right), then always compared with
    ``hmac.compare_digest`` - against a random dummy of the same shape when nothing matched - so a
    hit and a miss do the same work until the answer is known. Malformed secrets are refused before
    any lookup; the shape is public knowledge, so that reveals nothing.
    """

    permission_classes = (AllowAny,)
    authentication_classes = ()
    renderer_classes = (ICalendarRenderer, JSONRenderer)

    @extend_schema(tags=["feeds"], summary="My meetings as a private iCalendar feed (the URL is the secret)",
                   responses=_ics_response(ICS_EXAMPLE.replace("Thursday Grief Circle", "My Kindred meetings")))
    def get(self, request: Request, secret: str) -> HttpResponse:
        user = selectors.user_for_calendar_secret(secret) if SECRET_SHAPE.fullmatch(secret) else None
        expected = user.calendar_secret if user is not None else DUMMY_SECRET
        if not hmac.compare_digest(expected.encode(), secret.encode()) or user is None:
            raise NotFound("No such calendar.")
        preferences = notification_preferences_get(user=user)
        viewer = Viewer.of(user)
        occurrences = selectors.personal_feed_occurrences(
            viewer=viewer, include_group_meetings=preferences.calendar_includes_group_meetings)
        body = ical.personal_calendar(occurrences, viewer=viewer)
        stamps = [o.updated_at for o in occurrences] + [o.series.updated_at for o in occurrences]
        response = feed_response(request._request, body, content_type=ICS_TYPE,
                                 last_modified=max(stamps, default=None), filename="kindred.ics")
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
        return response


MEETING_GUIDE_EXAMPLE = OpenApiExample("feed", response_only=True, value=[{
    "slug": "thursday-grief-circle-12-th", "day": 4, "name": "Thursday evening circle", "time": "19:00",
    "end_time": "20:30", "timezone": "Europe/London", "types": ["EN", "ONL", "X"],
    "notes": "Tea from 18:45.", "location": "Friends Meeting House", "formatted_address":
    "Friends Meeting House, London, GB", "city": "London", "country": "GB", "latitude": 51.52,
    "longitude": -0.13, "approximate": "no", "conference_url": "https://meet.example.org/circle",
    "updated": "2027-03-01 10:00:00", "group": "Thursday Grief Circle",
    "url": "https://kindred.example/#/groups/thursday-grief-circle"}])


@method_decorator(public_cache(CALENDAR), name="dispatch")
class MeetingGuideView(APIView):
    """Public: weekly meetings of listed groups in code4recovery's Meeting Guide format, one array."""

    permission_classes = (AllowAny,)
    authentication_classes = ()
    pagination_class = None

    @extend_schema(tags=["feeds"], summary="Weekly meetings in the Meeting Guide JSON format",
                   responses={200: MeetingGuideEntrySerializer(many=True)}, examples=[MEETING_GUIDE_EXAMPLE])
    def get(self, request: Request) -> HttpResponse:
        series = list(selectors.meeting_guide_series())
        entries = meeting_guide(series)
        body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        stamps = [s.updated_at for s in series] + [s.group.updated_at for s in series]
        return feed_response(request._request, body, content_type="application/json",
                             last_modified=max(stamps, default=timezone.now()))
