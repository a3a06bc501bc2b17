"""Meeting input and output shapes. Inputs list exactly the fields a client may write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kindred.common.fields import (
    MultiLineField,
    OffsetDateTimeField,
    SingleLineField,
    SingleLineURLField,
    id_field,
)
from kindred.common.timezones import current_zone, iso_datetime, validate_time_zone, zone_named

from . import recurrence
from .models import MeetingSeries, Occurrence, Rsvp

SCHEDULE_HELP = "Weekly: ['TU', 'TH']; monthly by nth weekday: ['2TU'] (2nd Tuesday) or ['-1FR'] (last Friday)."


# --- inputs -----------------------------------------------------------------------------------

class RecurrenceInputSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(choices=("weekly", "monthly"))
    interval = serializers.IntegerField(required=False, default=1, min_value=1, max_value=52,
                                        help_text="Every N weeks (weekly, up to 52) or months (monthly, up to 12).")
    weekdays = serializers.ListField(child=SingleLineField(max_length=4), max_length=7, help_text=SCHEDULE_HELP)
    until = serializers.DateField(required=False, allow_null=True, help_text="Last local date a meeting may fall on.")
    count = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=recurrence.MAX_COUNT,
                                     help_text="How many meetings in all. Not together with `until`.")


class SeriesCreateInputSerializer(serializers.Serializer):
    title = SingleLineField(max_length=120)
    description = MultiLineField(max_length=5000, required=False, allow_blank=True, default="")
    start_date = serializers.DateField(help_text="Local date of the first meeting.")
    start_time = serializers.TimeField(help_text="Local start time, e.g. 19:00.")
    duration_minutes = serializers.IntegerField(required=False, default=90, min_value=recurrence.MIN_DURATION,
                                                max_value=recurrence.MAX_DURATION)
    time_zone = SingleLineField(max_length=64, required=False, validators=[validate_time_zone],
                                      help_text="IANA zone; default the group's.")
    recurrence = RecurrenceInputSerializer(required=False, allow_null=True,
                                           help_text="Absent or null: a one-off meeting.")
    location = SingleLineField(max_length=300, required=False, allow_blank=True, default="",
                                     help_text="Blank: the group's address.")
    online_url = SingleLineURLField(max_length=500, required=False, allow_blank=True, default="",
                                      help_text="Blank: the group's link.")
    online_phone = SingleLineField(max_length=40, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10000, default=None)
    facilitator = id_field(required=False, allow_null=True, default=None,
                                           help_text="User id of the facilitator of the day (an active member).")


class SeriesUpdateInputSerializer(SeriesCreateInputSerializer):
    apply_from = serializers.DateField(required=False, help_text=(
        "Local date from which the change applies (default: now). Earlier meetings keep their times."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)

    def validate_recurrence(self, value: dict[str, Any] | None) -> dict[str, Any] | None:
        """A changed rule is given whole (the PATCH replaces it), so its frequency is required."""
        if value is not None and "frequency" not in value:
            raise serializers.ValidationError({"frequency": "Give the whole rule, starting with its frequency."},
                                              code="required")
        return value


class OccurrenceUpdateInputSerializer(serializers.Serializer):
    starts_at = OffsetDateTimeField(required=False, help_text="New start, ISO 8601 with an offset (or Z).")
    duration_minutes = serializers.IntegerField(required=False, min_value=recurrence.MIN_DURATION,
                                                max_value=recurrence.MAX_DURATION)
    location = SingleLineField(max_length=300, required=False, allow_blank=True)
    online_url = SingleLineURLField(max_length=500, required=False, allow_blank=True)
    online_phone = SingleLineField(max_length=40, required=False, allow_blank=True)
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10000)
    note = MultiLineField(max_length=1000, required=False, allow_blank=True)


class OccurrenceCancelInputSerializer(serializers.Serializer):
    note = MultiLineField(max_length=1000, allow_blank=True, help_text="Shown to members, e.g. why.")


class RsvpInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=(Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.NOT_GOING))
    share_name = serializers.BooleanField(required=False, allow_null=True, default=None, help_text=(
        "Show my name on this meeting's list. Default: my roster choice in this group."))


class MyMeetingsQuerySerializer(serializers.Serializer):
    all = serializers.BooleanField(required=False, default=False)


# --- outputs ----------------------------------------------------------------------------------

class _OnlineDetailsMixin(serializers.Serializer):
    """Online details go only to active members, unless the group publishes its link."""

    online_url = serializers.SerializerMethodField(allow_null=True)  # null: hidden from this caller
    online_phone = serializers.SerializerMethodField(allow_null=True)

    def _may_see_online(self, obj: Any) -> bool:
        return obj.group.online_link_public or obj.group_id in self.context.get("member_group_ids", set())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_online_url(self, obj: Any) -> str | None:
        return (obj.online_url or obj.group.online_url or None) if self._may_see_online(obj) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_online_phone(self, obj: Any) -> str | None:
        return (obj.online_phone or obj.group.online_phone or None) if self._may_see_online(obj) else None


def _place(obj: Any) -> str:
    group = obj.group
    return obj.location or ", ".join(part for part in (group.address, group.city) if part)


class RecurrenceOutputSerializer(serializers.Serializer):
    frequency = serializers.CharField()
    interval = serializers.IntegerField()
    weekdays = serializers.ListField(child=serializers.CharField())
    until = serializers.DateField(allow_null=True)
    count = serializers.IntegerField(allow_null=True)


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SeriesOutputSerializer(_OnlineDetailsMixin, serializers.ModelSerializer):
    group = serializers.CharField(source="group.slug", read_only=True)
    recurrence = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField()
    facilitator = serializers.SerializerMethodField()

    class Meta:
        model = MeetingSeries
        fields = ("id", "group", "title", "description", "start_date", "start_time", "duration_minutes",
                  "time_zone", "recurrence", "location", "online_url", "online_phone", "capacity", "facilitator",
                  "sequence", "ended_at", "created_at", "updated_at")
        read_only_fields = fields

    @extend_schema_field(RecurrenceOutputSerializer(allow_null=True))
    def get_recurrence(self, series: MeetingSeries) -> dict[str, Any] | None:
        if series.frequency == MeetingSeries.Frequency.NONE:
            return None
        return {"frequency": series.frequency, "interval": series.interval, "weekdays": series.weekdays,
                "until": series.until.isoformat() if series.until else None, "count": series.count}

    def get_location(self, series: MeetingSeries) -> str:
        return _place(series)

    @extend_schema_field(PersonRefSerializer(allow_null=True, help_text=(
        "The facilitator of the day: shown to the group's active members only (null for everyone else), "
        "and only while that person shows on the roster or facilitates, like the roster itself.")))
    def get_facilitator(self, series: MeetingSeries) -> dict[str, Any] | None:
        # Naming a member (and their user id) to the public would reveal that they belong to the group;
        # naming one who hid from the roster would undo their choice (facilitator_name is then null).
        name = getattr(series, "facilitator_name", None)
        if series.facilitator_id is None or name is None or series.group_id not in self.context.get(
                "member_group_ids", ()):
            return None
        return {"id": series.facilitator_id, "name": name}


class RsvpOutputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Rsvp.Status.choices,
                                     help_text="`waitlisted` when going would exceed capacity.")
    share_name = serializers.BooleanField()
    waitlist_position = serializers.IntegerField(allow_null=True, help_text="1 = next to get a place.")


# One meeting. The declared fields describe the schema (no docstring here: it would become the schema's
# description); ``to_representation`` is hand-written, since the hot lists render dozens of rows per request,
# and gives exactly the JSON DRF's generic field machinery gives (tests/perf/test_fast_serializers.py
# compares the two). It takes a model instance or a row dict of ``selectors.OCCURRENCE_ROW_FIELDS``.
class OccurrenceOutputSerializer(_OnlineDetailsMixin, serializers.ModelSerializer):
    group = serializers.CharField(source="group.slug", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    title = serializers.CharField(source="series.title", read_only=True)
    time_zone = serializers.CharField(source="series.time_zone", read_only=True)
    local_start = serializers.SerializerMethodField(help_text="Start in the series' time zone, with its offset.")
    places_left = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField()
    my_rsvp = serializers.SerializerMethodField(help_text="My own RSVP; null when not answered or signed out.")

    class Meta:
        model = Occurrence
        fields = ("id", "series", "group", "group_name", "title", "starts_at", "ends_at", "local_start",
                  "time_zone", "status", "note", "is_modified", "going_count", "maybe_count", "waitlist_count",
                  "capacity", "places_left", "location", "online_url", "online_phone", "sequence", "my_rsvp")
        read_only_fields = fields

    def to_representation(self, instance: Any) -> dict[str, Any]:
        row = instance if isinstance(instance, Mapping) else occurrence_row(instance)
        zone = self.__dict__.get("_zone")
        if zone is None:  # once per serializer (a list shares one child), not once per row
            zone = self.__dict__["_zone"] = current_zone()
        return occurrence_representation(row, self.context.get("member_group_ids", ()), zone)

    def get_local_start(self, occurrence: Occurrence) -> str:
        return occurrence.starts_at.astimezone(zone_named(occurrence.series.time_zone)).isoformat()

    def get_places_left(self, occurrence: Occurrence) -> int | None:
        if occurrence.capacity is None:
            return None
        return max(occurrence.capacity - occurrence.going_count, 0)

    def get_location(self, occurrence: Occurrence) -> str:
        return _place(occurrence)

    @extend_schema_field(RsvpOutputSerializer(allow_null=True))
    def get_my_rsvp(self, occurrence: Occurrence) -> dict[str, Any] | None:
        status = getattr(occurrence, "my_rsvp_status", None)
        if status is None:
            return None
        # my_share_name is annotated by the selector along with my_rsvp_status (checked above).
        return {"status": status, "share_name": bool(occurrence.my_share_name),  # type: ignore[attr-defined]
                "waitlist_position": getattr(occurrence, "my_waitlist_position", None)}


def occurrence_row(occurrence: Occurrence) -> dict[str, Any]:
    """A model instance (with ``series`` and ``group`` loaded) as the row dict the renderer reads."""
    group, series = occurrence.group, occurrence.series
    row = {field: getattr(occurrence, field) for field in OCCURRENCE_OWN_FIELDS}
    row.update({"group__slug": group.slug, "group__name": group.name, "group__address": group.address,
                "group__city": group.city, "group__online_url": group.online_url,
                "group__online_phone": group.online_phone, "group__online_link_public": group.online_link_public,
                "series__title": series.title, "series__time_zone": series.time_zone,
                "my_rsvp_status": getattr(occurrence, "my_rsvp_status", None),
                "my_share_name": getattr(occurrence, "my_share_name", None),
                "my_waitlist_position": getattr(occurrence, "my_waitlist_position", None)})
    return row


OCCURRENCE_OWN_FIELDS = ("id", "series_id", "group_id", "starts_at", "ends_at", "status", "note", "is_modified",
                         "going_count", "maybe_count", "waitlist_count", "capacity", "location", "online_url",
                         "online_phone", "sequence")


def occurrence_representation(row: Mapping[str, Any], member_group_ids: Any, zone: dt.tzinfo) -> dict[str, Any]:
    visible = row["group__online_link_public"] or row["group_id"] in member_group_ids
    capacity, going = row["capacity"], row["going_count"]
    status = row.get("my_rsvp_status")
    starts_at = row["starts_at"]
    return {
        "id": row["id"],
        "series": row["series_id"],
        "group": row["group__slug"],
        "group_name": row["group__name"],
        "title": row["series__title"],
        "starts_at": iso_datetime(starts_at, zone),
        "ends_at": iso_datetime(row["ends_at"], zone),
        "local_start": starts_at.astimezone(zone_named(row["series__time_zone"])).isoformat(),
        "time_zone": row["series__time_zone"],
        "status": row["status"],
        "note": row["note"],
        "is_modified": bool(row["is_modified"]),
        "going_count": going,
        "maybe_count": row["maybe_count"],
        "waitlist_count": row["waitlist_count"],
        "capacity": capacity,
        "places_left": None if capacity is None else max(capacity - going, 0),
        "location": row["location"] or ", ".join(part for part in (row["group__address"], row["group__city"])
                                                 if part),
        "online_url": (row["online_url"] or row["group__online_url"] or None) if visible else None,
        "online_phone": (row["online_phone"] or row["group__online_phone"] or None) if visible else None,
        "sequence": row["sequence"],
        "my_rsvp": None if status is None else {"status": status, "share_name": bool(row["my_share_name"]),
                                                "waitlist_position": row.get("my_waitlist_position")},
    }


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
