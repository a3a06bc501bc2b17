"""The one renderer of each hot resource: what the directory reads, and that the declared shapes
(the OpenAPI document) name exactly the keys the presenters write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kindred.groups import schema as groups_schema
from kindred.groups import selectors as group_selectors
from kindred.groups.policy import Viewer
from kindred.groups.presenters import group_json
from kindred.meetings import schema as meetings_schema
from kindred.meetings import selectors
from kindred.meetings.presenters import occurrence_json, series_json
from kindred.public import selectors as public_selectors
from tests.factories import FacilitatorMembershipFactory, GroupFactory, MembershipFactory, OccurrenceFactory

pytestmark = pytest.mark.django_db


def test_directory_rows_need_no_deferred_column(django_assert_num_queries):
    """The directory defers columns its summary never shows: rendering a page reads none of them."""
    for _ in range(3):
        FacilitatorMembershipFactory(group=GroupFactory())
    viewer = Viewer.anonymous()
    with django_assert_num_queries(1):  # the page, facilitators' names in it; a deferred read would add one per row
        [group_json(group, viewer) for group in public_selectors.group_directory()]


def test_declared_shapes_name_exactly_what_the_presenters_write():
    group = GroupFactory()
    member = MembershipFactory(group=group).user
    occurrence = OccurrenceFactory(series__group=group, starts_at=timezone.now() + dt.timedelta(days=2))
    viewer = Viewer.of(member)
    summary = group_json(group_selectors.with_summary(type(group).objects.filter(pk=group.pk)).get(), viewer)
    page = group_json(group_selectors.with_summary(type(group).objects.filter(pk=group.pk)).get(), viewer, page=True)
    assert list(summary) == list(groups_schema.GroupSummaryOutputSerializer().fields)
    assert list(page) == list(groups_schema.GroupOutputSerializer().fields)
    assert list(page["my_membership"]) == list(groups_schema.MyMembershipBriefOutputSerializer().fields)
    rendered = occurrence_json(selectors.occurrence_find(user=member, occurrence_id=occurrence.pk), viewer)
    assert list(rendered) == list(meetings_schema.OccurrenceOutputSerializer().fields)
    series = series_json(selectors.series_find(series_id=occurrence.series_id), viewer)
    assert list(series) == list(meetings_schema.SeriesOutputSerializer().fields)
