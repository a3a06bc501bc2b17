"""Creating, reading, changing and archiving a group."""

from __future__ import annotations

import pytest

from kindred.groups.models import Group, Membership
from kindred.moderation.models import ModerationLogEntry
from tests.conftest import session_client
from tests.factories import FacilitatorMembershipFactory, GroupFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Grief circle, Hackney", "description": "For anyone living with loss.", "format": "hybrid",
         "join_policy": "open", "time_zone": "Europe/London", "languages": ["en", "PT-br"],
         "topics": ["Grief", "loss"], "city": "London", "country": "gb", "latitude": 51.545, "longitude": -0.055,
         "online_url": "https://meet.example.org/grief", "agreements": "We listen without judging.",
         "accessibility": ["step_free"]}


def fields_of(response) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(error["field"], error["code"]) for error in response.json()["errors"]}


def test_create_makes_the_creator_an_active_facilitator(user_client, user):
    response = user_client.post("/api/v1/groups/", VALID, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "grief-circle-hackney"
    assert body["topics"] == ["grief", "loss"] and body["languages"] == ["en", "pt-BR"] and body["country"] == "GB"
    assert body["facilitators"] == [{"name": user.display_name}]
    assert body["member_count"] == 1 and body["looking_for_facilitator"] is False
    assert body["online_url"] == "https://meet.example.org/grief"  # the creator is a member
    assert body["my_membership"]["role"] == "facilitator"
    membership = Membership.objects.get(group__slug="grief-circle-hackney")
    assert (membership.user, membership.role, membership.status) == (user, "facilitator", "active")


def test_slugs_are_unique_and_never_empty(user_client):
    slugs = [user_client.post("/api/v1/groups/", {"name": name}, format="json").json()["slug"]
             for name in ("Grief circle", "Grief circle", "Grief  Circle!", "शोक सभा")]
    assert slugs == ["grief-circle", "grief-circle-2", "grief-circle-3", "group"]


@pytest.mark.parametrize("namesakes", [1, 40])
def test_a_common_name_costs_no_more_queries_to_create(user_client, django_assert_max_num_queries, namesakes):
    """Finding a free slug is one query, not one per namesake (Schemathesis made thousands of groups
    called "Grief circle, Hackney" and each took longer than the last)."""
    for number in range(1, namesakes + 1):
        GroupFactory(name="Grief circle", slug="grief-circle" if number == 1 else f"grief-circle-{number}")
    GroupFactory(name="Grief circle club", slug="grief-circle-club")  # shares the prefix, not the pattern
    with django_assert_max_num_queries(15):
        response = user_client.post("/api/v1/groups/", {"name": "Grief circle"}, format="json")
    assert response.status_code == 201 and response.json()["slug"] == f"grief-circle-{namesakes + 1}"


def test_create_ignores_fields_a_client_may_not_write(user_client):
    body = {**VALID, "slug": "mine", "is_archived": True, "agreements_version": 9, "member_count": 99,
            "id": 5, "created_at": "2020-01-01T00:00:00Z", "role": "member", "whatever": 1}
    response = user_client.post("/api/v1/groups/", body, format="json")
    assert response.status_code == 201
    group = Group.objects.get()
    assert (group.slug, group.is_archived, group.agreements_version) == ("grief-circle-hackney", False, 1)


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"name": ""}, "name", "blank"),
    ({"name": "x" * 121}, "name", "max_length"),
    ({"description": "x" * 5001}, "description", "max_length"),
    ({"time_zone": "Mars/Olympus"}, "time_zone", "invalid_time_zone"),
    ({"topics": ["LGBTQ+"]}, "topics.0", "invalid_topic"),
    ({"topics": "grief"}, "topics", "not_a_list"),
    ({"languages": ["english!"]}, "languages.0", "invalid_language"),
    ({"country": "GBR"}, "country", "max_length"),
    ({"country": "1x"}, "country", "invalid_country"),
    ({"latitude": 91}, "latitude", "max_value"),
    ({"longitude": "east"}, "longitude", "invalid"),
    ({"longitude": None}, "longitude", "incomplete_location"),
    ({"format": "telepathy"}, "format", "invalid_choice"),
    ({"join_policy": "invite"}, "join_policy", "invalid_choice"),
    ({"accessibility": ["ramp"]}, "accessibility.0", "invalid_choice"),
    ({"online_url": "not a url"}, "online_url", "invalid"),
    ({"listed": "perhaps"}, "listed", "invalid"),
    ({"join_policy": "approval", "online_link_public": True}, "online_link_public", "approval_group_link"),
])
def test_create_rejects_bad_input_naming_the_field_and_writes_nothing(user_client, change, field, code):
    body = {**VALID, **change}
    response = user_client.post("/api/v1/groups/", body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert (field, code) in fields_of(response), response.json()
    assert not Group.objects.exists() and not Membership.objects.exists()


def test_create_needs_sign_in(api_client):
    assert api_client.post("/api/v1/groups/", VALID, format="json").status_code == 401
    assert not Group.objects.exists()


def test_detail_hides_online_details_from_non_members(api_client, group, member_client, user_client):
    group.online_phone = "+44 20 7946 0000"
    group.save()
    url = f"/api/v1/groups/{group.slug}/"
    for client in (api_client, user_client):
        body = client.get(url).json()
        assert body["online_url"] is None and body["online_phone"] is None
    body = member_client.get(url).json()
    assert body["online_url"] == group.online_url and body["online_phone"] == "+44 20 7946 0000"


def test_a_group_that_welcomes_each_request_never_publishes_its_link(api_client, group, facilitator_client):
    """SPEC: only an open group may publish its link (everywhere: page, occurrences, feeds)."""
    url = f"/api/v1/groups/{group.slug}/"
    assert facilitator_client.patch(url, {"online_link_public": True}, format="json").status_code == 200
    response = facilitator_client.patch(url, {"join_policy": "approval"}, format="json")
    assert response.status_code == 400
    assert ("online_link_public", "approval_group_link") in fields_of(response)
    group.refresh_from_db()
    assert (group.join_policy, group.online_link_public) == ("open", True)  # nothing half-changed
    both = {"join_policy": "approval", "online_link_public": False}
    assert facilitator_client.patch(url, both, format="json").status_code == 200
    assert api_client.get(url).json()["online_url"] is None


def test_public_link_is_shown_to_everyone(api_client):
    group = GroupFactory(online_link_public=True)
    assert api_client.get(f"/api/v1/groups/{group.slug}/").json()["online_url"] == group.online_url


def test_detail_shows_facilitator_names_in_group_count_and_support(api_client, settings):
    group = GroupFactory(support_resources="")
    FacilitatorMembershipFactory(group=group, display_name="Ade in this group")
    MembershipFactory(group=group)
    MembershipFactory(group=group, status=Membership.Status.PENDING)
    body = api_client.get(f"/api/v1/groups/{group.slug}/").json()
    assert body["facilitators"] == [{"name": "Ade in this group"}]
    assert body["member_count"] == 2
    assert body["support_resources"] == settings.SITE_SUPPORT_RESOURCES
    assert body["support_resources_source"] == "site"  # the app says it is general advice, not the group's
    assert body["my_membership"] is None
    assert "email" not in str(body)


def test_a_groups_own_help_text_is_marked_as_the_groups(api_client):
    group = GroupFactory(support_resources="Samaritans: 116 123 (free, 24/7).")
    body = api_client.get(f"/api/v1/groups/{group.slug}/").json()
    assert (body["support_resources"], body["support_resources_source"]) == (
        "Samaritans: 116 123 (free, 24/7).", "group")


def test_group_without_facilitator_is_looking_for_one(api_client):
    group = MembershipFactory().group
    assert api_client.get(f"/api/v1/groups/{group.slug}/").json()["looking_for_facilitator"] is True


def test_unknown_slug_is_404_problem(api_client):
    response = api_client.get("/api/v1/groups/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_unlisted_group_is_reachable_by_slug_but_not_in_the_directory(api_client):
    group = GroupFactory(listed=False)
    assert api_client.get(f"/api/v1/groups/{group.slug}/").status_code == 200
    assert api_client.get("/api/v1/groups/").json()["count"] == 0


def test_patch_changes_fields_and_new_agreements_ask_members_again(group, facilitator_client, member_client):
    response = facilitator_client.patch(f"/api/v1/groups/{group.slug}/",
                                        {"agreements": "We listen. No advice unless asked.", "city": "Leeds",
                                         "slug": "stolen", "agreements_version": 1}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["agreements_version"] == 2 and body["city"] == "Leeds" and body["slug"] == group.slug
    assert body["my_membership"]["agreements_pending"] is False  # the editor has read what they wrote
    mine = member_client.get(f"/api/v1/groups/{group.slug}/membership/").json()
    assert mine["status"] == "active" and mine["agreements_pending"] is True
    again = member_client.patch(f"/api/v1/groups/{group.slug}/membership/", {"agreed": True}, format="json")
    assert again.json()["agreements_pending"] is False and again.json()["agreed_version"] == 2


def test_patch_same_agreements_does_not_bump(group, facilitator_client):
    response = facilitator_client.patch(f"/api/v1/groups/{group.slug}/", {"agreements": group.agreements},
                                        format="json")
    assert response.json()["agreements_version"] == 1


def test_patch_bad_input_changes_nothing(group, facilitator_client):
    response = facilitator_client.patch(f"/api/v1/groups/{group.slug}/",
                                        {"city": "Leeds", "time_zone": "Nowhere/Else"}, format="json")
    assert response.status_code == 400
    group.refresh_from_db()
    assert group.city == "London"


def test_patch_can_clear_the_location(group, facilitator_client):
    response = facilitator_client.patch(f"/api/v1/groups/{group.slug}/", {"latitude": None, "longitude": None},
                                        format="json")
    assert response.status_code == 200
    assert response.json()["latitude"] is None


def test_archive_hides_group_from_everyone_but_its_facilitators(group, facilitator, facilitator_client,
                                                               member_client, api_client):
    assert facilitator_client.delete(f"/api/v1/groups/{group.slug}/").status_code == 204
    for client in (api_client, member_client, facilitator_client):  # the old address is gone for everyone
        assert client.get(f"/api/v1/groups/{group.slug}/").status_code == 404
    [mine] = facilitator_client.get("/api/v1/me/memberships/").json()["results"]
    archived_slug = mine["group"]["slug"]  # its facilitators find it at its new address
    assert archived_slug.startswith(f"{group.slug}-archived-")
    assert facilitator_client.get(f"/api/v1/groups/{archived_slug}/").json()["is_archived"] is True
    for client in (api_client, member_client):
        assert client.get(f"/api/v1/groups/{archived_slug}/").status_code == 404
    assert api_client.get("/api/v1/groups/").json()["count"] == 0
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.group, entry.actor) == ("group_archived", group, facilitator)
    assert facilitator_client.delete(f"/api/v1/groups/{archived_slug}/").status_code == 204
    assert ModerationLogEntry.objects.count() == 1
    assert Membership.objects.filter(group=group).count() == 2  # archiving removes nobody


def test_public_pages_are_cached_for_anonymous_callers_and_refreshed_on_change(api_client, group, user):
    url = f"/api/v1/groups/{group.slug}/"
    first = api_client.get(url)
    assert first.json()["member_count"] == 0 and first.has_header("ETag")
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    session_client(user).post(f"{url}membership/", {"agreed": True}, format="json")
    assert api_client.get(url).json()["member_count"] == 1
    assert api_client.get("/api/v1/groups/").json()["results"][0]["member_count"] == 1


def test_group_from_other_user_is_not_editable_by_a_stranger(group):
    stranger = session_client(UserFactory())
    assert stranger.patch(f"/api/v1/groups/{group.slug}/", {"name": "Mine"}, format="json").status_code == 403
    group.refresh_from_db()
    assert group.name != "Mine"
