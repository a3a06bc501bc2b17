"""The throttles count in fixed windows, one cache round trip per throttle (issue 16), with the limits
and the 429 answer they had."""

from __future__ import annotations

import socket

import pytest
from rest_framework.throttling import SimpleRateThrottle

from kindred.api import throttling
from tests.conftest import client_for
from tests.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def at(monkeypatch):
    """Sets the throttles' clock."""
    def set_time(seconds: float) -> None:
        monkeypatch.setattr(SimpleRateThrottle, "timer", lambda self: seconds)
    return set_time


def test_the_limit_holds_per_window_and_the_429_says_when_to_come_back(monkeypatch, at):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "rsvp": "2/min"})
    group = GroupFactory()
    member = MembershipFactory(group=group).user
    client = client_for(member)
    path = "/api/v1/me/meetings/"  # any route; RSVP writes add the rsvp scope
    from tests.factories import OccurrenceFactory

    occurrence = OccurrenceFactory(series__group=group)
    rsvp = f"/api/v1/occurrences/{occurrence.pk}/rsvp/"
    at(6_000_000 + 15.2)  # 15.2 s into a minute
    answers = [client.put(rsvp, {"status": status}, format="json") for status in ("going", "maybe")]
    assert [answer.status_code for answer in answers] == [200, 200]
    at(6_000_000 + 50.0)
    throttled = client.put(rsvp, {"status": "not_going"}, format="json")
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "10"  # the window ends in 10 s
    body = throttled.json()
    assert {key: body[key] for key in ("title", "status", "detail", "code")} == {
        "title": "Too many requests", "status": 429, "detail": "Too many requests. Please try again in 11 seconds.",
        "code": "throttled"}
    assert client.get(path).status_code == 200  # reading is not in the rsvp scope
    at(6_000_000 + 60.0)  # the next window
    assert client.put(rsvp, {"status": "not_going"}, format="json").status_code == 200


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_on_redis_a_throttle_costs_one_pipelined_round_trip(monkeypatch):
    import redis
    from django_redis.cache import RedisCache

    shared = RedisCache("redis://127.0.0.1:6379/5", {"KEY_PREFIX": "kindred-test-throttle"})
    monkeypatch.setattr(throttling, "cache", shared)
    calls: list[str] = []
    real_execute = redis.client.Pipeline.execute
    monkeypatch.setattr(redis.client.Pipeline, "execute", lambda self, *a, **k: calls.append("pipeline") or
                        real_execute(self, *a, **k))
    real_command = redis.Redis.execute_command
    monkeypatch.setattr(redis.Redis, "execute_command", lambda self, *a, **k: calls.append(a[0]) or
                        real_command(self, *a, **k))
    key = "throttle_test_one_round_trip:1"
    shared.delete(key)
    calls.clear()
    assert [throttling.count_in_window(key, 60) for _ in range(3)] == [1, 2, 3]
    assert calls == ["pipeline"] * 3
    assert 0 < shared.client.get_client(write=True).ttl(shared.make_key(key)) <= 61
    shared.delete(key)
