"""The hot output serializers' hand-written ``to_representation`` gives byte for byte the JSON that
DRF's generic field machinery gives for the same objects (the declared fields still describe it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from kindred.groups import selectors as group_selectors
from kindred.groups.models import Group
from kindred.groups.serializers import GroupOutputSerializer, GroupSummaryOutputSerializer
from kindred.meetings import selectors
from kindred.meetings.serializers import OccurrenceOutputSerializer
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OccurrenceFactory,
    RsvpFactory,
)

render = JSONRenderer().render


def generic(serializer_class, instance, context):  # type: ignore[no-untyped-def]
    """What DRF's own Serializer.to_representation makes of it (the code path before the fast one)."""
    return serializers.Serializer.to_representation(serializer_class(context=context), instance)


@pytest.fixture
def varied_occurrences(db):  # type: ignore[no-untyped-def]
    public = GroupFactory(online_link_public=True, address="1 High St", city="Leeds", time_zone="Europe/London")
    private = GroupFactory(online_link_public=False, address="", city="", online_phone="+44 20 0000")
    member = MembershipFactory(group=private).user
    soon = timezone.now().replace(microsecond=123456) + dt.timedelta(days=3)
    rows = [
        OccurrenceFactory(series=MeetingSeriesFactory(group=public, time_zone="America/New_York"),
                          starts_at=soon, location="Room 2", capacity=5, going_count=7, note="Bring tea"),
        OccurrenceFactory(series=MeetingSeriesFactory(group=private, capacity=None, time_zone="Asia/Kolkata"),
                          starts_at=soon.replace(microsecond=0) + dt.timedelta(hours=5), online_url="",
                          status="cancelled", is_modified=True),
        OccurrenceFactory(series=MeetingSeriesFactory(group=private, capacity=3), starts_at=soon + dt.timedelta(days=1),
                          online_url="https://meet.example.org/room", capacity=3, going_count=1, sequence=4),
    ]
    RsvpFactory(occurrence=rows[1], user=member, status="going", share_name=True)
    RsvpFactory(occurrence=rows[2], user=member, status="waitlisted", waitlisted_at=timezone.now())
    return member, {private.pk}, [row.pk for row in rows]


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_occurrence_json_is_identical_for_instances_and_rows(varied_occurrences, zone, signed_in):
    from django.contrib.auth.models import AnonymousUser

    member, member_ids, ids = varied_occurrences
    user = member if signed_in else AnonymousUser()
    context = {"member_group_ids": member_ids if signed_in else set()}
    queryset = selectors._base(user).filter(pk__in=ids).order_by("starts_at", "id")
    with timezone.override(zone):
        instances = list(queryset)
        expected = [generic(OccurrenceOutputSerializer, occurrence, context) for occurrence in instances]
        from_instances = OccurrenceOutputSerializer(instances, many=True, context=context).data
        from_rows = OccurrenceOutputSerializer(list(selectors.occurrence_rows(queryset)), many=True,
                                               context=context).data
    assert render(from_instances) == render(expected)
    assert render(from_rows) == render(expected)
    assert any(row["my_rsvp"] for row in expected) == signed_in


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles"])
def test_group_json_is_identical(db, zone):
    led = GroupFactory(online_link_public=False, latitude=51.5, longitude=-0.12, accessibility=["step_free"])
    FacilitatorMembershipFactory(group=led, display_name="Ash")
    FacilitatorMembershipFactory(group=led)
    MembershipFactory(group=led)
    GroupFactory(latitude=None, longitude=None, online_link_public=True, support_resources="")
    groups = list(group_selectors.with_summary(Group.objects.all()).order_by("id"))
    groups[1].distance_km = 3.14159
    membership = FacilitatorMembershipFactory(group=led)
    with timezone.override(zone):
        for context in ({}, {"member_group_ids": {led.pk}}):
            summary = GroupSummaryOutputSerializer(groups, many=True, context=context).data
            assert render(summary) == render([generic(GroupSummaryOutputSerializer, g, context) for g in groups])
            for group in groups:
                for page_context in ({**context, "membership": None}, {**context, "membership": membership}):
                    fast = GroupOutputSerializer(group, context=page_context).data
                    assert render(fast) == render(generic(GroupOutputSerializer, group, page_context))


def test_directory_rows_need_no_deferred_column(db, django_assert_num_queries):
    """The directory defers columns its summary never shows: rendering a page reads none of them."""
    for _ in range(3):
        FacilitatorMembershipFactory(group=GroupFactory())
    with django_assert_num_queries(2):  # the page and its facilitators; a deferred read would add one per row
        page = list(group_selectors.group_directory())
        GroupSummaryOutputSerializer(page, many=True, context={}).data  # noqa: B018
