"""Capacity holds under simultaneous RSVPs, each on its own thread and database connection."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from kindred.meetings.models import Occurrence, Rsvp
from tests.conftest import client_for
from tests.factories import GroupFactory, MembershipFactory
from tests.meetings.conftest import make_series

PEOPLE, CAPACITY = 24, 5


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_simultaneous_rsvps_never_exceed_capacity():
    group = GroupFactory()
    series = make_series(group, start_date=timezone.localdate() + dt.timedelta(days=3), capacity=CAPACITY,
                         recurrence=None)
    occurrence = Occurrence.objects.get(series=series)
    people = [MembershipFactory(group=group).user for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def answer(person):  # type: ignore[no-untyped-def]
        client = client_for(person)
        try:
            barrier.wait(timeout=30)
            response = client.put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "going"}, format="json")
            with lock:
                results.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(code for code, _ in results) == [200] * PEOPLE, results
    answers = [body["status"] for _, body in results]
    assert answers.count("going") == CAPACITY
    assert answers.count("waitlisted") == PEOPLE - CAPACITY
    positions = sorted(body["waitlist_position"] for _, body in results if body["status"] == "waitlisted")
    assert positions == list(range(1, PEOPLE - CAPACITY + 1))
    occurrence.refresh_from_db()
    assert (occurrence.going_count, occurrence.waitlist_count) == (CAPACITY, PEOPLE - CAPACITY)
    assert Rsvp.objects.filter(occurrence=occurrence, status="going").count() == CAPACITY
    assert connection.vendor in ("sqlite", "postgresql")
