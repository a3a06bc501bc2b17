"""The meta app's part of the OpenAPI document: the shape of GET /api/v1/meta/ and its operation."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers


class TermSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, never translated: what the API sends and accepts.")
    label = serializers.CharField(help_text="The words to show for it.")  # type: ignore[assignment]  # a field named label


class WeekdaySerializer(TermSerializer):
    short = serializers.CharField(help_text="A short form, e.g. `Mon`.")


class TimeOfDaySerializer(TermSerializer):
    hint = serializers.CharField(help_text="When it is, in the meeting's local time.")


class NotificationKindSerializer(TermSerializer):
    default = serializers.BooleanField(help_text="Whether it is on for someone who has not chosen.")


class MetaOutputSerializer(serializers.Serializer):
    formats = TermSerializer(many=True, help_text="A group's `format`.")
    join_policies = TermSerializer(many=True, help_text="A group's `join_policy`.")
    accessibility = TermSerializer(many=True, help_text="A group's `accessibility` facets.")
    weekdays = WeekdaySerializer(many=True, help_text="Weekday codes of recurrence rules and the `weekday` filter.")
    times_of_day = TimeOfDaySerializer(many=True, help_text="The directory's `time_of_day` filter.")
    rsvp_statuses = TermSerializer(many=True, help_text="An RSVP's `status`.")
    notification_kinds = NotificationKindSerializer(many=True, help_text="The email settings under `notifications`.")
    topics = serializers.ListField(child=serializers.CharField(),
                                   help_text="Suggested topic tags (any tag is accepted).")
    languages = TermSerializer(many=True, help_text="Suggested languages (any BCP 47 code is accepted).")


META_EXAMPLE = OpenApiExample("vocabulary", response_only=True, value={
    "formats": [{"code": "in_person", "label": "In person"}, {"code": "online", "label": "Online"},
                {"code": "hybrid", "label": "Hybrid"}],
    "join_policies": [{"code": "open", "label": "Open: anyone may join"},
                      {"code": "approval", "label": "Approval: a facilitator welcomes each request"}],
    "accessibility": [{"code": "step_free", "label": "Step-free access"}, {"code": "captions", "label": "Captions"}],
    "weekdays": [{"code": "MO", "label": "Monday", "short": "Mon"}, {"code": "TU", "label": "Tuesday", "short": "Tue"}],
    "times_of_day": [{"code": "morning", "label": "Morning", "hint": "before noon"}],
    "rsvp_statuses": [{"code": "going", "label": "Going"}, {"code": "maybe", "label": "Maybe"},
                      {"code": "not_going", "label": "Not going"}, {"code": "waitlisted", "label": "Waitlisted"}],
    "notification_kinds": [{"code": "occurrence_changed", "label": "A meeting I plan to go to is cancelled or changed",
                            "default": True}],
    "topics": ["grief", "caregivers"],
    "languages": [{"code": "en", "label": "English"}, {"code": "es", "label": "Español"}],
})

meta = extend_schema(tags=["meta"], summary="The words for every code the API uses (formats, facets, weekdays, ...)",
                     responses={200: MetaOutputSerializer}, examples=[META_EXAMPLE])
