"""Calendar feeds and the public cache under an outside attacker's probe (issue 10), over HTTP.

Found: one group calendar request read every series and occurrence a group ever had (20 daily
series listed two years ahead and 200 ended ones: 10 MB, 23 s per request); junk credentials (an
``Authorization`` header of another scheme, a session cookie that signs no one in) skipped the
public cache, so that work was done for every request; any change in one group emptied the cache of
every group's pages; a series edit re-timed every row lists had made (two years of them); and an
entry of any size was stored.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from kindred.meetings import services
from kindred.meetings.models import MeetingSeries, Occurrence
from kindred.meetings.recurrence import Schedule
from kindred.meetings.services.schedule import FOREVER
from tests.conftest import session_client
from tests.factories import FacilitatorMembershipFactory, GroupFactory, MembershipFactory, RsvpFactory, next_weekday

DAILY = {"frequency": "weekly", "interval": 1, "weekdays": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]}
JUNK_CREDENTIALS = [
    {"HTTP_AUTHORIZATION": "Basic a3VuazpqdW5r"},
    {"HTTP_AUTHORIZATION": "junk"},
    {"HTTP_COOKIE": "sessionid=not-a-session"},
]


def daily_series(group, title: str, **extra) -> MeetingSeries:  # type: ignore[no-untyped-def]
    return services.series_create(group=group, title=title, start_date=timezone.localdate() + dt.timedelta(days=1),
                                  start_time=dt.time(19, 0), duration_minutes=60, recurrence=DAILY, **extra)


def rows_through(series: MeetingSeries, through: dt.datetime, **values) -> None:  # type: ignore[no-untyped-def]
    """Rows the way lists make them (two years ahead for members), each changed by a facilitator."""
    existing = set(series.occurrences.values_list("original_start", flat=True))
    rows = [Occurrence(series=series, group_id=series.group_id, original_start=start, starts_at=start,
                       ends_at=start + dt.timedelta(minutes=60), **values)
            for start in Schedule.of(series).starts_through(through) if start not in existing]
    Occurrence.objects.bulk_create(rows)
    series.occurrences.update(**values)
    MeetingSeries.objects.filter(pk=series.pk).update(materialized_until=through)


def events_in(body: bytes) -> list:  # type: ignore[type-arg]
    return [part for part in Calendar.from_ical(body).walk("VEVENT")]


def test_one_group_calendar_request_does_bounded_work_whatever_the_group_holds(
        db, api_client, django_assert_max_num_queries, settings):
    settings.MAX_LIVE_SERIES_PER_GROUP = 20
    group = GroupFactory()
    two_years = timezone.now() + dt.timedelta(days=730)
    for number in range(20):  # every live series a group may have, each meeting moved, two years ahead
        rows_through(daily_series(group, f"Circle {number}"), two_years, note="Moved", is_modified=True)
    for number in range(60):  # and many ended ones that still have a meeting kept for who answered
        ended = MeetingSeries.objects.create(group=group, title=f"Old {number}", start_date=timezone.localdate(),
                                             start_time=dt.time(9, 0), time_zone=group.time_zone,
                                             ended_at=timezone.now(), materialized_until=FOREVER)
        start = timezone.now() + dt.timedelta(days=3)
        Occurrence.objects.create(series=ended, group=group, original_start=start, starts_at=start,
                                  ends_at=start + dt.timedelta(hours=1), status="cancelled", note="Ended")
    assert Occurrence.objects.filter(group=group).count() > 14_000

    with django_assert_max_num_queries(4):
        response = api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics", HTTP_AUTHORIZATION="Basic eDp5")
    assert response.status_code == 200
    events = events_in(response.content)
    masters = [event for event in events if "RECURRENCE-ID" not in event]
    exceptions = sum(len(event.get("EXDATE", [])) + len(event.get("RDATE", [])) for event in masters)
    assert len(masters) <= 50  # GROUP_FEED_MAX_SERIES
    assert (len(events) - len(masters)) + exceptions <= 1000  # GROUP_FEED_MAX_EXCEPTIONS
    assert len(response.content) < 1024 * 1024
    live = [event for event in masters if str(event["SUMMARY"]).startswith("Circle")]
    assert len(live) == 20  # the live series are always in it, each stopping where the budget ran out
    assert all("UNTIL" in event["RRULE"] for event in live)


def test_the_group_calendar_begins_a_month_ago(api_client, group, settings):
    """The feed re-anchors a long-running series on its first meeting of the last 30 days, as the
    personal feed starts a month ago: old history is not rebuilt on every request."""
    series = MeetingSeries.objects.create(group=group, title="Long runner", start_date=dt.date(2020, 1, 7),
                                          start_time=dt.time(19, 0), duration_minutes=60, time_zone=group.time_zone,
                                          frequency="weekly", weekdays=["TU"], count=400)
    rows_through(series, timezone.now() + dt.timedelta(days=60))
    events = events_in(api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").content)
    (master,) = events
    start = master["DTSTART"].dt
    assert timezone.now() - dt.timedelta(days=31) <= start <= timezone.now()
    assert "COUNT" not in master["RRULE"] and "UNTIL" in master["RRULE"]  # the 400th Tuesday, as before
    assert master["RRULE"]["UNTIL"][0].date() == Schedule.of(series).last_start().date()


@pytest.mark.parametrize("junk", JUNK_CREDENTIALS, ids=["basic", "no-scheme", "stale-cookie"])
def test_junk_credentials_are_answered_from_the_public_cache(api_client, group, junk,
                                                             django_assert_max_num_queries):
    FacilitatorMembershipFactory(group=group)
    daily_series(group, "Circle")
    urls = ["/api/v1/groups/", f"/api/v1/groups/{group.slug}/", f"/api/v1/groups/{group.slug}/calendar.ics",
            "/api/v1/feeds/meeting-guide.json", "/api/v1/meta/"]
    for url in urls:
        assert api_client.get(url).status_code == 200  # warm, without credentials
    for url in urls:
        with django_assert_max_num_queries(1):  # at most the session lookup of a stale cookie
            response = api_client.get(url + "?token=junk&n=1", **junk)
        assert response.status_code == 200 and response["X-Cache"] == "hit", url


def test_a_bad_token_of_a_scheme_kindred_reads_is_a_401_not_uncached_work(api_client, group):
    response = api_client.get("/api/v1/groups/", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401
    # the feeds read no credentials at all: anyone is answered from the cache
    assert api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").status_code == 200
    again = api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert again.status_code == 200 and again["X-Cache"] == "hit"


def test_a_signed_in_member_still_gets_their_own_page(group):
    member = MembershipFactory(group=group).user
    assert session_client(member).get(f"/api/v1/groups/{group.slug}/").json()["my_membership"] is not None


def test_a_change_in_one_group_keeps_every_other_groups_pages_cached(db, api_client):
    changed, other = GroupFactory(), GroupFactory()
    facilitator = FacilitatorMembershipFactory(group=changed).user
    pages = ["/api/v1/groups/{}/", "/api/v1/groups/{}/calendar.ics"]
    for group in (changed, other):
        for page in pages:
            api_client.get(page.format(group.slug))
    created = session_client(facilitator).post(f"/api/v1/groups/{changed.slug}/series/", {
        "title": "New circle", "start_date": str(next_weekday(1)), "start_time": "19:00"}, format="json")
    assert created.status_code == 201
    for page in pages:
        assert api_client.get(page.format(other.slug))["X-Cache"] == "hit"
        assert api_client.get(page.format(changed.slug))["X-Cache"] == "miss"
    assert b"New circle" in api_client.get(f"/api/v1/groups/{changed.slug}/calendar.ics").content


def test_an_archived_groups_old_address_is_not_served_from_the_cache(api_client, group):
    facilitator = FacilitatorMembershipFactory(group=group).user
    old = group.slug
    assert api_client.get(f"/api/v1/groups/{old}/").status_code == 200
    assert session_client(facilitator).delete(f"/api/v1/groups/{old}/").status_code == 204
    assert api_client.get(f"/api/v1/groups/{old}/").status_code == 404
    newcomer = GroupFactory(slug=old)  # the address is free again
    assert api_client.get(f"/api/v1/groups/{old}/").json()["name"] == newcomer.name


def test_an_entry_larger_than_the_cap_is_not_stored(api_client, group, settings):
    settings.PUBLIC_CACHE_MAX_ENTRY_BYTES = 200
    daily_series(group, "Circle")
    url = f"/api/v1/groups/{group.slug}/calendar.ics"
    first, second = api_client.get(url), api_client.get(url)
    assert len(first.content) > 200 and second.status_code == 200
    assert "X-Cache" not in second or second["X-Cache"] == "miss"


def test_a_series_edit_re_times_a_year_of_meetings_as_a_create_makes(
        facilitator_client, member_client, group, member, django_assert_max_num_queries):
    created = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", {
        "title": "Daily check-in", "start_date": str(timezone.localdate() + dt.timedelta(days=1)),
        "start_time": "08:00", "duration_minutes": 30, "recurrence": DAILY}, format="json")
    assert created.status_code == 201
    series = MeetingSeries.objects.get(pk=created.json()["id"])
    far = (timezone.localdate() + dt.timedelta(days=700)).isoformat()
    listed = member_client.get(f"/api/v1/groups/{group.slug}/occurrences/?from={far}&to={far}")
    assert listed.status_code == 200
    assert series.occurrences.count() > 690  # a member's list made two years of rows
    far_row = series.occurrences.order_by("-original_start").first()
    RsvpFactory(occurrence=far_row, user=member)

    with django_assert_max_num_queries(900):  # a year of rows (366 updates), not two years (730+)
        response = facilitator_client.patch(f"/api/v1/series/{series.pk}/", {"start_time": "08:30"}, format="json")
    assert response.status_code == 200
    assert series.occurrences.count() < 380  # a year, plus the answered meeting far ahead
    far_row.refresh_from_db()
    assert far_row.status == "scheduled" and far_row.sequence == 1  # answered: re-timed, kept
    # a list far ahead makes the other rows again, at the new time
    again = member_client.get(f"/api/v1/groups/{group.slug}/occurrences/?from={far}&to={far}").json()["results"]
    assert again and all(row["local_start"][11:16] == "08:30" for row in again)
