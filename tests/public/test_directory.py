"""The public directory: filters, distance, bad parameters, and fixed query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kindred.groups.models import Group
from kindred.meetings.models import MeetingSeries
from tests.conftest import session_client
from tests.factories import (
    FacilitatorInvitationFactory,
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    PendingMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONDON = (51.5072, -0.1276)


def slugs(client, query: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/groups/?{query}")
    assert response.status_code == 200, response.content
    return [group["slug"] for group in response.json()["results"]]


def test_directory_lists_listed_live_groups_by_name(api_client):
    GroupFactory(slug="b", name="Beta")
    GroupFactory(slug="a", name="Alpha")
    GroupFactory(slug="hidden", listed=False)
    GroupFactory(slug="gone", is_archived=True)
    assert slugs(api_client) == ["a", "b"]
    newest_first = slugs(api_client, "ordering=-created_at")
    assert newest_first == ["a", "b"]  # "a" was created after "b"


def test_text_search_covers_name_description_and_topics(api_client):
    GroupFactory(slug="name", name="Sober Sundays", topics=["recovery"], description="")
    GroupFactory(slug="desc", name="Tuesday circle", description="For people who are SOBER curious.", topics=[])
    GroupFactory(slug="topic", name="Circle", description="", topics=["sober-living"])
    GroupFactory(slug="other", name="Grief circle", description="", topics=["grief"])
    assert sorted(slugs(api_client, "q=sober")) == ["desc", "name", "topic"]


@pytest.mark.parametrize(("query", "expected"), [
    ("topic=grief", ["grief-es", "grief-pt"]),
    ("topic=GRIEF", ["grief-es", "grief-pt"]),
    ("language=pt-br", ["grief-pt"]),
    ("language=es", ["grief-es"]),
    ("format=online", ["grief-pt"]),
    ("accessibility=step_free", ["grief-es", "grief-pt"]),
    ("accessibility=step_free,captions", ["grief-pt"]),
    ("topic=grief&language=es&format=in_person", ["grief-es"]),
    ("topic=caregivers", []),
])
def test_list_filters(api_client, query, expected):
    GroupFactory(slug="grief-es", topics=["grief"], languages=["es"], format=Group.Format.IN_PERSON,
                 accessibility=["step_free"])
    GroupFactory(slug="grief-pt", topics=["grief", "loss"], languages=["pt-BR", "en"], format=Group.Format.ONLINE,
                 accessibility=["step_free", "captions"])
    GroupFactory(slug="parents", topics=["new-parents"], languages=["en"], format=Group.Format.HYBRID,
                 accessibility=["childcare"])
    assert sorted(slugs(api_client, query)) == expected


def test_weekday_and_time_of_day_use_the_series_local_schedule(api_client):
    next_week = timezone.localdate() + dt.timedelta(days=7)
    weekly = MeetingSeriesFactory(group__slug="weekly", frequency="weekly", weekdays=["MO", "TH"],
                                  meeting_days=["MO", "TH"], start_time=dt.time(19, 0))
    MeetingSeriesFactory(group__slug="monthly", frequency="monthly", weekdays=["2TU"], meeting_days=["TU"],
                         start_time=dt.time(10, 30))
    one_off_day = next_week + dt.timedelta(days=(5 - next_week.weekday()) % 7)  # a Saturday
    MeetingSeriesFactory(group__slug="one-off", start_date=one_off_day, meeting_days=["SA"], start_time=dt.time(12))
    MeetingSeriesFactory(group__slug="ended", frequency="weekly", weekdays=["MO"], meeting_days=["MO"],
                         start_time=dt.time(19), until=timezone.localdate() - dt.timedelta(days=1))
    MeetingSeriesFactory(group__slug="past-one-off", start_date=timezone.localdate() - dt.timedelta(days=2),
                         meeting_days=["MO"], start_time=dt.time(19))
    GroupFactory(slug="no-meetings")
    MeetingSeries.objects.filter(pk=weekly.pk).update(title="Monday and Thursday evenings")
    assert slugs(api_client, "weekday=MO") == ["weekly"]
    assert slugs(api_client, "weekday=TU") == ["monthly"]
    assert slugs(api_client, "weekday=SA") == ["one-off"]
    assert slugs(api_client, "time_of_day=morning") == ["monthly"]
    assert slugs(api_client, "time_of_day=afternoon") == ["one-off"]
    assert slugs(api_client, "time_of_day=evening") == ["weekly"]
    assert slugs(api_client, "weekday=TU&time_of_day=evening") == []
    assert slugs(api_client, "weekday=TH&time_of_day=evening") == ["weekly"]


def test_near_filters_by_radius_orders_by_distance_and_reports_it(api_client):
    GroupFactory(slug="camden", latitude=51.539, longitude=-0.1426)  # ~4 km
    GroupFactory(slug="croydon", latitude=51.3762, longitude=-0.0982)  # ~15 km
    GroupFactory(slug="oxford", latitude=51.752, longitude=-1.2577)  # ~83 km
    GroupFactory(slug="online", latitude=None, longitude=None, format=Group.Format.ONLINE)
    response = api_client.get("/api/v1/groups/?near=51.5072,-0.1276&radius_km=20&ordering=distance")
    results = response.json()["results"]
    assert [group["slug"] for group in results] == ["camden", "croydon"]
    assert 3.5 < results[0]["distance_km"] < 4.5 and 14 < results[1]["distance_km"] < 16
    assert slugs(api_client, "near=51.5072,-0.1276&radius_km=100&ordering=distance") == ["camden", "croydon", "oxford"]
    assert slugs(api_client, "near=51.5072,-0.1276") == ["camden", "croydon"]  # default radius 25 km
    assert api_client.get("/api/v1/groups/").json()["results"][0]["distance_km"] is None


def test_near_works_across_the_antimeridian(api_client):
    GroupFactory(slug="taveuni", latitude=-16.85, longitude=179.98)
    GroupFactory(slug="rabi", latitude=-16.5, longitude=-179.98)  # east of 180, about 40 km away
    assert sorted(slugs(api_client, "near=-16.8,179.99&radius_km=60")) == ["rabi", "taveuni"]


@pytest.mark.parametrize(("query", "parameter"), [
    ("topic=Bad Topic!", "topic"),
    ("language=english!", "language"),
    ("format=telepathy", "format"),
    ("weekday=XX", "weekday"),
    ("time_of_day=noon", "time_of_day"),
    ("near=abc", "near"),
    ("near=95,0", "near"),
    ("near=51.5,-0.1&radius_km=-1", "radius_km"),
    ("near=51.5,-0.1&radius_km=lots", "radius_km"),
    ("accessibility=step_free,ramp", "accessibility"),
    ("ordering=distance", "ordering"),
    ("ordering=popularity", "ordering"),
    ("q=" + "x" * 201, "q"),
])
def test_invalid_filters_are_400_naming_the_parameter(api_client, query, parameter):
    response = api_client.get(f"/api/v1/groups/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == [parameter]


def test_unknown_parameters_are_ignored_and_page_past_the_end_is_404(api_client):
    GroupFactory()
    assert api_client.get("/api/v1/groups/?colour=blue").status_code == 200
    assert api_client.get("/api/v1/groups/?page=9").status_code == 404


def test_directory_shows_online_links_only_where_i_am_a_member(user, user_client):
    mine = MembershipFactory(user=user).group
    GroupFactory()
    results = {group["slug"]: group["online_url"] for group in user_client.get("/api/v1/groups/").json()["results"]}
    assert results[mine.slug] == mine.online_url
    assert [url for slug, url in results.items() if slug != mine.slug] == [None]


# --- fixed query counts ----------------------------------------------------------------------------

def _busy_groups(count: int) -> list[Group]:
    groups = []
    for _ in range(count):
        group = GroupFactory(topics=["grief"])
        FacilitatorMembershipFactory(group=group)
        FacilitatorMembershipFactory(group=group)
        MembershipFactory(group=group)
        MeetingSeriesFactory(group=group, frequency="weekly", weekdays=["TU"], meeting_days=["TU"])
        groups.append(group)
    return groups


@pytest.mark.parametrize("page_size", [5, 50])
@pytest.mark.parametrize("signed_in", [False, True])
def test_directory_query_budget(django_assert_max_num_queries, page_size, signed_in):
    _busy_groups(55)
    user = UserFactory()
    client = session_client(user) if signed_in else APIClient()
    # a place search: the page's keys with the count, then its rows (facilitators' names in them);
    # signed in adds session, user and my memberships
    with django_assert_max_num_queries(5 if signed_in else 2):
        response = client.get(f"/api/v1/groups/?page_size={page_size}&topic=grief&weekday=TU"
                              "&near=51.5072,-0.1276&ordering=distance")
    assert len(response.json()["results"]) == page_size


@pytest.fixture
def big_group(db):  # type: ignore[no-untyped-def]
    group = GroupFactory(join_policy=Group.JoinPolicy.APPROVAL)
    facilitator = FacilitatorMembershipFactory(group=group, show_on_roster=True).user
    for _ in range(55):
        MembershipFactory(group=group, show_on_roster=True)
        PendingMembershipFactory(group=group)
        FacilitatorMembershipFactory(group=group)
    return group, facilitator


# session + user, group, my membership, (counts), count, page
@pytest.mark.parametrize("page_size", [5, 50])
@pytest.mark.parametrize(("tail", "budget"), [("members/", 7), ("requests/", 6), ("facilitators/", 6)])
def test_group_list_query_budgets(big_group, django_assert_max_num_queries, page_size, tail, budget):
    group, facilitator = big_group
    client = session_client(facilitator)
    with django_assert_max_num_queries(budget):
        response = client.get(f"/api/v1/groups/{group.slug}/{tail}?page_size={page_size}")
    assert response.status_code == 200 and len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
@pytest.mark.parametrize(("tail", "budget"), [("memberships/", 4), ("invitations/", 4)])
def test_me_list_query_budgets(django_assert_max_num_queries, page_size, tail, budget):
    user = UserFactory()
    for _ in range(55):
        group = MembershipFactory(user=user).group
        FacilitatorInvitationFactory(group=group, invitee=user)
    client = session_client(user)
    with django_assert_max_num_queries(budget):
        response = client.get(f"/api/v1/me/{tail}?page_size={page_size}")
    assert response.status_code == 200 and len(response.json()["results"]) == page_size


def test_full_text_search_reads_the_stored_column_and_follows_edits(api_client):
    """Stemmed matches come from the generated ``search_document`` column, never a per-row ``to_tsvector``,
    and an edit of the description is searchable at once (PostgreSQL recomputes the column)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("the stored search column is PostgreSQL's; SQLite matches substrings")
    group = GroupFactory(slug="carers", name="Carers' evening", description="For parents of teenagers.", topics=[])
    GroupFactory(slug="other", name="Walkers", description="Out in the hills.", topics=[])
    with CaptureQueriesContext(connection) as captured:
        assert slugs(api_client, "q=parenting") == ["carers"]  # stemmed: no substring match here
    directory_sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "search_document" in directory_sql and "to_tsvector" not in directory_sql
    assert slugs(api_client, "q=RENTS OF") == ["carers"]  # a substring, any case, across a space
    assert slugs(api_client, "q=%25") == [] and slugs(api_client, "q=_") == []  # LIKE wildcards are literal
    group.description = "For grandparents."
    group.save()
    assert slugs(api_client, "q=parenting") == []
    assert slugs(api_client, "q=hill") == ["other"]
    assert slugs(api_client, "q=GRANDPARENTS") == ["carers"]  # the stored search text follows edits too
    # The fields are searched one by one, as before they were stored together: no match across two.
    assert slugs(api_client, "q=eveningFor") == []
