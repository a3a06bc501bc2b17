"""An email subject is one header line, whatever is stored in the names it quotes.

A group name or series title saved with a line break (before the input rule, or from a shell) made
Django refuse the whole message (BadHeaderError), so nobody heard that a meeting was cancelled.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from kindred.groups.models import Group
from kindred.meetings.models import MeetingSeries
from kindred.notifications.models import NotificationPreferences
from tests.conftest import session_client
from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    OccurrenceFactory,
    PendingMembershipFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db


def test_a_cancellation_is_emailed_when_the_title_holds_a_line_break(group, django_capture_on_commit_callbacks):
    facilitator = FacilitatorMembershipFactory(group=group).user
    occurrence = OccurrenceFactory(series__group=group, starts_at=timezone.now() + dt.timedelta(days=2))
    MeetingSeries.objects.filter(pk=occurrence.series_id).update(title="Evening\r\nBcc: everyone@example.org\rcircle")
    going = MembershipFactory(group=group).user
    RsvpFactory(occurrence=occurrence, user=going, status="going")
    with django_capture_on_commit_callbacks(execute=True):
        response = session_client(facilitator).post(f"/api/v1/occurrences/{occurrence.pk}/cancel/",
                                                    {"note": "Snow day."}, format="json")
    assert response.status_code == 200, response.json()
    assert [message.to for message in mail.outbox] == [[going.email]]
    subject = mail.outbox[0].message()["Subject"]
    assert subject == "Cancelled: Evening Bcc: everyone@example.org circle"
    assert not mail.outbox[0].bcc


def test_a_welcome_is_emailed_when_the_group_name_holds_a_line_break(group, django_capture_on_commit_callbacks):
    Group.objects.filter(pk=group.pk).update(name="Carers\nevening\x1b[2J", join_policy="approval")
    facilitator = FacilitatorMembershipFactory(group=group).user
    waiting = PendingMembershipFactory(group=group)
    NotificationPreferences.objects.update_or_create(user=waiting.user, defaults={"join_request_approved": True})
    with django_capture_on_commit_callbacks(execute=True):
        response = session_client(facilitator).post(f"/api/v1/groups/{group.slug}/requests/{waiting.pk}/approve/")
    assert response.status_code in (200, 204), response.content
    assert [message.subject for message in mail.outbox] == ["Welcome to Carers evening[2J"]
