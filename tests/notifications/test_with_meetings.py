"""The meetings app's real services announce events after commit; the right people get email."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from kindred.meetings import services as meetings
from tests.factories import MembershipFactory, OccurrenceFactory, RsvpFactory

pytestmark = pytest.mark.django_db


def test_cancelling_through_the_service_emails_after_commit(group, django_capture_on_commit_callbacks):
    occurrence = OccurrenceFactory(series__group=group, starts_at=timezone.now() + dt.timedelta(days=2))
    going = MembershipFactory(group=group).user
    RsvpFactory(occurrence=occurrence, user=going, status="going")
    with django_capture_on_commit_callbacks(execute=True):
        meetings.occurrence_cancel(occurrence=occurrence, note="Snow day.")
    assert [m.to for m in mail.outbox] == [[going.email]]
    assert "Snow day." in mail.outbox[0].body
