"""Feed shapes, for the OpenAPI document (the feeds are rendered directly, not through these)."""

from __future__ import annotations

from rest_framework import serializers


class MeetingGuideEntrySerializer(serializers.Serializer):
    """One weekly meeting on one weekday, as code4recovery's Meeting Guide spec describes it."""

    name = serializers.CharField()
    slug = serializers.CharField(help_text="Unique and stable: group slug, series id, weekday.")
    day = serializers.IntegerField(min_value=0, max_value=6, help_text="0 is Sunday.")
    time = serializers.CharField(help_text="Local start, HH:MM.")
    end_time = serializers.CharField(help_text="Local end, HH:MM.")
    timezone = serializers.CharField(help_text="IANA time zone.")
    types = serializers.ListField(child=serializers.CharField(), required=False,
                                  help_text="Meeting Guide type codes, e.g. ONL, X, ASL, BA, FF, EN.")
    notes = serializers.CharField(required=False)
    location = serializers.CharField(required=False)
    address = serializers.CharField(required=False)
    formatted_address = serializers.CharField(required=False)
    city = serializers.CharField(required=False)
    state = serializers.CharField(required=False)
    country = serializers.CharField(required=False)
    latitude = serializers.FloatField(required=False)
    longitude = serializers.FloatField(required=False)
    approximate = serializers.ChoiceField(choices=["yes", "no"], required=False)
    conference_url = serializers.CharField(required=False, help_text="Only when the group publishes its link.")
    conference_phone = serializers.CharField(required=False, help_text="Only when the group publishes its link.")
    updated = serializers.CharField(help_text="UTC, YYYY-MM-DD HH:MM:SS.")
    group = serializers.CharField()
    url = serializers.CharField()
