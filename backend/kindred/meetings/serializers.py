"""Meeting input and output shapes. Inputs list exactly the fields a client may write."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from kindred.accounts.serializers import TimeZoneField
from kindred.common.fields import (
    JsonBooleanField,
    MeetingLinkField,
    MultiLineField,
    OffsetDateTimeField,
    SingleLineField,
    id_field,
)

from . import recurrence
from .models import Rsvp

SCHEDULE_HELP = "Weekly: ['TU', 'TH']; monthly by nth weekday: ['2TU'] (2nd Tuesday) or ['-1FR'] (last Friday)."


# --- inputs -----------------------------------------------------------------------------------

# Who reads a meeting's note: everyone who can see the meeting, not only members.
PUBLIC_NOTE = ("Public: shown with this meeting to anyone who can see it (not only members), in the group's "
               "calendar feed, to webhook receivers and in the emails about it. Write nothing private.")

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
    time_zone = TimeZoneField(required=False, help_text="IANA zone; default the group's.")
    recurrence = RecurrenceInputSerializer(required=False, allow_null=True,
                                           help_text="Absent or null: a one-off meeting.")
    location = SingleLineField(max_length=300, required=False, allow_blank=True, default="",
                                     help_text="Blank: the group's address.")
    online_url = MeetingLinkField(max_length=500, required=False, allow_blank=True, default="",
                                      help_text="Blank: the group's link.")
    online_phone = SingleLineField(max_length=40, required=False, allow_blank=True, default="")
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10000, default=None)
    facilitator = id_field(required=False, allow_null=True, default=None, help_text=(
        "Facilitator of the day: the membership id in this group (the `id` on `/groups/{slug}/members/`) "
        "of a facilitator or a member on the roster."))


class SeriesUpdateInputSerializer(SeriesCreateInputSerializer):
    apply_from = serializers.DateField(required=False, help_text=(
        "Local date from which the change applies (default: now). Earlier meetings keep their times."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)

    def validate_recurrence(self, value: dict[str, Any] | None) -> dict[str, Any] | None:
        """A changed rule is given whole (the PATCH replaces it), so its frequency is required."""
        if value is not None and "frequency" not in value:
            raise serializers.ValidationError({"frequency": _("Give the whole rule, starting with its frequency.")},
                                              code="required")
        return value


class OccurrenceUpdateInputSerializer(serializers.Serializer):
    starts_at = OffsetDateTimeField(required=False, help_text="New start, ISO 8601 with an offset (or Z).")
    duration_minutes = serializers.IntegerField(required=False, min_value=recurrence.MIN_DURATION,
                                                max_value=recurrence.MAX_DURATION)
    location = SingleLineField(max_length=300, required=False, allow_blank=True)
    online_url = MeetingLinkField(max_length=500, required=False, allow_blank=True)
    online_phone = SingleLineField(max_length=40, required=False, allow_blank=True)
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10000)
    note = MultiLineField(max_length=1000, required=False, allow_blank=True, help_text=PUBLIC_NOTE)


class OccurrenceCancelInputSerializer(serializers.Serializer):
    note = MultiLineField(max_length=1000, allow_blank=True, help_text=PUBLIC_NOTE + " For example, why.")


class RsvpInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=(Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.NOT_GOING))
    share_name = JsonBooleanField(required=False, allow_null=True, default=None, help_text=(
        "Show my name on this meeting's list. Default: my roster choice in this group."))


class MyMeetingsQuerySerializer(serializers.Serializer):
    all = serializers.BooleanField(required=False, default=False)
