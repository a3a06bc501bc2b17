"""One facilitator plus anonymous requests cannot cost minutes of server time.

Before: 50 daily series in one group gave 91,400 occurrence rows, and one anonymous
`?to=2031-12-31` materialised them all in a single request (13-60 s). Now a group holds at most
MAX_LIVE_SERIES_PER_GROUP live series, a list reaches at most a year ahead (two for members), and
one request creates at most MAX_OCCURRENCES_CREATED_PER_REQUEST rows, the list going on from
where its rows are complete through its `next` link.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from kindred.meetings.models import Occurrence
from tests.meetings.conftest import UTC, make_series

DAILY = {"frequency": "weekly", "interval": 1, "weekdays": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]}
TODAY = dt.date(2027, 1, 4)  # the clock fixture's day (a Monday, in the group's zone too)


def series_body(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "start_date": "2027-01-05", "start_time": "19:00", "duration_minutes": 60,
            "recurrence": {"frequency": "weekly", "weekdays": ["TU"]}, **extra}


def walk(client: Any, url: str, limit: int = 500) -> list[dict[str, Any]]:
    """Every row of a list, following `next` to the end."""
    rows: list[dict[str, Any]] = []
    for _ in range(limit):
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
        if url is None:
            return rows
    raise AssertionError("the list never ended")


# --- at most 20 live series per group ------------------------------------------------------------

def test_the_twenty_first_live_series_is_refused_with_a_clear_code(facilitator_client, group, clock):
    for number in range(20):
        make_series(group, title=f"Circle {number}")
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", series_body("One too many"),
                                       format="json")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "too_many_series" and "20" in response.json()["detail"]

    ended = group.series.order_by("pk").first()
    assert facilitator_client.delete(f"/api/v1/series/{ended.pk}/").status_code == 204
    assert facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", series_body("Now it fits"),
                                   format="json").status_code == 201


def test_finished_series_do_not_count(facilitator_client, group, clock, settings):
    settings.MAX_LIVE_SERIES_PER_GROUP = 2
    make_series(group, title="One-off", recurrence=None, start_date=dt.date(2027, 1, 6))
    make_series(group, title="Four Tuesdays", recurrence={**DAILY, "weekdays": ["TU"], "count": 4})
    url = f"/api/v1/groups/{group.slug}/series/"
    assert facilitator_client.post(url, series_body("Third"), format="json").status_code == 409
    clock.set(dt.datetime(2027, 3, 1, 12, 0, tzinfo=UTC))  # both have had their last meeting
    assert facilitator_client.post(url, series_body("Third", start_date="2027-03-02"),
                                   format="json").status_code == 201


# --- how far ahead a list may reach ----------------------------------------------------------------

@pytest.mark.parametrize(("who", "years", "field"), [("anonymous", 1, "to"), ("anonymous", 1, "from"),
                                                      ("non_member", 1, "to"), ("member", 2, "to")])
def test_a_list_reaches_a_year_ahead_or_two_for_members(api_client, user_client, member_client, group, clock,
                                                        who, years, field):
    make_series(group)
    client = {"anonymous": api_client, "non_member": user_client, "member": member_client}[who]
    last_day = TODAY + relativedelta(years=years)
    url = f"/api/v1/groups/{group.slug}/occurrences/"
    assert client.get(url, {field: last_day.isoformat()}).status_code == 200
    beyond = client.get(url, {field: (last_day + dt.timedelta(days=1)).isoformat()})
    assert beyond.status_code == 400
    problem = beyond.json()
    assert problem["code"] == "too_far_ahead" and problem["errors"][0]["field"] == field
    assert str(years) in problem["detail"]


# --- one request creates a bounded number of rows ------------------------------------------------

def test_the_worst_anonymous_request_is_bounded_in_rows_and_queries(api_client, facilitator, group, clock,
                                                                  django_assert_max_num_queries):
    for number in range(20):  # the most live series a group may have, every one daily
        make_series(group, title=f"Daily {number}", recurrence=DAILY)
    # A year later nobody has read the list: every series lacks a year of rows.
    clock.set(dt.datetime(2028, 1, 3, 12, 0, tzinfo=UTC))
    furthest = (dt.date(2028, 1, 3) + relativedelta(years=1)).isoformat()
    before = Occurrence.objects.count()
    with django_assert_max_num_queries(30):
        response = api_client.get(f"/api/v1/groups/{group.slug}/occurrences/", {"to": furthest, "page_size": 100})
    created = Occurrence.objects.count() - before
    assert response.status_code == 200 and len(response.json()["results"]) == 100
    assert 0 < created <= 1000 + 20  # the budget, plus at most one row per series sharing the last instant
    assert response.json()["next"]
    # Later pages go on creating rows, each at most the budget, until the year is complete.
    assert Occurrence.objects.filter(starts_at__gt=dt.datetime(2029, 1, 1, tzinfo=UTC)).count() < 20 * 366


def test_following_next_through_a_budgeted_range_lists_every_meeting_once(member_client, group, clock, settings):
    settings.MAX_OCCURRENCES_CREATED_PER_REQUEST = 7
    for number in range(3):
        make_series(group, title=f"Daily {number}", recurrence=DAILY, start_time=dt.time(18 + number, 0))
    # 13 months ahead: the rows (made a year ahead when the series were created) must first be made up
    # to there, seven per request, and the list shows empty pages with a `next` link meanwhile.
    url = f"/api/v1/groups/{group.slug}/occurrences/?from=2028-02-01&to=2028-02-14&page_size=10"
    rows = walk(member_client, url)
    starts = [row["starts_at"] for row in rows]
    assert len(rows) == 3 * 14 == len({row["id"] for row in rows})
    assert starts == sorted(starts)
    assert {row["local_start"][:10] for row in rows} == {f"2028-02-{day:02d}" for day in range(1, 15)}
    assert Occurrence.objects.filter(starts_at__gte=dt.datetime(2028, 2, 15, tzinfo=UTC)).count() == 0
