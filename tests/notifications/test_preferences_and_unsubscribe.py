"""Preferences on /me/, one-click unsubscribe links, and idempotent reminders."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kindred.meetings.events import occurrence_cancelled
from kindred.notifications.models import NotificationPreferences, SentReminder
from kindred.notifications.tokens import unsubscribe_token
from tests.factories import MembershipFactory, OccurrenceFactory, RsvpFactory

pytestmark = pytest.mark.django_db
DEFAULTS = {"occurrence_changed": True, "waitlist_promoted": False, "join_request_approved": False,
            "cofacilitator_invited": False, "join_requested": False, "reminders": False, "reminder_hours": 24,
            "calendar_includes_group_meetings": False}


def test_me_shows_defaults_without_creating_a_row(user_client, user):
    assert user_client.get("/api/v1/me/").json()["notifications"] == DEFAULTS
    assert not NotificationPreferences.objects.filter(user=user).exists()


def test_me_patch_changes_only_what_is_sent(user_client, user):
    response = user_client.patch("/api/v1/me/", {"display_name": "River",
                                                 "notifications": {"reminders": True, "reminder_hours": 3}},
                                 format="json")
    assert response.status_code == 200
    assert response.json()["display_name"] == "River"
    assert response.json()["notifications"] == {**DEFAULTS, "reminders": True, "reminder_hours": 3}
    response = user_client.patch("/api/v1/me/", {"notifications": {"occurrence_changed": False}}, format="json")
    assert response.json()["notifications"] == {**DEFAULTS, "reminders": True, "reminder_hours": 3,
                                                "occurrence_changed": False}


@pytest.mark.parametrize("body", [{"notifications": {"reminder_hours": 0}},
                                  {"notifications": {"reminder_hours": 1000}},
                                  {"notifications": {"reminders": "sometimes"}},
                                  {"notifications": "all"}])
def test_me_patch_rejects_bad_preferences(user_client, user, body):
    response = user_client.patch("/api/v1/me/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"].startswith("notifications")
    assert not NotificationPreferences.objects.filter(user=user).exists()


def unsubscribe_url_from(message) -> str:  # type: ignore[no-untyped-def]
    return message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")


@pytest.fixture
def cancellation_email(member, group, announce):
    occurrence = OccurrenceFactory(series__group=group, status="cancelled")
    RsvpFactory(occurrence=occurrence, user=member)
    announce(occurrence_cancelled, occurrence=occurrence)
    assert len(mail.outbox) == 1
    return occurrence, mail.outbox.pop()


def test_get_explains_without_changing_anything(api_client, member, cancellation_email):
    url = unsubscribe_url_from(cancellation_email[1])
    response = api_client.get(url)
    assert response.status_code == 200
    assert response.json()["unsubscribed"] is False
    page = api_client.get(url, HTTP_ACCEPT="text/html")
    assert page["Content-Type"].startswith("text/html")
    assert b'<form method="post">' in page.content
    assert NotificationPreferences.objects.filter(user=member, occurrence_changed=False).count() == 0


def test_one_click_post_unsubscribes_that_kind_only(api_client, member, cancellation_email, announce):
    occurrence, message = cancellation_email
    NotificationPreferences.objects.create(user=member, reminders=True)
    url = unsubscribe_url_from(message)
    response = api_client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert response.json()["unsubscribed"] is True
    preferences = NotificationPreferences.objects.get(user=member)
    assert preferences.occurrence_changed is False and preferences.reminders is True
    assert api_client.post(url).status_code == 200  # again: still fine
    announce(occurrence_cancelled, occurrence=occurrence)
    assert mail.outbox == []


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxLCJrIjoicmVtaW5kZXJzIn0:forged"])
def test_forged_tokens_are_404(api_client, token):
    assert api_client.post(f"/api/v1/notifications/unsubscribe/{token}/").status_code == 404
    assert api_client.get(f"/api/v1/notifications/unsubscribe/{token}/").status_code == 404


def test_token_for_an_unknown_kind_is_404(api_client, user):
    token = unsubscribe_token(user_id=user.pk, kind="is_staff")
    assert api_client.post(f"/api/v1/notifications/unsubscribe/{token}/").status_code == 404


@pytest.fixture
def reminder_setup(group, member):
    NotificationPreferences.objects.create(user=member, reminders=True, reminder_hours=24)
    soon = OccurrenceFactory(series__group=group, starts_at=timezone.now() + dt.timedelta(hours=20))
    later = OccurrenceFactory(series__group=group, starts_at=timezone.now() + dt.timedelta(hours=30))
    cancelled = OccurrenceFactory(series__group=group, status="cancelled",
                                  starts_at=timezone.now() + dt.timedelta(hours=5))
    for occurrence in (soon, later, cancelled):
        RsvpFactory(occurrence=occurrence, user=member, status="going")
    someone_else = MembershipFactory(group=group).user  # did not ask for reminders
    RsvpFactory(occurrence=soon, user=someone_else, status="going")
    return soon, later


def test_send_reminders_is_idempotent(member, reminder_setup):
    soon, later = reminder_setup
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "1 reminder(s)" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert mail.outbox[0].subject == f"Reminder: {soon.series.title}"
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert SentReminder.objects.filter(user=member, occurrence=soon).count() == 1


def test_reminders_follow_each_persons_lead_time(member, reminder_setup):
    soon, later = reminder_setup
    NotificationPreferences.objects.filter(user=member).update(reminder_hours=48)
    call_command("send_reminders", stdout=StringIO())
    assert sorted(m.subject for m in mail.outbox) == sorted(f"Reminder: {o.series.title}" for o in (soon, later))


def test_no_reminder_after_unsubscribing(api_client, member, reminder_setup):
    token = unsubscribe_token(user_id=member.pk, kind="reminders")
    api_client.post(f"/api/v1/notifications/unsubscribe/{token}/")
    call_command("send_reminders", stdout=StringIO())
    assert mail.outbox == []
