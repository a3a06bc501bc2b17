"""factory-boy factories for every model, shared by the whole suite."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from kindred.accounts.models import User
from kindred.groups.models import FacilitatorInvitation, Group, Membership
from kindred.meetings.models import MeetingSeries, Occurrence, Rsvp

PASSWORD = "correct horse battery staple"


def next_weekday(weekday: int) -> dt.date:
    """The first date at least three days from today that falls on ``weekday`` (0 = Monday)."""
    start = timezone.localdate() + dt.timedelta(days=3)
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    time_zone = "Europe/London"
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):  # type: ignore[no-untyped-def]
        if create:
            instance.save()


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Circle {n}")
    slug = factory.Sequence(lambda n: f"circle-{n}")
    description = "A peer-led circle."
    topics = factory.LazyFunction(lambda: ["grief"])
    languages = factory.LazyFunction(lambda: ["en"])
    format = Group.Format.HYBRID
    city = "London"
    country = "GB"
    latitude = 51.5072
    longitude = -0.1276
    online_url = "https://meet.example.org/circle"
    agreements = "We listen without judging. What is said here stays here."
    support_resources = "Samaritans: 116 123 (free, 24/7)."
    time_zone = "Europe/London"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(GroupFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE
    agreed_version = factory.SelfAttribute("group.agreements_version")
    joined_at = factory.LazyFunction(timezone.now)


class FacilitatorMembershipFactory(MembershipFactory):
    role = Membership.Role.FACILITATOR


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeries

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Weekly circle {n}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    start_time = dt.time(19, 0)
    duration_minutes = 90
    time_zone = factory.SelfAttribute("group.time_zone")


class OccurrenceFactory(factory.django.DjangoModelFactory):
    """A single occurrence row, for tests that do not need recurrence expansion."""

    class Meta:
        model = Occurrence

    series = factory.SubFactory(MeetingSeriesFactory)
    group = factory.SelfAttribute("series.group")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    original_start = factory.SelfAttribute("starts_at")
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))
    capacity = factory.SelfAttribute("series.capacity")


class RsvpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rsvp

    occurrence = factory.SubFactory(OccurrenceFactory)
    user = factory.SubFactory(UserFactory)
    status = Rsvp.Status.GOING


class PendingMembershipFactory(MembershipFactory):
    """A request to join an approval group, waiting for a facilitator."""

    status = Membership.Status.PENDING
    joined_at = None
    request_message = "I lost my brother last spring."


class FacilitatorInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacilitatorInvitation

    group = factory.SubFactory(GroupFactory)
    invitee = factory.LazyAttribute(lambda o: MembershipFactory(group=o.group).user)
    invited_by = factory.LazyAttribute(lambda o: FacilitatorMembershipFactory(group=o.group).user)
