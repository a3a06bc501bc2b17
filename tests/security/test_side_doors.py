"""Privacy rules that used to leak through a side door, each checked over HTTP.

- A person is shown by the name they use in a group, and only while others in the group can know
  about them (a facilitator, or on the roster); once they leave or hide, by nothing. This holds for
  a concern's subject, an invitation's inviter (and its email), and the facilitator of the day.
- A facilitator cannot remove (or confirm the existence of) a member hidden from the roster.
- A new group's slug says nothing about archived groups.
- An invitation dies with its inviter's role.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from kindred.groups.models import FacilitatorInvitation, Group, Membership
from kindred.moderation.models import ModerationLogEntry
from kindred.notifications.models import NotificationPreferences
from tests.conftest import client_for, session_client
from tests.factories import (
    PASSWORD,
    FacilitatorMembershipFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    PendingMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ACCOUNT_NAME = "Joanna Account-Name"


def visible_member(group: Group, **fields: Any) -> Membership:
    user = UserFactory(display_name=fields.pop("account_name", ACCOUNT_NAME))
    return MembershipFactory(group=group, user=user, show_on_roster=True, **fields)


# --- a concern's subject --------------------------------------------------------------------------

def raise_concern_about(group: Group, subject: Membership) -> None:
    reporter = client_for(visible_member(group, account_name="Reporter").user)
    response = reporter.post("/api/v1/concerns/", {"group": group.slug, "subject_membership": subject.pk,
                                                   "message": "Shouted at a newcomer."}, format="json")
    assert response.status_code == 201


def concern_subjects(client: Any, group: Group) -> list[Any]:
    response = client.get(f"/api/v1/groups/{group.slug}/concerns/")
    assert response.status_code == 200
    assert ACCOUNT_NAME not in response.content.decode()
    return [concern["subject"] for concern in response.json()["results"]]


def test_a_concern_about_someone_who_left_names_no_one(group, facilitator_client):
    subject = visible_member(group, display_name="Jo here")
    raise_concern_about(group, subject)
    assert concern_subjects(facilitator_client, group) == [{"membership_id": subject.pk, "name": "Jo here"}]

    assert client_for(subject.user).delete(f"/api/v1/groups/{group.slug}/membership/").status_code == 204

    assert concern_subjects(facilitator_client, group) == [{"membership_id": None, "name": None}]


def test_a_concern_about_someone_who_hid_from_the_roster_names_no_one(group, facilitator_client):
    subject = visible_member(group, display_name="Jo here")
    raise_concern_about(group, subject)
    hide = client_for(subject.user).patch(f"/api/v1/groups/{group.slug}/membership/", {"show_on_roster": False},
                                          format="json")
    assert hide.status_code == 200

    assert concern_subjects(facilitator_client, group) == [{"membership_id": None, "name": None}]


# --- an invitation and its inviter ------------------------------------------------------------------

def inviter_goes(how: str, group: Group, inviter: Membership) -> None:
    client = session_client(inviter.user)
    if how == "steps down":
        response = client.post(f"/api/v1/groups/{group.slug}/membership/step-down/")
    elif how == "leaves":
        response = client.delete(f"/api/v1/groups/{group.slug}/membership/")
    else:
        response = client.delete("/api/v1/me/", {"password": PASSWORD}, format="json")
    assert response.status_code in (200, 204), response.content


@pytest.fixture
def invitation(group, facilitator) -> tuple[FacilitatorInvitation, Membership, Membership]:
    """A co-facilitator (account name ACCOUNT_NAME, "Ade here" in the group) invites a visible member."""
    inviter = FacilitatorMembershipFactory(group=group, display_name="Ade here",
                                           user=UserFactory(display_name=ACCOUNT_NAME))
    invitee = visible_member(group, account_name="Invitee")
    response = client_for(inviter.user).post(f"/api/v1/groups/{group.slug}/facilitators/",
                                             {"membership_id": invitee.pk}, format="json")
    assert response.status_code == 201 and response.json()["invited_by_name"] == "Ade here"
    return FacilitatorInvitation.objects.get(pk=response.json()["id"]), inviter, invitee


@pytest.mark.parametrize("how", ["steps down", "leaves", "erases their account"])
def test_an_invitation_dies_when_its_inviter_no_longer_hosts(group, invitation, how):
    invitation_row, inviter, invitee = invitation
    invitee_client = client_for(invitee.user)
    listed = invitee_client.get("/api/v1/me/invitations/").json()["results"]
    assert [(row["id"], row["invited_by_name"]) for row in listed] == [(invitation_row.pk, "Ade here")]

    inviter_goes(how, group, inviter)

    listed = invitee_client.get("/api/v1/me/invitations/")
    assert listed.json()["results"] == [] and ACCOUNT_NAME not in listed.content.decode()
    accept = invitee_client.post(f"/api/v1/me/invitations/{invitation_row.pk}/accept/")
    assert accept.status_code == 404
    assert Membership.objects.get(pk=invitee.pk).role == Membership.Role.MEMBER


def test_a_void_invitation_is_404_on_accept_even_if_its_row_survived(group, invitation):
    """However the inviter stopped hosting (the admin, a script), the invitation is read as void."""
    invitation_row, inviter, invitee = invitation
    Membership.objects.filter(pk=inviter.pk).update(role=Membership.Role.MEMBER)
    invitee_client = client_for(invitee.user)
    assert invitee_client.get("/api/v1/me/invitations/").json()["results"] == []
    assert invitee_client.post(f"/api/v1/me/invitations/{invitation_row.pk}/accept/").status_code == 404
    assert invitee_client.post(f"/api/v1/me/invitations/{invitation_row.pk}/decline/").status_code == 204


def test_the_invitation_email_is_not_sent_once_the_inviter_left(group, facilitator, settings, monkeypatch,
                                                                django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    inviter = FacilitatorMembershipFactory(group=group, user=UserFactory(display_name=ACCOUNT_NAME))
    invitee = visible_member(group, account_name="Invitee")
    NotificationPreferences.objects.create(user=invitee.user, cofacilitator_invited=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(inviter.user).post(f"/api/v1/groups/{group.slug}/facilitators/",
                                                 {"membership_id": invitee.pk}, format="json")
    assert response.status_code == 201
    inviter_goes("leaves", group, inviter)  # before the worker got to the email

    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # it would close the test's connection
    call_command("db_worker", queue_name="*", batch=True, reload=False, startup_delay=False, interval=0,
                 verbosity=0)

    assert mail.outbox == []


# --- the facilitator of the day -----------------------------------------------------------------------

def test_the_facilitator_of_the_day_who_hides_from_the_roster_is_not_named(group, facilitator_client):
    host_of_the_day = visible_member(group, display_name="Sam here")
    series = MeetingSeriesFactory(group=group)
    chosen = facilitator_client.patch(f"/api/v1/series/{series.pk}/", {"facilitator": host_of_the_day.pk},
                                      format="json")
    assert chosen.status_code == 200
    other_member = client_for(visible_member(group, account_name="Other").user)
    named = other_member.get(f"/api/v1/series/{series.pk}/").json()["facilitator"]
    assert named == {"membership_id": host_of_the_day.pk, "name": "Sam here"}

    hide = client_for(host_of_the_day.user).patch(f"/api/v1/groups/{group.slug}/membership/",
                                                  {"show_on_roster": False}, format="json")
    assert hide.status_code == 200

    for client in (other_member, facilitator_client):
        assert client.get(f"/api/v1/series/{series.pk}/").json()["facilitator"] is None
        assert [row["facilitator"] for row in client.get(f"/api/v1/groups/{group.slug}/series/").json()[
            "results"]] == [None]


# --- removing a member --------------------------------------------------------------------------------

def test_removing_a_hidden_member_answers_exactly_like_an_unknown_id(group, facilitator_client):
    hidden = MembershipFactory(group=group, show_on_roster=False)
    pending = PendingMembershipFactory(group=group)
    reason = {"reason": "Threatened another member after a warning."}
    url = f"/api/v1/groups/{group.slug}/members/{{}}/remove/"
    unknown = facilitator_client.post(url.format(10**6), reason, format="json")
    assert unknown.status_code == 404

    for membership in (hidden, pending):
        response = facilitator_client.post(url.format(membership.pk), reason, format="json")
        assert (response.status_code, response.json()) == (404, unknown.json())

    assert Membership.objects.filter(pk__in=(hidden.pk, pending.pk)).count() == 2
    assert not ModerationLogEntry.objects.exists()
    shown = visible_member(group)
    assert facilitator_client.post(url.format(shown.pk), reason, format="json").status_code == 204


# --- slugs --------------------------------------------------------------------------------------------

GROUP = {"name": "Grief circle", "description": "For anyone living with loss.", "format": "online",
         "join_policy": "open", "time_zone": "Europe/London", "agreements": "We listen without judging."}


def test_a_new_groups_slug_says_nothing_about_archived_groups(user_client):
    first = user_client.post("/api/v1/groups/", GROUP, format="json").json()["slug"]
    assert first == "grief-circle"
    assert user_client.delete(f"/api/v1/groups/{first}/").status_code == 204

    stranger = client_for(UserFactory())
    second = stranger.post("/api/v1/groups/", GROUP, format="json").json()["slug"]
    third = stranger.post("/api/v1/groups/", GROUP, format="json").json()["slug"]

    assert (second, third) == ("grief-circle", "grief-circle-2")  # only visible groups take a name
    assert stranger.get("/api/v1/groups/grief-circle/").json()["is_archived"] is False
