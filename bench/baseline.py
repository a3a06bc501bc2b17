"""Baseline views for the benchmark: plain Django around Kindred's own selectors, presenters and services.

Each stands beside an API endpoint and answers the same JSON for the same rows by calling exactly
what the API view calls (the selector that scopes and optimises the query, the one presenter that
renders a row, the service that writes), then ``JsonResponse``: no DRF, no content negotiation, no
throttles, no permission classes, no pagination class. So the comparison measures what the HTTP
layer costs, and no rule is written twice. Mounted only by ``config.urls_bench`` (the bench
settings), never in the real URL tree.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from kindred.groups.models import Group
from kindred.groups.policy import Viewer
from kindred.groups.presenters import group_json
from kindred.groups.selectors import with_summary
from kindred.meetings import selectors, services
from kindred.meetings.models import Occurrence
from kindred.meetings.presenters import occurrence_json
from kindred.public.filters import GroupDirectoryQuerySerializer, apply_directory_filters
from kindred.public.selectors import group_directory


def _page_size(request: HttpRequest) -> int:
    return min(int(request.GET.get("page_size", 20)), 100)


def directory(request: HttpRequest) -> JsonResponse:
    params = GroupDirectoryQuerySerializer(data=request.GET)
    params.is_valid(raise_exception=True)
    groups = apply_directory_filters(group_directory(), params.validated_data)
    viewer = Viewer.for_request(request)
    results = [group_json(group, viewer) for group in groups[:_page_size(request)]]
    return JsonResponse({"count": groups.count(), "next": None, "previous": None, "results": results})


def group_detail(request: HttpRequest, slug: str) -> JsonResponse:
    viewer = Viewer.for_request(request)
    group = selectors.with_next_meeting(with_summary(Group.objects.filter(slug=slug))).first()
    if group is None or not viewer.can_see(group):
        return JsonResponse({"detail": "Not found."}, status=404)
    return JsonResponse(group_json(group, viewer, page=True))


def _local_bound(raw: str | None, zone: zoneinfo.ZoneInfo, *, end: bool) -> dt.datetime | None:
    if not raw:
        return None
    day = dt.date.fromisoformat(raw) + dt.timedelta(days=1 if end else 0)
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def group_occurrences(request: HttpRequest, slug: str) -> JsonResponse:
    viewer = Viewer.for_request(request)
    group = Group.objects.filter(slug=slug).first()
    if group is None or not viewer.can_see(group):
        return JsonResponse({"detail": "Not found."}, status=404)
    zone = zoneinfo.ZoneInfo(group.time_zone)
    start = _local_bound(request.GET.get("from"), zone, end=False) or timezone.now()
    end = _local_bound(request.GET.get("to"), zone, end=True)
    rows = selectors.occurrences_for_group(group=group, user=request.user, start=start, end=end)
    page = rows.order_by("starts_at", "id")[:_page_size(request)]
    return JsonResponse({"next": None, "previous": None, "results": [occurrence_json(row, viewer) for row in page]})


def my_meetings(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Not signed in."}, status=401)
    viewer = Viewer.for_request(request)
    page = selectors.my_meetings(viewer=viewer).order_by("starts_at", "id")[:_page_size(request)]
    return JsonResponse({"next": None, "previous": None, "results": [occurrence_json(row, viewer) for row in page]})


@csrf_exempt
def rsvp_set(request: HttpRequest, occurrence_id: int) -> JsonResponse:
    """PUT an RSVP through the RSVP service (capacity, waitlist and counters included)."""
    viewer = Viewer.for_request(request)
    occurrence = Occurrence.objects.select_related("group").filter(pk=occurrence_id).first()
    if request.method != "PUT" or occurrence is None or not viewer.is_member(occurrence.group):
        return JsonResponse({"detail": "Not allowed."}, status=405)
    rsvp = services.rsvp_set(user=request.user, occurrence=occurrence, status=json.loads(request.body)["status"])
    return JsonResponse({"status": rsvp.status, "share_name": rsvp.share_name,
                         "waitlist_position": services.waitlist_position(rsvp)})


urlpatterns = [
    path("groups/", directory),
    path("groups/<slug:slug>/", group_detail),
    path("groups/<slug:slug>/occurrences/", group_occurrences),
    path("me/meetings/", my_meetings),
    path("occurrences/<int:occurrence_id>/rsvp/", rsvp_set),
]
