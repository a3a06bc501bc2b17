"""Admin screens for meetings: schedules and counts only; nothing about who came."""

from django.contrib import admin

from .models import MeetingSeries, Occurrence


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "group", "frequency", "start_date", "start_time", "time_zone", "ended_at")
    list_filter = ("frequency",)
    search_fields = ("title", "group__name")
    raw_id_fields = ("group", "facilitator")
    readonly_fields = ("sequence", "materialized_until", "frozen_before", "meeting_days")


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ("series", "starts_at", "status", "going_count", "maybe_count", "waitlist_count", "capacity")
    list_filter = ("status",)
    raw_id_fields = ("series", "group")
    readonly_fields = ("going_count", "maybe_count", "waitlist_count", "sequence", "original_start")
