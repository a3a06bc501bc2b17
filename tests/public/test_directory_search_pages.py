"""A searched directory (words of three letters or more, or a place) reads its page's keys and count
first, then the page's rows (api.pagination.KeysFirstPaginator). Over HTTP its pages must be the
pages an unsearched list gives: the same count, order, links, page past the end and empty answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import FacilitatorMembershipFactory, GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):  # type: ignore[no-untyped-def]
    """23 groups about grief (names out of creation order, one far from London) and 7 about caring."""
    for number in range(23):
        group = GroupFactory(slug=f"grief-{number:02}", name=f"Grief circle {(number * 7) % 23:02}",
                             description="After a loss.", topics=["grief"])
        FacilitatorMembershipFactory(group=group)
    GroupFactory(slug="grief-leeds", name="Grief circle Leeds", topics=["grief"], city="Leeds",
                 latitude=53.8008, longitude=-1.5491)
    for number in range(7):
        GroupFactory(slug=f"carers-{number}", name=f"Carers {number}", description="For carers.", topics=["carers"])
    cache.clear()


def pages(query: str, size: int) -> tuple[int, list[str], list[dict]]:
    """Every page of ``query`` followed through ``next``: the count, the names in order, each page's body."""
    client, url, names, bodies = APIClient(), f"/api/v1/groups/?{query}&page_size={size}", [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        bodies.append(response.json())
        names += [group["name"] for group in bodies[-1]["results"]]
        url = bodies[-1]["next"]
    return bodies[0]["count"], names, bodies


def test_search_pages_hold_every_match_once_in_name_order(groups):
    count, names, bodies = pages("q=grief", size=10)
    expected = sorted([f"Grief circle {number:02}" for number in range(23)] + ["Grief circle Leeds"])
    assert count == 24 and names == expected
    assert [len(body["results"]) for body in bodies] == [10, 10, 4]
    assert bodies[1]["previous"] and bodies[0]["previous"] is None and bodies[2]["next"] is None


def test_search_pages_newest_first(groups):
    _count, names, _bodies = pages("q=circle&ordering=-created_at", size=5)
    _count, unsearched, _bodies = pages("topic=grief&ordering=-created_at", size=5)  # not a narrow search
    assert names == unsearched and len(names) == 24


def test_place_search_pages_by_distance(groups):
    count, names, bodies = pages("near=51.5072,-0.1276&radius_km=400&ordering=distance", size=20)
    assert count == 31 and names[-1] == "Grief circle Leeds"
    assert bodies[-1]["results"][-1]["distance_km"] == pytest.approx(272, abs=5)


def test_search_page_past_the_end_is_a_404_problem(groups):
    response = APIClient().get("/api/v1/groups/?q=grief&page_size=10&page=4")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_search_with_no_match_is_an_empty_first_page_in_one_query(groups, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = APIClient().get("/api/v1/groups/?q=nothing-like-this")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_search_page_facilitators_and_counts_are_each_groups_own(groups, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the page's keys and count, then its rows
        response = APIClient().get("/api/v1/groups/?q=grief&page_size=30")
    results = response.json()["results"]
    assert len(results) == 24
    assert all(len(group["facilitators"]) == 1 and group["member_count"] == 1
               for group in results if group["city"] == "London")
    leeds = next(group for group in results if group["city"] == "Leeds")
    assert leeds["facilitators"] == [] and leeds["looking_for_facilitator"] is True


def test_facilitators_are_named_longest_serving_first_with_their_name_in_the_group(db):
    """The names come from one subquery of the group's row (common.jsonlists.ListOf): their order and
    the name each uses in this group are the roster's."""
    group = GroupFactory(slug="named", name="Named circle")
    now = timezone.now()
    FacilitatorMembershipFactory(group=group, joined_at=now - dt.timedelta(days=1), display_name="",
                                 user__display_name="Bea")
    FacilitatorMembershipFactory(group=group, joined_at=now - dt.timedelta(days=30), display_name="Ade here")
    FacilitatorMembershipFactory(group=group, joined_at=now - dt.timedelta(days=7), display_name="Cy")
    cache.clear()
    for url in ("/api/v1/groups/?q=named", "/api/v1/groups/"):
        [entry] = APIClient().get(url).json()["results"]
        assert entry["facilitators"] == [{"name": "Ade here"}, {"name": "Cy"}, {"name": "Bea"}]
    assert APIClient().get("/api/v1/groups/named/").json()["facilitators"] == [
        {"name": "Ade here"}, {"name": "Cy"}, {"name": "Bea"}]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "4", "99999999999999999999999", str(2**63)])
@pytest.mark.parametrize("query", ["q=grief", "near=51.5072,-0.1276", "topic=grief"])
def test_a_page_that_is_not_there_is_a_404_problem_never_a_500(groups, query, page):
    """A page number so large that its offset overflowed the database's integer was a 500 for a narrow
    search (found by probing the keys-first pages over HTTP): the keys query now never runs for it."""
    response = APIClient().get(f"/api/v1/groups/?{query}&page_size=10&page={page}")
    assert response.status_code == 404, response.content
    assert response.json()["code"] == "not_found"
