"""The public group calendar: RRULE in the series' zone, exceptions, and what real clients expand."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import recurring_ical_events
from django.utils import timezone

from kindred.meetings.models import MeetingSeries, Occurrence
from tests.factories import GroupFactory, MeetingSeriesFactory, next_weekday

from .conftest import materialise

pytestmark = pytest.mark.django_db
YEAR = dt.timedelta(days=366)


def cancel(row: Occurrence, note: str = "The hall is closed for the holiday.") -> None:
    row.status, row.note, row.is_modified = Occurrence.Status.CANCELLED, note, True
    row.sequence += 1
    row.save()


def move(row: Occurrence, *, by: dt.timedelta, location: str = "") -> None:
    row.starts_at += by
    row.ends_at += by
    row.location = location or row.location
    row.is_modified = True
    row.sequence += 1
    row.save()


@pytest.fixture
def two_zone_group():
    """One group, a weekly New York series and a twice-weekly London series, a year of rows each,
    with one cancelled, one moved and one removed occurrence."""
    group = GroupFactory(slug="two-zones", time_zone="Europe/London", online_link_public=False)
    horizon = timezone.now() + YEAR
    new_york = MeetingSeriesFactory(group=group, title="Evening circle (New York)", time_zone="America/New_York",
                                    start_date=next_weekday(1), start_time=dt.time(19, 0), duration_minutes=90,
                                    frequency="weekly", weekdays=["TU"], sequence=2)
    london = MeetingSeriesFactory(group=group, title="Morning circle (London)", time_zone="Europe/London",
                                  start_date=next_weekday(0), start_time=dt.time(8, 30), duration_minutes=60,
                                  frequency="weekly", weekdays=["MO", "TH"], location="Friends House")
    monthly = MeetingSeriesFactory(group=group, title="Second Tuesday social", time_zone="Europe/London",
                                   start_date=next_weekday(1), start_time=dt.time(18, 0), frequency="monthly",
                                   weekdays=["2TU"], count=8)
    ny_rows = materialise(new_york, through=horizon)
    london_rows = materialise(london, through=horizon)
    materialise(monthly, through=horizon)
    cancel(ny_rows[10])
    move(ny_rows[20], by=dt.timedelta(hours=1, minutes=30), location="Community room B")
    london_rows[5].delete()
    cancel(london_rows[30])
    return group, horizon


def expand(body: bytes, start: dt.datetime, end: dt.datetime) -> set[tuple[str, dt.datetime, dt.datetime, str]]:
    calendar = icalendar.Calendar.from_ical(body)
    found = set()
    for event in recurring_ical_events.of(calendar).between(start, end):
        found.add((str(event["UID"]), event.start.astimezone(dt.UTC), event.end.astimezone(dt.UTC),
                   str(event.get("STATUS", "CONFIRMED"))))
    return found


def test_expansion_matches_occurrences_instant_by_instant_across_dst(api_client, two_zone_group):
    group, horizon = two_zone_group
    response = api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"

    rows = Occurrence.objects.filter(group=group).select_related("series")
    expected = {(f"series-{o.series_id}@testserver", o.starts_at, o.ends_at,
                 "CANCELLED" if o.status == "cancelled" else "CONFIRMED") for o in rows}
    start = min(o.starts_at for o in rows) - dt.timedelta(minutes=1)
    assert expand(response.content, start, horizon) == expected
    # The year crosses both DST changes in both zones: 19:00 stays 19:00 local, so UTC moves by an hour.
    new_york_utc_hours = {o.starts_at.hour for o in rows if o.series.time_zone == "America/New_York"
                          and o.status == "scheduled" and not o.is_modified}
    assert new_york_utc_hours == {23, 0}


def test_feed_carries_rule_timezones_exceptions_and_stable_uids(api_client, two_zone_group):
    group, _ = two_zone_group
    body = api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").content
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["X-WR-CALNAME"] == group.name
    assert calendar["PRODID"] and calendar["VERSION"] == "2.0"
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {"America/New_York", "Europe/London"}
    series = {s.title: s for s in MeetingSeries.objects.filter(group=group)}
    masters = {str(e["UID"]): e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e}
    new_york = masters[f"series-{series['Evening circle (New York)'].pk}@testserver"]
    assert new_york["DTSTART"].params["TZID"] == "America/New_York"
    assert new_york["DTSTART"].dt.hour == 19
    assert new_york["RRULE"]["FREQ"] == ["WEEKLY"] and new_york["RRULE"]["BYDAY"] == ["TU"]
    assert new_york["SEQUENCE"] == 2
    london = masters[f"series-{series['Morning circle (London)'].pk}@testserver"]
    assert len(london["EXDATE"].dts) == 1
    assert london["LOCATION"] == "Friends House"
    monthly = masters[f"series-{series['Second Tuesday social'].pk}@testserver"]
    assert monthly["RRULE"]["BYDAY"] == ["2TU"] and monthly["RRULE"]["COUNT"] == [8]
    overrides = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert sorted(str(e["STATUS"]) for e in overrides) == ["CANCELLED", "CANCELLED", "CONFIRMED"]
    moved = next(e for e in overrides if e["STATUS"] == "CONFIRMED")
    assert moved["LOCATION"] == "Community room B" and moved["SEQUENCE"] == 2
    again = api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").content
    assert again == body  # stable UIDs and stamps: the same bytes while nothing changes


def test_online_link_only_when_the_group_publishes_it(api_client):
    group = GroupFactory(format="online", online_url="https://meet.example.org/secret-room", online_link_public=False)
    series = MeetingSeriesFactory(group=group, frequency="weekly", weekdays=["WE"], start_date=next_weekday(2))
    materialise(series, through=timezone.now() + dt.timedelta(days=30))
    url = f"/api/v1/groups/{group.slug}/calendar.ics"
    assert b"secret-room" not in api_client.get(url).content
    group.online_link_public = True
    group.save()
    assert b"secret-room" in api_client.get(url).content


def test_conditional_get_answers_304_until_something_changes(api_client, two_zone_group):
    group, _ = two_zone_group
    url = f"/api/v1/groups/{group.slug}/calendar.ics"
    first = api_client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    cancel(Occurrence.objects.filter(group=group, status="scheduled").first())
    changed = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_calendar_clients_accept_header_is_honoured(api_client, group):
    response = api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics", HTTP_ACCEPT="text/calendar")
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize("slug", ["no-such-group", "archived-one"])
def test_unknown_or_archived_group_is_404(api_client, slug):
    GroupFactory(slug="archived-one", is_archived=True)
    assert api_client.get(f"/api/v1/groups/{slug}/calendar.ics").status_code == 404


@pytest.mark.parametrize("series_count", [2, 12])
def test_query_count_does_not_grow_with_the_feed(api_client, django_assert_max_num_queries, series_count):
    group = GroupFactory()
    for index in range(series_count):
        series = MeetingSeriesFactory(group=group, frequency="weekly", weekdays=["MO"],
                                      start_date=next_weekday(0) + dt.timedelta(days=index))
        materialise(series, through=timezone.now() + dt.timedelta(days=60))
    with django_assert_max_num_queries(4):  # the slug's group id for the cache, the group, its series, their rows
        assert api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").status_code == 200


@pytest.mark.parametrize(("weekday", "recurrence"), [
    (2, {"frequency": "weekly", "interval": 1, "weekdays": ["MO", "TH"]}),  # created on a Wednesday
    (4, {"frequency": "weekly", "interval": 2, "weekdays": ["MO"]}),  # a Friday, every other Monday
    (2, {"frequency": "monthly", "interval": 1, "weekdays": ["-1FR"], "count": 4}),
])
def test_a_start_date_off_the_rule_is_not_a_meeting_in_calendar_clients(api_client, weekday, recurrence):
    """RFC 5545 makes DTSTART a meeting whatever the RRULE says; the API does not list the start
    date when the rule skips it, so neither may the feed, or a calendar shows a meeting nobody holds."""
    from kindred.meetings import services

    group = GroupFactory(time_zone="America/New_York")
    services.series_create(group=group, title="Peer circle", start_date=next_weekday(weekday),
                           start_time=dt.time(18, 30), duration_minutes=60, recurrence=recurrence)
    rows = list(Occurrence.objects.filter(group=group).order_by("starts_at"))
    assert rows and rows[0].starts_at.astimezone(dt.UTC).date() != next_weekday(weekday)

    body = api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").content
    (master,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert master["DTSTART"].dt.astimezone(dt.UTC) == rows[0].starts_at
    window = (rows[0].starts_at - dt.timedelta(days=14), rows[-1].starts_at + dt.timedelta(minutes=1))
    assert {start for _, start, _, _ in expand(body, *window)} == {o.starts_at for o in rows}


@pytest.mark.parametrize("limit", [{}, {"count": 10}, {"until": "UNTIL"}])
def test_a_series_ended_before_its_first_meeting_keeps_the_feed_working(api_client, limit):
    """Ending a series keeps, as cancelled, the meetings someone had answered: subscribers see them
    cancelled, and the feed still answers for the group's other series."""
    from kindred.meetings import services
    from tests.factories import MembershipFactory

    group = GroupFactory(time_zone="America/New_York")
    recurrence = {"frequency": "weekly", "interval": 1, "weekdays": ["TU"], **limit}
    if "until" in limit:
        recurrence["until"] = next_weekday(1) + dt.timedelta(days=70)
    ended = services.series_create(group=group, title="Ended circle", start_date=next_weekday(1),
                                   start_time=dt.time(19, 0), recurrence=recurrence)
    kept = services.series_create(group=group, title="Thursday circle", start_date=next_weekday(3),
                                  start_time=dt.time(19, 0), recurrence={"frequency": "weekly", "weekdays": ["TH"]})
    member = MembershipFactory(group=group).user
    first, _, third = list(ended.occurrences.order_by("starts_at")[:3])
    for row in (first, third):
        services.rsvp_set(user=member, occurrence=row, status="going")
    services.series_end(series=ended)

    response = api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics")
    assert response.status_code == 200
    rows = Occurrence.objects.filter(group=group)
    window = (min(o.starts_at for o in rows) - dt.timedelta(minutes=1), timezone.now() + dt.timedelta(days=60))
    found = expand(response.content, *window)
    ended_uid, kept_uid = f"series-{ended.pk}@testserver", f"series-{kept.pk}@testserver"
    assert {(start, status) for uid, start, _, status in found if uid == ended_uid} == {
        (first.starts_at, "CANCELLED"), (third.starts_at, "CANCELLED")}
    assert {start for uid, start, _, _ in found if uid == kept_uid} == {
        o.starts_at for o in kept.occurrences.all() if o.starts_at < window[1]}
