"""Fresh-eyes privacy review probes (see the report in docs/decisions/security-privacy-review.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from kindred.accounts import services as accounts
from kindred.groups.models import FacilitatorInvitation, Membership
from kindred.meetings.models import Rsvp
from kindred.moderation.models import Concern
from kindred.webhooks import signing
from kindred.webhooks.models import Webhook
from tests.conftest import client_for
from tests.factories import (
    PASSWORD,
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OccurrenceFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db

UNSAFE = ("post", "put", "patch", "delete")


@pytest.fixture
def read_world(db):  # type: ignore[no-untyped-def]
    group = GroupFactory()
    boss = FacilitatorMembershipFactory(group=group).user
    other = MembershipFactory(group=group)
    pending = MembershipFactory(group=group, status=Membership.Status.PENDING)
    series = MeetingSeriesFactory(group=group)
    occurrence = OccurrenceFactory(series=series)
    concern = Concern.objects.create(reporter=other.user, group=group, message="something happened")
    elsewhere = GroupFactory()
    FacilitatorMembershipFactory(group=elsewhere)
    MembershipFactory(group=elsewhere, user=boss)
    invitation = FacilitatorInvitation.objects.create(group=elsewhere, invitee=boss)
    token, key = accounts.api_token_create(user=boss, name="site", scope="read")
    other_token, _ = accounts.api_token_create(user=boss, name="other", scope="read write")
    webhook = Webhook.objects.create(group=group, url="https://192.0.2.10/hooks", events=["series.created"],
                                     secret_encrypted=signing.encrypt(signing.secret_new()))
    values = {"slug": group.slug, "membership_id": other.pk, "request_id": pending.pk, "series_id": series.pk,
              "occurrence_id": occurrence.pk, "concern_id": concern.pk, "invitation_id": invitation.pk,
              "token_id": other_token.pk, "secret": boss.calendar_secret, "token": "forged",
              "webhook_id": webhook.pk, "session_id": "any-session"}
    return {"key": key, "values": values}


# Routes that are not the token owner's to write through any credential (anyone may call them).
ANYONE = {"/api/v1/auth/register/", "/api/v1/auth/login/", "/api/v1/notifications/unsubscribe/{token}/",
          "/api/v1/auth/verify-email/", "/api/v1/auth/verify-email/resend/", "/api/v1/auth/password-reset/",
          "/api/v1/auth/password-reset/confirm/"}


def test_a_read_token_can_write_nothing(read_world):
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {read_world['key']}")
    written = []
    for path, operations in paths.items():
        if path in ANYONE:
            continue
        for method in UNSAFE:
            if method not in operations:
                continue
            url = path.format(**read_world["values"])
            body = {"agreed": True, "note": "x", "reason": "A safety reason given here.", "status": "going",
                    "name": "x", "title": "x", "membership_id": read_world["values"]["membership_id"],
                    "password": "correct horse battery staple", "group": read_world["values"]["slug"],
                    "message": "m", "scope": "read write", "start_date": "2030-01-01", "start_time": "19:00",
                    "url": "https://93.184.215.14/hooks"}
            response = getattr(client, method)(url, body, format="json")
            if response.status_code != 403:
                written.append((method, url, response.status_code))
    assert written == []


# --- after leaving: no trace others can see -----------------------------------------------------

def test_a_member_who_left_is_not_named_on_past_attendee_lists(group, member, member_client):
    past = OccurrenceFactory(series=MeetingSeriesFactory(group=group),
                             starts_at=timezone.now() - dt.timedelta(days=3))
    RsvpFactory(occurrence=past, user=member, status=Rsvp.Status.GOING, share_name=True)
    stays = MembershipFactory(group=group).user
    RsvpFactory(occurrence=past, user=stays, status=Rsvp.Status.MAYBE, share_name=True)
    assert member_client.delete(f"/api/v1/groups/{group.slug}/membership/").status_code == 204

    body = client_for(stays).get(f"/api/v1/occurrences/{past.pk}/attendees/").json()

    assert body["results"] == [{"name": stays.display_name, "status": "maybe"}]
    assert body["count"] == 1


def test_a_removed_member_is_not_named_on_past_attendee_lists(group, member, facilitator_client):
    past = OccurrenceFactory(series=MeetingSeriesFactory(group=group),
                             starts_at=timezone.now() - dt.timedelta(days=3))
    RsvpFactory(occurrence=past, user=member, status=Rsvp.Status.GOING, share_name=True)
    membership = Membership.objects.get(user=member, group=group)
    Membership.objects.filter(pk=membership.pk).update(show_on_roster=True)  # facilitators see whom they remove
    removed = facilitator_client.post(f"/api/v1/groups/{group.slug}/members/{membership.pk}/remove/",
                                      {"reason": "Harassed another member after a warning."}, format="json")
    assert removed.status_code == 204

    body = facilitator_client.get(f"/api/v1/occurrences/{past.pk}/attendees/").json()

    assert body["results"] == [] and body["count"] == 0


def test_a_member_who_left_is_no_longer_facilitator_of_the_day(group, member, member_client, facilitator_client):
    Membership.objects.filter(user=member, group=group).update(show_on_roster=True)  # as the rule requires
    series = MeetingSeriesFactory(group=group, facilitator=member)
    assert facilitator_client.get(f"/api/v1/series/{series.pk}/").json()["facilitator"]["name"] == member.display_name

    assert member_client.delete(f"/api/v1/groups/{group.slug}/membership/").status_code == 204

    assert facilitator_client.get(f"/api/v1/series/{series.pk}/").json()["facilitator"] is None
    listed = facilitator_client.get(f"/api/v1/groups/{group.slug}/series/").json()["results"]
    assert [row["facilitator"] for row in listed] == [None]


# --- the facilitator of the day is named to members only ----------------------------------------

def test_the_facilitator_of_the_day_is_not_named_to_non_members(group, member, member_client, user_client):
    Membership.objects.filter(user=member, group=group).update(show_on_roster=True)  # as the rule requires
    series = MeetingSeriesFactory(group=group, facilitator=member)
    pending = client_for(MembershipFactory(group=group, status=Membership.Status.PENDING).user)
    for outsider in (APIClient(), user_client, pending):
        assert outsider.get(f"/api/v1/series/{series.pk}/").json()["facilitator"] is None
        assert outsider.get(f"/api/v1/groups/{group.slug}/series/").json()["results"][0]["facilitator"] is None
    assert member_client.get(f"/api/v1/series/{series.pk}/").json()["facilitator"] == {
        "membership_id": Membership.objects.get(user=member, group=group).pk, "name": member.display_name}


# --- the shared public cache forgets names at once ------------------------------------------------

def _public_facilitator_names(group) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    anonymous = APIClient()
    page = anonymous.get(f"/api/v1/groups/{group.slug}/")
    directory = anonymous.get("/api/v1/groups/")
    names_on_page = [f["name"] for f in page.json()["facilitators"]] if page.status_code == 200 else []
    names_in_directory = [f["name"] for row in directory.json()["results"] for f in row["facilitators"]]
    return names_on_page, names_in_directory


def test_a_facilitator_renaming_themselves_is_not_kept_in_the_public_cache(group, facilitator, facilitator_client):
    assert _public_facilitator_names(group) == ([facilitator.display_name], [facilitator.display_name])
    assert facilitator_client.patch("/api/v1/me/", {"display_name": "Robin"}, format="json").status_code == 200
    assert _public_facilitator_names(group) == (["Robin"], ["Robin"])


def test_a_facilitators_new_name_in_the_group_is_not_kept_in_the_public_cache(group, facilitator,
                                                                              facilitator_client):
    _public_facilitator_names(group)
    changed = facilitator_client.patch(f"/api/v1/groups/{group.slug}/membership/", {"display_name": "R."},
                                       format="json")
    assert changed.status_code == 200
    assert _public_facilitator_names(group) == (["R."], ["R."])


def test_an_erased_facilitator_is_not_kept_in_the_public_cache(group, facilitator, facilitator_client):
    _public_facilitator_names(group)
    erased = facilitator_client.delete("/api/v1/me/", {"password": PASSWORD}, format="json")
    assert erased.status_code == 204
    assert _public_facilitator_names(group) == ([], [])


# --- archived groups stay hidden from members ---------------------------------------------------

def test_my_meetings_leave_out_archived_groups_for_their_members(group, member, member_client, facilitator_client):
    occurrence = OccurrenceFactory(series=MeetingSeriesFactory(group=group))
    RsvpFactory(occurrence=occurrence, user=member, status=Rsvp.Status.GOING)
    assert [row["id"] for row in member_client.get("/api/v1/me/meetings/").json()["results"]] == [occurrence.pk]

    assert facilitator_client.delete(f"/api/v1/groups/{group.slug}/").status_code == 204

    for query in ("", "?all=true"):
        assert member_client.get(f"/api/v1/me/meetings/{query}").json()["results"] == []
    assert member_client.get(f"/api/v1/occurrences/{occurrence.pk}/").status_code == 404
    # its facilitators still see the archived group, and so its meetings
    all_mine = facilitator_client.get("/api/v1/me/meetings/?all=true").json()["results"]
    assert [row["id"] for row in all_mine] == [occurrence.pk]
