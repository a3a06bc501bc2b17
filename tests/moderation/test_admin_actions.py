"""The admin is not a second write path: moderators read everything there and change things only
through actions that call the services, so every rule holds and public pages change at once.

Each test is what a moderator does in a browser: a staff session posting the admin's own forms.
"""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.test import Client
from rest_framework.test import APIClient
from zeal import zeal_ignore

from kindred.accounts import tokens
from kindred.accounts.models import ApiToken, User
from kindred.groups.models import FacilitatorInvitation, Group, Membership
from kindred.meetings.models import MeetingSeries, Occurrence, Rsvp
from kindred.moderation.models import Concern, ModerationLogEntry
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
    OccurrenceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator() -> User:
    return UserFactory(is_staff=True, is_superuser=True, display_name="Site moderator")


@pytest.fixture
def moderator_client(moderator: User) -> Client:
    client = Client()
    client.force_login(moderator)
    return client


def admin_url(model: type[Any], view: str = "changelist", pk: int | None = None) -> str:
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return base if view == "changelist" else f"{base}{pk}/{view}/" if pk is not None else f"{base}{view}/"


def run_action(client: Client, model: type[Any], action: str, objects: list[Any], reason: str | None = None) -> Any:
    """Post an admin action as the changelist's form does; with ``reason``, then answer its reason page."""
    data: dict[str, Any] = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    with zeal_ignore():  # Django's admin pages, not Kindred's queries
        first = client.post(admin_url(model), data)
        if reason is None:
            return first
        assert first.status_code == 200 and b'name="reason"' in first.content, first.content[:500]
        return client.post(admin_url(model), {**data, "apply": "yes", "reason": reason})


def group_page(slug: str) -> Any:
    """The public group page as an anonymous visitor sees it (from the shared cache when warm)."""
    return APIClient().get(f"/api/v1/groups/{slug}/")


def full_occurrence_with_waitlist(group: Group) -> tuple[Occurrence, User, User]:
    """A meeting with one place: ``holder`` is going and ``waiting`` is on the waitlist."""
    from kindred.meetings import services

    occurrence = OccurrenceFactory(series__group=group, series__capacity=1, capacity=1, group=group)
    holder, waiting = UserFactory(), UserFactory()
    for person in (holder, waiting):
        MembershipFactory(user=person, group=group)
        services.rsvp_set(user=person, occurrence=occurrence, status="going")
    assert Rsvp.objects.get(user=waiting).status == Rsvp.Status.WAITLISTED
    return occurrence, holder, waiting


def assert_counters_exact(occurrence: Occurrence) -> None:
    occurrence.refresh_from_db()
    rows = Rsvp.objects.filter(occurrence=occurrence)
    assert occurrence.going_count == rows.filter(status="going").count()
    assert occurrence.maybe_count == rows.filter(status="maybe").count()
    assert occurrence.waitlist_count == rows.filter(status="waitlisted").count()


# --- nothing is added, edited or deleted directly ------------------------------------------------

def one_of_each() -> dict[type[Any], Any]:
    person = UserFactory()
    membership = MembershipFactory(user=person)
    key = tokens.generate_key()
    occurrence = OccurrenceFactory(series__group=membership.group, group=membership.group)
    concern = Concern.objects.create(group=membership.group, message="x", for_moderators=True)
    return {
        User: person,
        ApiToken: ApiToken.objects.create(user=person, name="t", prefix=key[:12], key_digest=tokens.digest(key)),
        Group: membership.group,
        Membership: membership,
        FacilitatorInvitation: FacilitatorInvitation.objects.create(group=membership.group, invitee=UserFactory()),
        MeetingSeries: occurrence.series,
        Occurrence: occurrence,
        Concern: concern,
        ModerationLogEntry: ModerationLogEntry.objects.create(action="concern_resolved", concern=concern),
    }


def test_every_kindred_model_admin_is_read_only(moderator_client):
    samples = one_of_each()
    registered = [model for model in admin.site._registry if model._meta.app_config.name.startswith("kindred.")]
    assert set(registered) == set(samples), "a new Kindred ModelAdmin needs a sample here (and to be read-only)"
    for model, obj in samples.items():
        with zeal_ignore():
            assert moderator_client.get(admin_url(model)).status_code == 200, model
            detail = moderator_client.get(admin_url(model, "change", obj.pk))
            assert detail.status_code == 200 and b'name="_save"' not in detail.content, model  # read, not edit
            assert moderator_client.get(admin_url(model, "add")).status_code == 403, model
            assert moderator_client.post(admin_url(model, "add"), {}).status_code == 403, model
            assert moderator_client.post(admin_url(model, "change", obj.pk), {}).status_code == 403, model
            assert moderator_client.get(admin_url(model, "delete", obj.pk)).status_code == 403, model
            assert moderator_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
            changelist = moderator_client.get(admin_url(model)).content
        assert b'value="delete_selected"' not in changelist, model
        assert model._default_manager.filter(pk=obj.pk).exists(), model


def test_bulk_delete_is_not_an_action(moderator_client):
    person = UserFactory()
    run_action(moderator_client, User, "delete_selected", [person])
    moderator_client.post(admin_url(User), {"action": "delete_selected", "_selected_action": [person.pk],
                                            "post": "yes"})
    assert User.objects.filter(pk=person.pk).exists()


# --- erase an account -------------------------------------------------------------------------

def test_erasing_from_the_admin_is_the_full_erasure_and_is_logged(moderator_client, moderator):
    group = GroupFactory()
    occurrence, person, waiting = full_occurrence_with_waitlist(group)
    Membership.objects.filter(user=person).update(role=Membership.Role.FACILITATOR, display_name="Robin Erasable")
    AccessAttempt.objects.create(username=person.email, ip_address="203.0.113.9", user_agent="x",
                                 failures_since_start=2)
    AccessLog.objects.create(username=person.email, ip_address="203.0.113.9", user_agent="x")
    before = group_page(group.slug)
    assert before.status_code == 200 and "Robin Erasable" in before.content.decode()
    assert group_page(group.slug)["X-Cache"] == "hit"

    response = run_action(moderator_client, User, "erase_selected", [person], reason="Spam account, report #12")

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert Rsvp.objects.get(user=waiting).status == Rsvp.Status.GOING  # the waitlist moved up
    assert_counters_exact(occurrence)
    assert not AccessAttempt.objects.filter(username__iexact=person.email).exists()
    assert not AccessLog.objects.filter(username__iexact=person.email).exists()
    entry = ModerationLogEntry.objects.get(action="account_erased")
    assert entry.actor == moderator and entry.reason == "Spam account, report #12" and entry.subject_user is None
    after = group_page(group.slug)  # at once, not in 5 minutes
    assert "Robin Erasable" not in after.content.decode()
    assert after.json()["member_count"] == before.json()["member_count"] - 1


def test_erasing_needs_a_reason(moderator_client):
    person = UserFactory()
    data = {"action": "erase_selected", "_selected_action": [person.pk], "apply": "yes", "reason": "  "}
    with zeal_ignore():
        response = moderator_client.post(admin_url(User), data)
    assert response.status_code == 200 and b"This field is required" in response.content
    assert User.objects.filter(pk=person.pk).exists()


def test_a_moderator_cannot_erase_themself_from_the_admin(moderator_client, moderator):
    run_action(moderator_client, User, "erase_selected", [moderator], reason="testing")
    assert User.objects.filter(pk=moderator.pk).exists()
    assert not ModerationLogEntry.objects.exists()


def test_non_staff_cannot_run_admin_actions():
    person, target = UserFactory(), UserFactory()
    client = Client()
    client.force_login(person)
    response = client.post(admin_url(User), {"action": "erase_selected", "_selected_action": [target.pk],
                                             "apply": "yes", "reason": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert User.objects.filter(pk=target.pk).exists()


# --- remove a member ----------------------------------------------------------------------------

def test_removing_a_member_releases_their_place_logs_the_reason_and_updates_the_public_page(
        moderator_client, moderator):
    group = GroupFactory()
    FacilitatorMembershipFactory(group=group)
    occurrence, person, waiting = full_occurrence_with_waitlist(group)
    before = group_page(group.slug).json()["member_count"]
    membership = Membership.objects.get(user=person, group=group)

    response = run_action(moderator_client, Membership, "remove_selected", [membership], reason="Threats in chat")

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Rsvp.objects.get(user=waiting).status == Rsvp.Status.GOING
    assert_counters_exact(occurrence)
    entry = ModerationLogEntry.objects.get(action="member_removed")
    assert (entry.actor, entry.subject_user, entry.group, entry.reason) == (moderator, person, group,
                                                                             "Threats in chat")
    assert group_page(group.slug).json()["member_count"] == before - 1


def test_a_moderator_can_remove_a_facilitator(moderator_client):
    group = GroupFactory()
    facilitator = FacilitatorMembershipFactory(group=group, display_name="Named Facilitator")
    assert "Named Facilitator" in group_page(group.slug).content.decode()
    run_action(moderator_client, Membership, "remove_selected", [facilitator], reason="Concern #4 upheld")
    assert not Membership.objects.filter(pk=facilitator.pk).exists()
    page = group_page(group.slug).json()
    assert page["facilitators"] == [] and page["looking_for_facilitator"] is True


# --- archive a group, end a series, resolve a concern --------------------------------------------

def test_archiving_hides_the_group_at_once_and_is_logged(moderator_client, moderator):
    group = GroupFactory()
    assert group_page(group.slug).status_code == 200
    assert group.slug in APIClient().get("/api/v1/groups/").content.decode()
    run_action(moderator_client, Group, "archive_selected", [group])
    assert group_page(group.slug).status_code == 404
    assert group.slug not in APIClient().get("/api/v1/groups/").content.decode()
    assert ModerationLogEntry.objects.get(action="group_archived").actor == moderator


def test_ending_a_series_goes_through_the_service(moderator_client):
    group = GroupFactory()
    occurrence, holder, _waiting = full_occurrence_with_waitlist(group)
    series = occurrence.series
    upcoming = APIClient().get(f"/api/v1/groups/{group.slug}/occurrences/").json()["results"]
    assert [row["id"] for row in upcoming] == [occurrence.pk]
    calendar = APIClient().get(f"/api/v1/groups/{group.slug}/calendar.ics").content
    assert series.title.encode() in calendar

    run_action(moderator_client, MeetingSeries, "end_selected", [series])

    series.refresh_from_db()
    occurrence.refresh_from_db()
    assert series.ended_at is not None
    assert occurrence.status == Occurrence.Status.CANCELLED and occurrence.note  # people who answered are told
    rows = APIClient().get(f"/api/v1/groups/{group.slug}/occurrences/").json()["results"]
    assert [row["status"] for row in rows] == ["cancelled"]
    assert b"STATUS:CANCELLED" in APIClient().get(f"/api/v1/groups/{group.slug}/calendar.ics").content


def test_resolving_a_concern_keeps_the_moderators_note(moderator_client, moderator):
    concern = Concern.objects.create(group=GroupFactory(), message="x", for_moderators=True)
    run_action(moderator_client, Concern, "resolve_selected", [concern], reason="Spoke to both; settled.")
    concern.refresh_from_db()
    assert (concern.status, concern.resolution_note, concern.resolved_by) == ("resolved", "Spoke to both; settled.",
                                                                              moderator)
    entry = ModerationLogEntry.objects.get(concern=concern, action="concern_resolved")
    assert entry.reason == "Spoke to both; settled."


def test_revoking_a_token_from_the_admin(moderator_client):
    person = UserFactory()
    key = tokens.generate_key()
    token = ApiToken.objects.create(user=person, name="leaked", prefix=key[:12], key_digest=tokens.digest(key))
    assert APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    run_action(moderator_client, ApiToken, "revoke_selected", [token])
    assert APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


# --- changes made outside the services still reach the cached pages -------------------------------

def test_a_data_fix_in_the_shell_shows_on_the_public_page_at_once(db):
    group = GroupFactory(name="Old name")
    facilitator = FacilitatorMembershipFactory(group=group)
    assert group_page(group.slug).json()["name"] == "Old name"
    assert group_page(group.slug)["X-Cache"] == "hit"

    group.name = "New name"
    group.save()
    assert group_page(group.slug).json()["name"] == "New name"

    facilitator.user.display_name = "Renamed in the shell"
    facilitator.user.save()
    assert group_page(group.slug).json()["facilitators"] == [{"name": "Renamed in the shell"}]

    Membership.objects.get(pk=facilitator.pk).delete()
    assert group_page(group.slug).json()["looking_for_facilitator"] is True


def test_signing_in_does_not_empty_the_public_cache(db):
    group = GroupFactory()
    person = MembershipFactory(group=group).user
    group_page(group.slug)
    from tests.factories import PASSWORD

    assert APIClient().post("/api/v1/auth/login/", {"email": person.email, "password": PASSWORD},
                            format="json").status_code == 200
    assert group_page(group.slug)["X-Cache"] == "hit"


def test_a_reason_follows_the_rule_for_multi_line_text(moderator_client):
    """The admin's one remaining text input refuses what the API refuses, and stores LF like the API."""
    concern = Concern.objects.create(group=GroupFactory(), message="x", for_moderators=True)
    refused = run_action(moderator_client, Concern, "resolve_selected", [concern], reason="Settled.\x1b[2J")
    assert refused.status_code == 200 and b"control characters" in refused.content
    concern.refresh_from_db()
    assert concern.status == "open"
    run_action(moderator_client, Concern, "resolve_selected", [concern], reason="Spoke to both.\r\nSettled.")
    concern.refresh_from_db()
    assert (concern.status, concern.resolution_note) == ("resolved", "Spoke to both.\nSettled.")
