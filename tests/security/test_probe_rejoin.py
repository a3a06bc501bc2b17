"""Coming back to a group does not bring old answers' names back (the second outside probe, helper P).

Found over HTTP: a member on the roster said "going" to a meeting and shared their name; after the
meeting they left, then joined again hidden from the roster under another name in the group. The
past meeting's list named them again, now under the new name: a hidden member was named, and the
new name was tied to the old answers. Leaving now turns sharing off on the answers it keeps.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kindred.meetings import services
from kindred.meetings.models import Occurrence
from tests.conftest import session_client
from tests.factories import MembershipFactory, UserFactory, next_weekday


@pytest.fixture
def meeting(group):  # type: ignore[no-untyped-def]
    series = services.series_create(group=group, title="Circle", start_date=next_weekday(1),
                                    start_time=dt.time(19, 0))
    return series.occurrences.get()


def names(client, meeting) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/occurrences/{meeting.pk}/attendees/")
    assert response.status_code == 200
    return [row["name"] for row in response.json()["results"]]


def test_a_member_who_comes_back_hidden_is_not_named_by_old_answers(group, meeting):
    person = UserFactory(display_name="Original", show_on_rosters=True)
    client = session_client(person)
    assert client.post(f"/api/v1/groups/{group.slug}/membership/", {"agreed": True}, format="json").status_code == 201
    assert client.put(f"/api/v1/occurrences/{meeting.pk}/rsvp/", {"status": "going", "share_name": True},
                      format="json").status_code == 200
    witness = session_client(MembershipFactory(group=group).user)
    assert names(witness, meeting) == ["Original"]

    # The meeting takes place; afterwards they leave.
    Occurrence.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2),
                                                    ends_at=timezone.now() - dt.timedelta(minutes=30))
    assert client.delete(f"/api/v1/groups/{group.slug}/membership/").status_code == 204
    assert names(witness, meeting) == []

    assert client.patch("/api/v1/me/", {"show_on_rosters": False}, format="json").status_code == 200
    back = client.post(f"/api/v1/groups/{group.slug}/membership/", {"agreed": True, "display_name": "Quiet"},
                       format="json")
    assert back.status_code == 201 and back.json()["show_on_roster"] is False
    assert names(witness, meeting) == []
    body = witness.get(f"/api/v1/occurrences/{meeting.pk}/attendees/").json()
    assert body["going"] == 1  # the answer is still counted: only the name is gone
