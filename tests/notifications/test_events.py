"""Each event emails exactly the people who want it, in plain, warm words, with one-click unsubscribe."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.utils import timezone

from kindred.groups import events as group_events
from kindred.meetings import events as meeting_events
from kindred.meetings.models import Rsvp
from kindred.notifications.models import NotificationPreferences
from tests.factories import (
    FacilitatorInvitationFactory,
    MembershipFactory,
    OccurrenceFactory,
    PendingMembershipFactory,
    RsvpFactory,
    UserFactory,
)

from .backends import FailingBackend, FlakyBackend

pytestmark = pytest.mark.django_db


def opt_in(user, **kinds: bool) -> None:  # type: ignore[no-untyped-def]
    NotificationPreferences.objects.update_or_create(user=user, defaults=kinds)


@pytest.fixture
def occurrence(group):
    start = (timezone.now() + dt.timedelta(days=5)).replace(hour=18, minute=0, second=0, microsecond=0)
    return OccurrenceFactory(series__group=group, series__title="Thursday circle", starts_at=start)


@pytest.fixture
def replies(occurrence, group):
    """One person per reply, each an active member of the group (the occurrence's counts kept, as the
    RSVP service keeps them)."""
    people = {}
    for status in ("going", "maybe", "waitlisted", "not_going"):
        user = MembershipFactory(group=group, user=UserFactory(time_zone="America/New_York")).user
        RsvpFactory(occurrence=occurrence, user=user, status=status)
        people[status] = user
    occurrence.going_count = occurrence.maybe_count = occurrence.waitlist_count = 1
    occurrence.save()
    return people


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_cancellation_reaches_going_maybe_and_waitlisted_by_default(occurrence, replies, announce):
    occurrence.status, occurrence.note = "cancelled", "The hall is flooded, sorry!"
    occurrence.save()
    announce(meeting_events.occurrence_cancelled, occurrence=occurrence)
    assert recipients() == sorted(replies[s].email for s in ("going", "maybe", "waitlisted"))
    message = mail.outbox[0]
    assert message.subject == "Cancelled: Thursday circle"
    assert "The hall is flooded, sorry!" in message.body
    assert "(America/New_York)" in message.body  # in the reader's own time zone
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("http://testserver/api/v1/notifications/unsubscribe/")
    assert unsubscribe in message.body


def test_change_respects_opt_out(occurrence, replies, announce):
    opt_in(replies["maybe"], occurrence_changed=False)
    occurrence.location = "Room 2, upstairs"
    occurrence.save()
    announce(meeting_events.occurrence_changed, occurrence=occurrence, changed=frozenset({"location"}))
    assert recipients() == sorted(replies[s].email for s in ("going", "waitlisted"))
    assert mail.outbox[0].subject == "Changed: Thursday circle"
    assert "Room 2, upstairs" in mail.outbox[0].body


def test_a_cancelled_event_for_a_meeting_that_is_not_cancelled_sends_nothing(occurrence, replies, announce):
    announce(meeting_events.occurrence_cancelled, occurrence=occurrence)
    assert mail.outbox == []


def test_waitlist_promotion_is_opt_in(occurrence, replies, announce):
    rsvp = Rsvp.objects.get(user=replies["waitlisted"])
    rsvp.status = "going"
    rsvp.save()
    announce(meeting_events.waitlist_promoted, rsvp=rsvp)
    assert mail.outbox == []
    opt_in(replies["waitlisted"], waitlist_promoted=True)
    announce(meeting_events.waitlist_promoted, rsvp=rsvp)
    assert recipients() == [replies["waitlisted"].email]
    assert "A place opened up" in mail.outbox[0].body


def test_join_request_approved_is_opt_in(group, announce):
    membership = PendingMembershipFactory(group=group)
    membership.status = "active"
    membership.save()
    announce(group_events.join_request_approved, membership=membership)
    assert mail.outbox == []
    opt_in(membership.user, join_request_approved=True)
    announce(group_events.join_request_approved, membership=membership)
    assert recipients() == [membership.user.email]
    assert mail.outbox[0].subject == f"Welcome to {group.name}"


def test_facilitators_who_opted_in_hear_when_someone_asks_to_join(group, facilitator, user_client, user,
                                                                  django_capture_on_commit_callbacks):
    from tests.factories import FacilitatorMembershipFactory

    group.join_policy = "approval"
    group.save()
    quiet = FacilitatorMembershipFactory(group=group).user  # has not opted in: hears nothing
    opt_in(facilitator, join_requested=True)
    MembershipFactory(group=group, user=UserFactory())  # an ordinary member who opted in hears nothing either
    with django_capture_on_commit_callbacks(execute=True):
        response = user_client.post(f"/api/v1/groups/{group.slug}/membership/",
                                    {"agreed": True, "message": "I lost my mum in May.", "display_name": "J."},
                                    format="json")
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert recipients() == [facilitator.email]
    assert quiet.email not in recipients()
    letter = mail.outbox[0]
    assert letter.subject == f"A request to join {group.name}"
    assert "J. has asked to join" in letter.body and f"/#/host/{group.slug}" in letter.body
    assert "I lost my mum" not in letter.body and user.email not in letter.body  # the words stay in the app


def test_no_request_email_once_the_request_is_answered_or_for_an_open_group(group, facilitator, announce,
                                                                           user_client):
    opt_in(facilitator, join_requested=True)
    membership = PendingMembershipFactory(group=group)
    membership.status = "active"
    membership.save()
    announce(group_events.join_requested, membership=membership)  # welcomed before the email went
    assert mail.outbox == []
    assert user_client.post(f"/api/v1/groups/{group.slug}/membership/", {"agreed": True},
                            format="json").json()["status"] == "active"
    assert mail.outbox == []


def test_cofacilitator_invitation_is_opt_in(group, announce):
    invitation = FacilitatorInvitationFactory(group=group)
    announce(group_events.cofacilitator_invited, invitation=invitation)
    assert mail.outbox == []
    opt_in(invitation.invitee, cofacilitator_invited=True)
    announce(group_events.cofacilitator_invited, invitation=invitation)
    assert recipients() == [invitation.invitee.email]
    assert invitation.invited_by.display_name in mail.outbox[0].body
    assert "saying no is fine" in mail.outbox[0].body


def test_cofacilitator_invitation_names_the_inviter_as_the_group_knows_them(group, announce):
    invitation = FacilitatorInvitationFactory(group=group)
    invitation.invited_by.memberships.filter(group=group).update(display_name="Ash (pseudonym)")
    opt_in(invitation.invitee, cofacilitator_invited=True)
    announce(group_events.cofacilitator_invited, invitation=invitation)
    assert "Ash (pseudonym) has invited you" in mail.outbox[0].body
    assert invitation.invited_by.display_name not in mail.outbox[0].body


def test_mail_failures_are_retried_then_logged_and_never_raise(occurrence, replies, settings, caplog, announce):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    settings.NOTIFICATION_RETRY_DELAYS = (1, 5, 30)
    FailingBackend.attempts = 0
    occurrence.status = "cancelled"
    occurrence.save()
    with caplog.at_level(logging.WARNING, logger="kindred.notifications"):
        announce(meeting_events.occurrence_cancelled, occurrence=occurrence)  # does not raise
    assert FailingBackend.attempts == 3 * 4  # three people, four attempts each
    assert sum("giving up" in record.message for record in caplog.records) == 3


def test_a_flaky_relay_delivers_on_retry(occurrence, replies, settings, announce):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FlakyBackend"
    FlakyBackend.attempts = 0
    opt_in(replies["going"], waitlist_promoted=True)
    announce(meeting_events.waitlist_promoted, rsvp=Rsvp.objects.get(user=replies["going"]))
    assert FlakyBackend.attempts == 3
    assert recipients() == [replies["going"].email]


def test_enqueue_failure_is_logged_not_raised(occurrence, replies, monkeypatch, caplog, announce):
    from kindred.notifications import tasks

    class Broken:
        name = "notify_occurrence_changed"

        def enqueue(self, **kwargs):  # type: ignore[no-untyped-def]
            raise RuntimeError("task table missing")

    monkeypatch.setattr(tasks, "notify_occurrence_changed", Broken())
    with caplog.at_level(logging.ERROR, logger="kindred.notifications"):
        announce(meeting_events.occurrence_changed, occurrence=occurrence, changed=frozenset({"location"}))
    assert "could not enqueue" in caplog.text


def test_leaving_a_group_notifies_no_one(group, occurrence, replies, facilitator, member_client, member):
    RsvpFactory(occurrence=occurrence, user=member, status="going")
    for person in [facilitator, *replies.values()]:
        opt_in(person, waitlist_promoted=True, join_request_approved=True, cofacilitator_invited=True,
               reminders=True)
    response = member_client.delete(f"/api/v1/groups/{group.slug}/membership/")
    assert response.status_code == 204
    assert mail.outbox == []


def test_an_erased_account_gets_nothing(occurrence, replies, announce):
    replies["going"].is_active = False
    replies["going"].save()
    occurrence.status = "cancelled"
    occurrence.save()
    announce(meeting_events.occurrence_cancelled, occurrence=occurrence)
    assert replies["going"].email not in recipients()


def test_with_the_database_backend_a_failed_send_is_retried_later(settings, occurrence, replies):
    from django_tasks_db.models import DBTaskResult

    from kindred.notifications import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    result = tasks.deliver_email.call(user_id=replies["going"].pk, letter="occurrence_changed",
                                      about_id=occurrence.pk)
    assert result == "retrying"
    retry = DBTaskResult.objects.get()
    assert retry.run_after > timezone.now() + dt.timedelta(seconds=50)
    assert retry.args_kwargs["kwargs"] == {"user_id": replies["going"].pk, "letter": "occurrence_changed",
                                           "about_id": occurrence.pk, "attempt": 2}
