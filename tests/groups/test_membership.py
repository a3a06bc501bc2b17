"""Joining, my preferences in a group, leaving and stepping down."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kindred.groups import services
from kindred.groups.models import FacilitatorInvitation, Group, Membership
from kindred.meetings.models import Rsvp
from tests.factories import (
    FacilitatorInvitationFactory,
    GroupFactory,
    MembershipFactory,
    OccurrenceFactory,
    RsvpFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(group: Group, tail: str = "membership/") -> str:
    return f"/api/v1/groups/{group.slug}/{tail}"


def test_joining_an_open_group_is_active_at_once(user_client, user, group):
    user.show_on_rosters = True
    user.save()
    response = user_client.post(url(group), {"agreed": True, "display_name": "Sunny", "message": "hi"},
                                format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["role"], body["name_in_group"]) == ("active", "member", "Sunny")
    assert body["show_on_roster"] is True  # inherits my default
    assert body["agreed_version"] == group.agreements_version and body["agreements_pending"] is False
    assert Membership.objects.get(user=user).request_message == ""  # no note needed to join an open group
    assert user_client.get(f"/api/v1/groups/{group.slug}/").json()["online_url"] == group.online_url


def test_joining_an_approval_group_waits_for_a_facilitator(user_client, user):
    group = GroupFactory(join_policy=Group.JoinPolicy.APPROVAL)
    response = user_client.post(url(group), {"agreed": True, "message": "I lost my mum."}, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "pending" and response.json()["joined_at"] is None
    assert Membership.objects.get(user=user).request_message == "I lost my mum."
    detail = user_client.get(f"/api/v1/groups/{group.slug}/").json()
    assert detail["online_url"] is None and detail["member_count"] == 0


@pytest.mark.parametrize("body", [{}, {"agreed": False}, {"agreed": None}, {"agreed": "nope"}, {"message": "hi"}])
def test_joining_needs_consent_to_the_agreements(user_client, group, body):
    response = user_client.post(url(group), body, format="json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["agreed"]
    assert not Membership.objects.exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"agreed": True, "display_name": "x" * 81}, "display_name"),
    ({"agreed": True, "message": "x" * 1001}, "message"),
    ({"agreed": True, "display_name": ["Sam"]}, "display_name"),
])
def test_join_rejects_bad_input(user_client, group, body, field):
    response = user_client.post(url(group), body, format="json")
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Membership.objects.exists()


def test_join_ignores_role_and_status_from_the_client(user_client):
    group = GroupFactory(join_policy=Group.JoinPolicy.APPROVAL)
    body = {"agreed": True, "role": "facilitator", "status": "active", "agreed_version": 99, "group": 1}
    response = user_client.post(url(group), body, format="json")
    assert (response.json()["role"], response.json()["status"], response.json()["agreed_version"]) == (
        "member", "pending", 1)


def test_joining_twice_is_a_conflict(member_client, group):
    response = member_client.post(url(group), {"agreed": True}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "already_member"
    assert Membership.objects.filter(group=group).count() == 1


def test_join_unknown_or_archived_group_is_404(user_client):
    archived = GroupFactory(is_archived=True)
    for slug in ("no-such-group", archived.slug):
        assert user_client.post(f"/api/v1/groups/{slug}/membership/", {"agreed": True}, format="json"
                                ).status_code == 404
    assert not Membership.objects.exists()


def test_join_is_throttled(user_client, monkeypatch):
    from kindred.api.throttling import JoinThrottle

    monkeypatch.setattr(JoinThrottle, "THROTTLE_RATES", {"join": "2/hour"})
    responses = [user_client.post(url(GroupFactory()), {"agreed": True}, format="json") for _ in range(3)]
    assert [response.status_code for response in responses] == [201, 201, 429]
    assert responses[-1].has_header("Retry-After")
    assert Membership.objects.count() == 2


def test_patch_my_preferences(member_client, member, group):
    response = member_client.patch(url(group), {"show_on_roster": True, "display_name": "R.", "role": "facilitator"},
                                   format="json")
    assert response.status_code == 200
    assert (response.json()["show_on_roster"], response.json()["name_in_group"], response.json()["role"]) == (
        True, "R.", "member")


@pytest.mark.parametrize("body", [{"agreed": False}, {"show_on_roster": "maybe"}, {"display_name": "x" * 81}])
def test_patch_rejects_bad_input(member_client, member, group, body):
    response = member_client.patch(url(group), body, format="json")
    assert response.status_code == 400
    membership = Membership.objects.get(user=member)
    assert (membership.show_on_roster, membership.display_name) == (False, "")


def test_my_membership_when_not_a_member_is_404(user_client, group):
    for method in ("get", "patch", "delete"):
        assert getattr(user_client, method)(url(group), {}, format="json").status_code == 404


def test_leaving_is_immediate_and_drops_only_future_rsvps(member_client, member, group, mailoutbox):
    future = RsvpFactory(user=member, occurrence=OccurrenceFactory(series__group=group))
    past_start = timezone.now() - dt.timedelta(days=7)
    past = RsvpFactory(user=member, occurrence=OccurrenceFactory(series__group=group, starts_at=past_start))
    elsewhere = RsvpFactory(user=member)
    FacilitatorInvitation.objects.create(group=group, invitee=member)
    response = member_client.delete(url(group), {"reason": "ignored"}, format="json")
    assert response.status_code == 204 and response.content == b""
    assert not Membership.objects.filter(user=member, group=group).exists()
    remaining = set(Rsvp.objects.values_list("pk", flat=True))
    assert future.pk not in remaining and {past.pk, elsewhere.pk} <= remaining
    assert not FacilitatorInvitation.objects.exists()
    assert mailoutbox == []  # nobody is told
    assert member_client.get(url(group)).status_code == 404


def test_rejoining_after_leaving_is_allowed(member_client, group):
    assert member_client.delete(url(group)).status_code == 204
    assert member_client.post(url(group), {"agreed": True}, format="json").status_code == 201


def test_pending_member_can_withdraw_the_request(user_client, user):
    group = GroupFactory(join_policy=Group.JoinPolicy.APPROVAL)
    user_client.post(url(group), {"agreed": True}, format="json")
    assert user_client.delete(url(group)).status_code == 204
    assert not Membership.objects.exists()


def test_last_facilitator_may_leave_and_the_group_looks_for_one(group, facilitator_client, api_client):
    assert facilitator_client.delete(url(group)).status_code == 204
    assert api_client.get(f"/api/v1/groups/{group.slug}/").json()["looking_for_facilitator"] is True


def test_step_down_keeps_membership_and_last_one_may_step_down(group, facilitator_client, api_client):
    response = facilitator_client.post(url(group, "membership/step-down/"))
    assert response.status_code == 200
    assert (response.json()["role"], response.json()["status"]) == ("member", "active")
    body = api_client.get(f"/api/v1/groups/{group.slug}/").json()
    assert body["looking_for_facilitator"] is True and body["facilitators"] == []
    assert facilitator_client.post(url(group, "membership/step-down/")).status_code == 403


def test_services_refuse_join_without_consent_and_step_down_of_a_member(group):
    user = UserFactory()
    with pytest.raises(services.RuleBroken):
        services.membership_join(user=user, group=group, agreed=False)
    membership = MembershipFactory(group=group)
    with pytest.raises(services.Conflict):
        services.membership_step_down(membership=membership)


def test_me_memberships_lists_mine_with_pending_agreements(user_client, user):
    open_group = GroupFactory(name="A circle")
    approval = GroupFactory(name="B circle", join_policy=Group.JoinPolicy.APPROVAL)
    archived = GroupFactory(name="C circle", is_archived=True)
    MembershipFactory(user=user, group=open_group, display_name="Sunny")
    MembershipFactory(user=user, group=approval, status=Membership.Status.PENDING)
    MembershipFactory(user=user, group=archived)
    MembershipFactory(group=open_group)  # someone else's
    Group.objects.filter(pk=open_group.pk).update(agreements_version=2)
    results = user_client.get("/api/v1/me/memberships/").json()["results"]
    assert [(r["group"]["slug"], r["status"], r["name_in_group"], r["agreements_pending"]) for r in results] == [
        (open_group.slug, "active", "Sunny", True), (approval.slug, "pending", user.display_name, False)]


def test_invitation_accept_and_decline(user_client, user, group):
    invitation = FacilitatorInvitationFactory(group=group, invitee=MembershipFactory(group=group, user=user).user)
    listed = user_client.get("/api/v1/me/invitations/").json()["results"]
    assert [(i["id"], i["group"]["slug"]) for i in listed] == [(invitation.pk, group.slug)]
    assert listed[0]["invited_by_name"] == invitation.invited_by.display_name
    response = user_client.post(f"/api/v1/me/invitations/{invitation.pk}/accept/")
    assert response.status_code == 200 and response.json()["role"] == "facilitator"
    assert not FacilitatorInvitation.objects.exists()
    assert user_client.post(f"/api/v1/me/invitations/{invitation.pk}/accept/").status_code == 404
    second = FacilitatorInvitationFactory(group=GroupFactory(), invitee=user)
    assert user_client.post(f"/api/v1/me/invitations/{second.pk}/decline/").status_code == 204
    assert not FacilitatorInvitation.objects.exists()


def test_someone_elses_invitation_is_404(user_client):
    invitation = FacilitatorInvitationFactory()
    for action in ("accept", "decline"):
        assert user_client.post(f"/api/v1/me/invitations/{invitation.pk}/{action}/").status_code == 404
    assert FacilitatorInvitation.objects.filter(pk=invitation.pk).exists()


def test_invitation_after_leaving_cannot_be_accepted(user, user_client, group):
    membership = MembershipFactory(group=group, user=user)
    invitation = FacilitatorInvitation.objects.create(group=group, invitee=user)
    Membership.objects.filter(pk=membership.pk).delete()  # left by some path that kept the invitation
    assert user_client.get("/api/v1/me/invitations/").json()["count"] == 0
    assert user_client.post(f"/api/v1/me/invitations/{invitation.pk}/accept/").status_code == 404
    assert not Membership.objects.filter(user=user).exists()
