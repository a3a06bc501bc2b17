"""/me/meetings: my upcoming meetings across groups, in start order, with a fixed query budget."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import client_for
from tests.factories import GroupFactory, MembershipFactory
from tests.meetings.conftest import make_series, occurrences_of

pytestmark = pytest.mark.django_db


def test_lists_answered_meetings_across_groups_in_start_order(member, group, clock):
    tuesday = occurrences_of(make_series(group))
    other = GroupFactory(time_zone="Australia/Sydney")
    MembershipFactory(group=other, user=member)
    wednesday = occurrences_of(make_series(other, recurrence={"frequency": "weekly", "weekdays": ["WE"]},
                                           start_date=dt.date(2027, 1, 6)))
    client = client_for(member)
    for occurrence, status in ((tuesday[1], "going"), (wednesday[0], "maybe"), (tuesday[0], "not_going")):
        client.put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": status}, format="json")
    rows = client.get("/api/v1/me/meetings/").json()["results"]
    assert [row["id"] for row in rows] == [wednesday[0].pk, tuesday[1].pk]  # not_going is not listed
    assert [row["my_rsvp"]["status"] for row in rows] == ["maybe", "going"]
    assert rows[0]["group"] == other.slug and rows[0]["online_url"] == other.online_url
    everything = client.get("/api/v1/me/meetings/?all=true&page_size=100").json()["results"]
    assert {row["id"] for row in everything} >= {tuesday[0].pk, tuesday[2].pk, wednesday[1].pk}
    starts = [row["starts_at"] for row in everything]
    assert starts == sorted(starts)


def test_past_meetings_and_left_groups_drop_out(member, group, clock):
    first, second = occurrences_of(make_series(group))[:2]
    client = client_for(member)
    for occurrence in (first, second):
        client.put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "going"}, format="json")
    clock.set(first.ends_at + dt.timedelta(minutes=1))
    assert [row["id"] for row in client.get("/api/v1/me/meetings/").json()["results"]] == [second.pk]


def test_signed_out_is_401(api_client):
    assert api_client.get("/api/v1/me/meetings/").status_code == 401


def test_my_meetings_query_budget(member, group, clock, django_assert_max_num_queries):
    client = client_for(member)
    for index in range(3):
        other = GroupFactory()
        MembershipFactory(group=other, user=member)
        for occurrence in occurrences_of(make_series(other, capacity=1))[:10]:
            client.put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "going" if index else "maybe"},
                       format="json")
    for query in ("", "all=true&"):
        for page_size in (5, 30):
            with django_assert_max_num_queries(4):
                response = client.get(f"/api/v1/me/meetings/?{query}page_size={page_size}")
            assert len(response.json()["results"]) == page_size


def test_my_ids_travel_as_one_array_parameter_on_postgresql(member, group, clock):
    """Issue 16: hundreds of ids were one parameter each; PostgreSQL now gets one ``bigint[]``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(member)
    answered = occurrences_of(make_series(group, recurrence={"frequency": "weekly", "weekdays": ["MO", "TU", "WE",
                                                                                            "TH", "FR"]}))[:40]
    for occurrence in answered:
        client.put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "maybe"}, format="json")
    with CaptureQueriesContext(connection) as captured:
        rows = client.get("/api/v1/me/meetings/?page_size=50").json()["results"]
    assert [row["id"] for row in rows] == [occurrence.pk for occurrence in answered]
    page_sql = next(query["sql"] for query in captured.captured_queries if "meetings_meetingseries" in query["sql"])
    postgres = connection.vendor == "postgresql"
    assert ('"meetings_occurrence"."id" = ANY(' in page_sql) is postgres
    assert ('"meetings_occurrence"."id" IN (' in page_sql) is not postgres
