"""Shared public-page cache, N+1 detection in the suite, and the scale seed's consistency."""

from __future__ import annotations

import pytest
from django.db.models import Count, F, Q, Sum
from django.http import HttpResponse
from django.test import RequestFactory

from kindred.public import cache as caching

factory = RequestFactory()


def counting_view():  # type: ignore[no-untyped-def]
    calls = []

    @caching.public_cache("testpages")
    def view(request):  # type: ignore[no-untyped-def]
        calls.append(request)
        return HttpResponse(f'{{"n": {len(calls)}}}', content_type="application/json")

    return view, calls


def test_anonymous_reads_are_served_from_the_cache_with_validators():
    view, calls = counting_view()
    first = view(factory.get("/api/v1/things/?b=2&a=1"))
    second = view(factory.get("/api/v1/things/?a=1&b=2"))
    assert len(calls) == 1
    assert second.content == first.content
    assert second["X-Cache"] == "hit" and second["ETag"] == first["ETag"]
    assert second["Last-Modified"]


def test_requests_with_credentials_never_touch_the_cache():
    view, calls = counting_view()
    view(factory.get("/api/v1/things/"))
    view(factory.get("/api/v1/things/", HTTP_AUTHORIZATION="Bearer abc"))
    signed_in = factory.get("/api/v1/things/")
    signed_in.COOKIES["sessionid"] = "x"
    response = view(signed_in)
    assert len(calls) == 3
    assert "X-Cache" not in response


def test_bump_invalidates_what_was_cached():
    view, calls = counting_view()
    view(factory.get("/api/v1/things/"))
    caching.bump("testpages")
    response = view(factory.get("/api/v1/things/"))
    assert len(calls) == 2 and response.content == b'{"n": 2}'


def test_n_plus_one_queries_raise_in_the_test_suite(db):
    from zeal import zeal_context
    from zeal.errors import NPlusOneError

    from kindred.groups.models import Membership
    from tests.factories import MembershipFactory

    for _ in range(3):
        MembershipFactory()
    with pytest.raises(NPlusOneError), zeal_context():
        [membership.user.display_name for membership in Membership.objects.all()]


@pytest.mark.slow
def test_seed_scale_small_is_consistent_and_refuses_a_second_run(db):
    from django.core.management import CommandError, call_command

    from kindred.groups.models import Group, Membership
    from kindred.meetings.management.commands.seed_scale import BENCH_EMAIL, SIZES
    from kindred.meetings.models import Occurrence, Rsvp

    call_command("seed_scale", size="small", stdout=None)
    assert Group.objects.count() == SIZES["small"]["groups"]
    assert Rsvp.objects.count() == SIZES["small"]["rsvps"]
    assert Membership.objects.filter(user__email=BENCH_EMAIL, status="active").count() == 30
    counted = Occurrence.objects.aggregate(going=Sum("going_count"), maybe=Sum("maybe_count"),
                                           waiting=Sum("waitlist_count"))
    rows = Rsvp.objects.aggregate(going=Count("id", filter=Q(status="going")),
                                  maybe=Count("id", filter=Q(status="maybe")),
                                  waiting=Count("id", filter=Q(status="waitlisted")))
    assert counted == rows
    over = Occurrence.objects.filter(capacity__isnull=False).annotate(
        going=Count("rsvps", filter=Q(rsvps__status="going"))).filter(going__gt=F("capacity"))
    assert not over.exists()
    assert not Rsvp.objects.exclude(user__memberships__group=F("occurrence__group")).exists()
    with pytest.raises(CommandError):
        call_command("seed_scale", size="small")

