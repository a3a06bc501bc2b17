"""Many people joining, leaving and RSVPing to the same group and meeting at once end consistent.

Each thread has its own database connection (transactional test). Runs on SQLite (file database,
IMMEDIATE transactions) and PostgreSQL (row locks): no 5xx, no capacity overrun, and the stored
counters equal the rows.
"""

from __future__ import annotations

import datetime as dt
import random
import threading

import pytest
from django.db import connections
from django.utils import timezone

from kindred.groups.models import Membership
from kindred.meetings.models import Occurrence, Rsvp
from tests.conftest import client_for
from tests.factories import GroupFactory, MeetingSeriesFactory, MembershipFactory, OccurrenceFactory, UserFactory

PEOPLE, CAPACITY, ROUNDS = 16, 4, 4


def run_together(work, people) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(people))
    results: list[tuple[str, int]] = []
    lock = threading.Lock()

    def one(person, seed):  # type: ignore[no-untyped-def]
        try:
            barrier.wait(timeout=30)
            for action, status in work(client_for(person), random.Random(seed)):
                with lock:
                    results.append((action, status))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(person, index)) for index, person in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads)
    return results


def assert_consistent(occurrence: Occurrence) -> None:
    occurrence.refresh_from_db()
    rows = Rsvp.objects.filter(occurrence=occurrence)
    going = rows.filter(status=Rsvp.Status.GOING).count()
    assert going <= CAPACITY
    assert occurrence.going_count == going
    assert occurrence.maybe_count == rows.filter(status=Rsvp.Status.MAYBE).count()
    assert occurrence.waitlist_count == rows.filter(status=Rsvp.Status.WAITLISTED).count()
    if going < CAPACITY:
        assert occurrence.waitlist_count == 0, "a free place with people waiting"
    members = set(Membership.objects.filter(group=occurrence.group).values_list("user_id", flat=True))
    assert set(rows.values_list("user_id", flat=True)) <= members, "an RSVP outlived its membership"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_simultaneous_joins_leaves_and_rsvps_stay_consistent():
    group = GroupFactory()
    FacilitatorMembershipFactory = MembershipFactory  # noqa: N806 - a facilitator keeps the group hosted
    FacilitatorMembershipFactory(group=group, role=Membership.Role.FACILITATOR)
    series = MeetingSeriesFactory(group=group, capacity=CAPACITY)
    occurrence = OccurrenceFactory(series=series, capacity=CAPACITY,
                                   starts_at=timezone.now() + dt.timedelta(days=2))
    people = [UserFactory() for _ in range(PEOPLE)]
    join = f"/api/v1/groups/{group.slug}/membership/"
    rsvp = f"/api/v1/occurrences/{occurrence.pk}/rsvp/"

    def work(client, rng):  # type: ignore[no-untyped-def]
        for _ in range(ROUNDS):
            yield "join", client.post(join, {"agreed": True}, format="json").status_code
            choice = rng.choice(["going", "going", "maybe", "not_going"])
            yield "rsvp", client.put(rsvp, {"status": choice}, format="json").status_code
            if rng.random() < 0.5:
                yield "withdraw", client.delete(rsvp).status_code
            if rng.random() < 0.5:
                yield "leave", client.delete(join).status_code

    results = run_together(work, people)
    assert not [result for result in results if result[1] >= 500], results
    allowed = {"join": {201, 409}, "rsvp": {200, 201, 404, 403}, "withdraw": {204, 404, 403}, "leave": {204, 404}}
    unexpected = [(action, status) for action, status in results if status not in allowed[action]]
    assert not unexpected, unexpected
    assert_consistent(occurrence)
    assert Membership.objects.filter(group=group).count() == len(set(
        Membership.objects.filter(group=group).values_list("user_id", flat=True)))
