"""Searching the directory by place: a city, a region or a country finds the groups there (issue 12),
and on PostgreSQL the search stays on indexes."""

from __future__ import annotations

import pytest
from django.db import connection

from kindred.groups.models import Group
from kindred.public.filters import text_search
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(db):  # type: ignore[no-untyped-def]
    GroupFactory(slug="hackney", name="Grief circle", description="", topics=["grief"], city="London",
                 region="England", country="GB")
    GroupFactory(slug="munich", name="Trauer-Kreis", description="", topics=["grief"], city="München",
                 region="Bavaria", country="DE")
    GroupFactory(slug="online", name="Carers online", description="Meets on video.", topics=["carers"],
                 city="", region="", country="")


def slugs(client, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/groups/?{query}")
    assert response.status_code == 200, response.content
    return sorted(group["slug"] for group in response.json()["results"])


@pytest.mark.parametrize(("query", "expected"), [
    ("q=London", ["hackney"]),
    ("q=lond", ["hackney"]),  # as you type
    ("q=m%C3%BCnchen", ["munich"]),
    ("q=Bavaria", ["munich"]),
    ("q=england", ["hackney"]),
    ("q=GB", ["hackney"]),
    ("q=United%20Kingdom", ["hackney"]),
    ("q=uk", ["hackney"]),
    ("q=germany", ["munich"]),
    ("q=video", ["online"]),  # the words about a group are still searched
])
def test_a_city_region_or_country_finds_the_groups_there(api_client, places, query, expected):
    assert slugs(api_client, query) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_words_about_a_group_and_its_place_together(api_client, places):
    assert slugs(api_client, "q=grief%20London") == ["hackney"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.parametrize("text", ["London", "grief London", "United Kingdom"])
def test_the_search_stays_on_indexes(places, text):
    # The text match alone (the listed/archived flags have an index of their own, which a tiny table prefers).
    queryset = text_search(Group.objects.all(), text)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on groups_group" not in plan, plan
    # The words match the stored search document, the substrings (words and place) the stored
    # upper-cased search text: one trigram index for all five fields (issue 16).
    for index in ("group_search_document_idx", "group_search_text_idx"):
        assert index in plan, plan
    if text == "United Kingdom":
        assert "group_place_idx" in plan, plan
