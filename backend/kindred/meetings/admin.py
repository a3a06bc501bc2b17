"""Admin screens for meetings: schedules and counts only; nothing about who came.

Read-only: a series is ended with the "end" action, which calls ``series_end`` (future meetings
removed, or cancelled and announced where someone answered). Editing rows directly would skip the
recurrence rules, the waitlists and the cache invalidation.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from kindred.common.admin import ReadOnlyAdmin, apply_each

from . import services
from .models import MeetingSeries, Occurrence


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ReadOnlyAdmin):
    list_display = ("title", "group", "frequency", "start_date", "start_time", "time_zone", "ended_at")
    list_filter = ("frequency",)
    search_fields = ("title", "group__name")
    list_select_related = ("group",)
    actions = ("end_selected",)

    @admin.action(description="End selected series now (future meetings removed or cancelled)")
    def end_selected(self, request: HttpRequest, queryset: QuerySet[MeetingSeries]) -> None:
        apply_each(self, request, queryset.filter(ended_at__isnull=True),
                   lambda series: services.series_end(series=series), done="series ended")


@admin.register(Occurrence)
class OccurrenceAdmin(ReadOnlyAdmin):
    list_display = ("series", "starts_at", "status", "going_count", "maybe_count", "waitlist_count", "capacity")
    list_filter = ("status",)
    list_select_related = ("series",)
