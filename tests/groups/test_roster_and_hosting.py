"""The roster, join requests, co-facilitator invitations and safety removals."""

from __future__ import annotations

import pytest
from django.core import mail

from kindred.groups.models import FacilitatorInvitation, Group, Membership
from kindred.moderation.models import ModerationLogEntry
from kindred.notifications.models import NotificationPreferences
from tests.conftest import session_client
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
    OccurrenceFactory,
    PendingMembershipFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db


def test_roster_shows_only_those_who_chose_to_show_plus_counts(group, member_client, member):
    shown = MembershipFactory(group=group, show_on_roster=True, display_name="Kit")
    FacilitatorMembershipFactory(group=group, show_on_roster=True, display_name="Ade")
    PendingMembershipFactory(group=group, show_on_roster=True)
    MembershipFactory(show_on_roster=True)  # another group
    body = member_client.get(f"/api/v1/groups/{group.slug}/members/").json()
    assert [(entry["name"], entry["role"]) for entry in body["results"]] == [("Ade", "facilitator"), ("Kit", "member")]
    assert body["counts"] == {"members": 3, "facilitators": 1, "hidden": 1}
    assert body["results"][1]["id"] == shown.pk
    assert "email" not in str(body) and member.display_name not in str(body)


def test_requests_approve_and_decline(group, facilitator_client, django_capture_on_commit_callbacks):
    group.join_policy = Group.JoinPolicy.APPROVAL
    group.save()
    first = PendingMembershipFactory(group=group, display_name="Jo")
    second = PendingMembershipFactory(group=group)
    listed = facilitator_client.get(f"/api/v1/groups/{group.slug}/requests/").json()["results"]
    assert [(r["id"], r["name"], r["message"]) for r in listed] == [
        (first.pk, "Jo", first.request_message), (second.pk, second.user.display_name, second.request_message)]
    for person in (first.user, second.user):
        NotificationPreferences.objects.create(user=person, join_request_approved=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(f"/api/v1/groups/{group.slug}/requests/{first.pk}/approve/")
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([first.user.email], f"Welcome to {group.name}")]
    assert facilitator_client.post(f"/api/v1/groups/{group.slug}/requests/{second.pk}/decline/").status_code == 204
    assert not Membership.objects.filter(pk=second.pk).exists()
    for request_id in (first.pk, second.pk, 999999):  # no longer pending, gone, unknown
        assert facilitator_client.post(f"/api/v1/groups/{group.slug}/requests/{request_id}/approve/"
                                       ).status_code == 404


def test_cannot_approve_another_groups_request(group, facilitator_client):
    elsewhere = PendingMembershipFactory(group=GroupFactory(join_policy=Group.JoinPolicy.APPROVAL))
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/requests/{elsewhere.pk}/approve/")
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == "pending"


def test_facilitators_list_and_invite(group, facilitator, facilitator_client, member, member_client,
                                      django_capture_on_commit_callbacks):
    listed = member_client.get(f"/api/v1/groups/{group.slug}/facilitators/").json()["results"]
    assert [entry["name"] for entry in listed] == [facilitator.display_name]
    NotificationPreferences.objects.create(user=member, cofacilitator_invited=True)
    membership = Membership.objects.get(user=member)
    Membership.objects.filter(pk=membership.pk).update(show_on_roster=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(f"/api/v1/groups/{group.slug}/facilitators/",
                                           {"membership_id": membership.pk}, format="json")
    assert response.status_code == 201, response.content
    invitation = FacilitatorInvitation.objects.get()
    assert response.json()["invited_by_name"] == facilitator.display_name
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([member.email], f"An invitation to co-facilitate {group.name}")]
    membership.refresh_from_db()
    assert membership.role == "member"  # nothing changes until they accept
    again = facilitator_client.post(f"/api/v1/groups/{group.slug}/facilitators/", {"user_id": member.pk},
                                    format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_invited"
    assert member_client.post(f"/api/v1/me/invitations/{invitation.pk}/accept/").status_code == 200
    names = [entry["name"] for entry in member_client.get(f"/api/v1/groups/{group.slug}/facilitators/").json()[
        "results"]]
    assert names == [facilitator.display_name, member.display_name]


@pytest.mark.parametrize(("body", "status", "code"), [
    ({}, 400, "one_required"),
    ({"membership_id": 1, "user_id": 1}, 400, "one_required"),
    ({"membership_id": "x"}, 400, "invalid"),
    ({"membership_id": 999999}, 404, "not_found"),
])
def test_invite_bad_input(group, facilitator_client, body, status, code):
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/facilitators/", body, format="json")
    assert response.status_code == status
    assert code in str(response.json())
    assert not FacilitatorInvitation.objects.exists()


def test_cannot_invite_pending_or_other_groups_members_or_facilitators(group, facilitator, facilitator_client):
    pending = PendingMembershipFactory(group=group)
    other = MembershipFactory()
    for membership_id, status in ((pending.pk, 404), (other.pk, 404),
                                  (Membership.objects.get(user=facilitator).pk, 409)):
        response = facilitator_client.post(f"/api/v1/groups/{group.slug}/facilitators/",
                                           {"membership_id": membership_id}, format="json")
        assert response.status_code == status
    assert not FacilitatorInvitation.objects.exists()


def test_safety_removal_is_logged_and_releases_rsvps(group, facilitator, facilitator_client, member):
    membership = Membership.objects.get(user=member)
    Membership.objects.filter(pk=membership.pk).update(show_on_roster=True)  # facilitators see whom they remove
    rsvp = RsvpFactory(user=member, occurrence=OccurrenceFactory(series__group=group))
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/members/{membership.pk}/remove/",
                                       {"reason": "Threatened another member after a warning."}, format="json")
    assert response.status_code == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not type(rsvp).objects.filter(pk=rsvp.pk).exists()
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.subject_user, entry.group) == (
        "member_removed", facilitator, member, group)


@pytest.mark.parametrize(("body", "field"), [({}, "reason"), ({"reason": "short"}, "reason"),
                                             ({"reason": "x" * 2001}, "reason")])
def test_removal_needs_a_reason(group, facilitator_client, member, body, field):
    membership = Membership.objects.get(user=member)
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/members/{membership.pk}/remove/", body,
                                       format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == field
    assert Membership.objects.filter(pk=membership.pk).exists() and not ModerationLogEntry.objects.exists()


def test_removal_refuses_facilitators_self_and_other_groups(group, facilitator, facilitator_client):
    reason = {"reason": "A long enough safety reason."}
    other_facilitator = FacilitatorMembershipFactory(group=group)
    mine = Membership.objects.get(user=facilitator)
    elsewhere = MembershipFactory()
    base = f"/api/v1/groups/{group.slug}/members"
    assert facilitator_client.post(f"{base}/{other_facilitator.pk}/remove/", reason, format="json").status_code == 409
    assert facilitator_client.post(f"{base}/{mine.pk}/remove/", reason, format="json").status_code == 409
    assert facilitator_client.post(f"{base}/{elsewhere.pk}/remove/", reason, format="json").status_code == 404
    assert Membership.objects.count() == 3 and not ModerationLogEntry.objects.exists()


def test_other_groups_facilitator_cannot_act_here(group, member):
    outsider = session_client(FacilitatorMembershipFactory().user)
    membership = Membership.objects.get(user=member)
    response = outsider.post(f"/api/v1/groups/{group.slug}/members/{membership.pk}/remove/",
                             {"reason": "A long enough safety reason."}, format="json")
    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_hidden_from_the_roster_cannot_be_found_by_inviting_them(group, facilitator_client, member):
    """Facilitators see about members only what members see: a hidden member answers like no member."""
    hidden = Membership.objects.get(user=member)
    assert not hidden.show_on_roster
    by_membership = facilitator_client.post(f"/api/v1/groups/{group.slug}/facilitators/",
                                            {"membership_id": hidden.pk}, format="json")
    nobody = facilitator_client.post(f"/api/v1/groups/{group.slug}/facilitators/",
                                     {"membership_id": 999999}, format="json")
    assert (by_membership.status_code, by_membership.json()["detail"]) == (nobody.status_code, nobody.json()["detail"])
    assert by_membership.status_code == 404 and not FacilitatorInvitation.objects.exists()
