"""Meeting series through the API: scheduling, validation, edits from a date onward, ending."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from kindred.groups.models import Membership
from kindred.meetings.models import MeetingSeries, Occurrence, Rsvp
from tests.conftest import client_for
from tests.factories import MembershipFactory, RsvpFactory
from tests.meetings.conftest import local_times, make_series, occurrences_of

pytestmark = pytest.mark.django_db
UTC = dt.UTC
WEEKLY = {"title": "Tuesday circle", "start_date": "2027-01-05", "start_time": "19:00", "duration_minutes": 90,
          "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["TU"]}}


def test_facilitator_schedules_weekly_series_in_the_groups_zone(facilitator_client, group, clock):
    group.time_zone = "America/New_York"
    group.save()
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", WEEKLY, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["time_zone"] == "America/New_York"
    assert body["recurrence"] == {"frequency": "weekly", "interval": 1, "weekdays": ["TU"], "until": None,
                                  "count": None}
    series = MeetingSeries.objects.get(pk=body["id"])
    assert series.occurrences.count() == 53  # a year ahead from the first meeting, materialised
    assert set(t[-9:] for t in local_times(series)) == {"Tue 19:00"}


def test_one_off_without_recurrence(facilitator_client, group, clock):
    body = {**WEEKLY, "recurrence": None, "capacity": 8}
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", body, format="json")
    assert response.status_code == 201
    assert response.json()["recurrence"] is None
    occurrence = Occurrence.objects.get(series_id=response.json()["id"])
    assert occurrence.starts_at == dt.datetime(2027, 1, 5, 19, 0, tzinfo=UTC)
    assert occurrence.capacity == 8


def test_a_series_from_29_february_may_end_ten_years_on(facilitator_client, group, clock):
    body = {**WEEKLY, "start_date": "2028-02-29",
            "recurrence": {"frequency": "weekly", "weekdays": ["TU"], "until": "2038-02-28"}}
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", body, format="json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"recurrence": {"frequency": "weekly", "weekdays": ["XX"]}}, "recurrence.weekdays", "unknown_weekday"),
    ({"recurrence": {"frequency": "weekly", "interval": 0, "weekdays": ["TU"]}}, "recurrence.interval", "min_value"),
    ({"recurrence": {"frequency": "weekly", "weekdays": ["TU"], "until": "2027-01-01"}}, "recurrence.until",
     "until_before_start"),
    ({"recurrence": {"frequency": "weekly", "weekdays": ["TU"], "until": "2027-03-01", "count": 4}},
     "recurrence.count", "count_and_until"),
    ({"recurrence": {"frequency": "monthly", "weekdays": ["TU"]}}, "recurrence.weekdays", "monthly_needs_nth"),
    ({"recurrence": {"frequency": "weekly", "weekdays": ["-1FR"]}}, "recurrence.weekdays", "nth_weekday_not_weekly"),
    ({"recurrence": {"frequency": "yearly", "weekdays": ["TU"]}}, "recurrence.frequency", "invalid_choice"),
    ({"recurrence": {"frequency": "weekly", "weekdays": ["TU"], "count": 10000}}, "recurrence.count", "max_value"),
    ({"recurrence": {"frequency": "weekly", "weekdays": ["TU"], "until": "2037-01-06"}}, "recurrence.until",
     "until_too_far"),
    # 29 February: ten years on has no 29 February (it was a 500)
    ({"start_date": "2028-02-29", "recurrence": {"frequency": "weekly", "weekdays": ["TU"], "until": "2038-03-01"}},
     "recurrence.until", "until_too_far"),
    ({"duration_minutes": 0}, "duration_minutes", "min_value"),
    ({"time_zone": "Mars/Olympus"}, "time_zone", "invalid_time_zone"),
    ({"start_date": "2026-12-01"}, "start_date", "in_the_past"),
    # 02:30 on 14 March 2027 does not exist in New York: a one-off there is refused
    ({"recurrence": None, "start_date": "2027-03-14", "start_time": "02:30", "time_zone": "America/New_York"},
     "start_time", "nonexistent_local_time"),
])
def test_invalid_series_is_400_naming_the_field(facilitator_client, group, clock, changes, field, code):
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", {**WEEKLY, **changes}, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert {"field": field, "code": code} in [{"field": e["field"], "code": e["code"]}
                                              for e in response.json()["errors"]]
    assert not MeetingSeries.objects.exists()


def test_series_input_ignores_server_fields(facilitator_client, group, clock):
    body = {**WEEKLY, "sequence": 99, "ended_at": "2027-01-01T00:00:00Z", "id": 5000, "group": "elsewhere"}
    response = facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", body, format="json")
    assert response.status_code == 201
    assert (response.json()["sequence"], response.json()["ended_at"]) == (0, None)
    assert response.json()["id"] != 5000 and response.json()["group"] == group.slug


def test_facilitator_of_the_day_must_be_a_member_others_can_see(facilitator_client, group, clock, user, member):
    url = f"/api/v1/groups/{group.slug}/series/"
    elsewhere = MembershipFactory(user=user)  # a membership of another group
    refused = facilitator_client.post(url, {**WEEKLY, "facilitator": elsewhere.pk}, format="json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "facilitator"
    membership = Membership.objects.get(user=member, group=group)
    hidden = facilitator_client.post(url, {**WEEKLY, "facilitator": membership.pk}, format="json")
    assert hidden.json()["errors"] == refused.json()["errors"]  # a hidden member answers like a stranger
    Membership.objects.filter(pk=membership.pk).update(show_on_roster=True)
    accepted = facilitator_client.post(url, {**WEEKLY, "facilitator": membership.pk}, format="json")
    assert accepted.json()["facilitator"] == {"membership_id": membership.pk, "name": member.display_name}


def test_series_permissions(api_client, user_client, member_client, facilitator_client, group, clock):
    series = make_series(group)
    list_url, detail_url = f"/api/v1/groups/{group.slug}/series/", f"/api/v1/series/{series.pk}/"
    for client in (api_client, user_client, member_client, facilitator_client):
        assert client.get(list_url).status_code == 200
        assert client.get(detail_url).status_code == 200
    assert api_client.post(list_url, WEEKLY, format="json").status_code == 401
    assert api_client.patch(detail_url, {"title": "x"}, format="json").status_code == 401
    assert api_client.delete(detail_url).status_code == 401
    for client in (user_client, member_client):
        assert client.post(list_url, WEEKLY, format="json").status_code == 403
        response = client.patch(detail_url, {"title": "x"}, format="json")
        assert response.status_code == 403 and response.json()["code"] == "facilitators_only"
        assert client.delete(detail_url).status_code == 403
    assert MeetingSeries.objects.get().title == "Tuesday circle"


def test_archived_groups_series_are_404_to_others(user_client, facilitator_client, group, clock):
    series = make_series(group)
    group.is_archived = True
    group.save()
    assert user_client.get(f"/api/v1/groups/{group.slug}/series/").status_code == 404
    assert user_client.get(f"/api/v1/series/{series.pk}/").status_code == 404
    assert user_client.patch(f"/api/v1/series/{series.pk}/", {"title": "x"}, format="json").status_code == 404
    assert facilitator_client.get(f"/api/v1/series/{series.pk}/").status_code == 200
    assert user_client.get("/api/v1/series/999999/").status_code == 404


def test_online_details_only_for_members_unless_public(api_client, member_client, group, clock):
    make_series(group, online_url="https://meet.example.org/tuesday")
    url = f"/api/v1/groups/{group.slug}/series/"
    assert api_client.get(url).json()["results"][0]["online_url"] is None
    assert member_client.get(url).json()["results"][0]["online_url"] == "https://meet.example.org/tuesday"
    group.online_link_public = True
    group.save()
    assert api_client.get(url).json()["results"][0]["online_url"] == "https://meet.example.org/tuesday"


def test_edit_from_a_date_onward_keeps_past_and_ids(facilitator_client, group, clock, member):
    series = make_series(group)
    before = {o.pk: o.starts_at for o in occurrences_of(series)}
    clock.set(dt.datetime(2027, 2, 1, 12, 0, tzinfo=UTC))  # four meetings are now in the past
    answered = occurrences_of(series)[10]
    RsvpFactory(occurrence=answered, user=member)
    response = facilitator_client.patch(f"/api/v1/series/{series.pk}/",
                                        {"start_time": "18:30", "apply_from": "2027-03-01"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["sequence"] == 1
    after = {o.pk: o for o in occurrences_of(series)}
    assert set(before) <= set(after)  # the same rows, re-timed in place
    for pk, start in before.items():
        local = after[pk].starts_at.astimezone(zoneinfo.ZoneInfo("Europe/London"))
        if start < dt.datetime(2027, 3, 1, tzinfo=UTC):
            assert after[pk].starts_at == start  # the past and everything before March keep their times
        else:
            assert local.strftime("%a %H:%M") == "Tue 18:30"  # 18:30 London time, GMT or BST
            assert after[pk].sequence == 1
    assert Rsvp.objects.get().occurrence_id == answered.pk


def test_changing_weekday_removes_unanswered_and_cancels_answered(facilitator_client, group, clock, member):
    series = make_series(group)
    tuesdays = occurrences_of(series)
    answered, unanswered = tuesdays[3], tuesdays[4]
    RsvpFactory(occurrence=answered, user=member)
    response = facilitator_client.patch(f"/api/v1/series/{series.pk}/", {
        "recurrence": {"frequency": "weekly", "weekdays": ["WE"]}}, format="json")
    assert response.status_code == 200
    answered.refresh_from_db()
    assert answered.status == "cancelled" and answered.note
    assert not Occurrence.objects.filter(pk=unanswered.pk).exists()
    scheduled = series.occurrences.filter(status="scheduled")
    assert {o.starts_at.strftime("%a") for o in scheduled} == {"Wed"}


def test_individually_changed_occurrence_survives_a_series_edit(facilitator_client, group, clock):
    series = make_series(group)
    changed = occurrences_of(series)[2]
    moved = dt.datetime(2027, 1, 20, 10, 0, tzinfo=UTC)
    facilitator_client.patch(f"/api/v1/occurrences/{changed.pk}/", {"starts_at": moved.isoformat()}, format="json")
    facilitator_client.patch(f"/api/v1/series/{series.pk}/", {"start_time": "18:00"}, format="json")
    changed.refresh_from_db()
    assert changed.starts_at == moved and changed.is_modified
    on_that_day = [o for o in occurrences_of(series) if o.original_start.date() == dt.date(2027, 1, 19)]
    assert on_that_day == [changed]  # no duplicate was added on its original date


def test_patch_recurrence_must_be_whole(facilitator_client, group, clock):
    series = make_series(group)
    response = facilitator_client.patch(f"/api/v1/series/{series.pk}/", {"recurrence": {"weekdays": ["WE"]}},
                                        format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "recurrence.frequency"


def test_series_capacity_raised_promotes_waitlists(facilitator_client, group, clock, make_member):
    series = make_series(group, capacity=1)
    first = occurrences_of(series)[0]
    for _ in range(3):
        client_for(make_member()).put(f"/api/v1/occurrences/{first.pk}/rsvp/", {"status": "going"}, format="json")
    facilitator_client.patch(f"/api/v1/series/{series.pk}/", {"capacity": 2}, format="json")
    first.refresh_from_db()
    assert (first.capacity, first.going_count, first.waitlist_count) == (2, 2, 1)


def test_delete_ends_series_keeping_the_past(facilitator_client, group, clock, member):
    series = make_series(group)
    clock.set(dt.datetime(2027, 2, 1, 12, 0, tzinfo=UTC))
    past = [o.pk for o in occurrences_of(series) if o.starts_at < dt.datetime(2027, 2, 1, tzinfo=UTC)]
    answered = occurrences_of(series)[8]
    RsvpFactory(occurrence=answered, user=member)
    assert facilitator_client.delete(f"/api/v1/series/{series.pk}/").status_code == 204
    remaining = occurrences_of(series)
    assert [o.pk for o in remaining] == [*past, answered.pk]
    assert remaining[-1].status == "cancelled"
    body = facilitator_client.get(f"/api/v1/series/{series.pk}/").json()
    assert body["ended_at"] is not None and body["sequence"] == 1
    edit = facilitator_client.patch(f"/api/v1/series/{series.pk}/", {"title": "again"}, format="json")
    assert edit.status_code == 409


def test_series_list_query_budget(api_client, member_client, group, clock, django_assert_max_num_queries,
                                  make_member, settings):
    settings.MAX_LIVE_SERIES_PER_GROUP = 25  # more than one page of 20
    for _ in range(25):
        person = make_member(show_on_roster=True)
        make_series(group, recurrence=None, facilitator=Membership.objects.get(user=person, group=group).pk)
    member_client.get("/api/v1/me/")  # the session's "last seen" note (at most every 5 minutes) is not the list's
    for page_size in (5, 25):
        # the session and its user, the group, the viewer's memberships, the count and the page
        with django_assert_max_num_queries(6):
            response = member_client.get(f"/api/v1/groups/{group.slug}/series/?page_size={page_size}")
        assert len(response.json()["results"]) == page_size
        assert all(row["facilitator"]["name"] for row in response.json()["results"])
