"""RSVPs: members only, waitlists first come first served, every way a place frees up, attendees privacy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from kindred.groups.models import Membership
from kindred.meetings import services
from kindred.meetings.models import Occurrence, Rsvp
from kindred.notifications.models import NotificationPreferences
from tests.conftest import client_for
from tests.factories import GroupFactory, MembershipFactory
from tests.meetings.conftest import make_series, occurrences_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(group, clock):
    """The first meeting of a weekly series with room for two."""
    return occurrences_of(make_series(group, capacity=2))[0]


def rsvp(user, occurrence, status="going", **extra):
    return client_for(user).put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": status, **extra},
                                format="json")


def statuses(occurrence):
    return {r.user_id: r.status for r in Rsvp.objects.filter(occurrence=occurrence)}


def assert_counts_match_rows(occurrence):
    occurrence.refresh_from_db()
    rows = Rsvp.objects.filter(occurrence=occurrence)
    assert occurrence.going_count == rows.filter(status="going").count()
    assert occurrence.maybe_count == rows.filter(status="maybe").count()
    assert occurrence.waitlist_count == rows.filter(status="waitlisted").count()


def test_going_maybe_not_going_and_share_name_default(meeting, group):
    shy = MembershipFactory(group=group, show_on_roster=False).user
    open_ = MembershipFactory(group=group, show_on_roster=True).user
    assert rsvp(shy, meeting).json() == {"status": "going", "share_name": False, "waitlist_position": None}
    assert rsvp(open_, meeting, "maybe").json()["share_name"] is True
    assert rsvp(shy, meeting, "maybe", share_name=True).json() == {"status": "maybe", "share_name": True,
                                                                   "waitlist_position": None}
    assert rsvp(shy, meeting, "not_going").json()["status"] == "not_going"
    assert_counts_match_rows(meeting)
    assert client_for(shy).get(f"/api/v1/occurrences/{meeting.pk}/rsvp/").json()["status"] == "not_going"


def test_client_cannot_set_waitlisted_or_unknown_status(meeting, member):
    for status in ("waitlisted", "attended", ""):
        response = rsvp(member, meeting, status)
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == "status"
    assert not Rsvp.objects.exists()


def test_going_beyond_capacity_is_waitlisted_in_order(meeting, make_member):
    people = [make_member() for _ in range(4)]
    answers = [rsvp(person, meeting).json() for person in people]
    assert [a["status"] for a in answers] == ["going", "going", "waitlisted", "waitlisted"]
    assert [a["waitlist_position"] for a in answers] == [None, None, 1, 2]
    again = rsvp(people[3], meeting)  # asking again keeps the place in the queue
    assert again.json()["waitlist_position"] == 2
    assert_counts_match_rows(meeting)
    body = client_for(people[2]).get(f"/api/v1/occurrences/{meeting.pk}/").json()
    assert (body["places_left"], body["waitlist_count"]) == (0, 2)
    assert body["my_rsvp"]["waitlist_position"] == 1


@pytest.mark.parametrize("free_a_place", [
    lambda holder, occurrence: client_for(holder).delete(f"/api/v1/occurrences/{occurrence.pk}/rsvp/"),
    lambda holder, occurrence: rsvp(holder, occurrence, "not_going"),
    lambda holder, occurrence: rsvp(holder, occurrence, "maybe"),
    lambda holder, occurrence: services.rsvps_release_for_member(user=holder, group=occurrence.group),
    lambda holder, occurrence: services.rsvp_release_all_for_user(user=holder),
], ids=["withdraw", "not_going", "maybe", "member_leaves", "account_erased"])
def test_a_freed_place_goes_to_the_longest_waiting(meeting, make_member, free_a_place,
                                                   django_capture_on_commit_callbacks):
    holder, other, first_waiting, second_waiting = (make_member() for _ in range(4))
    for person in (holder, other, first_waiting, second_waiting):
        NotificationPreferences.objects.create(user=person, waitlist_promoted=True)
        rsvp(person, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        free_a_place(holder, meeting)
    now = statuses(meeting)
    assert now[first_waiting.pk] == "going" and now[second_waiting.pk] == "waitlisted"
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([first_waiting.email], "You have a place: Tuesday circle")]
    assert client_for(second_waiting).get(f"/api/v1/occurrences/{meeting.pk}/rsvp/").json()[
        "waitlist_position"] == 1
    assert_counts_match_rows(meeting)


def test_waitlisted_member_stepping_back_leaves_the_queue(meeting, make_member):
    people = [make_member() for _ in range(4)]
    for person in people:
        rsvp(person, meeting)
    rsvp(people[2], meeting, "not_going")
    assert rsvp(people[3], meeting).json()["waitlist_position"] == 1
    assert statuses(meeting)[people[0].pk] == "going"
    assert_counts_match_rows(meeting)


def test_raising_capacity_promotes_in_order(meeting, make_member, facilitator_client):
    people = [make_member() for _ in range(5)]
    for person in people:
        rsvp(person, meeting)
    response = facilitator_client.patch(f"/api/v1/occurrences/{meeting.pk}/", {"capacity": 4}, format="json")
    assert (response.json()["going_count"], response.json()["waitlist_count"]) == (4, 1)
    assert statuses(meeting)[people[4].pk] == "waitlisted"
    facilitator_client.patch(f"/api/v1/occurrences/{meeting.pk}/", {"capacity": None}, format="json")
    assert set(statuses(meeting).values()) == {"going"}
    assert_counts_match_rows(meeting)


def test_lowering_capacity_removes_nobody(meeting, make_member, facilitator_client):
    people = [make_member() for _ in range(2)]
    for person in people:
        rsvp(person, meeting)
    facilitator_client.patch(f"/api/v1/occurrences/{meeting.pk}/", {"capacity": 1}, format="json")
    assert set(statuses(meeting).values()) == {"going"}
    assert rsvp(make_member(), meeting).json()["status"] == "waitlisted"


def test_leaving_releases_only_future_rsvps_of_that_group(group, clock, member, make_member):
    series = make_series(group, capacity=1)
    first, second = occurrences_of(series)[:2]
    elsewhere = occurrences_of(make_series(GroupFactory()))[0]
    MembershipFactory(group=elsewhere.group, user=member)
    for occurrence in (first, second, elsewhere):
        rsvp(member, occurrence)
    clock.set(first.starts_at + dt.timedelta(hours=1))  # the first meeting is now past
    services.rsvps_release_for_member(user=member, group=group)
    assert set(Rsvp.objects.filter(user=member).values_list("occurrence_id", flat=True)) == {first.pk, elsewhere.pk}
    assert_counts_match_rows(second)


def test_rsvp_to_past_or_started_meeting_is_409(meeting, member, clock):
    clock.set(meeting.starts_at)
    for response in (rsvp(member, meeting), client_for(member).delete(f"/api/v1/occurrences/{meeting.pk}/rsvp/")):
        assert response.status_code == 409 and response.json()["code"] == "occurrence_started"


def test_a_cancelled_meeting_can_be_let_go_of_but_not_said_yes_to(meeting, member, make_member):
    """SPEC: change or withdraw any time before the start. Once cancelled, going/maybe make no
    sense (409), but a member may still say not going or take back their answer."""
    from kindred.meetings import services

    other = make_member()
    assert rsvp(member, meeting).status_code == 200 and rsvp(other, meeting, "maybe").status_code == 200
    services.occurrence_cancel(occurrence=meeting, note="Hall closed")
    for status in ("going", "maybe"):
        refused = rsvp(member, meeting, status)
        assert refused.status_code == 409 and refused.json()["code"] == "occurrence_cancelled"
    assert rsvp(member, meeting, "not_going").json()["status"] == "not_going"
    assert client_for(other).delete(f"/api/v1/occurrences/{meeting.pk}/rsvp/").status_code == 204
    assert statuses(meeting) == {member.pk: "not_going"}
    assert_counts_match_rows(meeting)


def test_who_may_rsvp(meeting, group, api_client, user):
    pending = MembershipFactory(group=group, status=Membership.Status.PENDING).user
    other_groups_member = MembershipFactory(group=GroupFactory()).user
    assert api_client.put(f"/api/v1/occurrences/{meeting.pk}/rsvp/", {"status": "going"},
                          format="json").status_code == 401
    for person in (user, pending, other_groups_member):
        response = rsvp(person, meeting)
        assert response.status_code == 403 and response.json()["code"] == "members_only"
        assert client_for(person).get(f"/api/v1/occurrences/{meeting.pk}/rsvp/").status_code == 403
    group.is_archived = True
    group.save()
    assert rsvp(user, meeting).status_code == 404  # a group they cannot see at all
    assert rsvp(user, Occurrence(pk=999999)).status_code == 404
    assert not Rsvp.objects.exists()


def test_get_without_an_answer_is_404(meeting, member):
    response = client_for(member).get(f"/api/v1/occurrences/{meeting.pk}/rsvp/")
    assert response.status_code == 404 and response.json()["code"] == "no_rsvp"
    assert client_for(member).delete(f"/api/v1/occurrences/{meeting.pk}/rsvp/").status_code == 204


def test_attendees_show_counts_and_only_shared_names(meeting, group, facilitator, make_member):
    sharing = MembershipFactory(group=group, display_name="Robin in this group").user
    hidden = make_member()
    waiting_sharer = make_member()
    rsvp(sharing, meeting, share_name=True)
    rsvp(hidden, meeting, share_name=False)
    rsvp(waiting_sharer, meeting, share_name=True)  # waitlisted: counted, never named
    rsvp(make_member(), meeting, "maybe", share_name=True)
    rsvp(make_member(), meeting, "not_going", share_name=True)
    responses = [client_for(person).get(f"/api/v1/occurrences/{meeting.pk}/attendees/")
                 for person in (hidden, facilitator)]
    assert responses[0].json() == responses[1].json()  # facilitators see what members see
    body = responses[0].json()
    assert (body["going"], body["maybe"], body["waitlisted"]) == (2, 1, 1)
    names = [row["name"] for row in body["results"]]
    assert names[0] == "Robin in this group" and len(names) == 2
    assert hidden.display_name not in names and waiting_sharer.display_name not in names


def test_attendees_are_for_members_only(meeting, api_client, user):
    assert api_client.get(f"/api/v1/occurrences/{meeting.pk}/attendees/").status_code == 401
    assert client_for(user).get(f"/api/v1/occurrences/{meeting.pk}/attendees/").status_code == 403


def test_attendees_query_budget(meeting, group, member, django_assert_max_num_queries):
    meeting.capacity = None
    meeting.save()
    for _ in range(30):
        rsvp(MembershipFactory(group=group, display_name="Alias").user, meeting, share_name=True)
    for page_size in (5, 30):
        with django_assert_max_num_queries(6):
            response = client_for(member).get(f"/api/v1/occurrences/{meeting.pk}/attendees/?page_size={page_size}")
        assert len(response.json()["results"]) == page_size


def test_erasing_an_account_keeps_past_counts_exact(meeting, member, clock):
    rsvp(member, meeting)
    user_id = member.pk
    clock.set(meeting.starts_at + dt.timedelta(days=1))
    services.rsvp_release_all_for_user(user=member)
    assert not Rsvp.objects.filter(user_id=user_id).exists()
    assert_counts_match_rows(meeting)


def test_rsvp_changes_are_throttled_but_reading_is_not(meeting, member, monkeypatch):
    from kindred.api.throttling import RsvpThrottle

    monkeypatch.setattr(RsvpThrottle, "THROTTLE_RATES", {**RsvpThrottle.THROTTLE_RATES, "rsvp": "2/min"})
    assert [rsvp(member, meeting, status).status_code for status in ("going", "maybe")] == [200, 200]
    throttled = rsvp(member, meeting, "not_going")
    assert throttled.status_code == 429 and "Retry-After" in throttled
    assert client_for(member).get(f"/api/v1/occurrences/{meeting.pk}/rsvp/").json()["status"] == "maybe"


def _put(client, occurrence, status):
    return client.put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": status}, format="json")


def test_an_rsvp_write_reads_the_meeting_once_and_the_membership_once(meeting, group, member,
                                                                     django_assert_num_queries):
    """Issue 16: one locked load of the meeting (with its group), one read of the memberships after it,
    the answer, its write, the counters (counted from the rows and read back in one statement). In a
    test the view's transaction is a savepoint (+2)."""
    from tests.conftest import session_client

    client = session_client(member)
    others = [session_client(MembershipFactory(group=group).user) for _ in range(2)]
    # savepoint, session, user, locked meeting, memberships, my answer, insert/update, counters, release
    for status in ("maybe", "going", "maybe"):
        with django_assert_num_queries(9):
            assert _put(client, meeting, status).status_code == 200
    with django_assert_num_queries(9):
        assert _put(others[0], meeting, "going").json()["status"] == "going"
    _put(client, meeting, "going")  # full now: the second "other" waits
    with django_assert_num_queries(10):  # + the waitlist position in the answer
        assert _put(others[1], meeting, "going").json()["waitlist_position"] == 1
    with django_assert_num_queries(12):  # + the longest waiting, their promotion, the counters again
        assert _put(others[0], meeting, "maybe").status_code == 200
    with django_assert_num_queries(9):  # the answer's id and status, its delete, the counters
        assert client.delete(f"/api/v1/occurrences/{meeting.pk}/rsvp/").status_code == 204
    assert_counts_match_rows(meeting)


def test_counters_and_queue_stay_exact_through_any_sequence_of_answers(meeting, group, clock):
    """After every step of a long, mixed sequence the counters equal the rows, and places went to
    the waiting in the order they asked."""
    import random

    from tests.conftest import session_client

    people = [MembershipFactory(group=group).user for _ in range(5)]
    clients = [session_client(person) for person in people]
    chooser = random.Random(16)  # noqa: S311 - a reproducible test sequence
    queue: list[int] = []
    for step in range(60):
        clock.set(dt.datetime(2027, 1, 4, 12, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=step))  # queue times differ
        index = chooser.randrange(len(people))
        action = chooser.choice(["going", "going", "maybe", "not_going", "withdraw"])
        if action == "withdraw":
            assert clients[index].delete(f"/api/v1/occurrences/{meeting.pk}/rsvp/").status_code == 204
        else:
            assert _put(clients[index], meeting, action).status_code == 200
        assert_counts_match_rows(meeting)
        rows = Rsvp.objects.filter(occurrence=meeting)
        going = set(rows.filter(status="going").values_list("user_id", flat=True))
        before, queue = queue, list(rows.filter(status="waitlisted").order_by("waitlisted_at", "id")
                                    .values_list("user_id", flat=True))
        still_waiting = [user_id for user_id in before if user_id in queue]
        assert queue[:len(still_waiting)] == still_waiting  # nobody overtakes anyone already waiting
        others_before = [user_id for user_id in before if user_id != people[index].pk]
        promoted = [user_id for user_id in others_before if user_id in going]
        assert promoted == others_before[:len(promoted)]  # places go to the longest waiting
        assert len(going) <= 2 and (not queue or len(going) == 2)  # one waits only while every place is taken


def test_counters_that_drifted_are_mended_by_the_next_answer(meeting, group, member):
    """Rows written outside the services (a data fix, a fixture) can leave the counters wrong: the next
    answer sets them from the rows, never below zero (it was a 500 from the CHECK constraint)."""
    from kindred.meetings.models import Rsvp as RsvpRow

    RsvpRow.objects.create(occurrence=meeting, user=member, status="going")  # counters still say 0
    assert client_for(member).delete(f"/api/v1/occurrences/{meeting.pk}/rsvp/").status_code == 204
    assert_counts_match_rows(meeting)
    other = MembershipFactory(group=group).user
    Occurrence.objects.filter(pk=meeting.pk).update(going_count=2)  # says full, but nobody goes
    answer = rsvp(other, meeting).json()
    assert (answer["status"], answer["waitlist_position"]) == ("going", None)
    assert_counts_match_rows(meeting)  # queued on the stale counters, promoted once they were counted
