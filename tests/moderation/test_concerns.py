"""Concerns: who may raise them, where they go, who sees them, and resolving them into the log."""

from __future__ import annotations

import pytest

from kindred.moderation.models import Concern, ModerationLogEntry
from tests.conftest import client_for
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
    OccurrenceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
MESSAGE = "Comments about another member's faith made people uncomfortable."


def raise_concern(client, **body):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/concerns/", {"message": MESSAGE, **body}, format="json")


def listed(client, group) -> list[dict]:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/groups/{group.slug}/concerns/")
    assert response.status_code == 200
    return response.json()["results"]


def test_concern_about_a_member_goes_to_facilitators_without_the_reporter(member_client, member, group,
                                                                          facilitator_client):
    subject = MembershipFactory(group=group, display_name="Jo in this group", show_on_roster=True)
    occurrence = OccurrenceFactory(series__group=group)
    response = raise_concern(member_client, group=group.slug, occurrence=occurrence.pk,
                             subject_membership=subject.pk)
    assert response.status_code == 201, response.content
    assert response.json()["sent_to"] == "facilitators"
    [concern] = listed(facilitator_client, group)
    assert concern["subject"] == {"membership_id": subject.pk, "name": "Jo in this group"}
    assert concern["occurrence"]["id"] == occurrence.pk
    assert concern["message"] == MESSAGE and concern["status"] == "open"
    assert member.display_name not in str(concern) and "reporter" not in concern


def test_concern_about_a_facilitator_goes_only_to_moderators(member_client, group, facilitator,
                                                            facilitator_client):
    co_facilitator = FacilitatorMembershipFactory(group=group)
    response = raise_concern(member_client, group=group.slug, subject_membership=co_facilitator.pk)
    assert response.json()["sent_to"] == "moderators"
    assert Concern.objects.get().for_moderators
    assert listed(facilitator_client, group) == []
    assert listed(client_for(co_facilitator.user), group) == []


def test_concern_about_the_group_itself_needs_only_sight_of_it(user_client, group, facilitator_client):
    assert raise_concern(user_client, group=group.slug).status_code == 201
    assert len(listed(facilitator_client, group)) == 1


def test_group_without_facilitators_sends_to_moderators(user_client):
    group = GroupFactory()
    assert raise_concern(user_client, group=group.slug).json()["sent_to"] == "moderators"


@pytest.mark.parametrize(("body", "status", "field"), [
    ({}, 400, "group"),
    ({"group": "no-such-group"}, 404, None),
    ({"group": "GROUP", "occurrence": "OTHER_OCCURRENCE"}, 404, "occurrence"),
    ({"group": "GROUP", "subject_membership": "OTHER_MEMBERSHIP"}, 404, "subject_membership"),
    ({"group": "GROUP", "subject_membership": "PENDING"}, 404, "subject_membership"),
    ({"group": "GROUP", "subject_membership": "SELF"}, 400, "subject_membership"),
    ({"group": "GROUP", "message": ""}, 400, "message"),
    ({"group": "GROUP", "message": "x" * 4001}, 400, "message"),
])
def test_bad_targets_are_refused(member_client, member, group, body, status, field):
    from tests.factories import PendingMembershipFactory

    values = {"GROUP": group.slug, "OTHER_OCCURRENCE": OccurrenceFactory().pk,
              "OTHER_MEMBERSHIP": MembershipFactory().pk, "PENDING": PendingMembershipFactory(group=group).pk,
              "SELF": member.memberships.get(group=group).pk}
    body = {key: values.get(value, value) if isinstance(value, str) else value for key, value in body.items()}
    response = member_client.post("/api/v1/concerns/", {"message": MESSAGE, **body}, format="json")
    assert response.status_code == status, response.content
    if field:
        assert field in [error["field"] for error in response.json().get("errors", [])]
    assert not Concern.objects.exists()


def test_a_member_hidden_from_the_roster_cannot_be_named_so_facilitators_never_learn_who_they_are(
        member_client, group, facilitator_client):
    hidden = MembershipFactory(group=group, display_name="Private person", show_on_roster=False)
    response = raise_concern(member_client, group=group.slug, subject_membership=hidden.pk)
    assert response.status_code == 404  # exactly what an id that does not exist answers
    assert response.json() == raise_concern(member_client, group=group.slug, subject_membership=10**6).json()
    assert listed(facilitator_client, group) == [] and not Concern.objects.exists()
    hidden.show_on_roster = True
    hidden.save()
    assert raise_concern(member_client, group=group.slug, subject_membership=hidden.pk).status_code == 201


def test_outsiders_cannot_report_meetings_or_members(user_client, group):
    occurrence = OccurrenceFactory(series__group=group)
    assert raise_concern(user_client, group=group.slug, occurrence=occurrence.pk).status_code == 403
    target = MembershipFactory(group=group)
    assert raise_concern(user_client, group=group.slug, subject_membership=target.pk).status_code == 404
    archived = GroupFactory(is_archived=True)
    assert raise_concern(user_client, group=archived.slug).status_code == 404
    assert not Concern.objects.exists()


def test_signing_in_is_required(api_client, group):
    assert raise_concern(api_client, group=group.slug).status_code == 401


def test_only_facilitators_list_concerns(member_client, user_client, api_client, group):
    """A visible group's list is refused as every group list is (docs/architecture.md): 403 saying what is
    needed; a group the caller may not see is 404. (The concern objects themselves stay 404.)"""
    for client in (member_client, user_client):
        response = client.get(f"/api/v1/groups/{group.slug}/concerns/")
        assert (response.status_code, response.json()["code"]) == (403, "facilitators_only")
    assert member_client.get("/api/v1/groups/no-such-group/concerns/").status_code == 404
    archived = GroupFactory(is_archived=True)
    assert member_client.get(f"/api/v1/groups/{archived.slug}/concerns/").status_code == 404
    assert api_client.get(f"/api/v1/groups/{group.slug}/concerns/").status_code == 401


def test_resolving_writes_the_log_once(member_client, group, facilitator, facilitator_client):
    subject = MembershipFactory(group=group, show_on_roster=True)
    concern_id = raise_concern(member_client, group=group.slug, subject_membership=subject.pk).json()["id"]
    response = facilitator_client.post(f"/api/v1/concerns/{concern_id}/resolve/",
                                       {"note": "Talked with both."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "resolved" and response.json()["resolution_note"] == "Talked with both."
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.subject_user, entry.concern_id, entry.reason) == (
        "concern_resolved", facilitator, subject.user, concern_id, "Talked with both.")
    again = facilitator_client.post(f"/api/v1/concerns/{concern_id}/resolve/", {"note": "x"}, format="json")
    assert again.status_code == 409
    assert ModerationLogEntry.objects.count() == 1
    assert [c["status"] for c in listed(facilitator_client, group)] == ["resolved"]
    open_only = facilitator_client.get(f"/api/v1/groups/{group.slug}/concerns/?status=open").json()["results"]
    assert open_only == []


def test_who_may_resolve(member_client, member, group, facilitator_client):
    co_facilitator = FacilitatorMembershipFactory(group=group)
    about_facilitator = raise_concern(member_client, group=group.slug,
                                      subject_membership=co_facilitator.pk).json()["id"]
    about_group = raise_concern(member_client, group=group.slug).json()["id"]
    other_facilitator = FacilitatorMembershipFactory().user
    for client, concern_id in [(facilitator_client, about_facilitator), (member_client, about_group),
                               (client_for(other_facilitator), about_group),
                               (client_for(co_facilitator.user), about_facilitator)]:
        response = client.post(f"/api/v1/concerns/{concern_id}/resolve/", {"note": "done"}, format="json")
        assert response.status_code == 404
    moderator = client_for(UserFactory(is_staff=True))
    assert moderator.post(f"/api/v1/concerns/{about_facilitator}/resolve/", {"note": "Spoke with them."},
                          format="json").status_code == 200
    assert facilitator_client.post(f"/api/v1/concerns/{about_group}/resolve/", {},
                                   format="json").status_code == 400


def test_concerns_are_throttled(member_client, group, settings):
    from kindred.api.throttling import ConcernThrottle

    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "concern": "2/hour"}
    original = ConcernThrottle.THROTTLE_RATES
    ConcernThrottle.THROTTLE_RATES = rates
    try:
        statuses = [raise_concern(member_client, group=group.slug).status_code for _ in range(3)]
    finally:
        ConcernThrottle.THROTTLE_RATES = original
    assert statuses == [201, 201, 429]


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_budget(member_client, group, facilitator_client, django_assert_max_num_queries, page_size):
    for index in range(page_size + 2):
        Concern.objects.create(reporter=None, group=group, message=f"concern {index}",
                               occurrence=OccurrenceFactory(series__group=group),
                               subject_user=MembershipFactory(group=group, show_on_roster=True).user)
    with django_assert_max_num_queries(7):  # five, and the session and its user (a signed-in browser's)
        response = facilitator_client.get(f"/api/v1/groups/{group.slug}/concerns/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size
    assert all(result["subject"]["name"] for result in response.json()["results"])


def test_staff_list_the_concerns_that_came_to_them_and_no_one_else_can(member_client, group, facilitator,
                                                                        facilitator_client, api_client):
    staff = client_for(UserFactory(is_staff=True))
    co_facilitator = FacilitatorMembershipFactory(group=group, display_name="Ade")
    raise_concern(member_client, group=group.slug, subject_membership=co_facilitator.pk)
    raise_concern(member_client, group=group.slug)  # about the group: its facilitators', not staff's
    response = staff.get("/api/v1/concerns/?status=open")
    assert response.status_code == 200
    [concern] = response.json()["results"]
    assert concern["subject"] == {"membership_id": co_facilitator.pk, "name": "Ade"}
    assert (concern["group"], concern["group_name"]) == (group.slug, group.name)
    assert "reporter" not in concern and "@" not in str(concern)
    assert staff.get("/api/v1/concerns/?status=resolved").json()["results"] == []
    for client, expected in ((member_client, 403), (facilitator_client, 403), (api_client, 401)):
        refused = client.get("/api/v1/concerns/")
        assert refused.status_code == expected
    assert facilitator_client.get("/api/v1/concerns/").json()["code"] == "staff_only"
    assert staff.get("/api/v1/concerns/?status=nope").status_code == 400


@pytest.mark.parametrize("page_size", [5, 50])
def test_staff_list_query_budget(group, django_assert_max_num_queries, page_size):
    staff = client_for(UserFactory(is_staff=True))
    for index in range(page_size + 2):
        Concern.objects.create(reporter=None, group=group, message=f"concern {index}", for_moderators=True,
                               occurrence=OccurrenceFactory(series__group=group),
                               subject_user=FacilitatorMembershipFactory(group=group).user)
    with django_assert_max_num_queries(5):  # count, page, and the session and its user
        response = staff.get(f"/api/v1/concerns/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size
    assert all(result["subject"]["name"] for result in response.json()["results"])


def test_me_says_whether_i_am_one_of_the_moderators(member_client):
    assert member_client.get("/api/v1/me/").json()["is_staff"] is False
    assert client_for(UserFactory(is_staff=True)).get("/api/v1/me/").json()["is_staff"] is True
