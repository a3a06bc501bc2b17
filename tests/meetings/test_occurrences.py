"""Occurrences through the API: listing by range, lazy extension, one-off changes and cancellations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from kindred.meetings.models import Occurrence
from tests.conftest import client_for
from tests.factories import GroupFactory, MembershipFactory, RsvpFactory
from tests.meetings.conftest import make_series, occurrences_of

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def test_list_between_dates_in_start_order_with_offsets(api_client, group, clock):
    group.time_zone = "America/New_York"
    group.save()
    make_series(group)
    response = api_client.get(f"/api/v1/groups/{group.slug}/occurrences/?from=2027-03-01&to=2027-03-31")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["local_start"] for row in rows] == [
        "2027-03-02T19:00:00-05:00", "2027-03-09T19:00:00-05:00", "2027-03-16T19:00:00-04:00",
        "2027-03-23T19:00:00-04:00", "2027-03-30T19:00:00-04:00"]
    assert [row["starts_at"] for row in rows][:3] == ["2027-03-03T00:00:00Z", "2027-03-10T00:00:00Z",
                                                      "2027-03-16T23:00:00Z"]
    first = rows[0]
    assert first["time_zone"] == "America/New_York" and first["status"] == "scheduled"
    assert first["online_url"] is None and first["my_rsvp"] is None  # not a member, not signed in
    assert {"going_count", "maybe_count", "waitlist_count", "capacity", "places_left", "note"} <= set(first)


def test_cursor_pagination_walks_every_occurrence_once(api_client, group, clock):
    make_series(group)
    url = f"/api/v1/groups/{group.slug}/occurrences/?page_size=10"
    seen = []
    while url:
        body = api_client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == Occurrence.objects.count()


def test_listing_further_ahead_extends_the_series_idempotently(member_client, group, clock):
    series = make_series(group)  # materialised a year ahead, to January 2028
    assert not series.occurrences.filter(starts_at__year=2028, starts_at__month=6).exists()
    url = f"/api/v1/groups/{group.slug}/occurrences/?from=2028-06-01&to=2028-06-30"  # members see 2 years ahead
    first = member_client.get(url).json()["results"]
    again = member_client.get(url).json()["results"]
    assert [row["local_start"][:10] for row in first] == ["2028-06-06", "2028-06-13", "2028-06-20", "2028-06-27"]
    assert [row["id"] for row in first] == [row["id"] for row in again]
    assert series.occurrences.filter(starts_at__year=2028, starts_at__month=6).count() == 4


@pytest.mark.parametrize(("query", "field"), [("from=soon", "from"), ("to=2027-13-45", "to"),
                                              ("from=2027-03-10&to=2027-03-01", "to")])
def test_bad_range_is_400(api_client, group, clock, query, field):
    response = api_client.get(f"/api/v1/groups/{group.slug}/occurrences/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_hidden_group_occurrences_are_404(api_client, group, clock):
    series = make_series(group)
    group.is_archived = True
    group.save()
    assert api_client.get(f"/api/v1/groups/{group.slug}/occurrences/").status_code == 404
    assert api_client.get(f"/api/v1/occurrences/{occurrences_of(series)[0].pk}/").status_code == 404


def test_members_see_online_details_and_their_rsvp(member_client, member, group, clock):
    series = make_series(group, capacity=5)
    first = occurrences_of(series)[0]
    member_client.put(f"/api/v1/occurrences/{first.pk}/rsvp/", {"status": "maybe"}, format="json")
    body = member_client.get(f"/api/v1/occurrences/{first.pk}/").json()
    assert body["online_url"] == group.online_url
    assert body["my_rsvp"] == {"status": "maybe", "share_name": False, "waitlist_position": None}
    assert (body["maybe_count"], body["places_left"]) == (1, 5)


def test_facilitator_changes_one_occurrence_only(facilitator_client, member_client, group, clock, member,
                                                 django_capture_on_commit_callbacks):
    series = make_series(group)
    first, second = occurrences_of(series)[:2]
    member_client.put(f"/api/v1/occurrences/{first.pk}/rsvp/", {"status": "going"}, format="json")
    new_start = "2027-01-05T20:00:00+00:00"
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.patch(f"/api/v1/occurrences/{first.pk}/", {
            "starts_at": new_start, "location": "Room 2", "online_url": "https://meet.example.org/other",
            "note": "Later this week"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["starts_at"], body["location"], body["note"]) == ("2027-01-05T20:00:00Z", "Room 2", "Later this week")
    assert body["is_modified"] and body["sequence"] == 1
    second.refresh_from_db()
    assert (second.starts_at, second.location, second.sequence) == (dt.datetime(2027, 1, 12, 19, tzinfo=UTC), "", 0)
    assert [(message.to, message.subject) for message in mail.outbox] == [([member.email], "Changed: Tuesday circle")]
    assert "Room 2" in mail.outbox[0].body  # the member who plans to come is told, with how it stands now


def test_change_rejects_past_start_and_cancelled(facilitator_client, group, clock):
    first, second = occurrences_of(make_series(group))[:2]
    past = facilitator_client.patch(f"/api/v1/occurrences/{first.pk}/", {"starts_at": "2026-12-01T10:00:00Z"},
                                    format="json")
    assert past.status_code == 400 and past.json()["errors"][0]["field"] == "starts_at"
    facilitator_client.post(f"/api/v1/occurrences/{second.pk}/cancel/", {"note": "Closed"}, format="json")
    cancelled = facilitator_client.patch(f"/api/v1/occurrences/{second.pk}/", {"note": "x"}, format="json")
    assert cancelled.status_code == 409 and cancelled.json()["code"] == "occurrence_cancelled"


def test_cancel_one_with_a_note(facilitator_client, member_client, group, clock, member,
                                django_capture_on_commit_callbacks):
    series = make_series(group)
    first, second = occurrences_of(series)[:2]
    member_client.put(f"/api/v1/occurrences/{first.pk}/rsvp/", {"status": "going"}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(f"/api/v1/occurrences/{first.pk}/cancel/", {"note": "Hall closed"},
                                           format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["note"]) == ("cancelled", "Hall closed")
    assert [(message.to, message.subject) for message in mail.outbox] == [([member.email], "Cancelled: Tuesday circle")]
    assert "Hall closed" in mail.outbox[0].body
    second.refresh_from_db()
    assert second.status == "scheduled"
    again = facilitator_client.post(f"/api/v1/occurrences/{first.pk}/cancel/", {"note": "x"}, format="json")
    assert again.status_code == 409
    rsvp = member_client.put(f"/api/v1/occurrences/{first.pk}/rsvp/", {"status": "maybe"}, format="json")
    assert rsvp.status_code == 409 and rsvp.json()["code"] == "occurrence_cancelled"


def test_a_meeting_in_progress_stays_listed_until_it_ends(api_client, group, clock):
    first, second = occurrences_of(make_series(group))[:2]
    url = f"/api/v1/groups/{group.slug}/occurrences/"
    clock.set(first.starts_at + dt.timedelta(minutes=20))  # 20 minutes into a 90-minute meeting
    assert [row["id"] for row in api_client.get(url).json()["results"]][:2] == [first.pk, second.pk]
    clock.set(first.ends_at + dt.timedelta(minutes=1))
    assert api_client.get(url).json()["results"][0]["id"] == second.pk


def test_cancelling_a_started_meeting_is_409(facilitator_client, group, clock):
    first = occurrences_of(make_series(group))[0]
    clock.set(first.starts_at + dt.timedelta(minutes=5))
    response = facilitator_client.post(f"/api/v1/occurrences/{first.pk}/cancel/", {"note": "x"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "occurrence_started"


def test_occurrence_write_permissions(api_client, user_client, member_client, group, clock):
    first = occurrences_of(make_series(group))[0]
    for client, expected in ((api_client, 401), (user_client, 403), (member_client, 403)):
        assert client.patch(f"/api/v1/occurrences/{first.pk}/", {"note": "x"}, format="json").status_code == expected
        assert client.post(f"/api/v1/occurrences/{first.pk}/cancel/", {"note": "x"},
                           format="json").status_code == expected
    first.refresh_from_db()
    assert (first.note, first.status) == ("", "scheduled")


def test_occurrence_list_query_budget(user_client, member_client, group, clock, django_assert_max_num_queries):
    series = make_series(group, capacity=3)
    for occurrence in occurrences_of(series)[:30]:
        RsvpFactory(occurrence=occurrence, user=MembershipFactory(group=group).user)
    for client in (user_client, member_client):
        # A session notes when it was last used at most every five minutes (the sessions list, issue
        # 11): a write that belongs to the session, not to the list, so it is made before counting.
        client.get("/api/v1/me/")
        for page_size in (5, 50):
            with django_assert_max_num_queries(6):
                response = client.get(f"/api/v1/groups/{group.slug}/occurrences/?page_size={page_size}")
            assert len(response.json()["results"]) == page_size


def test_occurrences_of_another_group_are_not_listed(api_client, group, clock):
    make_series(group)
    elsewhere = GroupFactory()
    make_series(elsewhere)
    ids = {row["id"] for row in api_client.get(f"/api/v1/groups/{group.slug}/occurrences/?page_size=100")
           .json()["results"]}
    assert ids and ids <= set(Occurrence.objects.filter(group=group).values_list("pk", flat=True))
    assert client_for(MembershipFactory(group=elsewhere).user).get(
        f"/api/v1/groups/{group.slug}/occurrences/").json()["results"][0]["online_url"] is None


def test_a_cancellation_is_undone_before_the_meeting_and_those_coming_are_told(
        facilitator_client, member_client, group, clock, member, django_capture_on_commit_callbacks):
    first = occurrences_of(make_series(group))[0]
    member_client.put(f"/api/v1/occurrences/{first.pk}/rsvp/", {"status": "going"}, format="json")
    facilitator_client.post(f"/api/v1/occurrences/{first.pk}/cancel/", {"note": "Hall closed"}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(f"/api/v1/occurrences/{first.pk}/restore/")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["note"], body["going_count"]) == ("scheduled", "", 1)  # the reply was kept
    assert [(message.to, message.subject) for message in mail.outbox] == [([member.email], "Changed: Tuesday circle")]
    rsvp = member_client.put(f"/api/v1/occurrences/{first.pk}/rsvp/", {"status": "maybe"}, format="json")
    assert rsvp.status_code == 200  # answers are open again
    again = facilitator_client.post(f"/api/v1/occurrences/{first.pk}/restore/")
    assert again.status_code == 409 and again.json()["code"] == "not_cancelled"


def test_restoring_gives_places_freed_meanwhile_to_whoever_waited(facilitator_client, group, clock, make_member):
    from kindred.meetings import services

    first = occurrences_of(make_series(group, capacity=1))[0]
    holder, waiting = make_member(), make_member()
    services.rsvp_set(user=holder, occurrence=first, status="going")
    services.rsvp_set(user=waiting, occurrence=first, status="going")
    facilitator_client.post(f"/api/v1/occurrences/{first.pk}/cancel/", {"note": "Closed"}, format="json")
    services.rsvp_withdraw(user=holder, occurrence=first)  # let go of the cancelled meeting
    response = facilitator_client.post(f"/api/v1/occurrences/{first.pk}/restore/")
    assert (response.json()["going_count"], response.json()["waitlist_count"]) == (1, 0)
    assert first.rsvps.get(user=waiting).status == "going"


def test_restoring_is_refused_once_started_or_when_the_series_ended(facilitator_client, group, clock):
    series = make_series(group)
    first, second = occurrences_of(series)[:2]
    facilitator_client.post(f"/api/v1/occurrences/{first.pk}/cancel/", {"note": "x"}, format="json")
    clock.set(first.starts_at + dt.timedelta(minutes=5))
    started = facilitator_client.post(f"/api/v1/occurrences/{first.pk}/restore/")
    assert started.status_code == 409 and started.json()["code"] == "occurrence_started"
    RsvpFactory(occurrence=second, status="maybe")  # so ending the series cancels it rather than deleting it
    assert facilitator_client.delete(f"/api/v1/series/{series.pk}/").status_code == 204
    ended = facilitator_client.post(f"/api/v1/occurrences/{second.pk}/restore/")
    assert ended.status_code == 409 and ended.json()["code"] == "series_ended"


def test_only_facilitators_restore_a_meeting(api_client, user_client, member_client, facilitator_client, group, clock):
    first = occurrences_of(make_series(group))[0]
    facilitator_client.post(f"/api/v1/occurrences/{first.pk}/cancel/", {"note": "x"}, format="json")
    for client, expected in ((api_client, 401), (user_client, 403), (member_client, 403)):
        assert client.post(f"/api/v1/occurrences/{first.pk}/restore/").status_code == expected
    assert client.get(f"/api/v1/occurrences/{first.pk}/restore/").status_code == 405
    first.refresh_from_db()
    assert first.status == "cancelled"
