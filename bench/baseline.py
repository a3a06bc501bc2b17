"""Baseline views for the benchmark: plain Django, ``.values()`` and ``JsonResponse``.

Each returns the same JSON as the API endpoint it stands beside, for the same rows: it builds
its queryset the same way (the app's own filter and scoping code, so "the same rows" holds by
construction) and then does the least work Django allows: ``values()`` rows, a dict per row,
``JsonResponse``. No DRF, no serializers, no content negotiation, no throttles. Mounted only by
``config.urls_bench`` (the bench settings), never in the real URL tree.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from kindred.public.filters import apply_directory_filters
from kindred.groups.models import Group, Membership
from kindred.meetings.models import Occurrence, Rsvp

GROUP_SUMMARY_FIELDS = ("id", "slug", "name", "description", "topics", "languages", "format", "join_policy",
                        "address", "city", "region", "country", "latitude", "longitude", "approximate",
                        "accessibility", "time_zone", "online_url", "online_phone", "online_link_public",
                        "created_at", "member_count")
GROUP_DETAIL_FIELDS = (*GROUP_SUMMARY_FIELDS, "agreements", "agreements_version", "support_resources", "listed",
                       "is_archived", "updated_at")
OCCURRENCE_FIELDS = ("id", "series_id", "group_id", "starts_at", "ends_at", "status", "note", "is_modified",
                     "going_count", "maybe_count", "waitlist_count", "capacity", "location", "online_url",
                     "online_phone", "sequence", "group__slug", "group__name", "group__address", "group__city",
                     "group__online_url", "group__online_phone", "group__online_link_public", "series__title",
                     "series__time_zone")
ANSWERED = ("going", "maybe", "waitlisted")


def _member_count() -> Coalesce:
    active = (Membership.objects.filter(group=OuterRef("pk"), status="active").order_by().values("group")
              .annotate(total=Count("id")).values("total"))
    return Coalesce(Subquery(active, output_field=IntegerField()), Value(0))


def _facilitator_names(group_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    rows = (Membership.objects.filter(group_id__in=group_ids, role="facilitator", status="active")
            .order_by("joined_at", "id").values_list("group_id", "display_name", "user__display_name"))
    names: dict[int, list[dict[str, str]]] = {group_id: [] for group_id in group_ids}
    for group_id, per_group, account in rows:
        names[group_id].append({"name": per_group or account})
    return names


def _group_dict(row: dict[str, Any], facilitators: list[dict[str, str]], member_ids: set[int],
                detail: bool = False) -> dict[str, Any]:
    visible = (row["online_link_public"] if detail else row.pop("online_link_public")) or row["id"] in member_ids
    row.pop("id")
    row["online_url"] = row["online_url"] if visible else None
    row["online_phone"] = row["online_phone"] if visible else None
    row["facilitators"] = facilitators
    row["looking_for_facilitator"] = not facilitators
    row["distance_km"] = None
    return row


def directory(request: HttpRequest) -> JsonResponse:
    params = {key: request.GET[key] for key in ("q", "topic", "language", "format") if request.GET.get(key)}
    page_size = min(int(request.GET.get("page_size", 20)), 100)
    groups = apply_directory_filters(Group.objects.filter(listed=True, is_archived=False), params)
    count = groups.count()
    rows = list(groups.annotate(member_count=_member_count()).values(*GROUP_SUMMARY_FIELDS)[:page_size])
    facilitators = _facilitator_names([row["id"] for row in rows])
    results = [_group_dict(row, facilitators[row["id"]], set()) for row in rows]
    return JsonResponse({"count": count, "next": None, "previous": None, "results": results})


def group_detail(request: HttpRequest, slug: str) -> JsonResponse:
    row = (Group.objects.filter(slug=slug, is_archived=False).annotate(member_count=_member_count())
           .values(*GROUP_DETAIL_FIELDS).first())
    if row is None:
        return JsonResponse({"detail": "Not found."}, status=404)
    body = _group_dict(row, _facilitator_names([row["id"]]).get(row["id"], []), set(), detail=True)
    body["support_resources"] = body["support_resources"] or settings.SITE_SUPPORT_RESOURCES
    body["my_membership"] = None
    return JsonResponse(body)


def _occurrence_dict(row: dict[str, Any], member_ids: set[int]) -> dict[str, Any]:
    visible = row["group__online_link_public"] or row["group_id"] in member_ids
    capacity = row["capacity"]
    status = row.pop("my_rsvp_status", None)
    return {
        "id": row["id"], "series": row["series_id"], "group": row["group__slug"], "group_name": row["group__name"],
        "title": row["series__title"], "starts_at": row["starts_at"], "ends_at": row["ends_at"],
        "local_start": row["starts_at"].astimezone(zoneinfo.ZoneInfo(row["series__time_zone"])).isoformat(),
        "time_zone": row["series__time_zone"], "status": row["status"], "note": row["note"],
        "is_modified": row["is_modified"], "going_count": row["going_count"], "maybe_count": row["maybe_count"],
        "waitlist_count": row["waitlist_count"], "capacity": capacity,
        "places_left": None if capacity is None else max(capacity - row["going_count"], 0),
        "location": row["location"] or ", ".join(part for part in (row["group__address"], row["group__city"])
                                                 if part),
        "online_url": (row["online_url"] or row["group__online_url"] or None) if visible else None,
        "online_phone": (row["online_phone"] or row["group__online_phone"] or None) if visible else None,
        "sequence": row["sequence"],
        "my_rsvp": None if status is None else {"status": status, "share_name": bool(row.get("my_share_name")),
                                                "waitlist_position": row.get("my_waitlist_position")},
    }


def _local_bound(raw: str | None, zone: zoneinfo.ZoneInfo, *, end: bool) -> dt.datetime | None:
    if not raw:
        return None
    day = dt.date.fromisoformat(raw) + dt.timedelta(days=1 if end else 0)
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def group_occurrences(request: HttpRequest, slug: str) -> JsonResponse:
    group = Group.objects.filter(slug=slug, is_archived=False).values("id", "time_zone").first()
    if group is None:
        return JsonResponse({"detail": "Not found."}, status=404)
    zone = zoneinfo.ZoneInfo(group["time_zone"])
    start = _local_bound(request.GET.get("from"), zone, end=False) or timezone.now()
    end = _local_bound(request.GET.get("to"), zone, end=True)
    rows = Occurrence.objects.filter(group_id=group["id"], starts_at__gte=start)
    if end is not None:
        rows = rows.filter(starts_at__lt=end)
    page_size = min(int(request.GET.get("page_size", 20)), 100)
    page = rows.order_by("starts_at", "id").values(*OCCURRENCE_FIELDS)[:page_size]
    return JsonResponse({"next": None, "previous": None, "results": [_occurrence_dict(row, set()) for row in page]})


def my_meetings(request: HttpRequest) -> JsonResponse:
    user = request.user
    if not user.is_authenticated:
        return JsonResponse({"detail": "Not signed in."}, status=401)
    member_ids = set(Membership.objects.filter(user=user, status="active").values_list("group_id", flat=True))
    mine = Rsvp.objects.filter(occurrence=OuterRef("pk"), user=user)
    page_size = min(int(request.GET.get("page_size", 20)), 100)
    now = timezone.now()
    answered = list(Rsvp.objects.filter(user=user, status__in=ANSWERED, occurrence__ends_at__gt=now)
                    .values_list("occurrence_id", flat=True))
    rows = (Occurrence.objects.filter(ends_at__gt=now, pk__in=answered, rsvps__user=user)
            .annotate(my_rsvp_status=F("rsvps__status"), my_share_name=F("rsvps__share_name"),
                      my_waitlist_position=_waitlist_position(mine))
            .order_by("starts_at", "id").values(*OCCURRENCE_FIELDS, "my_rsvp_status", "my_share_name",
                                                "my_waitlist_position")[:page_size])
    return JsonResponse({"next": None, "previous": None, "results": [_occurrence_dict(row, member_ids)
                                                                      for row in rows]})


def _waitlist_position(mine: Any) -> Subquery:
    ahead = (Rsvp.objects.filter(occurrence=OuterRef("pk"), status="waitlisted")
             .filter(Q(waitlisted_at__lt=OuterRef("rsvps__waitlisted_at"))
                     | Q(waitlisted_at=OuterRef("rsvps__waitlisted_at"), pk__lte=OuterRef("rsvps__id")))
             .values("occurrence").annotate(n=Count("pk")).values("n"))
    return Subquery(ahead)


@csrf_exempt
def rsvp_set(request: HttpRequest, occurrence_id: int) -> JsonResponse:
    """PUT an RSVP: the same rows written as the service writes them (capacity and waitlist included)."""
    user = request.user
    if request.method != "PUT" or not user.is_authenticated:
        return JsonResponse({"detail": "Not allowed."}, status=405)
    wanted = json.loads(request.body)["status"]
    with transaction.atomic():
        occurrence = Occurrence.objects.select_for_update().filter(pk=occurrence_id).values(
            "id", "group_id", "capacity", "going_count").first()
        if occurrence is None or not Membership.objects.filter(user=user, group_id=occurrence["group_id"],
                                                               status="active").exists():
            return JsonResponse({"detail": "Not found."}, status=404)
        previous = Rsvp.objects.filter(occurrence_id=occurrence_id, user=user).values("id", "status").first()
        status = wanted
        if (wanted == "going" and (previous or {}).get("status") != "going" and occurrence["capacity"] is not None
                and occurrence["going_count"] >= occurrence["capacity"]):
            status = "waitlisted"
        if previous is None:
            Rsvp.objects.create(occurrence_id=occurrence_id, user=user, status=status,
                                waitlisted_at=timezone.now() if status == "waitlisted" else None)
        else:
            Rsvp.objects.filter(pk=previous["id"]).update(status=status, updated_at=timezone.now())
        counts = Rsvp.objects.filter(occurrence_id=occurrence_id).aggregate(
            going=Count("id", filter=Q(status="going")), maybe=Count("id", filter=Q(status="maybe")),
            waiting=Count("id", filter=Q(status="waitlisted")))
        Occurrence.objects.filter(pk=occurrence_id).update(
            going_count=counts["going"], maybe_count=counts["maybe"], waitlist_count=counts["waiting"])
    return JsonResponse({"status": status, "share_name": False, "waitlist_position": None})


urlpatterns = [
    path("groups/", directory),
    path("groups/<slug:slug>/", group_detail),
    path("groups/<slug:slug>/occurrences/", group_occurrences),
    path("me/meetings/", my_meetings),
    path("occurrences/<int:occurrence_id>/rsvp/", rsvp_set),
]
