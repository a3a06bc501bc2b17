"""Values a client makes by hand in a cursor or a path are 4xx, never 500 (the second outside probe).

Found over HTTP: a cursor is base64 of DRF's ``p=<position>``, and DRF filters on whatever text
it holds, so ``?cursor=`` + base64(``p=garbage``) made the webhook delivery log fail inside the
query (500; the time-ordered meeting lists already answered 400). And ``DELETE /me/sessions/%00/``
put a NUL into a query, which PostgreSQL refuses (500 there; this file runs on PostgreSQL in CI too).
"""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from kindred.meetings import services
from kindred.webhooks.models import Webhook
from tests.factories import next_weekday

JUNK_POSITIONS = ["garbage", "2027-13-45 19:00:00+00:00", "\x00", "9" * 400, "-1", "1e3"]


def cursor(query: str) -> str:
    return base64.b64encode(query.encode()).decode()


def assert_calm_404(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 404, response.content
    assert response["Content-Type"] == "application/problem+json"


def assert_calm_4xx(response) -> None:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"] == "application/problem+json"


@pytest.fixture
def meetings(group):  # type: ignore[no-untyped-def]
    return services.series_create(group=group, title="Circle", start_date=next_weekday(1), start_time=dt.time(19, 0),
                                  recurrence={"frequency": "weekly", "interval": 1, "weekdays": ["TU"]})


@pytest.mark.parametrize("position", JUNK_POSITIONS)
def test_a_hand_made_cursor_on_a_meeting_list_is_a_4xx(position, group, meetings, member_client):
    for path in (f"/api/v1/groups/{group.slug}/occurrences/", "/api/v1/me/meetings/"):
        assert_calm_4xx(member_client.get(path, {"cursor": cursor(f"p={position}")}))


@pytest.mark.parametrize("position", JUNK_POSITIONS)
def test_a_hand_made_cursor_on_the_delivery_log_is_a_404(position, group, facilitator_client):
    webhook = Webhook.objects.create(group=group, url="https://93.184.216.34/hook", secret_encrypted="x")
    path = f"/api/v1/groups/{group.slug}/webhooks/{webhook.pk}/deliveries/"
    assert_calm_404(facilitator_client.get(path, {"cursor": cursor(f"p={position}")}))


def test_the_cursors_kindred_makes_still_work(group, meetings, member_client):
    first = member_client.get(f"/api/v1/groups/{group.slug}/occurrences/", {"page_size": 2}).json()
    second = member_client.get(first["next"].split("testserver")[-1])
    assert second.status_code == 200
    assert [row["id"] for row in second.json()["results"]] != [row["id"] for row in first["results"]]


@pytest.mark.parametrize("session_id", ["%00", "a%00b", "%E2%80%AE", "a" * 200])
def test_an_odd_session_id_is_a_404(session_id, user_client):
    assert_calm_404(user_client.delete(f"/api/v1/me/sessions/{session_id}/"))
