"""The public app's part of the OpenAPI document: the directory, a group's page and the feeds."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers

from kindred.api.schema import request_example, response_example
from kindred.groups.schema import (
    GROUP_EXAMPLE,
    NO_CONTENT,
    TAGS,
    TOO_MANY_GROUPS,
    GroupOutputSerializer,
    GroupSummaryOutputSerializer,
)
from kindred.groups.serializers import GroupCreateInputSerializer, GroupUpdateInputSerializer

from .filters import GroupDirectoryQuerySerializer

GROUP_CREATE_EXAMPLE = request_example(
    "create", name="Grief circle, Hackney", description="For anyone living with the loss of someone close.",
    format="hybrid", join_policy="open", time_zone="Europe/London", languages=["en"], topics=["grief"],
    city="London", country="GB", online_url="https://meet.example.org/grief",
    agreements="We listen without judging. What is said here stays here.")

# The directory shows each group's summary: the fields of a group's own page are not in it.
GROUP_SUMMARY_EXAMPLE = response_example("group", {
    name: value for name, value in GROUP_EXAMPLE.value.items() if name in GroupSummaryOutputSerializer.Meta.fields})

group_list = extend_schema_view(
    get=extend_schema(tags=TAGS, summary="Find groups (the public directory)",
                      parameters=[GroupDirectoryQuerySerializer],
                      responses={200: GroupSummaryOutputSerializer(many=True)}, examples=[GROUP_SUMMARY_EXAMPLE]),
    post=extend_schema(tags=TAGS, summary="Create a group (you become its facilitator)",
                       description="Throttled per person by the `group_create` scope (10 a day by default). "
                                   "A person facilitates at most 10 groups that are not archived: one more is "
                                   "409 `too_many_groups`.",
                       request=GroupCreateInputSerializer,
                       responses={201: GroupOutputSerializer, 409: TOO_MANY_GROUPS},
                       examples=[GROUP_CREATE_EXAMPLE, GROUP_EXAMPLE]),
)

group_detail = extend_schema_view(
    get=extend_schema(tags=TAGS, summary="A group: what it is, its agreements, where to find help now",
                      responses={200: GroupOutputSerializer}, examples=[GROUP_EXAMPLE]),
    patch=extend_schema(tags=TAGS, summary="Change a group (facilitators); new agreements ask members again",
                        request=GroupUpdateInputSerializer, responses={200: GroupOutputSerializer},
                        examples=[request_example("new agreements",
                                                  agreements="We listen. We do not give advice unless asked."),
                                  GROUP_EXAMPLE]),
    delete=extend_schema(tags=TAGS, summary="Archive a group (facilitators): hidden from everyone else",
                         responses={204: NO_CONTENT}),
)


# --- feeds ---------------------------------------------------------------------------------------

class MeetingGuideEntrySerializer(serializers.Serializer):
    """One weekly meeting on one weekday, as code4recovery's Meeting Guide spec describes it."""

    name = serializers.CharField()
    slug = serializers.CharField(help_text="Unique and stable: group slug, series id, weekday.")
    day = serializers.IntegerField(min_value=0, max_value=6, help_text="0 is Sunday.")
    time = serializers.CharField(help_text="Local start, HH:MM.")
    end_time = serializers.CharField(help_text="Local end, HH:MM.")
    timezone = serializers.CharField(help_text="IANA time zone.")
    types = serializers.ListField(child=serializers.CharField(), required=False, help_text=(
        "Codes from the spec's types.json, e.g. X, BA, FF, EN, S, ASL. Online is conference_url or "
        "conference_phone, never a type (ONL is retired)."))
    notes = serializers.CharField(required=False)
    location = serializers.CharField(required=False, help_text="The building's name, e.g. Friends Meeting House.")
    location_notes = serializers.CharField(required=False, help_text="Where in the building, e.g. Room 2.")
    address = serializers.CharField(required=False)
    formatted_address = serializers.CharField(help_text=(
        "Street, town, region, country; a town alone (approximate) for online meetings."))
    city = serializers.CharField(required=False)
    state = serializers.CharField(required=False)
    country = serializers.CharField(required=False)
    latitude = serializers.FloatField(required=False)
    longitude = serializers.FloatField(required=False)
    approximate = serializers.ChoiceField(choices=["yes", "no"], required=False)
    conference_url = serializers.CharField(required=False, help_text="Only when the group publishes its link.")
    conference_phone = serializers.RegexField(r"^[0-9+,*#]+$", required=False, help_text=(
        "Only when the group publishes its link; digits and + , * # only."))
    updated = serializers.CharField(help_text="UTC, YYYY-MM-DD HH:MM:SS.")
    group = serializers.CharField()
    url = serializers.CharField()


# A group's feed: each series once with its RRULE, and a RECURRENCE-ID override for a meeting that was
# cancelled (STATUS:CANCELLED) or changed (kindred.public.ical). EXDATE and RDATE appear only after a
# series' rule was edited, so the example does not show them.
ICS_EXAMPLE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kindred//Kindred calendar feeds 1.0//EN\r\n"
    "X-WR-CALNAME:Thursday Grief Circle\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n…\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\nUID:series-12@kindred.example\r\nDTSTART;TZID=Europe/London:20270304T190000\r\n"
    "DURATION:PT1H30M\r\nRRULE:FREQ=WEEKLY;BYDAY=TH\r\nSEQUENCE:2\r\n"
    "STATUS:CONFIRMED\r\n…\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:series-12@kindred.example\r\nRECURRENCE-ID;TZID=Europe/London:20270401T190000\r\n"
    "DTSTART;TZID=Europe/London:20270401T190000\r\nDTEND;TZID=Europe/London:20270401T203000\r\n"
    "SEQUENCE:3\r\nSTATUS:CANCELLED\r\n…\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
# My feed: one event per meeting (no rules), each with its own status.
PERSONAL_ICS_EXAMPLE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kindred//Kindred calendar feeds 1.0//EN\r\n"
    "X-WR-CALNAME:My Kindred meetings\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n…\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\nUID:occurrence-311@kindred.example\r\nDTSTART;TZID=Europe/London:20270304T190000\r\n"
    "DTEND;TZID=Europe/London:20270304T203000\r\nSEQUENCE:2\r\nSTATUS:CONFIRMED\r\n…\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)
# The feeds answer iCalendar whatever ``?format=`` says, so the document does not offer the parameter.
NO_FORMAT_PARAMETER = OpenApiParameter("format", exclude=True)


def _ics_response(calendar_example: str) -> dict[object, object]:
    return {(200, "text/calendar"): OpenApiResponse(
        OpenApiTypes.STR, description="An iCalendar (RFC 5545) feed. Send If-None-Match to get a 304.",
        examples=[response_example("feed", calendar_example)])}


# One entry: drf-spectacular shows it inside the array the operation answers.
MEETING_GUIDE_EXAMPLE = response_example("feed", {
    "slug": "thursday-grief-circle-12-th", "day": 4, "name": "Thursday evening circle", "time": "19:00",
    "end_time": "20:30", "timezone": "Europe/London", "types": ["EN", "X"],
    "notes": "Tea from 18:45.", "location": "Friends Meeting House", "formatted_address":
    "173 Euston Road, London, GB", "address": "173 Euston Road", "city": "London", "country": "GB",
    "latitude": 51.52, "longitude": -0.13, "approximate": "no", "conference_url": "https://meet.example.org/circle",
    "conference_phone": "+442079460000,,123456#",
    "updated": "2027-03-01 10:00:00", "group": "Thursday Grief Circle",
    "url": "https://kindred.example/#/groups/thursday-grief-circle"})

group_calendar = extend_schema(
    tags=["feeds"], summary="A group's meetings as an iCalendar feed (RRULE, overrides for changed meetings)",
    parameters=[NO_FORMAT_PARAMETER], responses=_ics_response(ICS_EXAMPLE))

personal_calendar = extend_schema(
    tags=["feeds"], summary="My meetings as a private iCalendar feed (the URL is the secret)",
    description="`secret` is `calendar_secret` on `GET /me/` (the URL is its `calendar_url`).",
    parameters=[NO_FORMAT_PARAMETER], responses=_ics_response(PERSONAL_ICS_EXAMPLE))

meeting_guide = extend_schema(tags=["feeds"], summary="Weekly meetings in the Meeting Guide JSON format",
                              responses={200: MeetingGuideEntrySerializer(many=True)}, examples=[MEETING_GUIDE_EXAMPLE])
