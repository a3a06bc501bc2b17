"""Data rights: export every personal field, erase the account, and keep both complete as models grow.

``FIELD_CLASSES`` classifies every concrete field of every Kindred model. A new field fails
``test_every_model_field_is_classified`` until someone decides what it is:

- ``personal``: about the person; exported by /me/export/ and gone (or anonymised) after erasure.
- ``secret``: about the person but never shown back (password hash, token digest); deleted with its row.
- ``owner``: the foreign key tying a personal row to its person (the row is exported and deleted).
- ``link``: a reference to a person from someone else's record (a concern *about* a member, the
  facilitator of the day); set to null when that person erases their account.
- ``public``: group and meeting data, counts and bookkeeping; not about any one person.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from rest_framework.test import APIClient

from kindred.accounts.models import ApiToken, SignedInSession, User
from kindred.groups.models import FacilitatorInvitation, Membership
from kindred.lifecycle import privacy
from kindred.meetings.models import Occurrence, Rsvp
from kindred.moderation.models import Concern, ModerationLogEntry
from kindred.notifications.models import NotificationPreferences
from kindred.notifications.tasks import deliver_email
from tests.factories import (
    PASSWORD,
    GroupFactory,
    MembershipFactory,
    OccurrenceFactory,
    RsvpFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

P, S, OWN, L, X = "personal", "secret", "owner", "link", "public"
TIMESTAMPS = {"created_at": X, "updated_at": X}

FIELD_CLASSES: dict[str, dict[str, str]] = {
    "accounts.User": {
        "id": P, "password": S, "last_login": P, "is_superuser": X, "email": P, "display_name": P, "pronouns": P,
        "time_zone": P, "show_on_rosters": P, "calendar_secret": P, "is_staff": P, "is_active": P,
        "date_joined": P, "email_confirmed_at": P, "pending_email": P, "language": P,
    },
    # The session key and its data are the credential: never shown, gone with the account.
    "accounts.SignedInSession": {"session_key": S, "session_data": S, "user": OWN, "public_id": P, "device": P,
                                 "signed_in_at": P, "last_seen_at": P, "expire_date": P},
    "accounts.ApiToken": {"id": P, "user": OWN, "name": P, "scope": P, "prefix": P, "key_digest": S,
                          "created_at": P, "last_used_at": P},
    "groups.Group": {name: X for name in (
        "id", "created_at", "updated_at", "slug", "name", "description", "topics", "languages", "format",
        "address", "city", "region", "country", "latitude", "longitude", "approximate", "online_url",
        "online_phone", "online_link_public", "accessibility", "join_policy", "listed", "agreements",
        "agreements_version", "support_resources", "time_zone", "is_archived", "archived_at")},
    "groups.Membership": {"id": X, "created_at": P, "updated_at": P, "user": OWN, "group": P, "role": P,
                          "status": P, "display_name": P, "show_on_roster": P, "agreed_version": P,
                          "request_message": P, "joined_at": P},
    "groups.FacilitatorInvitation": {"id": X, "group": P, "invitee": OWN, "invited_by": L, "created_at": P},
    "meetings.MeetingSeries": {**{name: X for name in (
        "id", "group", "title", "description", "start_date", "start_time", "duration_minutes", "time_zone",
        "frequency", "interval", "weekdays", "until", "count", "location", "online_url", "online_phone",
        "capacity", "meeting_days", "sequence", "materialized_until", "frozen_before", "ended_at")},
        **TIMESTAMPS, "facilitator": L},
    "meetings.Occurrence": {**{name: X for name in (
        "id", "series", "group", "original_start", "starts_at", "ends_at", "status", "note", "is_modified",
        "location", "online_url", "online_phone", "capacity", "going_count", "maybe_count", "waitlist_count",
        "sequence")}, **TIMESTAMPS},
    "meetings.Rsvp": {"id": X, "created_at": P, "updated_at": P, "occurrence": P, "user": OWN, "status": P,
                      "share_name": P, "waitlisted_at": P},
    "moderation.Concern": {"id": P, "reporter": OWN, "group": P, "occurrence": P, "subject_user": L, "message": P,
                           "for_moderators": P, "status": P, "resolution_note": X, "resolved_by": L,
                           "resolved_at": P, "created_at": P},
    "moderation.ModerationLogEntry": {"id": X, "action": X, "group": X, "actor": L, "subject_user": L,
                                      "concern": X, "reason": X, "created_at": X},
    "notifications.NotificationPreferences": {
        "id": X, "user": OWN, "occurrence_changed": P, "waitlist_promoted": P, "join_request_approved": P,
        "cofacilitator_invited": P, "join_requested": P, "reminders": P, "reminder_hours": P,
        "calendar_includes_group_meetings": P},
    "notifications.SentReminder": {"id": X, "user": OWN, "occurrence": P, "sent_at": P},
    # A group's webhooks: group configuration, about no one (who registered one is not kept). The secret
    # is the group's, not a person's: kept encrypted and never shown again, deleted with its webhook.
    "webhooks.Webhook": {**{name: X for name in (
        "id", "group", "url", "events", "secret_encrypted", "enabled", "disabled_at", "disabled_reason",
        "consecutive_failures", "failing_since", "last_success_at")}, **TIMESTAMPS},
    "webhooks.WebhookMessage": {name: X for name in ("id", "webhook", "message_id", "event", "body", "created_at")},
    "webhooks.WebhookDelivery": {name: X for name in (
        "id", "webhook", "message", "attempt", "attempted_at", "succeeded", "status_code", "duration_ms", "error",
        "next_attempt_at")},
}


def kindred_models() -> list[type[models.Model]]:
    return [model for config in apps.get_app_configs() if config.name.startswith("kindred.")
            for model in config.get_models()]


def test_every_model_field_is_classified():
    actual = {model._meta.label: {field.name for field in model._meta.concrete_fields} for model in kindred_models()}
    unclassified = {label: sorted(names - set(FIELD_CLASSES.get(label, {}))) for label, names in actual.items()}
    unclassified = {label: names for label, names in unclassified.items() if names}
    assert not unclassified, f"Classify these fields in tests/security/test_data_rights.py: {unclassified}"
    stale = {label: sorted(set(fields) - actual.get(label, set())) for label, fields in FIELD_CLASSES.items()}
    assert not {label: names for label, names in stale.items() if names}, "fields that no longer exist"


def test_personal_fields_are_exactly_the_exported_fields():
    for label, fields in FIELD_CLASSES.items():
        personal = {name for name, kind in fields.items() if kind == P}
        assert personal == set(privacy.EXPORTED_FIELDS.get(label, ())), label
        owners = [name for name, kind in fields.items() if kind == OWN]
        if personal and label != "accounts.User":
            assert owners, f"{label} holds personal fields but names no owner"
            if label != "notifications.NotificationPreferences":
                assert privacy.EXPORT_SECTIONS[label][1] == owners[0]


def test_every_link_to_a_person_is_exported_to_them():
    """Erasure sets these to null (or deletes the row): so the export shows them first."""
    links = {(label, name) for label, fields in FIELD_CLASSES.items() for name, kind in fields.items() if kind == L}
    exported = {(label, link) for label, link, _fields in privacy.LINKED_SECTIONS.values()}
    assert links == exported


def test_every_reference_to_a_person_lets_go_when_they_erase():
    for model in kindred_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                kind = FIELD_CLASSES[model._meta.label][field.name]
                expected = {OWN: {models.CASCADE, models.SET_NULL}, L: {models.SET_NULL}}[kind]
                assert field.remote_field.on_delete in expected, f"{model._meta.label}.{field.name}"


@pytest.fixture
def rich_user(db, settings):
    """A person with something in every personal table, every link to them, sign-in records and a
    queued email, and a neighbour with their own data."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    person = UserFactory(pronouns="they/them", show_on_rosters=True)
    person.last_login = timezone.now()
    person.save()
    group = GroupFactory()
    MembershipFactory(user=person, group=group, display_name="R.", request_message="hello",
                      role=Membership.Role.FACILITATOR)
    MembershipFactory(user=person, role=Membership.Role.MEMBER, status=Membership.Status.PENDING)
    other_group = GroupFactory()
    FacilitatorInvitation.objects.create(group=other_group, invitee=person, invited_by=UserFactory())
    occurrence = OccurrenceFactory(series__group=group, series__facilitator=person, going_count=1)
    RsvpFactory(user=person, occurrence=occurrence, share_name=True)
    Concern.objects.create(reporter=person, group=group, occurrence=occurrence, message="It felt unsafe.")
    NotificationPreferences.objects.create(user=person, reminders=True, reminder_hours=6)
    ApiToken.objects.create(user=person, name="calendar sync", scope="read", prefix="kdr_abc",
                            key_digest="f" * 64)
    _sent_reminder(person, occurrence)
    neighbour = MembershipFactory(group=group, display_name="Neighbour N.").user
    FacilitatorInvitation.objects.create(group=group, invitee=neighbour, invited_by=person)
    about_me = Concern.objects.create(reporter=neighbour, subject_user=person, group=group, for_moderators=True,
                                      message="WORDS OF THE REPORTER", status=Concern.Status.RESOLVED,
                                      resolution_note="NOTE OF A MODERATOR", resolved_at=timezone.now())
    ModerationLogEntry.objects.create(action=ModerationLogEntry.Action.CONCERN_RESOLVED, group=group,
                                      subject_user=person, concern=about_me, reason="REASON ABOUT THEM")
    Concern.objects.create(reporter=neighbour, group=group, message="Too loud.", status=Concern.Status.RESOLVED,
                           resolution_note="We talked it over.", resolved_by=person, resolved_at=timezone.now())
    ModerationLogEntry.objects.create(action=ModerationLogEntry.Action.GROUP_ARCHIVED, group=other_group,
                                      actor=person, reason="Closing the old circle.")
    deliver_email.enqueue(user_id=person.pk, letter="reminder", about_id=occurrence.pk)
    return person, neighbour


def _sent_reminder(person: User, occurrence: Occurrence) -> None:
    model = apps.get_model("notifications", "SentReminder")
    model.objects.create(user=person, occurrence=occurrence)


def signed_in(user: User) -> APIClient:
    """A real session from the sign-in endpoint (not force_authenticate), so erasure can end it."""
    client = APIClient()
    response = client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return client


def test_export_holds_every_personal_field_and_no_secret(rich_user):
    person, neighbour = rich_user
    response = signed_in(person).get("/api/v1/me/export/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    export = response.json()
    assert export["profile"]["email"] == person.email
    assert export["profile"]["pronouns"] == "they/them"
    assert set(privacy.EXPORTED_FIELDS["accounts.User"]) <= set(export["profile"])
    for label, (section, _owner) in privacy.EXPORT_SECTIONS.items():
        assert export[section], f"{section} is empty though {label} rows exist"
        for row in export[section]:
            assert set(row) == set(privacy.EXPORTED_FIELDS[label]), section
    memberships = {m["group"]["slug"]: m for m in export["memberships"]}
    assert len(memberships) == 2 and {m["status"] for m in memberships.values()} == {"active", "pending"}
    assert any(m["display_name"] == "R." for m in memberships.values())
    assert export["api_tokens"][0]["name"] == "calendar sync"
    assert export["concerns_raised"][0]["message"] == "It felt unsafe."
    assert export["notification_preferences"]["reminder_hours"] == 6
    assert export["rsvps"][0]["share_name"] is True
    text = response.content.decode()
    assert "f" * 64 not in text and person.password not in text and neighbour.email not in text


def test_export_holds_what_erasure_removes_or_anonymises(rich_user):
    """Links to the person, sign-in records, emails, sessions: all that erasure deletes or unlinks."""
    person, neighbour = rich_user
    client = signed_in(person)
    APIClient().post("/api/v1/auth/login/", {"email": person.email, "password": "wrong password"}, format="json")
    response = client.get("/api/v1/me/export/")
    export = response.json()
    for section, (_label, _link, fields) in privacy.LINKED_SECTIONS.items():
        assert export[section], f"{section} is empty though such rows exist"
        assert all(set(row) == set(fields) for row in export[section]), section
    assert export["concerns_i_resolved"][0]["resolution_note"] == "We talked it over."
    assert export["moderation_log_my_actions"][0]["reason"] == "Closing the old circle."
    assert export["series_i_facilitate_on_the_day"][0]["title"]
    assert export["concerns_about_me"][0]["status"] == "resolved"
    records = export["login_records"]
    assert records["sign_ins"][-1]["ip_address"] == "127.0.0.1" and "user_agent" in records["sign_ins"][-1]
    assert records["failed_sign_ins"] == []  # axes keeps this log only with AXES_ENABLE_ACCESS_FAILURE_LOG
    assert records["lockout_counters"][0]["failures_since_start"] == 1
    assert [(email["letter"], email["status"]) for email in export["emails"]] == [("reminder", "READY")]
    assert len(export["sessions"]) == 1 and export["sessions"][0]["expire_date"]
    assert "session_key" not in export["sessions"][0] and "session_data" not in export["sessions"][0]
    assert export["admin_log"] == {"changes_to_my_account": [], "my_actions": []}
    text = response.content.decode()
    # Never who raised a concern about them, nor what others wrote about them.
    for secret in ("WORDS OF THE REPORTER", "NOTE OF A MODERATOR", "REASON ABOUT THEM", neighbour.display_name,
                   "Neighbour N.", neighbour.email):
        assert secret not in text


def test_export_needs_sign_in(api_client):
    assert api_client.get("/api/v1/me/export/").status_code == 401


def test_export_of_a_new_person_shows_default_preferences(user_client):
    export = user_client.get("/api/v1/me/export/").json()
    assert export["notification_preferences"]["occurrence_changed"] is True
    assert export["memberships"] == [] and export["rsvps"] == []


def test_erase_needs_the_current_password(rich_user):
    person, _ = rich_user
    client = signed_in(person)
    wrong = client.delete("/api/v1/me/", {"password": "not my password"}, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["field"] == "password"
    missing = client.delete("/api/v1/me/", {}, format="json")
    assert missing.status_code == 400
    assert User.objects.filter(pk=person.pk).exists()
    assert client.get("/api/v1/me/").status_code == 200


def test_erase_removes_the_person_and_keeps_concerns_anonymised(rich_user):
    person, neighbour = rich_user
    client = signed_in(person)
    elsewhere = signed_in(person)  # another device's session
    pk, email = person.pk, person.email
    response = client.delete("/api/v1/me/", {"password": PASSWORD}, format="json")
    assert response.status_code == 204
    assert not User.objects.filter(pk=pk).exists()
    for model in kindred_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                assert not model._default_manager.filter(**{field.name: pk}).exists(), \
                    f"{model._meta.label}.{field.name} still points at the erased person"
    concern = Concern.objects.get(message="It felt unsafe.")
    assert concern.reporter is None
    assert client.get("/api/v1/me/").status_code == 401
    assert elsewhere.get("/api/v1/me/").status_code == 401
    assert not [s for s in SignedInSession.objects.all() if s.get_decoded().get("_auth_user_id") == str(pk)]
    assert not ApiToken.objects.exists()
    assert Membership.objects.filter(user=neighbour).exists()
    assert signed_in(neighbour).get("/api/v1/me/").status_code == 200
    assert not User.objects.filter(email=email).exists()


def test_erase_with_a_token_also_needs_the_password(rich_user):
    person, _ = rich_user
    created = signed_in(person).post("/api/v1/auth/tokens/", {"name": "x", "scope": "read write"}, format="json")
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Bearer {created.json()['token']}")
    assert token_client.delete("/api/v1/me/", {"password": "guess"}, format="json").status_code == 400
    assert token_client.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
    assert token_client.get("/api/v1/me/").status_code == 401


def test_erase_frees_the_place_and_the_waitlist_moves_up(db):
    group = GroupFactory()
    occurrence = OccurrenceFactory(series__group=group, series__capacity=1, capacity=1)
    leaving, waiting = UserFactory(), UserFactory()
    for person in (leaving, waiting):
        MembershipFactory(user=person, group=group)
    assert signed_in(leaving).put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "going"},
                                  format="json").status_code in (200, 201)
    queued = signed_in(waiting).put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "going"},
                                    format="json")
    assert queued.json()["status"] == "waitlisted"
    assert signed_in(leaving).delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
    occurrence.refresh_from_db()
    assert Rsvp.objects.get(user=waiting).status == Rsvp.Status.GOING
    assert occurrence.going_count == Rsvp.objects.filter(occurrence=occurrence, status="going").count() == 1
    assert occurrence.waitlist_count == 0


def test_erased_persons_login_attempts_are_forgotten(api_client, user):
    from axes.models import AccessAttempt

    api_client.post("/api/v1/auth/login/", {"email": user.email, "password": "wrong password"}, format="json")
    assert AccessAttempt.objects.filter(username=user.email).exists()
    assert signed_in(user).delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
    assert not AccessAttempt.objects.filter(username=user.email).exists()


def test_sessions_of_others_survive_an_erasure(db):
    keep, leave = UserFactory(), UserFactory()
    keep_client = signed_in(keep)
    privacy.user_erase(user=leave, password=PASSWORD)
    assert keep_client.get("/api/v1/me/").status_code == 200
    assert SignedInSession.objects.filter(expire_date__gt=timezone.now() - dt.timedelta(days=1)).count() == 1
    assert settings.SESSION_ENGINE == "kindred.accounts.sessions"
