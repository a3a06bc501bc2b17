"""The facilitator of the day is named by their membership in the group, never their account
(issue 10, probe item 5).

Found: `facilitator` took and gave an account id, the one identifier that is the same in every
group: a member of two groups could tell that "facilitator 41" here is the member they know there.
Now it is the membership id in this group, as the roster (`/members/`) and the facilitators list give it.
"""

from __future__ import annotations

import pytest

from tests.conftest import session_client
from tests.factories import FacilitatorMembershipFactory, GroupFactory, MembershipFactory, UserFactory, next_weekday

WEEKLY = {"title": "Circle", "start_date": str(next_weekday(1)), "start_time": "19:00",
          "recurrence": {"frequency": "weekly", "weekdays": ["TU"]}}


@pytest.fixture
def host_of_the_day(group):  # type: ignore[no-untyped-def]
    for _ in range(3):  # account ids and membership ids drift apart, as they do on a real site
        UserFactory()
        MembershipFactory(group=GroupFactory())
    membership = MembershipFactory(group=group, show_on_roster=True, display_name="Sam here")
    assert membership.pk != membership.user_id
    return membership


def test_the_facilitator_of_the_day_is_chosen_and_shown_by_membership_id(group, facilitator_client, host_of_the_day):
    reader = session_client(MembershipFactory(group=group).user)
    roster_ids = [row["id"] for row in reader.get(f"/api/v1/groups/{group.slug}/members/").json()["results"]]
    assert host_of_the_day.pk in roster_ids  # the id a facilitator finds on the roster

    created = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/",
                                      {**WEEKLY, "facilitator": host_of_the_day.pk}, format="json")
    assert created.status_code == 201, created.content
    shown = reader.get(f"/api/v1/series/{created.json()['id']}/").json()["facilitator"]
    assert shown == {"membership_id": host_of_the_day.pk, "name": "Sam here"}
    assert str(host_of_the_day.user_id) not in str(shown)


def test_an_account_id_is_refused(group, facilitator_client, host_of_the_day):
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/",
                                       {**WEEKLY, "facilitator": host_of_the_day.user_id}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {"field": "facilitator", "code": "not_a_member",
                                            "message": response.json()["errors"][0]["message"]}


def test_a_membership_of_another_group_is_refused_on_edit(group, facilitator_client, host_of_the_day):
    series = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", WEEKLY, format="json").json()
    elsewhere = FacilitatorMembershipFactory(group=GroupFactory(), user=host_of_the_day.user)
    response = facilitator_client.patch(f"/api/v1/series/{series['id']}/", {"facilitator": elsewhere.pk},
                                        format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "facilitator"
    cleared = facilitator_client.patch(f"/api/v1/series/{series['id']}/", {"facilitator": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["facilitator"] is None


def test_the_schema_says_membership_id():
    from drf_spectacular.generators import SchemaGenerator

    components = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    assert "membership_id" in components["FacilitatorOfTheDayOutput"]["properties"]
    assert "membership id" in components["SeriesCreateInputRequest"]["properties"]["facilitator"]["description"]
