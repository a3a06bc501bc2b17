"""The meetings app's part of the OpenAPI document: response shapes, examples and each view's operations.

The shapes below declare what ``kindred.meetings.presenters`` renders (for drf-spectacular and DRF's
OPTIONS metadata); a ``Rendered`` field says its type, and nothing here renders anything.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers

from kindred.api.schema import Rendered, operations, problem_doc, request_example, response_example

from .models import MeetingSeries, Occurrence, Rsvp
from .serializers import (
    OccurrenceCancelInputSerializer,
    OccurrenceUpdateInputSerializer,
    RsvpInputSerializer,
    SeriesCreateInputSerializer,
    SeriesUpdateInputSerializer,
)

TAGS = ["meetings"]
SERIES_EXAMPLE = response_example("weekly series", {
    "id": 12, "group": "grief-circle-leeds", "title": "Tuesday evening circle", "description": "",
    "start_date": "2027-03-02", "start_time": "19:00:00", "duration_minutes": 90, "time_zone": "Europe/London",
    "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["TU"], "until": None, "count": None},
    "location": "Quaker Meeting House, Leeds", "online_url": None, "online_phone": None, "capacity": 12,
    "facilitator": {"membership_id": 12, "name": "Ash"}, "sequence": 0, "ended_at": None,
    "created_at": "2027-02-01T10:00:00Z", "updated_at": "2027-02-01T10:00:00Z"})
SERIES_CREATE_EXAMPLE = request_example(
    "weekly on Tuesdays", title="Tuesday evening circle", start_date="2027-03-02", start_time="19:00",
    duration_minutes=90, capacity=12, recurrence={"frequency": "weekly", "interval": 1, "weekdays": ["TU"]})
OCCURRENCE_EXAMPLE = response_example("occurrence", {
    "id": 301, "series": 12, "group": "grief-circle-leeds", "group_name": "Grief circle Leeds",
    "title": "Tuesday evening circle", "starts_at": "2027-03-02T19:00:00Z", "ends_at": "2027-03-02T20:30:00Z",
    "local_start": "2027-03-02T19:00:00+00:00", "time_zone": "Europe/London", "status": "scheduled",
    "note": "", "is_modified": False, "going_count": 7, "maybe_count": 2, "waitlist_count": 0,
    "capacity": 12, "places_left": 5, "location": "Quaker Meeting House, Leeds", "online_url": None,
    "online_phone": None, "sequence": 0,
    "my_rsvp": {"status": "going", "share_name": False, "waitlist_position": None}})
RSVP_EXAMPLE = response_example("waitlisted", {"status": "waitlisted", "share_name": False, "waitlist_position": 2})
STARTED_OR_CANCELLED = problem_doc(409, "The meeting has started or is cancelled.")
MEMBERS_ONLY = problem_doc(403, "Only active members of the group.", code="members_only")
FACILITATORS_ONLY = problem_doc(403, "Only the group's facilitators.", code="facilitators_only")
# A date, or a date-time with an optional offset (the server reads both with Django's parsers).
RANGE_BOUND = {"type": "string", "pattern": (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$")}
RANGE_PARAMETERS = [
    OpenApiParameter("from", RANGE_BOUND, description=(
        "Start of the range: a date (the group's local midnight) or an ISO 8601 date-time. Default: now.")),
    OpenApiParameter("to", RANGE_BOUND, description=(
        "End of the range: a date (inclusive, to the end of that local day) or an ISO 8601 date-time. "
        "At most a year ahead (two years for the group's members); further is a 400 `too_far_ahead`. "
        "A long range may come in more pages than its meetings fill: follow `next` until it is null.")),
]


class _OnlineDetailsMixin(serializers.Serializer):
    """Online details go only to active members, unless the group publishes its link."""

    online_url = Rendered(serializers.URLField(allow_null=True), allow_null=True)  # null: hidden from this caller
    online_phone = Rendered(serializers.CharField(allow_null=True), allow_null=True)


class RecurrenceOutputSerializer(serializers.Serializer):
    frequency = serializers.CharField()
    interval = serializers.IntegerField()
    weekdays = serializers.ListField(child=serializers.CharField())
    until = serializers.DateField(allow_null=True)
    count = serializers.IntegerField(allow_null=True)


class FacilitatorOfTheDayOutputSerializer(serializers.Serializer):
    membership_id = serializers.IntegerField(help_text="Their membership id in this group (as `/members/` gives it), "
                                            "never an account id.")
    name = serializers.CharField(help_text="The name they use in this group.")


class SeriesOutputSerializer(_OnlineDetailsMixin, serializers.ModelSerializer):
    group = serializers.CharField(source="group.slug", read_only=True)
    recurrence = Rendered(RecurrenceOutputSerializer(allow_null=True))
    location = Rendered(serializers.CharField())
    facilitator = Rendered(FacilitatorOfTheDayOutputSerializer(allow_null=True, help_text=(
        "The facilitator of the day: shown to the group's active members only (null for everyone else), "
        "and only while that person shows on the roster or facilitates, like the roster itself.")))

    class Meta:
        model = MeetingSeries
        fields = ("id", "group", "title", "description", "start_date", "start_time", "duration_minutes",
                  "time_zone", "recurrence", "location", "online_url", "online_phone", "capacity", "facilitator",
                  "sequence", "ended_at", "created_at", "updated_at")
        read_only_fields = fields


class RsvpOutputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Rsvp.Status.choices,
                                     help_text="`waitlisted` when going would exceed capacity.")
    share_name = serializers.BooleanField()
    waitlist_position = serializers.IntegerField(allow_null=True, help_text="1 = next to get a place.")


# One meeting (no docstring: it would become the schema's description).
class OccurrenceOutputSerializer(_OnlineDetailsMixin, serializers.ModelSerializer):
    group = serializers.CharField(source="group.slug", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    title = serializers.CharField(source="series.title", read_only=True)
    time_zone = serializers.CharField(source="series.time_zone", read_only=True)
    local_start = serializers.DateTimeField(read_only=True, help_text=(
        "Start in the series' time zone, with its offset (RFC 3339), e.g. 2027-03-02T19:00:00+00:00."))
    places_left = Rendered(serializers.IntegerField(allow_null=True))
    location = serializers.CharField(read_only=True)
    my_rsvp = Rendered(RsvpOutputSerializer(allow_null=True),
                       help_text="My own RSVP; null when not answered or signed out.")

    class Meta:
        model = Occurrence
        fields = ("id", "series", "group", "group_name", "title", "starts_at", "ends_at", "local_start",
                  "time_zone", "status", "note", "is_modified", "going_count", "maybe_count", "waitlist_count",
                  "capacity", "places_left", "location", "online_url", "online_phone", "sequence", "my_rsvp")
        read_only_fields = fields


class AttendeeNameSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The name the member uses in this group.")
    status = serializers.ChoiceField(choices=(Rsvp.Status.GOING, Rsvp.Status.MAYBE))


class AttendeesOutputSerializer(serializers.Serializer):
    going = serializers.IntegerField()
    maybe = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    count = serializers.IntegerField(help_text="How many names are shared (all pages).")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AttendeeNameSerializer(many=True, help_text="Only members who chose to share their name.")


# --- each view's operations -----------------------------------------------------------------------

group_series = extend_schema_view(
    get=extend_schema(tags=TAGS, summary="List a group's meeting series", examples=[SERIES_EXAMPLE]),
    post=extend_schema(tags=TAGS, summary="Schedule a meeting series (one-off, weekly or monthly)",
                       request=SeriesCreateInputSerializer,
                       responses={201: SeriesOutputSerializer, 403: FACILITATORS_ONLY,
                                  409: problem_doc(409, "The group already has as many live series as allowed "
                                                        "(MAX_LIVE_SERIES_PER_GROUP).", code="too_many_series")},
                       examples=[SERIES_CREATE_EXAMPLE, SERIES_EXAMPLE]),
)

series_detail = extend_schema_view(
    get=extend_schema(tags=TAGS, summary="A meeting series", responses={200: SeriesOutputSerializer},
                      examples=[SERIES_EXAMPLE]),
    patch=extend_schema(
        tags=TAGS, summary="Change a series from a date onward (earlier meetings keep their times)",
        request=SeriesUpdateInputSerializer,
        responses={200: SeriesOutputSerializer, 403: FACILITATORS_ONLY,
                   409: problem_doc(409, "The series has ended.")},
        examples=[request_example("move to 18:30 from April", start_time="18:30", apply_from="2027-04-01"),
                  SERIES_EXAMPLE]),
    delete=extend_schema(tags=TAGS, summary="End a series now (future meetings are removed or cancelled; the past "
                         "stays)", responses={204: OpenApiResponse(description="Ended."), 403: FACILITATORS_ONLY}),
)

group_occurrences = extend_schema(
    tags=TAGS, summary="A group's meetings between two dates (cursor paginated, in start order)",
    parameters=RANGE_PARAMETERS, examples=[OCCURRENCE_EXAMPLE])

occurrence_detail = extend_schema_view(
    get=extend_schema(tags=TAGS, summary="One meeting", responses={200: OccurrenceOutputSerializer},
                      examples=[OCCURRENCE_EXAMPLE]),
    patch=extend_schema(
        tags=TAGS, summary="Change this one meeting (time, place, link, capacity, note)",
        request=OccurrenceUpdateInputSerializer,
        responses={200: OccurrenceOutputSerializer, 403: FACILITATORS_ONLY, 409: STARTED_OR_CANCELLED},
        examples=[request_example("move an hour later", starts_at="2027-03-02T20:00:00+00:00", location="Room 2"),
                  OCCURRENCE_EXAMPLE]),
)

occurrence_cancel = extend_schema(
    tags=TAGS, summary="Cancel this one meeting, with a note for members",
    request=OccurrenceCancelInputSerializer,
    responses={200: OccurrenceOutputSerializer, 403: FACILITATORS_ONLY, 409: STARTED_OR_CANCELLED},
    examples=[request_example("cancel", note="The hall is closed for repairs; see you next week."),
              OCCURRENCE_EXAMPLE])

occurrence_restore = extend_schema(
    tags=TAGS, summary="Undo the cancellation of this one meeting, before it starts",
    description=("The meeting is on again with the replies it kept (places freed meanwhile go to whoever "
                 "was waiting), and its note is cleared. Members who plan to come are told it changed. "
                 "409 `not_cancelled`, `occurrence_started`, or `series_ended` (the series it belonged to "
                 "was ended)."),
    request=None,
    responses={200: OccurrenceOutputSerializer, 403: FACILITATORS_ONLY,
               409: problem_doc(409, "Not cancelled, already started, or its series has ended.")},
    examples=[OCCURRENCE_EXAMPLE])

rsvp = extend_schema_view(
    get=extend_schema(tags=TAGS, summary="My RSVP to this meeting",
                      responses={200: RsvpOutputSerializer, 403: MEMBERS_ONLY}, examples=[RSVP_EXAMPLE]),
    put=extend_schema(
        tags=TAGS, summary="Say going, maybe or not going (going beyond capacity joins the waitlist)",
        request=RsvpInputSerializer,
        responses={200: RsvpOutputSerializer, 403: MEMBERS_ONLY, 409: STARTED_OR_CANCELLED},
        examples=[request_example("going", status="going", share_name=True), RSVP_EXAMPLE]),
    delete=extend_schema(tags=TAGS, summary="Withdraw my RSVP (a place I held goes to the longest-waiting member)",
                         responses={204: OpenApiResponse(description="Withdrawn."), 403: MEMBERS_ONLY,
                                    409: STARTED_OR_CANCELLED}),
)

attendees = extend_schema(
    tags=TAGS, summary="Who plans to come: counts, and only the names members chose to share",
    parameters=[OpenApiParameter("page", {"type": "integer", "minimum": 1},
                                 description="Which page, from 1 (follow `next` rather than counting)."),
                OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": 100},
                                 description="How many results per page: 1 to 100 (default 20).")],
    responses={200: AttendeesOutputSerializer, 403: MEMBERS_ONLY},
    examples=[response_example("attendees", {
        "going": 7, "maybe": 2, "waitlisted": 1, "count": 2, "next": None, "previous": None,
        "results": [{"name": "Ash", "status": "going"}, {"name": "Robin", "status": "maybe"}]})])

my_meetings = extend_schema(
    tags=["me"], summary="My upcoming meetings across my groups, in start order",
    parameters=[OpenApiParameter("all", OpenApiTypes.BOOL, description=(
        "false (default): meetings I said going or maybe to, or am waitlisted for; "
        "true: every upcoming meeting of my groups, answered or not."))],
    examples=[OCCURRENCE_EXAMPLE])


# OpenAPI links: what a client (and Schemathesis's stateful phase) can do next with what an answer
# returned. A group made is read, scheduled and joined through its slug; a series made is read,
# changed, ended and its meetings listed; a meeting listed is read, answered and cancelled.
_SLUG = {"slug": "$response.body#/slug"}
_SERIES = {"series_id": "$response.body#/id"}
_FIRST_OCCURRENCE = {"occurrence_id": "$response.body#/results/0/id"}
_SAME_GROUP = {"slug": "$request.path.slug"}
LINKS: dict[tuple[str, str], dict[str, tuple[str, dict[str, str]]]] = {
    ("groups_create", "201"): {
        "ReadGroup": ("groups_retrieve", _SLUG), "ChangeGroup": ("groups_partial_update", _SLUG),
        "ScheduleSeries": ("groups_series_create", _SLUG), "ListSeries": ("groups_series_list", _SLUG),
        "ListOccurrences": ("groups_occurrences_list", _SLUG), "ListMembers": ("groups_members_list", _SLUG),
        "ArchiveGroup": ("groups_destroy", _SLUG),
    },
    ("groups_series_create", "201"): {
        "ReadSeries": ("series_retrieve", _SERIES), "ChangeSeries": ("series_partial_update", _SERIES),
        "EndSeries": ("series_destroy", _SERIES), "ListOccurrences": ("groups_occurrences_list", _SAME_GROUP),
    },
    ("groups_occurrences_list", "200"): {
        "ReadOccurrence": ("occurrences_retrieve", _FIRST_OCCURRENCE),
        "ChangeOccurrence": ("occurrences_partial_update", _FIRST_OCCURRENCE),
        "Rsvp": ("occurrences_rsvp_update", _FIRST_OCCURRENCE),
        "ReadRsvp": ("occurrences_rsvp_retrieve", _FIRST_OCCURRENCE),
        "Attendees": ("occurrences_attendees_retrieve", _FIRST_OCCURRENCE),
        "CancelOccurrence": ("occurrences_cancel_create", _FIRST_OCCURRENCE),
    },
    ("groups_membership_create", "201"): {
        "ReadMembership": ("groups_membership_retrieve", _SAME_GROUP),
        "ChangeMembership": ("groups_membership_partial_update", _SAME_GROUP),
        "Leave": ("groups_membership_destroy", _SAME_GROUP),
    },
}


def postprocess_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Add ``LINKS`` to the responses they start from (a link to an operation that is gone fails loudly)."""
    by_id = {operation["operationId"]: operation for operation in operations(result) if "operationId" in operation}
    for (source, status), links in LINKS.items():
        response = by_id[source]["responses"][status]
        response["links"] = {}
        for name, (target, parameters) in links.items():
            if target not in by_id:
                raise KeyError(f"OpenAPI link {source} -> {target}: no such operation")
            response["links"][name] = {"operationId": target, "parameters": parameters}
    return result
